"""Erlang C and A against published values, an independent birth-death solution,
50-digit arithmetic at scale, pyworkforce, and the properties staffing relies on."""

from __future__ import annotations

import doctest
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pyworkforce.queuing import ErlangC
from scipy import linalg

from tamas import wfm
from tamas.wfm import erlang
from tests.wfm.erlang_cases import ERLANG_A_CASES

HOUR = 3600.0


def test_docstring_examples_run() -> None:
    failures, tried = doctest.testmod(wfm.erlang)
    assert tried > 0
    assert failures == 0


# --- Erlang B and C: exact values and textbook tables -------------------------------


def exact_erlang_b(n: int, load: Fraction) -> Fraction:
    inverse = Fraction(1)
    for k in range(1, n + 1):
        inverse = 1 + inverse * k / load
    return 1 / inverse


@pytest.mark.parametrize(
    ("n", "load"), [(1, "1/2"), (3, "2"), (10, "10"), (25, "37/2"), (60, "55")]
)
def test_erlang_b_and_c_match_exact_rational_arithmetic(n: int, load: str) -> None:
    a = Fraction(load)
    b = exact_erlang_b(n, a)
    assert wfm.erlang_b(n, float(a))[0] == pytest.approx(float(b), rel=1e-12)
    if n > a:
        c = n * b / (n - a * (1 - b))
        assert wfm.erlang_c(n, float(a))[0] == pytest.approx(float(c), rel=1e-12)


def test_erlang_tables() -> None:
    # Erlang B table: 10 lines, 10 erlangs; Erlang C: 3 agents, 2 erlangs is 4/9.
    assert wfm.erlang_b(10, 10.0)[0] == pytest.approx(0.21458, abs=5e-6)
    assert wfm.erlang_c(3, 2.0)[0] == pytest.approx(4 / 9, rel=1e-14)


def test_classic_worked_example() -> None:
    # The much-reproduced Erlang C example: 0.2 calls/s, 240 s calls, 55 agents
    # -> P(wait) 0.2387, ASA 8.184 s, 84.59% answered within 15 s.
    traffic = wfm.Traffic([0.2 * HOUR], aht_s=240, interval_s=HOUR)
    result = wfm.performance([55], traffic, threshold_s=15)
    assert result.p_wait[0] == pytest.approx(0.2387, abs=5e-5)
    assert result.asa_s[0] == pytest.approx(8.184, abs=5e-4)
    assert result.service_level[0] == pytest.approx(0.8459, abs=5e-5)
    assert result.occupancy[0] == pytest.approx(48 / 55)


def test_pyworkforce_published_example() -> None:
    # pyworkforce's own test: 100 calls in 30 min, AHT 3 min, 0.33 min, 30% shrinkage.
    traffic = wfm.Traffic([100], aht_s=180, interval_s=1800)
    result = wfm.staff(traffic, wfm.Target(0.8, 0.33 * 60, 0.85), shrinkage=0.3)
    assert (result.agents[0], result.agents_scheduled[0]) == (14, 20)
    assert round(result.service_level[0], 3) == 0.888
    assert round(result.occupancy[0], 3) == 0.714
    assert round(result.p_wait[0], 3) == 0.174
    capped = wfm.staff(traffic, wfm.Target(0.8, 0.33 * 60, 0.7), shrinkage=0.3)
    assert (capped.agents[0], capped.agents_scheduled[0]) == (15, 22)


