"""Report intervals: fixed spans of local wall-clock time, aligned to local midnight.

An interval of 30 minutes starts at 00:00, 00:30, ... of the center's local day. A moment
belongs to the interval whose wall-clock span holds its local time, and the interval
starts at the instant its first wall-clock minute is shown with the UTC offset then in
effect. Where the clock is set back, the repeated wall-clock hour's intervals stay apart
(each with its own offset); where it jumps forward, the missing time has no intervals and
an interval that would start in the gap starts when the gap ends. Asia/Tehran moved its
clocks at midnight (until 2022), so only whole-day intervals ever span a change there.
"""

from __future__ import annotations

import polars as pl

ISO_WITH_OFFSET = "%Y-%m-%dT%H:%M:%S%:z"


def with_interval_start(
    frame: pl.DataFrame, ts: str, interval_min: int, tz: str, name: str = "start"
) -> pl.DataFrame:
    """`frame` with a column `name`: the UTC start of the interval that holds `ts`."""
    utc = pl.col(ts).dt.replace_time_zone(None)
    wall = _wall(pl.col(ts), tz)
    frame = frame.with_columns(_floor=wall.dt.truncate(f"{interval_min}m"), _offset=wall - utc)
    # Each distinct (local floor, offset) is resolved once: far fewer than the rows.
    starts = frame.select("_floor", "_offset").unique()
    same_offset = _as_utc(pl.col("_floor") - pl.col("_offset"))
    offset_then = _wall(same_offset, tz) - same_offset.dt.replace_time_zone(None)
    starts = starts.with_columns(
        pl.when(_wall(same_offset, tz) == pl.col("_floor"))
        .then(same_offset)
        .otherwise(_as_utc(pl.col("_floor") - offset_then))
        .alias(name)
    )
    return frame.join(starts, on=["_floor", "_offset"], how="left", maintain_order="left").drop(
        "_floor", "_offset"
    )


def iso_local(ts: pl.Expr, tz: str) -> pl.Expr:
    """`ts` as ISO 8601 local time with its UTC offset, e.g. 2025-01-01T08:30:00+03:30."""
    return ts.dt.convert_time_zone(tz).dt.strftime(ISO_WITH_OFFSET)


def _wall(utc: pl.Expr, tz: str) -> pl.Expr:
    return utc.dt.convert_time_zone(tz).dt.replace_time_zone(None)


def _as_utc(naive_utc: pl.Expr) -> pl.Expr:
    return naive_utc.dt.replace_time_zone("UTC")
