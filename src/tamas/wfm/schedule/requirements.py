"""Required agents per interval: the demand a schedule must cover.

It comes as CSV text with a ``ds`` column (the interval's start, ISO) and a column of
agents — ``agents`` by default, the way `tamas wfm staff` writes it, though any column
can be chosen (``agents_scheduled`` to plan with shrinkage). The interval length is
read from the data: the smallest step between two rows; every row must sit on that
grid. Intervals missing between the first and the last row need no agents.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import reduce
from itertools import pairwise

from tamas.errors import InputError


@dataclass(frozen=True)
class Requirements:
    """Agents needed in each interval of a regular grid starting at ``start``.

    ``start`` keeps the offset it was written with (or none): shift days and times of
    day are read on that wall clock.
    """

    start: datetime
    interval: int
    """Interval length in minutes."""
    agents: tuple[int, ...]

    def __post_init__(self) -> None:
        if self.interval <= 0:
            raise ValueError("interval must be positive")
        if any(need < 0 for need in self.agents):
            raise ValueError("required agents cannot be negative")

    def ds(self, index: int) -> datetime:
        """The start of interval ``index``."""
        return self.start + timedelta(minutes=index * self.interval)


def _number(text: str, where: str, column: str) -> int:
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"{where}: {column}: expected a number of agents, got {text!r}") from None
    if not math.isfinite(value) or value < 0:
        raise InputError(f"{where}: {column}: expected a number of agents >= 0, got {text!r}")
    return math.ceil(value - 1e-9)


def parse_requirements(text: str, source: str, column: str = "agents") -> Requirements:
    """The requirements in CSV ``text``; ``source`` names the file in errors.

    Fractional agents are rounded up: part of a person cannot be scheduled.
    """
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    for needed in ("ds", column):
        if needed not in header:
            raise InputError(
                f"{source}:1: expected a column {needed!r} (the header has {', '.join(header)})"
            )
    rows: dict[datetime, tuple[int, int]] = {}
    for row in reader:
        where = f"{source}:{reader.line_num}"
        raw = (row.get("ds") or "").strip()
        try:
            ds = datetime.fromisoformat(raw)
        except ValueError:
            raise InputError(f"{where}: ds: expected an ISO date and time, got {raw!r}") from None
        if ds.second or ds.microsecond:
            raise InputError(f"{where}: ds: expected a whole minute, got {raw!r}")
        if ds in rows:
            raise InputError(f"{where}: ds: {raw} is also on line {rows[ds][1]}")
        rows[ds] = (_number((row.get(column) or "").strip(), where, column), reader.line_num)
    if len(rows) < 2:
        raise InputError(f"{source}: expected at least two intervals to read their length from")
    moments = sorted(rows)
    offsets = {moment.utcoffset() for moment in moments}
    if len(offsets) > 1:
        raise InputError(
            f"{source}: ds: all rows must have the same UTC offset (found "
            f"{', '.join(sorted(str(o) for o in offsets))}); schedule each side of a clock "
            "change separately"
        )
    steps = [int((b - a).total_seconds()) // 60 for a, b in pairwise(moments)]
    interval = reduce(math.gcd, steps)
    if interval != min(steps):
        raise InputError(
            f"{source}: ds: rows are not on one grid of intervals (steps of "
            f"{', '.join(str(s) for s in sorted(set(steps)))} minutes)"
        )
    first = moments[0]
    agents = [0] * ((int((moments[-1] - first).total_seconds()) // 60) // interval + 1)
    for moment, (need, _line) in rows.items():
        agents[int((moment - first).total_seconds()) // 60 // interval] = need
    return Requirements(start=first, interval=interval, agents=tuple(agents))