@settings(max_examples=60, deadline=None)
@given(
    calls=st.integers(1, 3000),
    aht=st.integers(30, 900),
    interval=st.sampled_from([15, 30, 60]),
    threshold=st.integers(5, 60),
    target_sl=st.sampled_from([0.7, 0.8, 0.9, 0.95]),
    max_occupancy=st.sampled_from([0.8, 0.85, 0.9, 1.0]),
)
def test_agrees_with_pyworkforce(
    calls: int, aht: int, interval: int, threshold: int, target_sl: float, max_occupancy: float
) -> None:
    peer = ErlangC(transactions=calls, aht=aht / 60, asa=threshold / 60, interval=interval)
    expected = peer.required_positions(service_level=target_sl, max_occupancy=max_occupancy)
    traffic = wfm.Traffic([calls], aht_s=aht, interval_s=interval * 60)
    ours = wfm.staff(traffic, wfm.Target(target_sl, threshold, max_occupancy))
    load = calls * aht / (interval * 60)
    # pyworkforce takes ceil(load / max_occupancy) in floating point, one too many when
    # load / max_occupancy is a whole number (e.g. 10.000000000000002): we take the
    # least n with load / n <= max_occupancy, as defined.
    exact_tie = (load / max_occupancy) == pytest.approx(round(load / max_occupancy), abs=1e-9)
    if not exact_tie:
        assert ours.agents[0] == expected["raw_positions"]
        assert ours.service_level[0] == pytest.approx(expected["service_level"], abs=1e-9)
        assert ours.occupancy[0] == pytest.approx(expected["occupancy"], rel=1e-12)
        assert ours.p_wait[0] == pytest.approx(expected["waiting_probability"], abs=1e-9)


# --- Erlang A: an independent numerical solution of the same queue -------------------


def birth_death_solution(n: int, rate: float, aht: float, patience: float, threshold: float):
    """Solve M/M/n+M numerically: a truncated birth-death chain for the state an arrival
    sees, then the absorbing chain of that caller (served or hung up) from each state."""
    mu, theta, room = 1 / aht, 1 / patience, 250
    size = n + room + 1
    generator = np.zeros((size, size))
    for j in range(size):
        if j + 1 < size:
            generator[j, j + 1] = rate
        if j:
            generator[j, j - 1] = min(j, n) * mu + max(j - n, 0) * theta
        generator[j, j] = -generator[j].sum()
    system = np.vstack([generator.T, np.ones(size)])
    rhs = np.zeros(size + 1)
    rhs[-1] = 1
    stationary = np.linalg.lstsq(system, rhs, rcond=None)[0]
    p_wait = stationary[n:].sum()
    ahead = np.zeros((room, room))
    served = np.zeros(room)
    for k in range(room):
        move = n * mu + k * theta
        if k:
            ahead[k, k - 1] = move
        else:
            served[k] = move
        ahead[k, k] = -(move + theta)
    start = stationary[n : n + room]
    chain = np.zeros((room + 1, room + 1))
    chain[:room, :room] = ahead
    chain[:room, room] = served
    answered_in_time = start @ linalg.expm(chain * threshold)[:room, room]
    abandon = start @ np.linalg.solve(-ahead, np.full(room, theta))
    mean_wait_answered = start @ np.linalg.solve(-ahead, np.linalg.solve(-ahead, served))
    return {
        "service_level": 1 - p_wait + answered_in_time,
        "p_wait": p_wait,
        "abandon_rate": abandon,
        "asa_s": mean_wait_answered / (1 - abandon),
        "occupancy": rate * aht * (1 - abandon) / n,
    }


@pytest.mark.parametrize(("n", "calls", "aht", "patience", "threshold"), ERLANG_A_CASES)
def test_erlang_a_matches_birth_death_chain(n, calls, aht, patience, threshold) -> None:
    expected = birth_death_solution(n, calls / 1800, aht, patience, threshold)
    traffic = wfm.Traffic([calls], aht_s=aht, interval_s=1800, patience_s=patience)
    result = wfm.performance([n], traffic, threshold_s=threshold)
    for name, value in expected.items():
        assert getattr(result, name)[0] == pytest.approx(value, rel=1e-7, abs=1e-10), name


def fifty_digit_erlang_a(n: int, rate: float, aht: float, patience: float, threshold: float):
    """P(wait), P(abandon) and SL of M/M/n+M from the closed forms, in 50-digit arithmetic."""
    mpmath.mp.dps = 50
    n_, rate_, aht_, patience_, t_ = map(mpmath.mpf, (n, rate, aht, patience, threshold))
    load, x, y = rate_ * aht_, n_ * patience_ / aht_, rate_ * patience_
    blocking = mpmath.exp(n_ * mpmath.log(load) - load - mpmath.loggamma(n_ + 1)) / mpmath.gammainc(
        n_ + 1, load, mpmath.inf, regularized=True
    )
    queue = mpmath.hyp1f1(1, x + 1, y, maxterms=10**7)
    busy = blocking / (1 + (queue - 1) * blocking)
    p_wait = busy * queue
    abandon = busy * (queue * (1 - x / y) + x / y)
    q = mpmath.exp(-t_ / patience_)
    in_time = busy * x * mpmath.quad(lambda s: mpmath.exp(y * s) * (1 - s) ** x, [0, 1 - q])
    return {"p_wait": p_wait, "abandon_rate": abandon, "service_level": 1 - p_wait + in_time}


