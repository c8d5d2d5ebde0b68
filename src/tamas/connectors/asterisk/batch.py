"""What every Asterisk reader yields, and the steps every reader takes for each batch.

Readers differ in how they read and map their source; they share what follows: the
occurrence count and event ids of each source line, the event schema of the result, the
lines skipped, and the rule that a source without one valid line is an input error.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from tamas.connectors.asterisk.event_ids import EventIdHasher, OccurrenceCounter
from tamas.errors import InputError
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


HELPER_COLUMNS = ("line_no", "line", "n", "record", "part")
"""Columns readers carry while mapping, dropped from the events they hand out."""


class SourceBatches:
    """Turns one source's mapped batches into `ParsedBatch`es (see `source_batches`)."""

    def __init__(self, where: Path | str, kind: str, container: str, id_source: str | None):
        self._where, self._kind, self._container = where, kind, container
        self._id_source = id_source
        self._counter = OccurrenceCounter() if id_source else None
        self._hasher = EventIdHasher() if id_source else None
        self._events = self._lines = 0
        self._first_bad: BadLine | None = None

    def occurrences(self, identity: pl.Series) -> pl.Series:
        """How many identical source lines came before each (0s when ids are off)."""
        if self._counter is None:
            return pl.zeros(identity.len(), pl.UInt32, eager=True).alias("n")
        return self._counter.occurrences(identity)

    def batch(
        self, events: pl.DataFrame, bad: pl.DataFrame, lines_read: int, identity: list[str]
    ) -> ParsedBatch:
        """Events with their ids over `identity` columns, in the event schema; `bad` has
        `line_no`, `line`, `problem`."""
        if self._hasher is not None and self._id_source is not None:
            events = events.with_columns(self._hasher.ids(events, self._id_source, identity))
        parsed = ParsedBatch(
            events=conform(events.select(pl.exclude(HELPER_COLUMNS))),
            lines_read=lines_read,
            bad_lines=[BadLine(*row) for row in bad.select("line_no", "line", "problem").rows()],
        )
        self._events += parsed.events.height
        self._lines += lines_read
        if self._first_bad is None and parsed.bad_lines:
            self._first_bad = parsed.bad_lines[0]
        return parsed

    def close(self) -> None:
        if self._hasher is not None:
            self._hasher.close()

    def check_some_valid(self) -> None:
        if self._events:
            return
        if self._first_bad is not None:
            bad = self._first_bad
            raise InputError(
                f"{self._where}:{bad.line_no}: no valid {self._kind} line in the "
                f"{self._container}; the first one: {bad.problem}"
            )
        what = "is empty" if not self._lines else "has only blank lines"
        raise InputError(f"{self._where}: no {self._kind} line: the {self._container} {what}")


@contextmanager
def source_batches(
    where: Path | str,
    kind: str,
    *,
    id_source: str | None,
    container: str = "file",
) -> Iterator[SourceBatches]:
    """For the body of a reader: ids under `id_source` (None: no ids), and at the end,
    if the source was read to its end, `InputError` unless it had a valid line."""
    batches = SourceBatches(where, kind, container, id_source)
    try:
        yield batches
    finally:
        batches.close()
    batches.check_some_valid()
