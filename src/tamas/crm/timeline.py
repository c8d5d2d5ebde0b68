"""A customer's timeline: every contact (found in the event log by the customer's phone
numbers, however the telephony system wrote them), note, case, case change and follow-up,
newest first, so that the customer never has to repeat themselves.

A contact's events are grouped by `contact_id`; the caller is found on the events that
carry it (`contact.queued`, `contact.arrived`), the rest of the contact by its id.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tamas.audit import Actor, view
from tamas.crm.identities import phone_variants
from tamas.crm.models import Case, CaseChange, Customer, FollowUp, IdentityKind, Note, case_number
from tamas.events import EventType
from tamas.store.schema import events

CONTACTS_SHOWN = 200
"""The most recent contacts a timeline shows (a frequent caller's years stay in the log)."""
OUTCOMES = (
    (EventType.CONTACT_TRANSFERRED, "transferred"),
    (EventType.CONTACT_ENDED, "answered"),
    (EventType.CONTACT_ANSWERED, "answered"),
    (EventType.CONTACT_ABANDONED, "abandoned"),
    (EventType.CONTACT_EXITED, "exited"),
    (EventType.CONTACT_QUEUED, "waiting"),
)
"""How a contact ended, from the first of these types among its events."""


@dataclass(frozen=True)
class TimelineItem:
    kind: str
    """contact, note, case, case_change or follow_up."""
    at: datetime
    ref: str
    """The contact id, note id, case number or follow-up id."""
    title: str
    detail: dict[str, Any] = field(default_factory=dict)


def _at(ts_us: int) -> datetime:
    return datetime.fromtimestamp(ts_us // 1_000_000, UTC).replace(microsecond=ts_us % 1_000_000)


async def contact_items(session: AsyncSession, phones: list[str]) -> list[TimelineItem]:
    """The most recent contacts from any of these phones (E.164), each as one item."""
    variants = sorted({variant for phone in phones for variant in phone_variants(phone)})
    if not variants:
        return []
    recent = (
        select(events.c.contact_id)
        .where(events.c.caller.in_(variants), events.c.contact_id.is_not(None))
        .group_by(events.c.contact_id)
        .order_by(func.max(events.c.ts_us).desc())
        .limit(CONTACTS_SHOWN)
    )
    contact_ids = list(await session.scalars(recent))
    rows = await session.execute(
        select(events)
        .where(events.c.contact_id.in_(contact_ids))
        .order_by(events.c.ts_us, events.c.seq)
    )
    by_contact: dict[str, list] = defaultdict(list)
    for row in rows:
        by_contact[row.contact_id].append(row)
    return [_contact_item(contact_id, rows) for contact_id, rows in by_contact.items()]


def _contact_item(contact_id: str, rows: list) -> TimelineItem:
    types = {row.type for row in rows}
    outcome = next((name for kind, name in OUTCOMES if kind.value in types), rows[-1].type)
    answered = [row for row in rows if row.type == EventType.CONTACT_ANSWERED.value]
    ended = [row for row in rows if row.talk_s is not None]
    wrap_up = [row for row in rows if row.type == EventType.CONTACT_WRAP_UP_DONE.value]
    queues = list(dict.fromkeys(row.queue for row in rows if row.queue))
    return TimelineItem(
        kind="contact",
        at=_at(rows[0].ts_us),
        ref=contact_id,
        title=f"{rows[0].channel} contact, {outcome}",
        detail={
            "channel": rows[0].channel,
            "queues": queues,
            "outcome": outcome,
            "agent": answered[-1].agent if answered else None,
            "wait_s": answered[-1].wait_s if answered else None,
            "talk_s": ended[-1].talk_s if ended else None,
            "disposition": wrap_up[-1].reason if wrap_up else None,
        },
    )


async def _records(session: AsyncSession, customer_id: int) -> list[TimelineItem]:
    items = []
    for note in await session.scalars(select(Note).where(Note.customer_id == customer_id)):
        items.append(
            TimelineItem(
                "note",
                note.created_at,
                str(note.id),
                note.body[:200],
                {"author": note.author, "case_id": note.case_id, "contact_id": note.contact_id},
            )
        )
    cases = {
        case.id: case
        for case in await session.scalars(select(Case).where(Case.customer_id == customer_id))
    }
    for case in cases.values():
        items.append(
            TimelineItem(
                "case",
                case.created_at,
                case.number,
                case.title,
                {
                    "status": case.status.value,
                    "priority": case.priority.value,
                    "department_id": case.department_id,
                    "owner_id": case.owner_id,
                    "sla_due_at": case.sla_due_at.isoformat(),
                },
            )
        )
    changes = await session.scalars(select(CaseChange).where(CaseChange.case_id.in_(list(cases))))
    for change in changes:
        items.append(
            TimelineItem(
                "case_change",
                change.at,
                case_number(change.case_id),
                change.comment or "changed",
                {
                    "actor": change.actor,
                    "comment": change.comment,
                    "changes": json.loads(change.changes),
                },
            )
        )
    for follow_up in await session.scalars(
        select(FollowUp).where(FollowUp.customer_id == customer_id)
    ):
        items.append(
            TimelineItem(
                "follow_up",
                follow_up.created_at,
                str(follow_up.id),
                follow_up.note[:200] or follow_up.kind.value,
                {
                    "kind": follow_up.kind.value,
                    "owner_id": follow_up.owner_id,
                    "due_at": follow_up.due_at.isoformat(),
                    "done_at": follow_up.done_at.isoformat() if follow_up.done_at else None,
                    "case_id": follow_up.case_id,
                },
            )
        )
    return items


async def timeline(session: AsyncSession, actor: Actor, customer_id: int) -> list[TimelineItem]:
    """Everything that happened with the customer, newest first (audited as a view)."""
    customer = await view(session, actor, Customer, customer_id)
    phones = [i.value for i in customer.identities if i.kind is IdentityKind.PHONE]
    items = await contact_items(session, phones) + await _records(session, customer_id)
    return sorted(items, key=lambda item: item.at, reverse=True)