@pytest.mark.parametrize(
    ("n", "calls_per_hour", "aht", "patience"),
    [(2800, 10_000, 1000, 180), (1000, 10_000, 360, 60), (400, 10_000, 180, 3000)],
)
def test_erlang_a_at_scale_matches_fifty_digits(n, calls_per_hour, aht, patience) -> None:
    expected = fifty_digit_erlang_a(n, calls_per_hour / HOUR, aht, patience, 20)
    traffic = wfm.Traffic([calls_per_hour], aht_s=aht, interval_s=HOUR, patience_s=patience)
    result = wfm.performance([n], traffic, threshold_s=20)
    for name, value in expected.items():
        assert getattr(result, name)[0] == pytest.approx(float(value), rel=1e-8, abs=1e-12), name


def test_ten_thousand_calls_an_hour() -> None:
    for patience in (None, 90.0):
        traffic = wfm.Traffic([10_000], aht_s=600, interval_s=HOUR, patience_s=patience)
        result = wfm.staff(traffic, wfm.Target(0.8, 20, 1.0))
        load = 10_000 * 600 / HOUR
        # Erlang C needs more than the load; Erlang A at least 80% of it (SL <= n / load).
        lowest = load if patience is None else 0.8 * load
        assert lowest < result.agents[0] < load + 4 * np.sqrt(load)
        assert 0.8 <= result.service_level[0] < 1
        assert np.isfinite([result.asa_s[0], result.p_wait[0], result.abandon_rate[0]]).all()


def test_erlang_a_tends_to_erlang_c_as_patience_grows() -> None:
    calls = np.array([40.0, 100.0, 900.0])
    patient = wfm.Traffic(calls, aht_s=240, interval_s=1800, patience_s=1e9)
    never = wfm.Traffic(calls, aht_s=240, interval_s=1800)
    n = [7, 16, 130]
    a, c = wfm.performance(n, patient, threshold_s=20), wfm.performance(n, never, threshold_s=20)
    for name in ("service_level", "asa_s", "occupancy", "p_wait"):
        np.testing.assert_allclose(getattr(a, name), getattr(c, name), rtol=1e-5)
    assert (a.abandon_rate < 1e-5).all()
    assert (
        wfm.required_agents(patient, wfm.Target()) == wfm.required_agents(never, wfm.Target())
    ).all()


# --- Properties ---------------------------------------------------------------------

traffic_cases = st.fixed_dictionaries(
    {
        "calls": st.floats(0.5, 4000),
        "aht": st.floats(20, 1200),
        "patience": st.one_of(st.none(), st.floats(5, 3600)),
        "threshold": st.floats(0, 120),
    }
)


def as_traffic(case: dict, copies: int = 1) -> wfm.Traffic:
    calls = np.full(copies, case["calls"])
    return wfm.Traffic(calls, aht_s=case["aht"], interval_s=900, patience_s=case["patience"])


