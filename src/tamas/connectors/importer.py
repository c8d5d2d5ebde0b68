"""Importing a source file into the event log: all of a file or none of it.

A file is read batch by batch (so a year of queue_log never sits in memory as objects),
but every batch of one file is written in one transaction together with the record of
the import: a bad file, a full disk or Ctrl-C leaves the log as it was, and importing the
same file again stores nothing twice (events are deduplicated by id).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import polars as pl

from tamas.store import SqlEventLog
from tamas.store.schema import imports

SHOWN_BAD_LINES = 5
"""How many bad lines of a file are kept for showing; all of them are counted."""


class BadLineLike(Protocol):
    line_no: int
    text: str
    problem: str


class BatchLike(Protocol):
    events: pl.DataFrame
    lines_read: int
    bad_lines: list


@dataclass
class ImportSummary:
    path: Path
    lines_read: int = 0
    events_stored: int = 0
    duplicates: int = 0
    bad_lines: int = 0
    first_bad_lines: list[BadLineLike] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.path}: {self.lines_read:,} lines read, {self.events_stored:,} events stored, "
            f"{self.duplicates:,} duplicates skipped, {self.bad_lines:,} bad lines skipped"
        )


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def import_file(
    log: SqlEventLog,
    kind: str,
    path: Path,
    batches: Iterable[BatchLike],
    on_batch: Callable[[BatchLike], None] | None = None,
) -> ImportSummary:
    """Store every event of `batches` (the parsed `path`) in one transaction.

    The parser's own errors (a missing file, a file with no valid line) propagate before
    anything is committed.
    """
    summary = ImportSummary(path=path)
    started_us = time.time_ns() // 1000
    sha256 = file_sha256(path)
    with log.transaction() as writer:
        for batch in batches:
            writer.append(batch.events)
            summary.lines_read += batch.lines_read
            summary.bad_lines += len(batch.bad_lines)
            room = SHOWN_BAD_LINES - len(summary.first_bad_lines)
            summary.first_bad_lines.extend(batch.bad_lines[:room])
            if on_batch is not None:
                on_batch(batch)
        writer.flush()
        summary.events_stored = writer.stored
        summary.duplicates = writer.duplicates
        writer.connection.execute(
            imports.insert().values(
                kind=kind,
                path=str(path),
                sha256=sha256,
                started_us=started_us,
                finished_us=time.time_ns() // 1000,
                lines_read=summary.lines_read,
                events_stored=summary.events_stored,
                duplicates=summary.duplicates,
                bad_lines=summary.bad_lines,
            )
        )
    return summary
