"""Report intervals: fixed spans of local wall-clock time, aligned to local midnight.

An interval of 30 minutes starts at 00:00, 00:30, ... of the center's local day. The
bucket of a moment is found on its local wall-clock time, and its start is kept as the
instant that many minutes earlier, so when the clock is set back the repeated hour's
intervals stay apart (shown with their own UTC offsets) and when it jumps forward the
missing hour simply has no intervals.
"""

from __future__ import annotations

import polars as pl

ISO_WITH_OFFSET = "%Y-%m-%dT%H:%M:%S%:z"


def interval_start(ts: pl.Expr, interval_min: int, tz: str) -> pl.Expr:
    """The UTC start of the interval that contains `ts` (a UTC datetime column)."""
    wall = ts.dt.convert_time_zone(tz).dt.replace_time_zone(None)
    return ts - (wall - wall.dt.truncate(f"{interval_min}m"))


def iso_local(ts: pl.Expr, tz: str) -> pl.Expr:
    """`ts` as ISO 8601 local time with its UTC offset, e.g. 2025-01-01T08:30:00+03:30."""
    return ts.dt.convert_time_zone(tz).dt.strftime(ISO_WITH_OFFSET)
