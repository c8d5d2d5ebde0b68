"""What every Asterisk reader yields: a batch of events and the lines it had to skip."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from tamas.connectors.asterisk.event_ids import vectorised_event_ids
from tamas.events import conform


@dataclass(frozen=True)
class BadLine:
    """A line that was skipped: where it is (1-based), what it said and what was wrong."""

    line_no: int
    text: str
    problem: str


@dataclass(frozen=True)
class ParsedBatch:
    """The events of a batch of source lines (`tamas.events.EVENT_SCHEMA`), how many lines
    the batch read, and the lines it skipped."""

    events: pl.DataFrame
    lines_read: int
    bad_lines: list[BadLine]


def finish_batch(
    mapped: pl.DataFrame,
    bad: pl.DataFrame,
    lines_read: int,
    *,
    id_source: str | None,
    identity: list[str],
) -> ParsedBatch:
    """The batch as readers hand it out: event ids computed over `identity` (unless
    `id_source` is None), helper columns dropped, columns conformed to the event schema."""
    if id_source is not None:
        mapped = mapped.with_columns(vectorised_event_ids(mapped, id_source, identity))
    events = conform(mapped.select(pl.exclude("line_no", "line", "n", "record", "part")))
    return ParsedBatch(
        events=events,
        lines_read=lines_read,
        bad_lines=[BadLine(*row) for row in bad.select("line_no", "line", "problem").rows()],
    )
