"""The rule every reader applies at the end of a source: at least one valid line."""

from __future__ import annotations

from pathlib import Path

from tamas.connectors.asterisk.batch import BadLine, ParsedBatch
from tamas.errors import InputError


class ValidLineCheck:
    """Follows the batches of one source and fails at its end if none had an event."""

    def __init__(self, source: Path | str, kind: str, container: str = "file") -> None:
        self._source = source
        self._kind = kind
        self._container = container
        self._events = 0
        self._lines = 0
        self._first_bad: BadLine | None = None

    def saw(self, batch: ParsedBatch) -> None:
        self._events += batch.events.height
        self._lines += batch.lines_read
        if self._first_bad is None and batch.bad_lines:
            self._first_bad = batch.bad_lines[0]

    def finish(self) -> None:
        if self._events:
            return
        if self._first_bad is not None:
            bad = self._first_bad
            raise InputError(
                f"{self._source}:{bad.line_no}: no valid {self._kind} line in the "
                f"{self._container}; the first one: {bad.problem}"
            )
        what = "is empty" if not self._lines else "has only blank lines"
        raise InputError(f"{self._source}: no {self._kind} line: the {self._container} {what}")
