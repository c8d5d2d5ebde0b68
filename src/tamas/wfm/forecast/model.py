"""Tamas's volume forecast: daily totals from a weekly-seasonal model, spread over the day.

Why this shape (top-down): a contact center's day total is steady and well modelled by
a weekly-seasonal model, while the share of each interval in the day is steadier still
for a given weekday. Rolling-origin backtests on the public North American bank series
(benchmarks/forecast.py, docs/wfm.md) put this ahead of a multi-seasonal MSTL fitted on
the intervals themselves and of the seasonal naive, and AutoARIMA ahead of AutoETS,
Theta, CES and MSTL as the model of day totals. It also makes calendars simple: a
holiday, a special day or a closed day acts on a day total, never on a lone interval.

The steps:

1. Each day of history is *normal* (contacts came, no holiday, no special day, its
   weekday open), a holiday, a special day, or missing. A weekday with no contacts on
   any ordinary day of the last eight weeks is a *closed* weekday (Friday, Saturday...).
2. The day totals of the open weekdays, abnormal days replaced by the mean of the
   nearest normal days of the same weekday, are the series the daily model learns; a
   season is the week's open days.
3. The daily model (statsforecast AutoARIMA; AutoETS as the alternative the backtest
   scores) forecasts the open days with a prediction interval.
4. A future holiday gets the ratio its name had to the baseline in history; a holiday
   never seen gets the ratio of the holidays seen, and with none seen at all the ratio
   of the week's quietest day to an average day: holidays behave like the weekend, so a
   center closed on Fridays is closed on holidays until its history says otherwise. A
   holiday with no contacts in history is therefore forecast closed. A special day gets
   the planner's lift on a normal day instead (on a holiday too: the planner knows
   better than the calendar); closed weekdays are zero.
5. Each day is spread over its intervals with the profile of its weekday (its last
   `profile_weeks` normal days). An interval's uncertainty adds the day total's (from
   the model's interval) and the day's own scatter of contacts over intervals, whose
   variance is measured in history as a multiple of the interval's volume.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import NormalDist
from typing import Any

import numpy as np
import polars as pl

from tamas.wfm.forecast.calendar import DayCalendar, SpecialDay
from tamas.wfm.forecast.history import (
    ForecastInputError,
    Frequency,
    VolumeGrid,
    consecutive_days,
    grid_frame,
    volume_grid,
)


def _auto_arima(season: int) -> Any:
    # statsforecast (with statsmodels) takes a second to import: only when a model is fitted,
    # not for every `tamas` command.
    from statsforecast.models import AutoARIMA  # noqa: PLC0415

    return AutoARIMA(season_length=season)


def _auto_ets(season: int) -> Any:
    from statsforecast.models import AutoETS  # noqa: PLC0415

    return AutoETS(season_length=season)


DAILY_MODELS: dict[str, Callable[[int], Any]] = {"auto_arima": _auto_arima, "auto_ets": _auto_ets}
"""Models of the open days' totals, by name; the argument is the open days per week."""

DEFAULT_DAILY_MODEL = "auto_arima"
MIN_HISTORY_DAYS = 14
"""Two weeks: the least history in which a weekly season is seen twice."""
CLOSED_LOOKBACK_DAYS = 56
"""A weekday with no contacts on its ordinary days of the last eight weeks is closed."""
NEIGHBOURS = 4
"""How many normal days of the same weekday stand in for an abnormal or missing day."""


@dataclass(frozen=True, slots=True)
class ForecastOptions:
    horizon_days: int
    level: float = 80.0
    """Prediction interval coverage in per cent (yhat_lo and yhat_hi)."""
    countries: tuple[str, ...] = ()
    special_days: tuple[SpecialDay, ...] = ()
    daily_model: str = DEFAULT_DAILY_MODEL
    profile_weeks: int = 8

    def __post_init__(self) -> None:
        if self.horizon_days <= 0:
            raise ForecastInputError(
                f"the horizon must be at least one day, got {self.horizon_days}"
            )
        if not 0 < self.level < 100:
            raise ForecastInputError(f"the level is a percentage below 100, got {self.level:g}")
        if self.daily_model not in DAILY_MODELS:
            raise ForecastInputError(f"unknown daily model {self.daily_model!r}")
        if self.profile_weeks < 1:
            raise ForecastInputError("profile_weeks must be at least 1")


