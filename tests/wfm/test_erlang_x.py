"""Erlang X (M/M/n+M with retrials, and lines) against Erlang A, an independent
discrete-event simulation, the classical fixed point where it is right, flow balance,
and the properties staffing relies on."""

from __future__ import annotations

import doctest
import heapq
import itertools
from collections import deque

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from tamas import wfm
from tamas.wfm import erlang_x
from tamas.wfm.erlang_x import Retrials
from tests.wfm.erlang_cases import ERLANG_A_CASES

MEASURES = ("service_level", "asa_s", "occupancy", "p_wait", "abandon_rate")


def test_docstring_examples_run() -> None:
    failures, tried = doctest.testmod(erlang_x)
    assert tried > 0
    assert failures == 0


# --- Without retrials it is Erlang A ------------------------------------------------


@pytest.mark.parametrize(
    ("n", "calls", "aht", "patience", "threshold"),
    # and 10,000 calls an hour (1,000 erlangs) on 1,050 agents
    [*ERLANG_A_CASES, (1050, 5_000, 360, 90, 20)],
)
def test_without_retrials_it_is_erlang_a(n, calls, aht, patience, threshold) -> None:
    traffic = wfm.Traffic([calls], aht_s=aht, interval_s=1800, patience_s=patience)
    expected = wfm.performance([n], traffic, threshold_s=threshold)
    result = erlang_x.performance([n], traffic, Retrials(0.0, delay_s=300), threshold_s=threshold)
    for name in MEASURES:
        assert getattr(result, name)[0] == pytest.approx(getattr(expected, name)[0], abs=1e-9)
    assert result.first_attempt_service_level[0] == pytest.approx(
        expected.service_level[0], abs=1e-9
    )
    assert result.lost_rate[0] == pytest.approx(expected.abandon_rate[0], abs=1e-9)
    assert result.attempts[0] == pytest.approx(calls, rel=1e-9)
    assert result.blocked_rate[0] == 0


def test_without_retrials_it_staffs_like_erlang_a() -> None:
    calls = np.array([0, 12, 80, 150, 400, 45.5])
    traffic = wfm.Traffic(calls, aht_s=240, interval_s=900, patience_s=150)
    target = wfm.Target(0.8, 20, 0.9)
    ours = erlang_x.staff(traffic, Retrials(0.0, delay_s=60), target, shrinkage=0.3)
    theirs = wfm.staff(traffic, target, shrinkage=0.3)
    assert ours.agents.tolist() == theirs.agents.tolist()
    assert ours.agents_scheduled.tolist() == theirs.agents_scheduled.tolist()
    np.testing.assert_allclose(ours.service_level, theirs.service_level, atol=1e-9)


# --- An independent check: a discrete-event simulation ------------------------------