@settings(max_examples=80, deadline=None)
@given(case=traffic_cases)
@example(case={"calls": 946.0, "aht": 20.0, "patience": 2557.0, "threshold": 1.0})
def test_more_agents_never_serve_worse(case: dict) -> None:
    load = case["calls"] * case["aht"] / 900
    n = np.arange(max(int(load) - 5, 1), int(load) + 40)
    result = wfm.performance(n, as_traffic(case, n.size), threshold_s=case["threshold"])
    tolerance = 1e-12
    # Erlang A's "answered within the threshold" is P(answered after waiting) less
    # P(answered after waiting longer than the threshold): with a threshold short against
    # the waits of an overloaded queue the two are nearly equal, and their difference
    # carries an absolute rounding error of a few 1e-12 (found by hypothesis, the example
    # above). Service levels are therefore monotone to 1e-9, far below any target's
    # precision; the other measures to 1e-12.
    assert (np.diff(result.service_level) >= -1e-9).all()
    assert (np.diff(result.p_wait) <= tolerance).all()
    assert (np.diff(result.abandon_rate) <= tolerance).all()
    assert (np.diff(result.occupancy) <= tolerance).all()
    assert (result.occupancy <= 1).all()
    if case["patience"] is None:
        assert (result.occupancy[n > load] < 1).all()
    assert (
        (result.service_level >= 0) & (result.service_level <= 1 - result.abandon_rate + 1e-12)
    ).all()


@settings(max_examples=80, deadline=None)
@given(
    case=traffic_cases,
    target_sl=st.floats(0.05, 0.99),
    max_occupancy=st.floats(0.5, 1.0),
)
def test_required_agents_is_the_least_meeting_the_target(case, target_sl, max_occupancy) -> None:
    traffic = as_traffic(case)
    target = wfm.Target(target_sl, case["threshold"], max_occupancy)
    n = int(wfm.required_agents(traffic, target)[0])
    assert n >= 1
    result = wfm.performance([n, n - 1], as_traffic(case, 2), threshold_s=case["threshold"])
    assert result.service_level[0] >= target_sl - wfm.TIE
    assert result.occupancy[0] <= max_occupancy + wfm.TIE
    assert (
        result.service_level[1] < target_sl - wfm.TIE
        or result.occupancy[1] > max_occupancy + wfm.TIE
    )


def test_a_target_met_exactly_counts_as_met() -> None:
    # 306 calls x 240 s / 900 s = 81.6 erlangs; on 96 agents that is 85% occupancy exactly.
    traffic = wfm.Traffic([306], aht_s=240, interval_s=900)
    assert wfm.required_agents(traffic, wfm.Target(0.8, 20, 0.85))[0] == 96


@given(agents=st.integers(0, 5000), shrinkage=st.floats(0, 0.95))
def test_scheduled_agents_is_the_least_covering_shrinkage(agents: int, shrinkage: float) -> None:
    m = int(wfm.scheduled_agents([agents], shrinkage)[0])
    assert m * (1 - shrinkage) >= agents - 1e-6
    assert (m - 1) * (1 - shrinkage) < agents or m == 0


# --- Edges and vectors --------------------------------------------------------------


def test_no_calls_need_no_agents() -> None:
    for patience in (None, 60.0):
        result = wfm.staff(
            wfm.Traffic([0, 0.0], aht_s=300, interval_s=900, patience_s=patience), wfm.Target()
        )
        assert result.agents.tolist() == [0, 0]
        assert result.service_level.tolist() == [1.0, 1.0]
        assert result.occupancy.tolist() == [0.0, 0.0]


def test_unstable_erlang_c_load_is_reported_not_hidden() -> None:
    result = wfm.performance(
        [10, 12], wfm.Traffic([120, 120], aht_s=180, interval_s=1800), threshold_s=20
    )
    assert result.p_wait.tolist() == [1.0, 1.0]  # 12 erlangs on 10 and on 12 agents
    assert result.service_level.tolist() == [0.0, 0.0]
    assert np.isinf(result.asa_s).all()


def test_overloaded_erlang_a_is_stable_with_many_abandons() -> None:
    traffic = wfm.Traffic([120], aht_s=180, interval_s=1800, patience_s=60)
    result = wfm.performance([8], traffic, threshold_s=20)
    assert 0.3 < result.abandon_rate[0] < 1
    assert result.occupancy[0] < 1


def test_a_week_at_once_equals_interval_by_interval() -> None:
    rng = np.random.default_rng(7)
    calls = rng.uniform(0, 600, 672).round()
    for patience in (None, 150.0):
        week = wfm.staff(
            wfm.Traffic(calls, aht_s=270, interval_s=900, patience_s=patience),
            wfm.Target(),
            shrinkage=0.25,
        )
        for i in range(0, 672, 97):
            one = wfm.staff(
                wfm.Traffic([calls[i]], aht_s=270, interval_s=900, patience_s=patience),
                wfm.Target(),
                shrinkage=0.25,
            )
            assert week.agents[i] == one.agents[0]
            assert week.agents_scheduled[i] == one.agents_scheduled[0]
            assert week.service_level[i] == pytest.approx(one.service_level[0], abs=1e-15)


