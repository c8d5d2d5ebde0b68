"""A customer's timeline (`tamas.crm.timeline`) as a person reads it: each contact, note,
case, case change and follow-up with a heading and labelled lines, in the reader's
language, with names instead of ids and dates in their calendar."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tamas.crm.models import case_number
from tamas.crm.timeline import TimelineItem
from tamas.web import labels
from tamas.web.pages import Viewer


@dataclass(frozen=True)
class Names:
    """Who and what the ids and names on a timeline stand for: departments by id, people
    (their full names) by user id, by username (authors) and by agent name (the log's)."""

    departments: Mapping[int, str] = field(default_factory=dict)
    people: Mapping[int, str] = field(default_factory=dict)
    usernames: Mapping[str, str] = field(default_factory=dict)
    agents: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Entry:
    kind: str
    at: datetime
    badge: str
    ref: str
    """The case number it is about, if any (shown apart from text people wrote)."""
    heading: str
    lines: list[tuple[str, str]]


def _label(viewer: Viewer, table: Mapping[Any, str], value: object) -> str:
    return viewer.gettext(table[value]) if value in table else str(value)


class _Reader:
    """Turns items into entries for one viewer."""

    def __init__(self, viewer: Viewer, names: Names) -> None:
        self.viewer = viewer
        self.names = names
        self._ = viewer.gettext
        self.fmt = viewer.fmt

    def moment(self, text: str | None) -> str:
        return self.fmt.datetime(datetime.fromisoformat(text)) if text else ""

    def department(self, department_id: int | None) -> str:
        if department_id is None:
            return self._("none")
        return self.names.departments.get(department_id, f"#{department_id}")

    def person(self, user_id: int | None) -> str:
        if user_id is None:
            return self._("nobody")
        return self.names.people.get(user_id, f"#{user_id}")

    def contact(self, item: TimelineItem) -> Entry:
        detail = item.detail
        lines = [
            (self._("Queue"), ", ".join(detail["queues"])),
            (self._("Agent"), self.names.agents.get(detail["agent"], detail["agent"] or "")),
            (self._("Waited"), self.fmt.duration(detail["wait_s"])),
            (self._("Talked"), self.fmt.duration(detail["talk_s"])),
            (self._("Wrap-up code"), detail["disposition"] or ""),
        ]
        heading = self._(
            "%(channel)s, %(outcome)s",
            channel=_label(self.viewer, labels.CHANNELS, detail["channel"]),
            outcome=_label(self.viewer, labels.OUTCOMES, detail["outcome"]),
        )
        return self.entry(item, self._("Contact"), heading, lines)

    def note(self, item: TimelineItem) -> Entry:
        case_id = item.detail["case_id"]
        author = item.detail["author"]
        lines = [(self._("Written by"), self.names.usernames.get(author, author))]
        if case_id is not None:
            lines.append((self._("Case"), case_number(case_id)))
        return self.entry(item, self._("Note"), item.title, lines)

    def case(self, item: TimelineItem) -> Entry:
        detail = item.detail
        lines = [
            (self._("Status"), _label(self.viewer, labels.CASE_STATUSES, detail["status"])),
            (self._("Department"), self.department(detail["department_id"])),
            (self._("Priority"), _label(self.viewer, labels.PRIORITIES, detail["priority"])),
            (self._("Owner"), self.person(detail["owner_id"])),
            (self._("Due"), self.moment(detail["sla_due_at"])),
        ]
        return self.entry(item, self._("Case"), item.title, lines, ref=item.ref)

    def change_value(self, name: str, value: Any) -> str:
        if value is None:
            return "–"
        if name == "status":
            return _label(self.viewer, labels.CASE_STATUSES, value)
        if name == "priority":
            return _label(self.viewer, labels.PRIORITIES, value)
        if name == "department_id":
            return self.department(value)
        if name == "owner_id":
            return self.person(value)
        if name == "sla_due_at":
            return self.moment(str(value))
        return str(value)

    def case_change(self, item: TimelineItem) -> Entry | None:
        """None for the entry a case's opening writes: the case itself shows it."""
        changes: dict[str, list[Any]] = item.detail["changes"]
        if changes and all(old is None for old, _new in changes.values()):
            return None
        lines = [
            (
                _label(self.viewer, labels.CASE_FIELDS, name),
                f"{self.change_value(name, old)} → {self.change_value(name, new)}",
            )
            for name, (old, new) in changes.items()
        ]
        actor = item.detail["actor"]
        lines.append((self._("By"), self.names.usernames.get(actor, actor)))
        comment = item.detail.get("comment") or ""
        return self.entry(item, self._("Case change"), comment, lines, ref=item.ref)

    def follow_up(self, item: TimelineItem) -> Entry:
        detail = item.detail
        kind = _label(self.viewer, labels.FOLLOW_UP_KINDS, detail["kind"])
        lines = [
            (self._("Due"), self.moment(detail["due_at"])),
            (self._("Owner"), self.person(detail["owner_id"])),
        ]
        if detail["done_at"]:
            lines.append((self._("Done"), self.moment(detail["done_at"])))
        if detail["case_id"] is not None:
            lines.append((self._("Case"), case_number(detail["case_id"])))
        heading = kind if item.title == detail["kind"] else item.title
        return self.entry(item, kind, heading, lines)

    def entry(self, item: TimelineItem, badge: str, heading: str, lines, ref: str = "") -> Entry:
        shown = [line for line in lines if line[1]]
        return Entry(item.kind, item.at, badge, ref, heading, shown)


def timeline_entries(items: list[TimelineItem], viewer: Viewer, names: Names) -> list[Entry]:
    reader = _Reader(viewer, names)
    entries = (getattr(reader, item.kind)(item) for item in items)
    return [entry for entry in entries if entry is not None]
