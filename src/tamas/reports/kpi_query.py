"""What a KPI report is asked for, read from what a person typed, and the report itself
from an event log: shared by `tamas report kpi --db` and `GET /api/v1/kpi`, so that both
give the same figures for the same question.

Bounds are ISO dates or times; without an offset they are the center's local time. The
log is read beyond the bounds (`LINK_MARGIN`, and the FCR window after the end) so that
entries starting inside the range are completed and repeat calls are seen.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import polars as pl

from tamas.errors import InputError
from tamas.events import EventLog
from tamas.kpi import (
    INTERVALS,
    KPI_COLUMNS,
    Calendar,
    CountedEntries,
    Grouping,
    KpiDefinitions,
    Period,
    count_entries,
    summarise,
)

LINK_MARGIN = timedelta(days=1)
"""How far beyond the bounds events are read, at least, so that an entry that starts
inside the range is completed by events after its end, and agents' logins and pauses that
began shortly before the range are known. After the end, the margin is also at least the
FCR window, so that repeat calls are seen."""

QUESTION_PARTS = (
    "from",
    "to",
    "sl_threshold",
    "short_abandon",
    "fcr_window",
    "interval",
    "tz",
    "period",
    "calendar",
)
"""The parts of a KPI question, each named in `KpiQuery.parse`'s errors as the asker's
`labels` call it."""
_DEFINITION_OPTIONS = {
    "sl_threshold_s": "sl_threshold",
    "short_abandon_s": "short_abandon",
    "fcr_window_s": "fcr_window",
    "interval_min": "interval",
    "tz": "tz",
}


def _parse_moment(label: str, text: str | None, tz: ZoneInfo) -> datetime | None:
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InputError(
            f"{label}: expected an ISO date or time such as 2025-01-04 or "
            f"2025-01-04T08:30, got {text!r}",
            field=label.lstrip("-"),
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=tz)


C = TypeVar("C", bound=StrEnum)


def _choice(kind: type[C], text: str, label: str) -> C:
    try:
        return kind(text)
    except ValueError:
        names = ", ".join(member.value for member in kind)
        raise InputError(
            f"{label}: expected one of {names}, got {text!r}", field=label.lstrip("-")
        ) from None


@dataclass(frozen=True)
class KpiQuery:
    definitions: KpiDefinitions
    start: datetime | None
    end: datetime | None
    queues: list[str] | None
    grouping: Grouping = INTERVALS

    @classmethod
    def parse(
        cls,
        *,
        start: str | None,
        end: str | None,
        sl_threshold: int,
        short_abandon: int,
        fcr_window: int,
        interval: int,
        tz: str,
        queues: list[str] | None,
        labels: Mapping[str, str],
        period: str = Period.INTERVAL,
        calendar: str = Calendar.GREGORIAN,
    ) -> KpiQuery:
        """The query, or InputError naming the option as `labels` calls it (`labels` maps
        from, to, sl_threshold, short_abandon, fcr_window, interval and tz to the names
        the person used: `--from` at the command line, `from` in a URL; and period and
        calendar: QUESTION_PARTS)."""
        try:
            definitions = KpiDefinitions(
                sl_threshold_s=sl_threshold,
                short_abandon_s=short_abandon,
                fcr_window_s=fcr_window,
                interval_min=interval,
                tz=tz,
            )
        except ValueError as error:
            field, _, problem = str(error).partition(": ")
            label = labels[_DEFINITION_OPTIONS.get(field, field)]
            raise InputError(f"{label}: {problem}", field=label.lstrip("-")) from None
        zone = ZoneInfo(definitions.tz)
        return cls(
            definitions=definitions,
            start=_parse_moment(labels["from"], start, zone),
            end=_parse_moment(labels["to"], end, zone),
            queues=queues or None,
            grouping=Grouping(
                _choice(Period, period, labels["period"]),
                _choice(Calendar, calendar, labels["calendar"]),
            ),
        )

    def events_from(self, log: EventLog) -> pl.DataFrame:
        """The events the report needs: its range and the margins around it."""
        after = max(LINK_MARGIN, timedelta(seconds=self.definitions.fcr_window_s))
        return log.read(
            self.start - LINK_MARGIN if self.start else None,
            self.end + after if self.end else None,
            columns=KPI_COLUMNS,
        )

    def counted_from(self, events: pl.DataFrame) -> CountedEntries:
        """The entries the report counts, for its figures and its breakdowns."""
        return count_entries(
            events, self.definitions, start=self.start, end=self.end, queues=self.queues
        )

    def figures_of(self, events: pl.DataFrame, skipped_lines: int = 0) -> dict[str, Any]:
        """The report's figures (the JSON contract of `tamas report kpi --format json`)."""
        return self.figures_of_counted(self.counted_from(events), skipped_lines)

    def figures_of_counted(self, counted: CountedEntries, skipped_lines: int = 0) -> dict[str, Any]:
        """The report's figures from entries already counted (`counted_from`)."""
        return summarise(counted, self.grouping).as_dict(skipped_lines=skipped_lines)