@dataclass(frozen=True, slots=True)
class VolumeForecast:
    """Contacts per day × interval from `first_day` on, with the prediction interval."""

    first_day: date
    freq: Frequency
    yhat: np.ndarray
    yhat_lo: np.ndarray
    yhat_hi: np.ndarray
    notes: tuple[str, ...]
    """Per day: its holidays, special days and whether it is closed, for people."""

    @property
    def days(self) -> list[date]:
        return consecutive_days(self.first_day, self.yhat.shape[0])

    def frame(self) -> pl.DataFrame:
        """Rows `ds, yhat, yhat_lo, yhat_hi, note`, one per interval (per day for `D`)."""
        slots = self.freq.slots_per_day
        frame = grid_frame(
            self.days,
            {"yhat": self.yhat, "yhat_lo": self.yhat_lo, "yhat_hi": self.yhat_hi},
            self.freq,
        )
        return frame.with_columns(pl.Series("note", [n for n in self.notes for _ in range(slots)]))


@dataclass(frozen=True, slots=True)
class _History:
    """The history's days sorted into kinds, with the baseline each day stands for."""

    grid: VolumeGrid
    calendar: DayCalendar
    normal: np.ndarray
    open_weekdays: frozenset[int]
    baseline: np.ndarray

    @property
    def is_open(self) -> np.ndarray:
        return np.isin(self.grid.weekdays, list(self.open_weekdays))


def _classify(grid: VolumeGrid, calendar: DayCalendar) -> _History:
    days = grid.days
    totals = grid.totals
    weekdays = grid.weekdays
    ordinary = np.array([not calendar.holiday(d) and not calendar.specials(d) for d in days])
    busy = np.nan_to_num(totals) > 0
    recent = np.arange(grid.n_days) >= grid.n_days - CLOSED_LOOKBACK_DAYS
    open_weekdays = frozenset(int(w) for w in np.unique(weekdays[busy & ordinary & recent]))
    normal = busy & ordinary & np.isin(weekdays, list(open_weekdays))
    if not normal.any():
        raise ForecastInputError("the history has no ordinary day with contacts")
    baseline = np.where(normal, totals, np.nan)
    normal_days = np.flatnonzero(normal)
    for day in np.flatnonzero(~normal):
        same = normal_days[weekdays[normal_days] == weekdays[day]]
        pool = same if same.size else normal_days
        nearest = pool[np.argsort(np.abs(pool - day), kind="stable")[:NEIGHBOURS]]
        baseline[day] = totals[nearest].mean()
    return _History(grid, calendar, normal, open_weekdays, baseline)


def _holiday_ratio(history: _History) -> Callable[[list[str]], float]:
    """The share of a normal day's volume that a holiday with these names gets (step 4)."""
    grid, calendar = history.grid, history.calendar
    by_name: dict[str, list[float]] = {}
    seen: list[float] = []
    for day in np.flatnonzero(history.is_open):
        names = calendar.holiday(grid.first_day + timedelta(days=int(day)))
        if not names or calendar.specials(grid.first_day + timedelta(days=int(day))):
            continue
        ratio = float(np.nan_to_num(grid.totals[day]) / history.baseline[day])
        seen.append(ratio)
        for name in names:
            by_name.setdefault(name, []).append(ratio)
    if seen:
        fallback = float(np.median(seen))
    else:
        weekday_means = np.zeros(7)
        for weekday in history.open_weekdays:
            weekday_means[weekday] = grid.totals[history.normal & (grid.weekdays == weekday)].mean()
        fallback = float(weekday_means.min() / weekday_means[list(history.open_weekdays)].mean())

    def ratio(names: list[str]) -> float:
        known = [float(np.mean(by_name[name])) for name in names if name in by_name]
        return min(known) if known else fallback

    return ratio


