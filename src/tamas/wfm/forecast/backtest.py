"""Rolling-origin backtest: would the forecast have been right on this center's own past?

The history is cut at several origins, one horizon apart and ending at its last day; at
each origin every model forecasts the next `horizon_days` from what was known then, and
is scored on the days that really came (missing days are not scored). A planner trusts
the forecast when Tamas's model beats the seasonal naive (same interval, same weekday,
last week seen), which needs no model at all.

Scores, at the forecast's own frequency:

- WAPE: the sum of absolute errors over the sum of actual volumes, all windows pooled.
- MASE: per window, the mean absolute error over the mean absolute change from one week
  to the next in that window's training history (the in-sample error of a weekly
  seasonal naive); the mean over windows. Below 1 beats that naive.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import date

import numpy as np

from tamas.wfm.forecast.history import ForecastInputError, VolumeGrid
from tamas.wfm.forecast.model import MIN_HISTORY_DAYS, ForecastOptions, forecast_grid

WEEK = 7


def wape(actual: np.ndarray, forecast: np.ndarray) -> float | None:
    """Weighted absolute percentage error (as a fraction); None when nothing came."""
    volume = float(np.abs(actual).sum())
    return float(np.abs(actual - forecast).sum()) / volume if volume > 0 else None


def weekly_naive_scale(train: np.ndarray) -> float | None:
    """Mean absolute change from a day's interval to the same interval a week later,
    over the training days (rows) where both are known; None when there is none."""
    change = np.abs(train[WEEK:] - train[:-WEEK])
    change = change[~np.isnan(change)]
    return float(change.mean()) if change.size and change.mean() > 0 else None


def seasonal_naive(train: VolumeGrid, horizon_days: int) -> np.ndarray:
    """Each future day is the last day seen in training with the same weekday (zero when
    that weekday was never seen)."""
    weekdays = train.weekdays
    seen = train.observed
    rows = []
    for offset in range(1, horizon_days + 1):
        weekday = (int(weekdays[-1]) + offset) % WEEK
        same = np.flatnonzero(seen & (weekdays == weekday))
        rows.append(train.volumes[same[-1]] if same.size else np.zeros(train.freq.slots_per_day))
    return np.array(rows)


@dataclass(frozen=True, slots=True)
class Score:
    wape: float | None
    mase: float | None


@dataclass(frozen=True, slots=True)
class BacktestReport:
    daily_model: str
    """The model of day totals inside Tamas's forecast (`tamas` below)."""
    freq: str
    horizon_days: int
    windows: int
    origins: list[date]
    """The last day of history each window's forecast was made from."""
    points: int
    """How many (day, interval) actual values were scored, over all windows."""
    scores: dict[str, Score]
    """By model: `tamas` (the forecast itself), `seasonal_naive`, and `auto_ets` when
    Tamas's daily model is another."""

    @property
    def best(self) -> str | None:
        """The model with the lowest WAPE."""
        scored = {name: s.wape for name, s in self.scores.items() if s.wape is not None}
        return min(scored, key=scored.__getitem__) if scored else None

    def as_dict(self) -> dict:
        report = asdict(self)
        report["origins"] = [origin.isoformat() for origin in self.origins]
        report["best"] = self.best
        return report


def _models(options: ForecastOptions) -> dict[str, Callable[[VolumeGrid], np.ndarray]]:
    models: dict[str, Callable[[VolumeGrid], np.ndarray]] = {
        "tamas": lambda train: forecast_grid(train, options).yhat
    }
    if options.daily_model != "auto_ets":
        ets = replace(options, daily_model="auto_ets")
        models["auto_ets"] = lambda train: forecast_grid(train, ets).yhat
    models["seasonal_naive"] = lambda train: seasonal_naive(train, options.horizon_days)
    return models


def backtest(grid: VolumeGrid, options: ForecastOptions, windows: int) -> BacktestReport:
    """Scores of each model over `windows` rolling origins (see the module's docstring)."""
    if windows < 1:
        raise ForecastInputError(f"the backtest needs at least one window, got {windows}")
    horizon = options.horizon_days
    first_origin = grid.n_days - windows * horizon
    if first_origin < MIN_HISTORY_DAYS:
        most = (grid.n_days - MIN_HISTORY_DAYS) // horizon
        raise ForecastInputError(
            f"the history covers {grid.n_days} days: too short for {windows} windows of "
            f"{horizon} days after {MIN_HISTORY_DAYS} days of training "
            f"(at most {max(most, 0)} windows)"
        )
    models = _models(options)
    forecasts: dict[str, list[np.ndarray]] = {name: [] for name in models}
    mases: dict[str, list[float]] = {name: [] for name in models}
    actuals, origins = [], []
    for origin in range(first_origin, grid.n_days, horizon):
        train = grid.head(origin)
        test = grid.window(origin, horizon)
        scored = ~np.isnan(test[:, 0])
        actual = test[scored]
        actuals.append(actual)
        origins.append(train.last_day)
        scale = weekly_naive_scale(train.volumes)
        for name, model in models.items():
            forecast = model(train)[scored]
            forecasts[name].append(forecast)
            if scale is not None and actual.size:
                mases[name].append(float(np.abs(actual - forecast).mean()) / scale)
    actual = np.concatenate(actuals)
    scores = {
        name: Score(
            wape=wape(actual, np.concatenate(forecasts[name])),
            mase=float(np.mean(mases[name])) if mases[name] else None,
        )
        for name in models
    }
    return BacktestReport(
        daily_model=options.daily_model,
        freq=grid.freq.label,
        horizon_days=horizon,
        windows=windows,
        origins=origins,
        points=int(actual.size),
        scores=scores,
    )