def test_aht_may_vary_by_interval() -> None:
    together = wfm.staff(wfm.Traffic([100, 100], aht_s=[180, 360], interval_s=1800), wfm.Target())
    alone = wfm.staff(wfm.Traffic([100], aht_s=360, interval_s=1800), wfm.Target())
    assert together.agents[1] == alone.agents[0] > together.agents[0]


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: wfm.Traffic([10, -1], aht_s=180, interval_s=900), r"calls\[1\] is -1.0"),
        (lambda: wfm.Traffic([10], aht_s=0, interval_s=900), "aht_s"),
        (lambda: wfm.Traffic([10], aht_s=180, interval_s=0), "interval_s"),
        (lambda: wfm.Traffic([10], aht_s=180, interval_s=900, patience_s=0), "patience_s"),
        (lambda: wfm.Traffic([float("nan")], aht_s=180, interval_s=900), "calls"),
        (lambda: wfm.Target(service_level=1.0), "service_level"),
        (lambda: wfm.Target(max_occupancy=0), "max_occupancy"),
        (lambda: wfm.Target(threshold_s=-1), "threshold_s"),
        (lambda: wfm.scheduled_agents([3], 1.0), "shrinkage"),
        (
            lambda: wfm.performance(
                [2.5], wfm.Traffic([10], aht_s=180, interval_s=900), threshold_s=20
            ),
            "whole",
        ),
    ],
)
def test_bad_arguments_say_what_is_wrong(build, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build()


def searched_interval_by_interval(traffic: wfm.Traffic, target: wfm.Target) -> np.ndarray:
    """Required agents by the plain exact search (no Erlang B recurrence): the reference."""

    def meets_exactly(n: np.ndarray, index: np.ndarray) -> np.ndarray:
        part = wfm.Traffic(
            traffic.calls[index], aht_s=traffic.aht_s[index], interval_s=traffic.interval_s
        )
        return erlang.meets(wfm.performance(n, part, threshold_s=target.threshold_s), target)

    load = traffic.load
    failing = np.floor(load)
    guess = np.ceil(np.maximum(load / target.max_occupancy, load + np.sqrt(load)))
    busy = np.flatnonzero(traffic.calls > 0)
    agents = np.zeros(traffic.calls.size, dtype=np.int64)
    agents[busy] = erlang.least_meeting(
        guess[busy], failing[busy], np.ones(busy.size), lambda n, i: meets_exactly(n, busy[i])
    )
    return agents


@pytest.mark.parametrize("seed", range(6))
def test_erlang_c_staffing_equals_the_plain_exact_search(seed: int) -> None:
    rng = np.random.default_rng(seed)
    size = 2000
    # From empty intervals to 10,000 erlangs, with some exact ties of the occupancy target.
    calls = np.round(10 ** rng.uniform(-0.5, 4.5, size))
    calls[rng.random(size) < 0.05] = 0
    calls[:3] = [306, 612, 3060]
    aht = rng.uniform(20, 900, size).round()
    aht[:3] = 240
    traffic = wfm.Traffic(calls, aht_s=aht, interval_s=900)
    target = wfm.Target(
        float(rng.choice([0.5, 0.8, 0.9, 0.99])),
        float(rng.choice([0, 10, 20, 60])),
        float(rng.choice([0.7, 0.85, 1.0])),
    )
    staffed = wfm.staff(traffic, target)
    assert np.array_equal(staffed.agents, searched_interval_by_interval(traffic, target))
    achieved = wfm.performance(staffed.agents, traffic, threshold_s=target.threshold_s)
    for name in ("service_level", "asa_s", "occupancy", "p_wait", "abandon_rate"):
        assert np.array_equal(getattr(staffed, name), getattr(achieved, name)), name
