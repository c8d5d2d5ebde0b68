"""Breakdowns of a report's counted entries: how long callers waited before they gave up
or were answered, how long answered contacts took, which weekday hours are busiest, and
the entries behind any figure (docs/kpi.md, "Breakdowns").

Each is computed from the same counted entries as the report (`count_entries`) and with
the same aggregations (`queue_kpis`), so a breakdown adds up to the report's figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import polars as pl

from tamas.events import EventType
from tamas.kpi.intervals import FIRST_WEEKDAY, INTERVALS, Grouping, iso_local, with_period_start
from tamas.kpi.measures import queue_kpis
from tamas.kpi.report import CountedEntries

WAIT_EDGES_S = (10, 20, 30, 45, 60, 90, 120, 180, 300)
"""Upper bounds of the wait-time bands of the abandonment curve (the last band is open)."""
HANDLE_EDGES_S = (60, 120, 180, 240, 300, 420, 600, 900, 1200, 1800)
"""Upper bounds of the talk-time bands of the handle-time distribution."""
HEATMAP_KPIS = ("offered", "service_level")
OUTCOME_NAMES = {
    EventType.CONTACT_ANSWERED: "answered",
    EventType.CONTACT_ABANDONED: "abandoned",
    EventType.CONTACT_EXITED: "exited",
}
"""An entry's outcome as the drill-down names it; an entry with none is `waiting`."""

Rows = list[dict[str, Any]]


def _bands(values: pl.Expr, edges: tuple[int, ...]) -> pl.Expr:
    """The band index of each value: 0 below edges[0], len(edges) at or above the last."""
    index = pl.lit(0, dtype=pl.Int32)
    for edge in edges:
        index = index + (values >= edge).cast(pl.Int32)
    return index


def _band_rows(frame: pl.DataFrame, edges: tuple[int, ...], counts: dict[str, pl.Expr]) -> Rows:
    """One row per band (from_s, to_s (None: open), counts), empty bands included."""
    found = frame.group_by("band").agg(**counts)
    bands = pl.DataFrame(
        {
            "band": list(range(len(edges) + 1)),
            "from_s": [0, *edges],
            "to_s": [*edges, None],
        },
        schema={"band": pl.Int32, "from_s": pl.Int64, "to_s": pl.Int64},
    )
    rows = bands.join(found, on="band", how="left").sort("band")
    counted = pl.col(list(counts)).fill_null(0).cast(pl.Int64)
    return rows.with_columns(counted).drop("band").to_dicts()


def wait_curve(counted: CountedEntries) -> Rows:
    """The abandonment curve: for each wait-time band, the entries answered and abandoned
    after waiting that long, and `abandoned_by` (the share of all abandons that happened
    before the band's end; 1.0 in the last band)."""
    entries = counted.entries.filter(pl.col("is_answered") | pl.col("is_abandoned"))
    rows = _band_rows(
        entries.with_columns(band=_bands(pl.col("wait_s"), WAIT_EDGES_S)),
        WAIT_EDGES_S,
        {"answered": pl.col("is_answered").sum(), "abandoned": pl.col("is_abandoned").sum()},
    )
    total, running = sum(row["abandoned"] for row in rows), 0
    for row in rows:
        running += row["abandoned"]
        row["abandoned_by"] = round(running / total, 4) if total else None
    return rows


def handle_time_spread(counted: CountedEntries, agents: set[str] | None = None) -> Rows:
    """The handle-time distribution: answered entries (of `agents`, None: all) by talk-time
    band; their mean is the report's AHT."""
    answered = _of_agents(counted.entries.filter(pl.col("is_answered")), agents)
    answered = answered.filter(pl.col("talk_s").is_not_null())
    return _band_rows(
        answered.with_columns(band=_bands(pl.col("talk_s"), HANDLE_EDGES_S)),
        HANDLE_EDGES_S,
        {"answered": pl.len()},
    )


def busiest_hours(counted: CountedEntries, grouping: Grouping) -> Rows:
    """Offered and service level by local weekday and hour, for each pair with entries.

    `weekday` counts from the calendar's first day of the week (0: Saturday in the Jalali
    calendar, Monday in the Gregorian); `hour` is the local hour of the day, 0-23.
    """
    tz = counted.definitions.tz
    local = pl.col("queued_at").dt.convert_time_zone(tz)
    first = FIRST_WEEKDAY[grouping.calendar]
    kpis = [e for e in queue_kpis() if e.meta.output_name() in HEATMAP_KPIS]
    return (
        counted.entries.with_columns(
            weekday=((local.dt.weekday() - first) % 7).cast(pl.Int8),
            hour=local.dt.hour().cast(pl.Int8),
        )
        .group_by("weekday", "hour")
        .agg(kpis)
        .sort("weekday", "hour")
        .select("weekday", "hour", *HEATMAP_KPIS)
        .to_dicts()
    )


@dataclass(frozen=True)
class ContactFilter:
    """Which counted entries a drill-down lists: those of a queue, answered by an agent,
    with an outcome (answered, abandoned, exited, waiting), in the period that starts at
    `period_start` (under `grouping`); None: any."""

    queue: str | None = None
    agent: str | None = None
    outcome: str | None = None
    period_start: datetime | None = None
    grouping: Grouping = INTERVALS


CONTACT_COLUMNS = ("contact_id", "queue", "queued_at", "caller", "outcome", "wait_s", "agent")


def contacts(counted: CountedEntries, wanted: ContactFilter, limit: int) -> tuple[int, Rows]:
    """How many counted entries match `wanted`, and the first `limit` of them in time
    order (queued_at as local ISO time with its offset; talk_s for answered ones)."""
    definitions = counted.definitions
    entries = counted.entries.with_columns(
        outcome=pl.col("outcome")
        .cast(pl.String)
        .replace_strict(
            {str(k): v for k, v in OUTCOME_NAMES.items()}, default="waiting", return_dtype=pl.String
        )
    )
    condition = pl.lit(True)
    if wanted.queue is not None:
        condition &= pl.col("queue") == wanted.queue
    if wanted.agent is not None:
        condition &= pl.col("agent") == wanted.agent
    if wanted.outcome is not None:
        condition &= pl.col("outcome") == wanted.outcome
    if wanted.period_start is not None:
        entries = with_period_start(
            entries, "queued_at", wanted.grouping, definitions.interval_min, definitions.tz, "_in"
        )
        condition &= pl.col("_in") == wanted.period_start
    matched = entries.filter(condition).sort("queued_at", maintain_order=True)
    rows = matched.head(limit).select(
        *CONTACT_COLUMNS[:2],
        iso_local(pl.col("queued_at"), definitions.tz),
        *CONTACT_COLUMNS[3:],
        "talk_s",
    )
    return matched.height, rows.to_dicts()


def _of_agents(frame: pl.DataFrame, agents: set[str] | None) -> pl.DataFrame:
    return frame if agents is None else frame.filter(pl.col("agent").is_in(sorted(agents)))