def simulate(
    *,
    agents: int,
    rate: float,
    aht: float,
    patience: float,
    retry: float,
    delay: float,
    lines: float,
    threshold: float,
    horizon: float,
    batches: int,
    seed: int,
) -> dict[str, np.ndarray]:
    """Every caller and attempt of the queue, event by event (heapq, FCFS), measured in
    `batches` equal stretches of time after a warm-up; one value per batch and measure."""
    rng = np.random.default_rng(seed)
    warmup = horizon / (batches + 1)
    stretch = (horizon - warmup) / batches
    names = [
        "attempts",
        "first",
        "in_time",
        "first_in_time",
        "queued",
        "abandoned",
        "blocked",
        "answered",
        "wait",
        "lost",
        "busy_time",
    ]
    count = {name: np.zeros(batches) for name in names}
    events: list[tuple[float, int, str, int]] = []
    order = itertools.count()

    def schedule(at: float, kind: str, token: int = -1) -> None:
        heapq.heappush(events, (at, next(order), kind, token))

    def batch(at: float) -> int:
        k = int((at - warmup) // stretch)
        return k if at >= warmup and k < batches else -1

    def note(k: int, *names: str, value: float = 1.0) -> None:
        if k >= 0:
            for name in names:
                count[name][k] += value

    def failed(now: float) -> None:
        if rng.random() < retry:
            schedule(now + rng.exponential(delay), "retry")
        else:
            note(batch(now), "lost")

    def answer(now: float, start: float, k: int, first: bool) -> None:
        schedule(now + rng.exponential(aht), "end")
        note(k, "answered")
        note(k, "wait", value=now - start)
        if now - start <= threshold:
            note(k, "in_time", *(("first_in_time",) if first else ()))

    waiting: deque[tuple[int, float, int, bool]] = deque()
    alive: dict[int, int] = {}  # waiting attempt -> its batch
    busy = in_center = 0
    last = 0.0
    schedule(rng.exponential(1 / rate), "fresh")
    while events:
        now, _, kind, token = heapq.heappop(events)
        if now > horizon:
            break
        # Agents busy over [last, now), cut at batch edges.
        start = max(last, warmup)
        k = batch(start)
        while busy and k >= 0 and start < now:
            edge = min(now, warmup + (k + 1) * stretch)
            note(k, "busy_time", value=busy * (edge - start))
            start, k = edge, (k + 1 if k + 1 < batches else -1)
        last = now
        if kind in ("fresh", "retry"):
            first = kind == "fresh"
            if first:
                schedule(now + rng.exponential(1 / rate), "fresh")
            k = batch(now)
            note(k, "attempts", *(("first",) if first else ()))
            if in_center >= lines:
                note(k, "blocked")
                failed(now)
            elif busy < agents:
                busy += 1
                in_center += 1
                answer(now, now, k, first)
            else:
                in_center += 1
                note(k, "queued")
                ticket = next(order)
                waiting.append((ticket, now, k, first))
                alive[ticket] = k
                schedule(now + rng.exponential(patience), "abandon", ticket)
        elif kind == "abandon" and token in alive:
            note(alive.pop(token), "abandoned")
            in_center -= 1
            failed(now)
        elif kind == "end":
            busy -= 1
            in_center -= 1
            while waiting:
                ticket, start, k, first = waiting.popleft()
                if alive.pop(ticket, None) is not None:
                    busy += 1
                    answer(now, start, k, first)
                    break
    first = count["first"]
    return {
        "service_level": count["in_time"] / count["attempts"],
        "first_attempt_service_level": count["first_in_time"] / first,
        "p_wait": count["queued"] / count["attempts"],
        "abandon_rate": count["abandoned"] / count["attempts"],
        "blocked_rate": count["blocked"] / count["attempts"],
        "asa_s": count["wait"] / count["answered"],
        "occupancy": count["busy_time"] / (agents * stretch),
        "lost_rate": count["lost"] / first,
        "attempts_per_s": count["attempts"] / stretch,
    }


SIMULATED = [
    # Time in units of the AHT. Near the target, half the callers who hang up retry.
    dict(agents=10, load=9.0, patience=0.5, retry=0.5, delay=2.0, lines=None, threshold=0.1),
    # Heavy retrials: impatient callers, 90% of whom redial soon after hanging up, so
    # retrials meet the same congestion that made them hang up (the classical fixed
    # point, which ignores that, is far off here: see below).
    dict(agents=10, load=9.0, patience=0.3, retry=0.9, delay=0.1, lines=None, threshold=0.05),
    # Limited lines: blocked callers retry too.
    dict(agents=6, load=6.0, patience=0.7, retry=0.7, delay=1.0, lines=8, threshold=0.05),
]


def as_model(case: dict) -> tuple[wfm.Traffic, Retrials]:
    traffic = wfm.Traffic([case["load"]], aht_s=1.0, interval_s=1.0, patience_s=case["patience"])
    return traffic, Retrials(case["retry"], delay_s=case["delay"], lines=case["lines"])


@pytest.mark.parametrize("case", SIMULATED, ids=["near-target", "heavy-retrials", "lines"])
def test_agrees_with_a_discrete_event_simulation(case: dict) -> None:
    traffic, retrials = as_model(case)
    model = erlang_x.performance([case["agents"]], traffic, retrials, threshold_s=case["threshold"])
    batches = 20
    simulated = simulate(
        agents=case["agents"],
        rate=case["load"],
        aht=1.0,
        patience=case["patience"],
        retry=case["retry"],
        delay=case["delay"],
        lines=case["lines"] or np.inf,
        threshold=case["threshold"],
        horizon=8000.0,
        batches=batches,
        seed=2026,
    )
    expected = {name: getattr(model, name)[0] for name in simulated if hasattr(model, name)}
    expected["attempts_per_s"] = model.attempts[0]  # interval_s = 1
    # 99.9% confidence interval of each batch mean: 20 batches of ~400 AHTs each.
    t = stats.t.ppf(0.9995, batches - 1)
    half_width = {name: t * v.std(ddof=1) / np.sqrt(batches) for name, v in simulated.items()}
    for name, values in simulated.items():
        gap = abs(values.mean() - expected[name])
        assert gap <= half_width[name] + 1e-12, (name, values.mean(), expected[name])
    if case["retry"] == 0.9:
        # The simulation can tell a wrong model: the classical fixed point is rejected.
        classical, _ = fixed_point_erlang_x(
            case["agents"], traffic, case["retry"], case["threshold"]
        )
        for name in ("service_level", "abandon_rate"):
            gap = abs(simulated[name].mean() - getattr(classical, name)[0])
            assert gap > 3 * half_width[name], name


# --- Where retrials come much later, the classical fixed point is right -------------


def fixed_point_erlang_x(n: int, traffic: wfm.Traffic, retry: float, threshold: float):
    """Attempts = calls / (1 - retry x abandon share), each attempt meeting Erlang A at
    that rate: the published approximation, exact when retrials are independent of
    the queue they come back to."""
    attempts = traffic.calls
    for _ in range(200):
        erlang_a = wfm.Traffic(
            attempts,
            aht_s=traffic.aht_s,
            interval_s=traffic.interval_s,
            patience_s=traffic.patience_s,
        )
        result = wfm.performance([n], erlang_a, threshold_s=threshold)
        attempts = traffic.calls / (1 - retry * result.abandon_rate)
    return result, attempts


def test_slow_retrials_agree_with_the_classical_fixed_point() -> None:
    traffic = wfm.Traffic([120], aht_s=180, interval_s=1800, patience_s=90)
    approximation, attempts = fixed_point_erlang_x(11, traffic, 0.7, 20)
    slow = erlang_x.performance([11], traffic, Retrials(0.7, delay_s=3e4), threshold_s=20)
    assert slow.attempts[0] == pytest.approx(attempts[0], rel=2e-3)
    for name in MEASURES:
        assert getattr(slow, name)[0] == pytest.approx(getattr(approximation, name)[0], rel=5e-3)
    # Quick retrials meet the same congestion that made their callers hang up: worse.
    quick = erlang_x.performance([11], traffic, Retrials(0.7, delay_s=30), threshold_s=20)
    assert quick.service_level[0] < approximation.service_level[0] - 0.02


# --- Flow balance and the truncation -------------------------------------------------

CASES = [
    (14, 100, 180, 120, 0.6, 300, None),
    (9, 120, 180, 60, 0.8, 60, None),
    (30, 400, 240, 600, 0.5, 900, 34),
    (100, 1600, 240, 120, 0.8, 300, None),
]


@pytest.mark.parametrize(("n", "calls", "aht", "patience", "retry", "delay", "lines"), CASES)
def test_every_caller_is_answered_or_lost(n, calls, aht, patience, retry, delay, lines) -> None:
    traffic = wfm.Traffic([calls], aht_s=aht, interval_s=3600, patience_s=patience)
    retrials = Retrials(retry, delay_s=delay, lines=lines)
    p = erlang_x.performance([n], traffic, retrials, threshold_s=20)
    answered = p.attempts[0] * (1 - p.abandon_rate[0] - p.blocked_rate[0])
    assert answered + p.lost_rate[0] * calls == pytest.approx(calls, rel=1e-9)
    # Each failed attempt comes back with probability `retry`.
    retried = retry * p.attempts[0] * (p.abandon_rate[0] + p.blocked_rate[0])
    assert p.attempts[0] == pytest.approx(calls + retried, rel=1e-9)
    assert p.occupancy[0] == pytest.approx(answered * aht / 3600 / n, rel=1e-9)
    assert p.effective_load[0] == pytest.approx(p.attempts[0] * aht / 3600, rel=1e-12)
    assert p.truncated_mass[0] < 1e-11


@pytest.mark.parametrize(("n", "calls", "aht", "patience", "retry", "delay", "lines"), CASES)
def test_a_finer_truncation_changes_nothing(
    monkeypatch, n, calls, aht, patience, retry, delay, lines
) -> None:
    traffic = wfm.Traffic([calls], aht_s=aht, interval_s=3600, patience_s=patience)
    retrials = Retrials(retry, delay_s=delay, lines=lines)
    usual = erlang_x.performance([n], traffic, retrials, threshold_s=20)
    monkeypatch.setattr(erlang_x, "LAYER_MASS", 1e-18)
    finer = erlang_x.performance([n], traffic, retrials, threshold_s=20)
    assert usual.truncated_mass[0] < 1e-11
    assert finer.truncated_mass[0] < 1e-17
    for name in (*MEASURES, "first_attempt_service_level", "lost_rate", "blocked_rate"):
        assert getattr(usual, name)[0] == pytest.approx(getattr(finer, name)[0], abs=1e-10), name
    assert usual.attempts[0] == pytest.approx(finer.attempts[0], rel=1e-10)


# --- Properties ------------------------------------------------------------------------

retrial_cases = st.fixed_dictionaries(
    {
        "calls": st.floats(1, 120),
        "aht": st.floats(30, 300),
        "patience": st.floats(10, 300),
        "retry": st.floats(0, 0.85),
        "delay": st.floats(10, 600),
        "threshold": st.floats(0, 60),
    }
)


def traffic_of(case: dict, copies: int) -> wfm.Traffic:
    calls = np.full(copies, case["calls"])
    return wfm.Traffic(calls, aht_s=case["aht"], interval_s=900, patience_s=case["patience"])


@settings(max_examples=30, deadline=None)
@given(case=retrial_cases, lines=st.one_of(st.none(), st.integers(1, 60)))
def test_more_agents_never_serve_worse(case: dict, lines: int | None) -> None:
    load = case["calls"] * case["aht"] / 900
    n = np.arange(max(int(load) - 2, 0), int(load) + 5)
    retrials = Retrials(case["retry"], delay_s=case["delay"], lines=lines)
    p = erlang_x.performance(n, traffic_of(case, n.size), retrials, threshold_s=case["threshold"])
    tolerance = 1e-9
    assert (np.diff(p.service_level) >= -tolerance).all()
    assert (np.diff(p.first_attempt_service_level) >= -tolerance).all()
    # Blocking alone may grow: a call being served holds its line longer than one that
    # waits and hangs up. Attempts that fail, blocked or abandoned, never grow.
    failed = p.abandon_rate + p.blocked_rate
    assert (np.diff(failed) <= tolerance).all()
    for name in ("lost_rate", "attempts", *(("abandon_rate",) if lines is None else ())):
        assert (np.diff(getattr(p, name)) <= tolerance * max(1, case["calls"])).all(), name
    assert ((p.occupancy >= 0) & (p.occupancy <= 1)).all()
    assert (p.service_level <= 1 - p.abandon_rate - p.blocked_rate + tolerance).all()


@settings(max_examples=30, deadline=None)
@given(
    case=retrial_cases, agents=st.integers(0, 40), lines=st.one_of(st.none(), st.integers(1, 60))
)
def test_more_retrials_never_fewer_attempts(case: dict, agents: int, lines: int | None) -> None:
    shares = np.sort(np.append(np.linspace(0, 0.9, 4), case["retry"]))
    attempts = [
        erlang_x.performance(
            [agents],
            traffic_of(case, 1),
            Retrials(share, delay_s=case["delay"], lines=lines),
            threshold_s=case["threshold"],
        ).attempts[0]
        for share in shares
    ]
    assert (np.diff(attempts) >= -1e-9 * case["calls"]).all()
    assert attempts[0] == pytest.approx(case["calls"], rel=1e-9)


@settings(max_examples=20, deadline=None)
@given(
    case=retrial_cases,
    target_sl=st.floats(0.5, 0.95),
    max_occupancy=st.floats(0.7, 1.0),
)
def test_required_agents_is_the_least_meeting_the_target(case, target_sl, max_occupancy) -> None:
    target = wfm.Target(target_sl, case["threshold"], max_occupancy)
    retrials = Retrials(case["retry"], delay_s=case["delay"])
    n = int(erlang_x.required_agents(traffic_of(case, 1), retrials, target)[0])
    p = erlang_x.performance(
        [n, n - 1], traffic_of(case, 2), retrials, threshold_s=case["threshold"]
    )
    assert p.service_level[0] >= target_sl - wfm.TIE
    assert p.occupancy[0] <= max_occupancy + wfm.TIE
    assert p.service_level[1] < target_sl - wfm.TIE or p.occupancy[1] > max_occupancy + wfm.TIE


# --- Staffing, lines and bad input ------------------------------------------------------


def test_retrials_need_more_agents_than_erlang_a_says() -> None:
    traffic = wfm.Traffic([100, 0, 400], aht_s=180, interval_s=1800, patience_s=60)
    erlang_a = wfm.staff(traffic, wfm.Target())
    retrying = erlang_x.staff(traffic, Retrials(0.8, delay_s=120), wfm.Target(), shrinkage=0.2)
    assert retrying.model == "erlang_x"
    assert (retrying.agents >= erlang_a.agents).all()
    assert retrying.agents[1] == 0
    assert (retrying.service_level >= 0.8).all()
    assert (retrying.agents_scheduled == wfm.scheduled_agents(retrying.agents, 0.2)).all()
    assert (retrying.attempts[[0, 2]] > traffic.calls[[0, 2]]).all()


def test_lines_block_and_cap_what_agents_can_do() -> None:
    traffic = wfm.Traffic([300] * 3, aht_s=180, interval_s=1800, patience_s=120)
    retrials = Retrials(0.6, delay_s=300, lines=32)
    p = erlang_x.performance([28, 32, 40], traffic, retrials, threshold_s=20)
    assert (p.blocked_rate > 0).all()
    # With as many agents as lines nobody waits; more agents change nothing but occupancy.
    assert p.p_wait[1] == p.p_wait[2] == 0
    assert p.service_level[1] == pytest.approx(p.service_level[2], abs=1e-12)
    assert p.occupancy[2] == pytest.approx(p.occupancy[1] * 32 / 40, rel=1e-12)
    staffed = erlang_x.staff(traffic, retrials, wfm.Target(0.8, 20, 0.95))
    assert (staffed.agents <= 32).all()
    # Agents beyond the lines answer nobody more; they only bring occupancy down.
    capped = erlang_x.staff(traffic, retrials, wfm.Target(0.8, 20, 0.75))
    assert (capped.agents > 32).all()
    assert capped.service_level == pytest.approx(p.service_level[1], abs=1e-12)
    with pytest.raises(ValueError, match=r"calls\[0\]: even 14 agents on 14 lines"):
        erlang_x.required_agents(traffic, Retrials(0.6, delay_s=300, lines=14), wfm.Target())


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Retrials(1.0, delay_s=60), "probability"),
        (lambda: Retrials(-0.1, delay_s=60), "probability"),
        (lambda: Retrials(0.5, delay_s=0), "delay_s"),
        (lambda: Retrials(0.5, delay_s=60, lines=0), "lines"),
        (
            lambda: erlang_x.performance(
                [3],
                wfm.Traffic([10], aht_s=180, interval_s=900),
                Retrials(0.5, delay_s=60),
                threshold_s=20,
            ),
            "patience",
        ),
    ],
)
def test_bad_arguments_say_what_is_wrong(build, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build()