def _daily_forecast(
    history: _History, n_open: int, options: ForecastOptions
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean, low and high day totals for the next `n_open` open days (steps 2 and 3)."""
    series = history.baseline[history.is_open]
    season = max(1, len(history.open_weekdays))
    model = DAILY_MODELS[options.daily_model](season if season > 1 else 1)
    # Short or flat histories make the library divide by a zero variance on the way to a
    # valid forecast; that is not the planner's concern.
    with np.errstate(divide="ignore", invalid="ignore"):
        result = model.forecast(y=series, h=n_open, level=[options.level])
    low = next(key for key in result if key.startswith("lo-"))
    high = next(key for key in result if key.startswith("hi-"))
    return (
        np.asarray(result["mean"], dtype=float),
        np.asarray(result[low], dtype=float),
        np.asarray(result[high], dtype=float),
    )


def _profiles(history: _History, profile_weeks: int) -> tuple[np.ndarray, float]:
    """Each weekday's share of the day per interval, and the intervals' dispersion (step 5)."""
    grid = history.grid
    volumes = grid.volumes
    normal_days = np.flatnonzero(history.normal)
    recent = normal_days[-profile_weeks * max(1, len(history.open_weekdays)) :]
    pooled = volumes[recent].sum(axis=0) / volumes[recent].sum()
    profiles = np.tile(pooled, (7, 1))
    used = []
    for weekday in history.open_weekdays:
        days = normal_days[grid.weekdays[normal_days] == weekday][-profile_weeks:]
        profiles[weekday] = volumes[days].sum(axis=0) / volumes[days].sum()
        used.append(days)
    days = np.concatenate(used)
    expected = volumes[days].sum(axis=1, keepdims=True) * profiles[grid.weekdays[days]]
    residual = volumes[days] - expected
    dispersion = float((residual**2).sum() / expected.sum()) if expected.sum() > 0 else 0.0
    return profiles, dispersion


def forecast_grid(grid: VolumeGrid, options: ForecastOptions) -> VolumeForecast:
    """The forecast of the `options.horizon_days` days after the history's last day."""
    if grid.n_days < MIN_HISTORY_DAYS:
        raise ForecastInputError(
            f"the history covers {grid.n_days} days; at least {MIN_HISTORY_DAYS} are needed"
        )
    first = grid.last_day + timedelta(days=1)
    future = consecutive_days(first, options.horizon_days)
    calendar = DayCalendar.build(
        options.countries, options.special_days, grid.first_day, future[-1]
    )
    history = _classify(grid, calendar)
    future_weekdays = np.array([day.weekday() for day in future])
    open_future = np.isin(future_weekdays, list(history.open_weekdays))
    mean, low, high = (np.zeros(len(future)) for _ in range(3))
    if open_future.any():
        mean[open_future], low[open_future], high[open_future] = _daily_forecast(
            history, int(open_future.sum()), options
        )
    holiday_ratio = _holiday_ratio(history)
    factor = np.array(
        [
            calendar.lift(day)
            if calendar.specials(day)
            else (holiday_ratio(calendar.holiday(day)) if calendar.holiday(day) else 1.0)
            for day in future
        ]
    )
    factor[~open_future] = 0.0
    mean, low, high = mean * factor, low * factor, high * factor
    profiles, dispersion = _profiles(history, options.profile_weeks)
    shares = profiles[future_weekdays]
    yhat = np.clip(mean, 0, None)[:, None] * shares
    z = NormalDist().inv_cdf(0.5 + options.level / 200)
    day_sigma = (high - low)[:, None] / (2 * z)
    spread = z * np.sqrt(shares**2 * day_sigma**2 + dispersion * yhat)
    notes = tuple(
        "; ".join(filter(None, ["closed" if f == 0 else "", calendar.note(day)]))
        for day, f in zip(future, factor, strict=True)
    )
    return VolumeForecast(
        first, grid.freq, yhat, np.clip(yhat - spread, 0, None), yhat + spread, notes
    )


def forecast_volume(
    history: pl.DataFrame, freq: Frequency, options: ForecastOptions
) -> pl.DataFrame:
    """Rows `ds, yhat, yhat_lo, yhat_hi, note` for the days after a `ds,y` history."""
    return forecast_grid(volume_grid(history, freq), options).frame()
