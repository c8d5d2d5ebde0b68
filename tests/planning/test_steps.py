"""The chain's steps on a seeded history: the forecast of a past week comes with the
actual volume to compare, and the schedule is dealt to people one shift a day."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tamas.planning.steps import (
    ForecastRequest,
    PlanningError,
    StaffingRequest,
    forecast_step,
    positions,
    requirements,
    staffing_step,
)
from tamas.wfm import Target
from tamas.wfm.schedule import PlannedShift, Schedule
from tests.planning.history import QUEUE, TZ, history_events

LAST = date(2026, 11, 21)


@pytest.fixture(scope="module")
def events():
    return history_events(LAST, 28)


def _request(**fields) -> ForecastRequest:
    base = {
        "freq": "60min",
        "horizon_days": 7,
        "level": 80.0,
        "countries": (),
        "special_days": (),
        "history_until": LAST - timedelta(days=7),
        "backtest_windows": 1,
    }
    return ForecastRequest(**(base | fields))


def test_a_forecast_of_a_past_week_comes_with_what_really_came(events) -> None:
    steps: list[str] = []
    result = forecast_step(events, TZ, _request(), lambda step, done: steps.append(step))
    assert steps == ["history", "forecast", "backtest", "done"]
    forecast_hours = {row["ds"] for row in result["forecast"]}
    actual_hours = {row["ds"] for row in result["actual"]}
    assert len(forecast_hours) == 7 * 24
    assert len(forecast_hours & actual_hours) == 6 * 24, "the six open days of the week"
    forecast = sum(row["yhat"] for row in result["forecast"])
    actual = sum(row["y"] for row in result["actual"] if row["ds"] in forecast_hours)
    assert forecast == pytest.approx(actual, rel=0.2)
    assert result["backtest"]["windows"] == 1


def test_other_queues_have_no_history(events) -> None:
    with pytest.raises(PlanningError) as error:
        forecast_step(events, TZ, _request(queues=("billing",)), lambda step, done: None)
    assert error.value.code == "no_history"
    with pytest.raises(PlanningError) as error:
        forecast_step(
            events,
            TZ,
            _request(queues=(QUEUE,), history_until=LAST - timedelta(days=20)),
            lambda s, d: None,
        )
    assert error.value.values == {"days": 8, "need": 14}


def test_staffing_follows_the_calls() -> None:
    ds = [datetime(2026, 11, 23, 8) + timedelta(minutes=30 * i) for i in range(3)]
    target = Target(service_level=0.8, threshold_s=20, max_occupancy=0.85)
    result = staffing_step(StaffingRequest(ds, [0, 10, 100], 30, 180, target, 0.5, None))
    agents = [row["agents"] for row in result["rows"]]
    assert agents[0] == 0 < agents[1] < agents[2]
    assert result["rows"][2]["agents_scheduled"] == pytest.approx(agents[2] / 0.5, abs=1)
    assert result["rows"][0]["ds"] == "2026-11-23T08:00"


def test_requirements_must_be_a_regular_grid() -> None:
    start = datetime(2026, 11, 23, 8)
    need = requirements([start, start + timedelta(minutes=30)], [1, 2], 30)
    assert need.agents == (1, 2)
    with pytest.raises(PlanningError):
        requirements([], [], 30)


shifts = st.lists(
    st.builds(
        lambda day, hour, count: PlannedShift(
            "t",
            date(2026, 11, 21) + timedelta(days=day),
            datetime(2026, 11, 21, hour) + timedelta(days=day),
            datetime(2026, 11, 21, hour + 8) + timedelta(days=day),
            (),
            count,
        ),
        st.integers(0, 6),
        st.integers(0, 15),
        st.integers(1, 4),
    ),
    max_size=20,
)


@settings(max_examples=50, deadline=None)
@given(shifts)
def test_each_person_works_at_most_one_shift_a_day(planned: list[PlannedShift]) -> None:
    people = positions(Schedule(tuple(planned), (), (), 0.0))
    assert sum(len(person["shifts"]) for person in people) == sum(s.count for s in planned)
    for person in people:
        days = Counter(shift["start"][:10] for shift in person["shifts"])
        assert max(days.values()) == 1
    busiest = max(Counter(s.day for s in planned for _ in range(s.count)).values(), default=0)
    assert len(people) == busiest


def test_a_history_that_ended_long_ago_counts_its_own_days() -> None:
    short = history_events(LAST, 10)
    with pytest.raises(PlanningError) as error:
        forecast_step(
            short, TZ, _request(history_until=LAST + timedelta(days=30)), lambda s, d: None
        )
    assert error.value.values == {"days": 10, "need": 14}
