"""Contact volume history: from the event log or a `ds,y` table onto a day × interval grid.

Every forecast and backtest works on the same grid: one row per calendar day from the
first to the last day of history, one column per interval of the day (one column for a
daily forecast), intervals aligned to local midnight. A day with no rows at all, or
with a row whose volume is empty, is *missing* (a row of NaN): the forecaster fills it
from its neighbours instead of reading it as a day without contacts. Within a day that
has rows, an interval without a row had no contacts (a center lists only its open hours).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
import polars as pl

from tamas.events import EventType

MINUTES_PER_DAY = 1440


class ForecastInputError(ValueError):
    """History, options or special days a forecast cannot be made from, said for people."""


@dataclass(frozen=True, slots=True)
class Frequency:
    """The length of one forecast period: a whole day, or an interval that divides a day."""

    minutes: int

    @property
    def is_daily(self) -> bool:
        return self.minutes == MINUTES_PER_DAY

    @property
    def slots_per_day(self) -> int:
        return MINUTES_PER_DAY // self.minutes

    @property
    def label(self) -> str:
        return "D" if self.is_daily else f"{self.minutes}min"


_FREQUENCY = re.compile(r"^\s*(\d+)?\s*(d|day|h|hour|min|m|t)\s*$", re.IGNORECASE)
_UNIT_MINUTES = {"d": MINUTES_PER_DAY, "day": MINUTES_PER_DAY, "h": 60, "hour": 60}


def parse_frequency(text: str) -> Frequency:
    """`D`, `60min`, `30min`, `15min`, `1h`...: any length from 1 minute to a day that divides
    a day, so that intervals start at local midnight."""
    match = _FREQUENCY.match(text)
    if match is None:
        raise ForecastInputError(f"expected D or a number of minutes such as 30min, got {text!r}")
    count = int(match.group(1) or 1)
    minutes = count * _UNIT_MINUTES.get(match.group(2).lower(), 1)
    if minutes <= 0 or minutes > MINUTES_PER_DAY or MINUTES_PER_DAY % minutes:
        raise ForecastInputError(
            f"an interval must divide a day of 1440 minutes (15min, 30min, 60min, D), got {text!r}"
        )
    return Frequency(minutes)


def consecutive_days(first: date, n_days: int) -> list[date]:
    return [first + timedelta(days=i) for i in range(n_days)]


@dataclass(frozen=True, slots=True)
class VolumeGrid:
    """Contacts per day (rows, from `first_day`) and interval of the day (columns).

    A missing day is a row of NaN.
    """

    first_day: date
    volumes: np.ndarray
    freq: Frequency

    @property
    def n_days(self) -> int:
        return self.volumes.shape[0]

    @property
    def days(self) -> list[date]:
        return consecutive_days(self.first_day, self.n_days)

    @property
    def last_day(self) -> date:
        return self.first_day + timedelta(days=self.n_days - 1)

    @property
    def observed(self) -> np.ndarray:
        return ~np.isnan(self.volumes[:, 0])

    @property
    def totals(self) -> np.ndarray:
        """Contacts per day; NaN on missing days."""
        return self.volumes.sum(axis=1)

    @property
    def weekdays(self) -> np.ndarray:
        """Monday 0 ... Sunday 6, per day."""
        return (self.first_day.weekday() + np.arange(self.n_days)) % 7

    def head(self, n_days: int) -> VolumeGrid:
        """The first `n_days` days: the history as it stood at the end of that day."""
        return VolumeGrid(self.first_day, self.volumes[:n_days], self.freq)

    def window(self, start: int, n_days: int) -> np.ndarray:
        return self.volumes[start : start + n_days]


def history_from_events(
    events: pl.DataFrame, tz: str, queues: Sequence[str] | None = None
) -> pl.DataFrame:
    """Contacts entering a queue per minute of local time, as a `ds,y` history.

    Counts `contact.queued` events (one per queue entry, the unit queue KPIs count), of
    the given queues only when some are given. `ds` is the local time (zone `tz`) of the
    minute; `volume_grid` sums the minutes into intervals.
    """
    condition = pl.col("type") == str(EventType.CONTACT_QUEUED)
    if queues:
        condition &= pl.col("queue").is_in(list(queues))
    queued = events.filter(condition)
    if queued.height == 0:
        which = f" for queue {', '.join(queues)}" if queues else ""
        raise ForecastInputError(f"the event log has no contact.queued events{which}")
    local = pl.col("ts").dt.convert_time_zone(tz).dt.replace_time_zone(None)
    return (
        queued.group_by(local.dt.truncate("1m").alias("ds"))
        .agg(pl.len().cast(pl.Float64).alias("y"))
        .sort("ds")
    )


def _as_datetime(history: pl.DataFrame) -> pl.Expr:
    dtype = history.schema["ds"]
    if dtype == pl.Date:
        return pl.col("ds").cast(pl.Datetime("us"))
    if isinstance(dtype, pl.Datetime):
        return pl.col("ds").dt.replace_time_zone(None)
    raise ForecastInputError(f"ds must hold dates or times, not {dtype}")


def volume_grid(history: pl.DataFrame, freq: Frequency) -> VolumeGrid:
    """The history (`ds` a date or local time, `y` contacts, null = missing) on the grid.

    Rows finer than `freq` are summed into it; a history coarser than `freq` (one row a
    day for an interval forecast) cannot be split and is refused.
    """
    missing = {"ds", "y"} - set(history.columns)
    if missing:
        raise ForecastInputError(f"the history needs columns ds and y (missing: {sorted(missing)})")
    if history.height == 0:
        raise ForecastInputError("the history is empty")
    frame = history.select(_as_datetime(history).alias("ds"), pl.col("y").cast(pl.Float64))
    if (frame["y"] < 0).any():
        raise ForecastInputError("volumes cannot be negative")
    if not np.isfinite(frame["y"].drop_nulls().to_numpy()).all():
        raise ForecastInputError("volumes must be finite numbers")
    minute_of_day = pl.col("ds").dt.hour().cast(pl.Int32) * 60 + pl.col("ds").dt.minute()
    if not freq.is_daily and frame.select((minute_of_day == 0).all()).item():
        per_day = frame.select(pl.col("ds").dt.date().n_unique()).item()
        if per_day == frame.height:
            raise ForecastInputError(
                f"the history has one row a day; a {freq.label} forecast needs volumes "
                "per interval of the day"
            )
    cells = (
        frame.with_columns(
            (pl.col("ds").dt.date() - pl.col("ds").dt.date().min()).dt.total_days().alias("row"),
            (minute_of_day // freq.minutes).alias("slot"),
        )
        .group_by("row", "slot")
        .agg(pl.col("y").sum(), pl.col("y").null_count().alias("nulls"))
    )
    first_day = frame["ds"].min().date()
    n_days = int(cells["row"].max()) + 1
    volumes = np.full((n_days, freq.slots_per_day), np.nan)
    rows = cells["row"].to_numpy()
    volumes[np.unique(rows)] = 0.0
    volumes[rows, cells["slot"].to_numpy()] = cells["y"].to_numpy()
    volumes[np.unique(rows[cells["nulls"].to_numpy() > 0])] = np.nan
    return VolumeGrid(first_day, volumes, freq)


def grid_frame(
    days: Sequence[date], values: dict[str, np.ndarray], freq: Frequency
) -> pl.DataFrame:
    """Day × interval arrays as rows `ds, <name>...`: `ds` a date (daily) or local time."""
    if freq.is_daily:
        ds = pl.Series("ds", list(days), dtype=pl.Date)
    else:
        starts = [
            datetime.combine(day, datetime.min.time()) + timedelta(minutes=freq.minutes * slot)
            for day in days
            for slot in range(freq.slots_per_day)
        ]
        ds = pl.Series("ds", starts, dtype=pl.Datetime("us"))
    return pl.DataFrame([ds, *(pl.Series(name, array.ravel()) for name, array in values.items())])
