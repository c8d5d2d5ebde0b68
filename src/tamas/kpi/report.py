"""The KPI report: queue entries linked, counted and summarised by queue, agent and interval.

This is the one implementation of every figure Tamas shows (definitions in docs/kpi.md).
It reads an event frame (tamas.events.EVENT_SCHEMA) and does all its work on columns.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl

from tamas.events import EVENT_SCHEMA, EventType, conform
from tamas.kpi.definitions import KpiDefinitions
from tamas.kpi.entries import link_entries
from tamas.kpi.intervals import INTERVALS, Grouping, iso_local, with_period_start
from tamas.kpi.measures import INTERVAL_KPIS, QUEUE_KPIS, mark_entries, queue_kpis, ratio
from tamas.kpi.presence import presence
from tamas.kpi.repeats import next_other_call

AGENT_KPIS = (
    "answered",
    "talk_time_s",
    "aht_s",
    "ring_no_answer",
    "transfers",
    "logged_in_s",
    "paused_s",
    "occupancy",
)
DECIMALS = 4
"""Places that fractional figures are rounded to in `KpiReport.as_dict`."""

Row = Mapping[str, Any]


@dataclass(frozen=True)
class KpiReport:
    """The figures of one report, with the definitions they were computed under.

    `totals` holds QUEUE_KPIS; each `by_queue` row adds `queue`, each `by_agent` row has
    `agent` and AGENT_KPIS, each `by_interval` row `start` (ISO 8601 local time with its
    offset; the start of an interval, or of a day, week or month as `grouping` says) and
    INTERVAL_KPIS. Rows are sorted by queue, agent and start.
    """

    definitions: KpiDefinitions
    totals: Row
    by_queue: tuple[Row, ...]
    by_agent: tuple[Row, ...]
    by_interval: tuple[Row, ...]
    grouping: Grouping = INTERVALS

    def as_dict(self, skipped_lines: int = 0) -> dict[str, Any]:
        """The report as the JSON contract of `tamas report kpi --format json`."""
        return {
            "definitions": self.definitions.as_dict(),
            "period": str(self.grouping.period),
            "calendar": str(self.grouping.calendar),
            "skipped_lines": skipped_lines,
            "totals": _rounded(self.totals),
            "by_queue": [_rounded(row) for row in self.by_queue],
            "by_agent": [_rounded(row) for row in self.by_agent],
            "by_interval": [_rounded(row) for row in self.by_interval],
        }


@dataclass(frozen=True)
class CountedEntries:
    """The queue entries a report counts, each marked with what it counts for
    (`tamas.kpi.measures.mark_entries`), with their rings and the agents' presence: what
    every figure of the report, and every breakdown of it, is computed from."""

    definitions: KpiDefinitions
    entries: pl.DataFrame
    rings: pl.DataFrame
    present: pl.DataFrame


def count_entries(
    events: pl.DataFrame,
    definitions: KpiDefinitions,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    queues: list[str] | None = None,
) -> CountedEntries:
    """The entries that start in [start, end) in `queues` (see `kpi_report`)."""
    start, end = _aware(start, definitions.tz), _aware(end, definitions.tz)
    events = _used_columns(events)
    period = _period(events, start, end)
    entries, rings = link_entries(events)
    present = presence(events, *period, queues) if period else pl.DataFrame(schema=_NO_PRESENCE)

    entries = entries.join(next_other_call(entries), on="entry", how="left")
    counted = mark_entries(_counted(entries, start, end, queues), definitions)
    rings = rings.join(counted.select("entry"), on="entry", how="semi")
    return CountedEntries(definitions, counted, rings, present)


def kpi_report(
    events: pl.DataFrame,
    definitions: KpiDefinitions,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    queues: list[str] | None = None,
    grouping: Grouping | None = None,
) -> KpiReport:
    """The KPI report of the queue entries that start in [start, end) in `queues`.

    Either bound may be open; a naive bound is local time in `definitions.tz`. Events after
    `end` still complete an entry that started before it, and later calls still count as
    repeats for FCR. With `queues` (None or empty: all), agents' figures are what they did
    in those queues: their answers, rings and transfers there, and login and pause in those
    queues or center-wide. Rows over time are by `grouping` (default: intervals).
    """
    counted = count_entries(events, definitions, start=start, end=end, queues=queues)
    return summarise(counted, grouping or INTERVALS)


def summarise(counted: CountedEntries, grouping: Grouping) -> KpiReport:
    """The report of counted entries, with rows over time by `grouping`."""
    definitions, entries = counted.definitions, counted.entries
    kpis = queue_kpis()
    by_queue = entries.group_by("queue").agg(kpis).sort("queue")
    interval_kpis = [e for e in kpis if e.meta.output_name() in INTERVAL_KPIS]
    by_interval = (
        with_period_start(entries, "queued_at", grouping, definitions.interval_min, definitions.tz)
        .group_by("start")
        .agg(interval_kpis)
        .sort("start")
        .with_columns(iso_local(pl.col("start"), definitions.tz))
    )
    by_agent = _by_agent(entries, counted.rings, counted.present)
    return KpiReport(
        definitions=definitions,
        totals=entries.select(kpis).row(0, named=True),
        by_queue=tuple(by_queue.select("queue", *QUEUE_KPIS).to_dicts()),
        by_agent=tuple(by_agent.select("agent", *AGENT_KPIS).to_dicts()),
        by_interval=tuple(by_interval.select("start", *INTERVAL_KPIS).to_dicts()),
        grouping=grouping,
    )


_NO_PRESENCE = {"agent": pl.String, "logged_in_s": pl.Float64, "paused_s": pl.Float64}
KPI_COLUMNS = ("ts", "type", "contact_id", "queue", "agent", "caller", "wait_s", "talk_s")
"""The event columns `kpi_report` reads: a frame of only these is enough."""
_TYPES = pl.Enum([str(t) for t in EventType])


def _used_columns(events: pl.DataFrame) -> pl.DataFrame:
    """The columns KPIs read, with the event type as an enumeration (compared as a number,
    not as text); a type that is not an EventType becomes null and counts for nothing."""
    if any(events.schema.get(name) != EVENT_SCHEMA[name] for name in KPI_COLUMNS):
        events = conform(events)
    return events.select(*KPI_COLUMNS).with_columns(pl.col("type").cast(_TYPES, strict=False))


def _counted(
    entries: pl.DataFrame, start: datetime | None, end: datetime | None, queues: list[str] | None
) -> pl.DataFrame:
    condition = pl.lit(True)
    if start is not None:
        condition &= pl.col("queued_at") >= start
    if end is not None:
        condition &= pl.col("queued_at") < end
    if queues:
        condition &= pl.col("queue").is_in(queues)
    return entries.filter(condition)


def _by_agent(counted: pl.DataFrame, rings: pl.DataFrame, present: pl.DataFrame) -> pl.DataFrame:
    answered = counted.filter(pl.col("outcome") == EventType.CONTACT_ANSWERED)
    talk = answered.group_by("agent").agg(
        pl.len().cast(pl.Int64).alias("answered"),
        pl.col("talk_s").sum().alias("talk_time_s"),
        pl.col("talk_s").mean().alias("aht_s"),
        (pl.col("end") == EventType.CONTACT_TRANSFERRED).sum().cast(pl.Int64).alias("transfers"),
    )
    rang = rings.group_by("agent").agg(
        (pl.col("type") == EventType.CONTACT_RING_NO_ANSWER)
        .sum()
        .cast(pl.Int64)
        .alias("ring_no_answer")
    )
    agents = talk.join(rang, on="agent", how="full", coalesce=True).drop_nulls("agent")
    counts = ["answered", "ring_no_answer", "transfers"]
    return (
        agents.join(present, on="agent", how="left")
        .with_columns(pl.col(counts).fill_null(0), pl.col("talk_time_s").fill_null(0.0))
        .with_columns(
            occupancy=ratio(pl.col("talk_time_s"), pl.col("logged_in_s") - pl.col("paused_s")).clip(
                upper_bound=1.0
            )
        )
        .sort("agent")
    )


def _period(
    events: pl.DataFrame, start: datetime | None, end: datetime | None
) -> tuple[datetime, datetime] | None:
    """The span agents' time is counted in: [start, end) within the data's first and last
    event (a login never logged out lasts until the data or the period ends)."""
    first, last = events.select(
        pl.col("ts").min().alias("first"), pl.col("ts").max().alias("last")
    ).row(0)
    if first is None:
        return None
    period_start = first if start is None else start
    period_end = last if end is None else min(end, last)
    return period_start, max(period_start, period_end)


def _aware(moment: datetime | None, tz: str) -> datetime | None:
    """The bound in UTC, as event times are (Polars compares only equal time zones)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(tz))
    return moment.astimezone(UTC)


def _rounded(row: Row) -> dict[str, Any]:
    return {k: round(v, DECIMALS) if isinstance(v, float) else v for k, v in row.items()}
