"""The what-if simulates exactly the plan's agents and calls, changed as asked."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tamas.planning.steps import PlanningError
from tamas.planning.whatif import WhatIf, scenario, shift_layers, what_if_step
from tamas.sim.scenario import ShiftSpec
from tamas.sim.shifts import Move, shift_steps

TZ = "Asia/Tehran"
DAY = date(2026, 11, 23)


def _on_duty(agents: tuple[int, ...], interval: int) -> list[int]:
    """Agents logged in at the middle of each interval, from the simulator's own moves."""
    start = datetime.combine(DAY, time(), ZoneInfo(TZ)).timestamp()
    end = start + len(agents) * interval * 60
    counts = [0] * len(agents)
    for count, shifts in shift_layers(agents, interval):
        steps = shift_steps([ShiftSpec.model_validate(s) for s in shifts], TZ, start, end)
        for i in range(len(agents)):
            middle = start + (i + 0.5) * interval * 60
            logged = [s for s in steps if s.at <= middle]
            if logged and logged[-1].move is Move.LOGIN:
                counts[i] += count
    return counts


@settings(deadline=None)
@given(st.lists(st.integers(0, 6), min_size=1, max_size=48))
def test_the_layers_put_the_plans_agents_in_every_interval(agents: list[int]) -> None:
    assert _on_duty(tuple(agents), 30) == agents


def _quiet(step: str, done: float) -> None:
    """Progress nobody watches."""


def _day(**change) -> WhatIf:
    calls = tuple([0.0] * 16 + [40.0] * 16 + [0.0] * 16)
    agents = tuple([0] * 16 + [5] * 16 + [0] * 16)
    return WhatIf(DAY, 30, calls, agents, 180.0, 120.0, 20, TZ, replications=4, **change)


def test_the_scenario_carries_the_change() -> None:
    center = scenario(_day(calls_pct=50, aht_pct=10, agents_delta=2))
    queue = center.queue[0]
    assert queue.arrival_rate_per_hour == pytest.approx(120)
    assert queue.profile[16] == 1 and queue.profile[0] == 0
    assert queue.service.mean() == pytest.approx(198)
    assert sum(group.count for group in center.agents) == 7


def test_more_agents_serve_better_and_the_figures_have_intervals() -> None:
    short = what_if_step(_day(agents_delta=-1), _quiet, lambda: True)["totals"]
    long = what_if_step(_day(agents_delta=3), _quiet, lambda: True)["totals"]
    assert short["service_level"]["value"] < long["service_level"]["value"]
    assert short["abandon_rate"]["value"] > long["abandon_rate"]["value"]
    assert short["service_level"]["half_width"] > 0
    assert short["offered"]["value"] == pytest.approx(640, rel=0.15)


def test_a_day_without_calls_or_time_is_said_plainly() -> None:
    empty = WhatIf(DAY, 30, (0.0,) * 48, (1,) * 48, 180.0, None, 20, TZ)
    with pytest.raises(PlanningError, match="no calls on 2026-11-23"):
        scenario(empty)
    with pytest.raises(PlanningError) as stopped:
        what_if_step(_day(), _quiet, lambda: False)
    assert stopped.value.code == "too_slow"
