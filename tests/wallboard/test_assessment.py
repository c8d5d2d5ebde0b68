"""Figures against targets: what is missed, what is at risk, and the Erlang C
projection the risk is judged by."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tamas.errors import InputError
from tamas.wallboard import DEFAULTS, QueueFigures, Status, Targets, assess
from tamas.wallboard import projected_service_level as projected
from tamas.wfm import Traffic, performance

FINE = QueueFigures(
    service_level=0.85,
    abandon_rate=0.02,
    asa_s=12.0,
    aht_s=200.0,
    longest_wait_s=8.0,
    projected_service_level=0.9,
)


def test_a_queue_on_every_target_raises_no_alert() -> None:
    statuses, alerts = assess(FINE, DEFAULTS)
    assert set(statuses.values()) == {Status.ON_TARGET}
    assert alerts == []


def test_each_figure_over_its_ceiling_is_missed_with_an_alert() -> None:
    bad = QueueFigures(
        service_level=0.7,
        abandon_rate=0.08,
        asa_s=45.0,
        aht_s=320.0,
        longest_wait_s=75.0,
        projected_service_level=0.9,
    )
    statuses, alerts = assess(bad, DEFAULTS)
    assert statuses["projected_service_level"] is Status.ON_TARGET
    assert {(a.figure, a.status, a.value, a.target) for a in alerts} == {
        ("service_level", Status.MISSED, 0.7, 0.8),
        ("abandon_rate", Status.MISSED, 0.08, 0.05),
        ("asa_s", Status.MISSED, 45.0, 30.0),
        ("aht_s", Status.MISSED, 320.0, 300.0),
        ("longest_wait_s", Status.MISSED, 75.0, 60.0),
    }


def test_a_projection_under_target_puts_the_service_level_at_risk() -> None:
    risky = QueueFigures(**{**vars(FINE), "projected_service_level": 0.6})
    statuses, alerts = assess(risky, DEFAULTS)
    assert statuses["service_level"] is Status.ON_TARGET
    assert statuses["projected_service_level"] is Status.AT_RISK
    assert [(a.figure, a.status, a.value) for a in alerts] == [
        ("projected_service_level", Status.AT_RISK, 0.6)
    ]


def test_before_the_first_contact_nothing_is_measured_and_nobody_waits() -> None:
    empty = QueueFigures(None, None, None, None, None, None)
    statuses, alerts = assess(empty, DEFAULTS)
    assert statuses.pop("longest_wait_s") is Status.ON_TARGET
    assert set(statuses.values()) == {Status.NO_DATA}
    assert alerts == []


def test_the_targets_exactly_met_are_on_target() -> None:
    edge = QueueFigures(0.8, 0.05, 30.0, 300.0, 60.0, 0.8)
    assert set(assess(edge, DEFAULTS)[0].values()) == {Status.ON_TARGET}


@pytest.mark.parametrize(
    ("field", "value"),
    [("service_level", 1.5), ("abandon_rate", -0.1), ("max_wait_s", 0), ("aht_s", 100_000)],
)
def test_targets_out_of_range_are_refused_naming_the_field(field: str, value: float) -> None:
    with pytest.raises(InputError) as refused:
        Targets(**{field: value})
    assert refused.value.field == field


def test_the_projection_is_erlang_cs_service_level() -> None:
    # 100 calls of 180 s in 30 minutes to 14 agents: 88.8 % within 20 s (docs/wfm.md)
    assert projected(100, 180.0, 14, 1800.0, 20) == pytest.approx(0.888, abs=0.001)
    traffic = Traffic([60], aht_s=240.0, interval_s=1800.0)
    expected = float(performance([10], traffic, threshold_s=30).service_level[0])
    assert projected(60, 240.0, 10, 1800.0, 30) == expected


def test_nothing_is_projected_without_calls_or_without_an_aht() -> None:
    assert projected(0, 180.0, 5, 1800.0, 20) is None
    assert projected(30, None, 5, 1800.0, 20) is None


def test_calls_nobody_can_take_are_all_late() -> None:
    assert projected(10, 180.0, 0, 1800.0, 20) == 0.0


@given(
    calls=st.integers(1, 500),
    aht_s=st.floats(10.0, 900.0),
    agents=st.integers(0, 60),
    threshold_s=st.integers(1, 120),
)
def test_one_more_agent_never_projects_a_lower_service_level(
    calls: int, aht_s: float, agents: int, threshold_s: int
) -> None:
    fewer = projected(calls, aht_s, agents, 1800.0, threshold_s)
    more = projected(calls, aht_s, agents + 1, 1800.0, threshold_s)
    assert fewer is not None and more is not None
    assert 0.0 <= fewer <= more + 1e-12 <= 1.0 + 1e-12
