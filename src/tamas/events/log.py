"""The append-only event log: the interface every store implements, and the in-memory one.

Appending is idempotent by `event_id`: a batch that repeats stored events stores only the
new ones and says how many it skipped. The in-memory log serves the simulator and any
caller that needs a log without a database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import polars as pl

from tamas.events.frame import conform, empty_frame, event_columns


@dataclass(frozen=True, slots=True)
class AppendResult:
    stored: int
    duplicates: int


class EventLog(Protocol):
    def append(self, events: pl.DataFrame) -> AppendResult:
        """Store the events not stored yet; all of the batch or none of it."""
        ...

    def read(
        self,
        start: datetime | None = None,
        end: datetime | None = None,
        queues: list[str] | None = None,
        columns: Sequence[str] | None = None,
    ) -> pl.DataFrame:
        """Events with start <= ts < end (either bound open), of the given queues, by time;
        events of the same instant in the order they were appended. With `columns`, only
        those event columns (a reader that needs a few reads much less)."""
        ...


def select_events(
    frame: pl.DataFrame,
    start: datetime | None = None,
    end: datetime | None = None,
    queues: list[str] | None = None,
    columns: Sequence[str] | None = None,
) -> pl.DataFrame:
    """The rows (and columns) of an event frame that a `read` with these arguments
    returns, in log order."""
    names = None if columns is None else event_columns(columns)
    condition = pl.lit(True)
    if start is not None:
        condition &= pl.col("ts") >= start
    if end is not None:
        condition &= pl.col("ts") < end
    if queues:
        condition &= pl.col("queue").is_in(queues)
    selected = frame.filter(condition).sort("ts", maintain_order=True)
    return selected if names is None else selected.select(names)


class InMemoryEventLog:
    """An `EventLog` held in one Polars frame."""

    def __init__(self) -> None:
        self._frame = empty_frame()

    def append(self, events: pl.DataFrame) -> AppendResult:
        batch = conform(events).unique("event_id", keep="first", maintain_order=True)
        new = batch.join(self._frame.select("event_id"), on="event_id", how="anti")
        self._frame = pl.concat([self._frame, new])
        return AppendResult(stored=new.height, duplicates=events.height - new.height)

    def read(
        self,
        start: datetime | None = None,
        end: datetime | None = None,
        queues: list[str] | None = None,
        columns: Sequence[str] | None = None,
    ) -> pl.DataFrame:
        return select_events(self._frame, start, end, queues, columns)
