from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import numpy as np
import polars as pl
import pytest

from tamas.events import Event, EventType, events_to_frame
from tamas.wfm.forecast import (
    ForecastInputError,
    ForecastOptions,
    Frequency,
    SpecialDay,
    forecast_grid,
    forecast_volume,
    history_from_events,
    parse_frequency,
    parse_lift,
    volume_grid,
)
from tests.wfm.forecast_data import (
    INTRADAY,
    WEEKLY,
    daily_history,
    daily_totals,
    hourly_history,
)

HOURLY = Frequency(60)
DAILY = Frequency(1440)
MONDAY = date(2025, 1, 6)


@pytest.fixture(scope="module")
def ten_weeks() -> pl.DataFrame:
    return hourly_history(MONDAY, 70)


def day_totals(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.group_by(pl.col("ds").dt.date().alias("day"), maintain_order=True).agg(
        pl.col("yhat", "yhat_lo", "yhat_hi").sum(), pl.col("note").first()
    )


def test_weekly_and_intraday_seasonality_are_recovered(ten_weeks: pl.DataFrame) -> None:
    forecast = forecast_volume(ten_weeks, HOURLY, ForecastOptions(horizon_days=14))
    assert forecast.height == 14 * 24
    assert forecast["ds"][0] == datetime(2025, 3, 17)
    for row in day_totals(forecast).iter_rows(named=True):
        expected = 1000 * WEEKLY[row["day"].weekday()]
        if expected == 0:
            assert row["yhat"] == row["yhat_hi"] == 0
            assert row["note"] == "closed"
        else:
            assert row["yhat"] == pytest.approx(expected, rel=0.05)
    monday = forecast.filter(pl.col("ds").dt.date() == date(2025, 3, 17))["yhat"].to_numpy()
    np.testing.assert_allclose(monday / monday.sum(), INTRADAY, atol=0.01)
    assert (monday[INTRADAY == 0] == 0).all()


def test_prediction_intervals_hold_the_forecast_and_widen_with_horizon(
    ten_weeks: pl.DataFrame,
) -> None:
    options = ForecastOptions(horizon_days=28, level=80)
    narrow = forecast_volume(ten_weeks, HOURLY, options)
    assert (narrow["yhat_lo"] <= narrow["yhat"]).all()
    assert (narrow["yhat"] <= narrow["yhat_hi"]).all()
    assert (narrow["yhat_lo"] >= 0).all()
    days = day_totals(narrow)
    width = (days["yhat_hi"] - days["yhat_lo"]).to_numpy()
    mondays = width[[0, 7, 14, 21]]
    assert (np.diff(mondays) > 0).all()
    wide = forecast_volume(ten_weeks, HOURLY, replace(options, level=95))
    assert ((wide["yhat_hi"] - wide["yhat_lo"]) >= (narrow["yhat_hi"] - narrow["yhat_lo"])).all()


def test_missing_days_and_empty_volumes_are_filled_not_fatal(ten_weeks: pl.DataFrame) -> None:
    gone = [date(2025, 2, 4), date(2025, 2, 19), date(2025, 3, 10)]
    gappy = ten_weeks.filter(~pl.col("ds").dt.date().is_in(gone)).with_columns(
        pl.when(pl.col("ds").dt.date() == date(2025, 3, 4)).then(None).otherwise("y").alias("y")
    )
    grid = volume_grid(gappy, HOURLY)
    assert not grid.observed[[29, 44, 57, 63]].any()
    assert grid.observed.sum() == 70 - 4
    full = day_totals(forecast_volume(ten_weeks, HOURLY, ForecastOptions(horizon_days=7)))
    filled = day_totals(forecast_volume(gappy, HOURLY, ForecastOptions(horizon_days=7)))
    np.testing.assert_allclose(filled["yhat"], full["yhat"], rtol=0.05)


def test_a_weekday_without_rows_is_a_closed_day() -> None:
    weekdays_only = daily_history(
        [(day, 500.0 + day.weekday()) for day, _ in daily_totals(MONDAY, 42) if day.weekday() < 5]
    )
    forecast = forecast_volume(weekdays_only, DAILY, ForecastOptions(horizon_days=7))
    assert forecast["ds"][0] == date(2025, 2, 15)  # the Saturday after the last row
    assert forecast["yhat"].to_list()[:2] == [0, 0]
    assert forecast["note"].to_list()[:2] == ["closed", "closed"]
    assert forecast["yhat"].to_numpy()[2:] == pytest.approx(500 + np.arange(5), rel=0.02)


def nowruz_options(**changes) -> ForecastOptions:
    return ForecastOptions(horizon_days=14, countries=("IR",), **changes)


def test_a_holiday_never_seen_behaves_like_the_closed_weekly_day() -> None:
    # 15 Feb to 18 Mar 2025 holds no Iranian holiday; the center is closed on Fridays.
    history = daily_history(daily_totals(date(2025, 2, 15), 32))
    forecast = forecast_volume(history, DAILY, nowruz_options())
    by_day = dict(zip(forecast["ds"], forecast["yhat"], strict=True))
    for day in (date(2025, 3, 19), date(2025, 3, 22), date(2025, 3, 23), date(2025, 3, 24)):
        assert by_day[day] == 0
    assert by_day[date(2025, 3, 25)] == pytest.approx(1100, rel=0.05)
    note = forecast.filter(pl.col("ds") == date(2025, 3, 23))["note"].item()
    assert note == "closed; Nowruz Holiday"


def test_a_center_open_every_day_gets_its_quietest_day_on_an_unseen_holiday() -> None:
    weekly = {**WEEKLY, 4: 0.5}
    history = daily_history(daily_totals(date(2025, 2, 15), 32, weekly=weekly))
    forecast = forecast_volume(history, DAILY, nowruz_options())
    by_day = dict(zip(forecast["ds"], forecast["yhat"], strict=True))
    quiet = 0.5 / np.mean(list(weekly.values()))
    assert by_day[date(2025, 3, 23)] == pytest.approx(1000 * weekly[6] * quiet, rel=0.05)


def test_nowruz_is_forecast_as_low_as_it_was_last_year() -> None:
    """A year of history in which Nowruz ran at a fifth of normal and other holidays were
    ordinary days: this Nowruz is a fifth of normal, its eve an ordinary day."""
    rows = daily_totals(date(2024, 3, 1), 381)
    history = daily_history(
        [(day, y * 0.2 if date(2024, 3, 20) <= day <= date(2024, 3, 23) else y) for day, y in rows]
    )
    forecast = forecast_volume(history, DAILY, nowruz_options())
    by_day = dict(zip(forecast["ds"], forecast["yhat"], strict=True))
    for day in (date(2025, 3, 22), date(2025, 3, 23), date(2025, 3, 24)):
        assert by_day[day] == pytest.approx(0.2 * 1000 * WEEKLY[day.weekday()], rel=0.1)
    assert by_day[date(2025, 3, 20)] == pytest.approx(1000 * WEEKLY[3], rel=0.05)


def test_holidays_closed_in_history_are_forecast_closed() -> None:
    rows = daily_totals(date(2025, 1, 6), 70)
    closed = {date(2025, 1, 14), date(2025, 1, 28), date(2025, 2, 10)}
    history = daily_history([(day, y) for day, y in rows if day not in closed])
    forecast = forecast_volume(history, DAILY, ForecastOptions(horizon_days=7, countries=("IR",)))
    oil_day = forecast.filter(pl.col("ds") == date(2025, 3, 19))
    assert oil_day["yhat"].item() == 0
    assert oil_day["note"].item() == "closed; Iranian Oil Industry Nationalization Day"


def test_special_days_lift_the_forecast_and_overrule_holidays() -> None:
    history = daily_history(daily_totals(date(2025, 2, 15), 32))  # ends 18 March
    eve = SpecialDay(date(2025, 3, 19), date(2025, 3, 20), "New year sale", 1.5)
    outage = SpecialDay(date(2025, 3, 25), date(2025, 3, 25), "Outage", 0.0)
    launch = SpecialDay(date(2025, 3, 26), date(2025, 3, 26), "Launch", 2.0)
    plain = forecast_volume(history, DAILY, nowruz_options())
    lifted = forecast_volume(history, DAILY, nowruz_options(special_days=(eve, outage, launch)))
    assert lifted["yhat"][7] == pytest.approx(2 * plain["yhat"][7])
    assert lifted["yhat"][6] == 0
    assert plain["yhat"][6] > 0
    assert lifted["yhat"][8] == pytest.approx(plain["yhat"][8])
    # 19 and 20 March are holidays, closed like Fridays by default; the planner knows better.
    assert plain["yhat"][:2].to_list() == [0, 0]
    assert lifted["yhat"][0] == pytest.approx(1.5 * 1000 * WEEKLY[2], rel=0.05)
    assert lifted["note"][0] == "Iranian Oil Industry Nationalization Day; New year sale ×1.5"
    assert lifted["note"][6] == "closed; Outage ×0"


def test_history_is_counted_from_queued_events_in_local_intervals() -> None:
    def queued(ts: datetime, queue: str, kind: EventType = EventType.CONTACT_QUEUED) -> Event:
        return Event(event_id=f"{ts}{queue}{kind}", ts=ts, type=kind, source="t", queue=queue)

    start = datetime(2025, 1, 1, 20, 35, tzinfo=UTC)  # 00:05 on 2 January in Tehran
    events = events_to_frame(
        [
            queued(start, "sales"),
            queued(start + timedelta(minutes=20), "sales"),
            queued(start + timedelta(minutes=30), "sales"),
            queued(start + timedelta(minutes=5), "support"),
            queued(start, "sales", EventType.CONTACT_ANSWERED),
        ]
    )
    history = history_from_events(events, "Asia/Tehran", ["sales"])
    grid = volume_grid(history, Frequency(30))
    assert grid.first_day == date(2025, 1, 2)
    assert grid.volumes[0, :2].tolist() == [2.0, 1.0]
    assert grid.volumes.sum() == 3
    assert volume_grid(history_from_events(events, "UTC"), DAILY).volumes.tolist() == [[4.0]]
    with pytest.raises(ForecastInputError, match=r"no contact\.queued events for queue billing"):
        history_from_events(events, "UTC", ["billing"])


def test_finer_history_is_summed_and_coarser_refused(ten_weeks: pl.DataFrame) -> None:
    daily = volume_grid(ten_weeks, DAILY)
    assert daily.volumes.shape == (70, 1)
    assert daily.volumes[:, 0] == pytest.approx(volume_grid(ten_weeks, HOURLY).totals)
    with pytest.raises(ForecastInputError, match="one row a day"):
        volume_grid(daily_history(daily_totals(MONDAY, 20)), Frequency(30))
    with pytest.raises(ForecastInputError, match="negative"):
        volume_grid(daily_history([(MONDAY, -1.0)]), DAILY)


def test_too_short_a_history_is_refused() -> None:
    with pytest.raises(ForecastInputError, match="at least 14"):
        forecast_grid(
            volume_grid(daily_history(daily_totals(MONDAY, 10)), DAILY),
            ForecastOptions(horizon_days=3),
        )


@pytest.mark.parametrize(
    ("text", "minutes"), [("D", 1440), ("30min", 30), ("15min", 15), ("1h", 60), ("60min", 60)]
)
def test_frequencies(text: str, minutes: int) -> None:
    assert parse_frequency(text).minutes == minutes


@pytest.mark.parametrize("text", ["7min", "2D", "weekly", "0min"])
def test_frequencies_that_do_not_divide_a_day_are_refused(text: str) -> None:
    with pytest.raises(ForecastInputError):
        parse_frequency(text)


@pytest.mark.parametrize(
    ("text", "lift"), [("1.5", 1.5), ("1.5x", 1.5), ("+50%", 1.5), ("-30%", 0.7), ("0", 0.0)]
)
def test_lifts(text: str, lift: float) -> None:
    assert parse_lift(text) == pytest.approx(lift)


@pytest.mark.parametrize("text", ["50%", "-2", "lots", "-150%"])
def test_bad_lifts_are_refused(text: str) -> None:
    with pytest.raises(ForecastInputError):
        parse_lift(text)


def test_options_are_checked() -> None:
    with pytest.raises(ForecastInputError, match="horizon"):
        ForecastOptions(horizon_days=0)
    with pytest.raises(ForecastInputError, match="level"):
        ForecastOptions(horizon_days=1, level=100)
