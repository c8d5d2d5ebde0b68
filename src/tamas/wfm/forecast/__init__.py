"""Contact volume forecasting: per day or per interval, with holidays, special days and
prediction intervals, and a backtest that tells a planner how far to trust it."""

from tamas.wfm.forecast.backtest import BacktestReport, Score, backtest, seasonal_naive, wape
from tamas.wfm.forecast.calendar import DayCalendar, SpecialDay, check_countries, parse_lift
from tamas.wfm.forecast.history import (
    ForecastInputError,
    Frequency,
    VolumeGrid,
    history_from_events,
    parse_frequency,
    volume_grid,
)
from tamas.wfm.forecast.model import (
    DAILY_MODELS,
    ForecastOptions,
    VolumeForecast,
    forecast_grid,
    forecast_volume,
)

__all__ = [
    "DAILY_MODELS",
    "BacktestReport",
    "DayCalendar",
    "ForecastInputError",
    "ForecastOptions",
    "Frequency",
    "Score",
    "SpecialDay",
    "VolumeForecast",
    "VolumeGrid",
    "backtest",
    "check_countries",
    "forecast_grid",
    "forecast_volume",
    "history_from_events",
    "parse_frequency",
    "parse_lift",
    "seasonal_naive",
    "volume_grid",
    "wape",
]
