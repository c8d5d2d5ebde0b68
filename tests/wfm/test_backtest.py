from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from tamas.wfm.forecast import (
    ForecastInputError,
    ForecastOptions,
    Frequency,
    VolumeGrid,
    backtest,
    seasonal_naive,
    wape,
)

MONDAY = date(2025, 1, 6)


def weeks(*levels: float) -> VolumeGrid:
    """A daily grid whose weeks are flat at the given levels."""
    return VolumeGrid(MONDAY, np.repeat(levels, 7).astype(float)[:, None], Frequency(1440))


def test_scores_on_a_hand_checked_series() -> None:
    """Weeks of 10, 12, 15 and 15 contacts a day; two windows of a week.

    Window 1 trains on weeks 10, 12 and forecasts 12 against 15: absolute error 3 a day,
    in-sample weekly change 2 a day, so MASE 1.5. Window 2 trains on 10, 12, 15 and
    forecasts 15 against 15: no error, MASE 0. WAPE pools both: 21 / 210 = 0.1.
    """
    report = backtest(weeks(10, 12, 15, 15), ForecastOptions(horizon_days=7), windows=2)
    naive = report.scores["seasonal_naive"]
    assert naive.wape == pytest.approx(0.1)
    assert naive.mase == pytest.approx((1.5 + 0.0) / 2)
    assert report.points == 14
    assert report.origins == [MONDAY + timedelta(days=13), MONDAY + timedelta(days=20)]
    assert set(report.scores) == {"tamas", "auto_ets", "seasonal_naive"}
    assert report.as_dict()["origins"] == ["2025-01-19", "2025-01-26"]


def test_missing_test_days_are_not_scored() -> None:
    grid = weeks(10, 12, 15, 15)
    grid.volumes[22] = np.nan
    report = backtest(grid, ForecastOptions(horizon_days=7), windows=1)
    assert report.points == 6
    assert report.scores["seasonal_naive"].wape == 0


def test_the_model_that_backtests_best_is_named() -> None:
    rng = np.random.default_rng(3)
    shape = np.array([1.3, 1.1, 1.0, 0.9, 0.0, 1.2, 1.2])
    days = np.tile(shape, 10) * 1000 + np.where(np.tile(shape, 10) > 0, rng.normal(0, 40, 70), 0)
    grid = VolumeGrid(MONDAY, days[:, None], Frequency(1440))
    report = backtest(grid, ForecastOptions(horizon_days=7), windows=3)
    scores = report.as_dict()["scores"]
    assert report.as_dict()["best"] == min(scores, key=lambda name: scores[name]["wape"])
    assert scores["tamas"]["wape"] < 0.05


def test_seasonal_naive_repeats_the_last_week_seen() -> None:
    grid = weeks(10, 12)
    grid.volumes[8] = np.nan  # last week's Tuesday is missing: the week before stands in
    forecast = seasonal_naive(grid, 9)[:, 0]
    assert forecast.tolist() == [12, 10, 12, 12, 12, 12, 12, 12, 10]


def test_wape_of_nothing_is_unknown() -> None:
    assert wape(np.zeros(3), np.ones(3)) is None
    assert wape(np.array([10.0, 10.0]), np.array([8.0, 13.0])) == pytest.approx(0.25)


def test_too_many_windows_for_the_history_are_refused() -> None:
    with pytest.raises(ForecastInputError, match="at most 2 windows"):
        backtest(weeks(10, 12, 15, 15), ForecastOptions(horizon_days=7), windows=3)
