"""Report periods: fixed intervals of local wall-clock time, or local days, weeks and
months, each aligned to local midnight.

An interval of 30 minutes starts at 00:00, 00:30, ... of the center's local day; a day at
local midnight; a week at the midnight that begins its first day (Saturday in the Jalali
calendar, as Iranian weeks do; Monday in the Gregorian one, as ISO 8601 does); a month at
the midnight of its first day, in the calendar the reader uses (1 Farvardin... or
1 January...). A moment belongs to the period whose wall-clock span holds its local time,
and the period starts at the instant its first wall-clock minute is shown with the UTC
offset then in effect. Where the clock is set back, the repeated wall-clock hour's
intervals stay apart (each with its own offset); where it jumps forward, the missing time
has no intervals and a period that would start in the gap starts when the gap ends.
Asia/Tehran moved its clocks at midnight (until 2022), so there a day, week or month that
began on such a day starts at 01:00.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import jdatetime
import polars as pl

ISO_WITH_OFFSET = "%Y-%m-%dT%H:%M:%S%:z"


class Period(StrEnum):
    """How a report groups its rows over time."""

    INTERVAL = "interval"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


class Calendar(StrEnum):
    """Whose weeks and months a report's periods follow."""

    GREGORIAN = "gregorian"
    JALALI = "jalali"


FIRST_WEEKDAY = {Calendar.JALALI: 6, Calendar.GREGORIAN: 1}
"""The first day of a week (Polars' weekday numbers, Monday 1 ... Sunday 7): Saturday in
Iran, Monday in ISO 8601."""


@dataclass(frozen=True)
class Grouping:
    """A report's period and the calendar its weeks and months follow."""

    period: Period = Period.INTERVAL
    calendar: Calendar = Calendar.GREGORIAN


INTERVALS = Grouping()
"""The usual grouping: intervals of the definitions' length."""


def with_period_start(
    frame: pl.DataFrame,
    ts: str,
    grouping: Grouping,
    interval_min: int,
    tz: str,
    name: str = "start",
) -> pl.DataFrame:
    """`frame` with a column `name`: the UTC start of the period that holds `ts` (a UTC
    time column), periods as `grouping` says (intervals of `interval_min`)."""
    utc = pl.col(ts).dt.replace_time_zone(None)
    wall = _wall(pl.col(ts), tz)
    frame = frame.with_columns(_floor=_floor(wall, grouping, interval_min), _offset=wall - utc)
    # Each distinct (local floor, offset) is resolved once: far fewer than the rows.
    starts = frame.select("_floor", "_offset").unique()
    if grouping.period is Period.MONTH and grouping.calendar is Calendar.JALALI:
        starts = _to_jalali_month(starts)
    same_offset = _as_utc(pl.col("_floor") - pl.col("_offset"))
    offset_then = _wall(same_offset, tz) - same_offset.dt.replace_time_zone(None)
    starts = starts.with_columns(
        pl.when(_wall(same_offset, tz) == pl.col("_floor"))
        .then(same_offset)
        .otherwise(_as_utc(pl.col("_floor") - offset_then))
        .alias(name)
    )
    keys = ["_floor", "_offset"]
    if "_day" in starts.columns:
        starts = starts.drop("_floor").rename({"_day": "_floor"})
    return frame.join(starts, on=keys, how="left", maintain_order="left").drop(keys)


def with_interval_start(
    frame: pl.DataFrame, ts: str, interval_min: int, tz: str, name: str = "start"
) -> pl.DataFrame:
    """`frame` with a column `name`: the UTC start of the interval that holds `ts`."""
    return with_period_start(frame, ts, INTERVALS, interval_min, tz, name)


def iso_local(ts: pl.Expr, tz: str) -> pl.Expr:
    """`ts` as ISO 8601 local time with its UTC offset, e.g. 2025-01-01T08:30:00+03:30."""
    return ts.dt.convert_time_zone(tz).dt.strftime(ISO_WITH_OFFSET)


def _floor(wall: pl.Expr, grouping: Grouping, interval_min: int) -> pl.Expr:
    """The local wall-clock start of the period that holds `wall` (for a Jalali month:
    its day, resolved to the month once per distinct day in `_to_jalali_month`)."""
    day = wall.dt.truncate("1d")
    if grouping.period is Period.INTERVAL:
        return wall.dt.truncate(f"{interval_min}m")
    if grouping.period is Period.WEEK:
        back = (wall.dt.weekday() - FIRST_WEEKDAY[grouping.calendar]) % 7
        return day - pl.duration(days=back)
    if grouping.period is Period.MONTH and grouping.calendar is Calendar.GREGORIAN:
        return day.dt.month_start()
    return day


def _to_jalali_month(starts: pl.DataFrame) -> pl.DataFrame:
    """Distinct (day, offset) rows with `_floor` moved to the first of the day's Jalali
    month; the day itself is kept as `_day`, the key the rows join back on."""
    return starts.with_columns(
        _day=pl.col("_floor"),
        _floor=pl.col("_floor")
        .dt.date()
        .map_elements(jalali_month_start, return_dtype=pl.Date)
        .cast(pl.Datetime("us")),
    )


def jalali_month_start(day: date) -> date:
    """The Gregorian date of the first day of the Jalali month that holds `day`."""
    return jdatetime.date.fromgregorian(date=day).replace(day=1).togregorian()


def _wall(utc: pl.Expr, tz: str) -> pl.Expr:
    return utc.dt.convert_time_zone(tz).dt.replace_time_zone(None)


def _as_utc(naive_utc: pl.Expr) -> pl.Expr:
    return naive_utc.dt.replace_time_zone("UTC")
