"""Staffing maths: how many agents each interval needs, by Erlang C or Erlang A.

Erlang C (M/M/n) assumes callers wait as long as it takes; Erlang A (M/M/n+M, Palm's
model) lets each caller hang up after an exponential patience with a given mean, which
is what callers do and why Erlang C over-staffs busy queues. Both are computed here for
many intervals at once (NumPy arrays in, arrays out), because a planner staffs a week
(672 quarter hours) or a year at a time, not one interval.

Why the formulas look the way they do: the textbook expressions contain ``a**n / n!``,
which overflows long before a center of a few hundred agents. Everything is therefore
computed from regularised incomplete gamma functions and Kummer's confluent
hypergeometric function (``scipy.special``), in log space where the numbers get large,
so that 10,000 calls an hour and thousands of agents are as exact as ten calls.
The definitions of every output are in docs/wfm.md.

Units: durations in seconds, volumes in calls per interval.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass
from typing import Literal

import numpy as np
from numpy.polynomial.legendre import leggauss
from numpy.typing import ArrayLike, NDArray
from scipy import special

Model = Literal["erlang_c", "erlang_a"]
FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

# 64 Gauss-Legendre nodes (computed once: that takes longer than a whole evaluation) for
# the Erlang A waiting time of answered calls; the integrand is log-concave and the
# integration range is cut where it has fallen by e**-_TAIL.
_NODES, _WEIGHTS = leggauss(64)
_TAIL = 50.0
# Below this, Q(n+1, a) is computed through Tricomi's U instead (slower, never underflows).
_TINY = 1e-280
TIE = 1e-12
"""A target met to within this counts as met: 81.6 erlangs on 96 agents is 85% occupancy
exactly, though binary floating point computes 0.8500000000000001."""
# Galloping search gives up beyond this many agents above the first guess.
_SEARCH_LIMIT = 2.0**40
# Erlang C staffing walks at most this many agents from its guess by Erlang B's recurrence,
# and trusts the walk only where the service level clears the target by _GUARD.
_RECURRENCE_STEPS = 64
_GUARD = 1e-9
# Rounding slack when turning productive agents into scheduled ones (see scheduled_agents).
_SHRINKAGE_SLACK = 1e-9


def _as_positive(name: str, value: ArrayLike, *, allow_zero: bool) -> FloatArray:
    array = np.atleast_1d(np.asarray(value, dtype=np.float64))
    if array.ndim != 1:
        raise ValueError(f"{name} must be a number or a one-dimensional sequence")
    bad = ~np.isfinite(array) | ((array < 0) if allow_zero else (array <= 0))
    if bad.any():
        index = int(np.flatnonzero(bad)[0])
        expected = "a finite number >= 0" if allow_zero else "a finite number > 0"
        raise ValueError(f"{name}[{index}] is {float(array[index])!r}; expected {expected}")
    return array


@dataclass(frozen=True)
class Traffic:
    """The work offered in each interval and how callers behave.

    ``calls`` is one number per interval (anything array-like); ``aht_s`` and
    ``patience_s`` are either one number for all intervals or one per interval. Without
    ``patience_s`` callers never hang up (Erlang C); with it they hang up after an
    exponential time of that mean (Erlang A).
    """

    calls: FloatArray
    _: KW_ONLY
    aht_s: FloatArray
    interval_s: float
    patience_s: FloatArray | None = None

    def __post_init__(self) -> None:
        calls = _as_positive("calls", self.calls, allow_zero=True)
        aht = _as_positive("aht_s", self.aht_s, allow_zero=False)
        if not (math.isfinite(self.interval_s) and self.interval_s > 0):
            raise ValueError(f"interval_s is {self.interval_s!r}; expected a finite number > 0")
        object.__setattr__(self, "calls", calls)
        object.__setattr__(self, "aht_s", np.broadcast_to(aht, calls.shape))
        object.__setattr__(self, "interval_s", float(self.interval_s))
        if self.patience_s is not None:
            patience = _as_positive("patience_s", self.patience_s, allow_zero=False)
            object.__setattr__(self, "patience_s", np.broadcast_to(patience, calls.shape))

    @property
    def model(self) -> Model:
        """Erlang A when callers have a finite mean patience, Erlang C otherwise."""
        return "erlang_c" if self.patience_s is None else "erlang_a"

    @property
    def load(self) -> FloatArray:
        """Offered load in erlangs: the agents' worth of work arriving, calls x AHT / interval."""
        return self.calls * self.aht_s / self.interval_s


@dataclass(frozen=True)
class Target:
    """What each interval must achieve: a service level and a ceiling on occupancy."""

    service_level: float = 0.8
    threshold_s: float = 20.0
    max_occupancy: float = 0.85

    def __post_init__(self) -> None:
        if not 0 < self.service_level < 1:
            raise ValueError(
                f"service_level is {self.service_level!r}; expected a share between 0 and 1"
            )
        if not (math.isfinite(self.threshold_s) and self.threshold_s >= 0):
            raise ValueError(f"threshold_s is {self.threshold_s!r}; expected seconds >= 0")
        if not 0 < self.max_occupancy <= 1:
            raise ValueError(f"max_occupancy is {self.max_occupancy!r}; expected a share in (0, 1]")


@dataclass(frozen=True)
class Performance:
    """What a number of agents achieves in each interval (arrays, one value per interval).

    ``abandon_rate`` is zero under Erlang C, where nobody hangs up.
    """

    service_level: FloatArray
    asa_s: FloatArray
    occupancy: FloatArray
    p_wait: FloatArray
    abandon_rate: FloatArray


@dataclass(frozen=True)
class Staffing(Performance):
    """The least agents meeting a target in each interval, and what they achieve."""

    model: Model
    agents: IntArray
    agents_scheduled: IntArray


def erlang_b(agents: ArrayLike, load: ArrayLike) -> FloatArray:
    """Erlang B: the share of calls blocked when ``agents`` lines carry ``load`` erlangs.

    >>> round(float(erlang_b(10, 10.0)[0]), 4)
    0.2146
    """
    n, a = np.broadcast_arrays(np.atleast_1d(agents), np.atleast_1d(load))
    return np.exp(_log_erlang_b(n.astype(np.float64), a.astype(np.float64)))


def erlang_c(agents: ArrayLike, load: ArrayLike) -> FloatArray:
    """Erlang C: the probability that a call waits (1 where the queue is unstable).

    >>> round(float(erlang_c(3, 2.0)[0]), 6)  # exactly 4/9
    0.444444
    """
    n, a = np.broadcast_arrays(np.atleast_1d(agents), np.atleast_1d(load))
    return np.exp(_log_erlang_c(n.astype(np.float64), a.astype(np.float64)))


def performance(agents: ArrayLike, traffic: Traffic, *, threshold_s: float) -> Performance:
    """Service level, ASA, occupancy, P(wait) and abandon rate of ``agents`` per interval.

    >>> t = Traffic([100], aht_s=180, interval_s=1800)
    >>> p = performance([14], t, threshold_s=20)
    >>> round(float(p.service_level[0]), 3), round(float(p.occupancy[0]), 3)
    (0.888, 0.714)
    """
    return _evaluate(
        agents_per_interval(agents, traffic), _Columns.of(traffic), threshold_s, with_asa=True
    )


def agents_per_interval(agents: ArrayLike, traffic: Traffic) -> FloatArray:
    """``agents`` (one number, or one per interval) as a float array, one per interval."""
    n = np.broadcast_to(np.atleast_1d(np.asarray(agents, dtype=np.float64)), traffic.calls.shape)
    if (n < 0).any() or (n != np.floor(n)).any():
        raise ValueError("agents must be whole numbers >= 0")
    return n


def required_agents(traffic: Traffic, target: Target) -> IntArray:
    """The least number of agents in each interval meeting both parts of ``target``.

    That is: service level >= ``target.service_level`` and occupancy <=
    ``target.max_occupancy``, so that one agent fewer misses one of them. An interval
    without calls needs no agent.

    >>> required_agents(Traffic([100, 0], aht_s=180, interval_s=1800), Target()).tolist()
    [14, 0]
    """
    return _staffed(traffic, target)[0]


def _staffed(traffic: Traffic, target: Target) -> tuple[IntArray, Performance]:
    """Required agents and what they achieve (as ``performance`` reports it)."""
    columns = _Columns.of(traffic)
    agents = np.zeros(columns.size, dtype=np.int64)
    busy = np.flatnonzero(columns.calls > 0)
    if busy.size:
        part = columns.take(busy)
        load = part.load
        if part.patience is None:
            # n <= load is unstable: every call waits for ever.
            failing = np.floor(load)
        else:
            # Answered share <= n / load, so fewer than target x load agents cannot make it.
            failing = np.floor(target.service_level * load) - 1
        root = np.sqrt(load)
        by_occupancy = load / target.max_occupancy
        guess = np.maximum(np.ceil(np.maximum(by_occupancy, load + root)), failing + 1)
        if part.patience is None:
            return _erlang_c_staffed(columns, busy, guess, failing, target)
        # Where occupancy decides, the answer is at or just below the guess.
        step = np.where(by_occupancy >= load + root, 1.0, np.maximum(np.ceil(root / 4), 1.0))
        agents[busy] = least_meeting(guess, failing, step, _meets_exactly(part, target))
    return agents, _evaluate(agents.astype(np.float64), columns, target.threshold_s, with_asa=True)


def _meets_exactly(
    columns: _Columns, target: Target
) -> Callable[[FloatArray, NDArray[np.intp]], NDArray[np.bool_]]:
    return lambda n, index: meets(
        _evaluate(n, columns.take(index), target.threshold_s, with_asa=False), target
    )


def _erlang_c_staffed(
    columns: _Columns,
    busy: NDArray[np.intp],
    guess: FloatArray,
    failing: FloatArray,
    target: Target,
) -> tuple[IntArray, Performance]:
    """Erlang C staffing with one exact Erlang B per interval where it can, most of the time.

    Erlang B at the guess is computed exactly (incomplete gamma), then carried to the
    neighbouring agent counts by its recurrences, B(n+1) = a·B / (n+1 + a·B) and
    B(n-1) = n·B / (a·(1 - B)), which cost a few multiplications instead of an incomplete
    gamma each. The count found this way is then checked with the exact predicate: the
    exact evaluation at it (which is also the reported performance) must meet the target,
    and one agent fewer must miss it by more than _GUARD, far beyond the recurrence's
    rounding. Intervals where either check fails are searched again exactly, so every
    answer is the one ``least_meeting`` with the exact predicate gives.
    """
    part = columns.take(busy)
    load, delay = part.load, target.threshold_s / part.aht
    least = guess.copy()
    log_b = _log_erlang_b(least, load)
    level = _service_level_by_recurrence(least, load, log_b, delay)
    ok = _reaches(level, least, load, target, 0.0)
    # certain: one agent fewer than ``least`` misses the target beyond doubt.
    certain = least - 1 <= failing
    rising = np.flatnonzero(~ok)
    falling = np.flatnonzero(ok & ~certain)
    for _ in range(_RECURRENCE_STEPS):
        if not (rising.size or falling.size):
            break
        n, b = least[rising], log_b[rising]
        missed = ~_reaches(level[rising], n, load[rising], target, -_GUARD)
        b = np.log(load[rising]) + b - np.log(n + 1 + load[rising] * np.exp(b))
        least[rising], log_b[rising] = n + 1, b
        level[rising] = _service_level_by_recurrence(n + 1, load[rising], b, delay[rising])
        done = _reaches(level[rising], n + 1, load[rising], target, 0.0)
        certain[rising[done]] = missed[done]
        rising = rising[~done]
        n, b = least[falling], log_b[falling]
        b = np.log(n) + b - np.log(load[falling]) - np.log1p(-np.exp(b))
        below = _service_level_by_recurrence(n - 1, load[falling], b, delay[falling])
        certain[falling] = ~_reaches(below, n - 1, load[falling], target, -_GUARD)
        down = _reaches(below, n - 1, load[falling], target, _GUARD)
        least[falling[down]], log_b[falling[down]] = n[down] - 1, b[down]
        certain[falling[down]] = n[down] - 2 <= failing[falling[down]]
        falling = falling[down & (n - 2 > failing[falling])]
    agents = np.zeros(columns.size, dtype=np.int64)
    agents[busy] = least.astype(np.int64)
    # Where the walk moved, Erlang B is computed again exactly; at the guess it is known.
    moved = np.flatnonzero(least != guess)
    log_b[moved] = _log_erlang_b(least[moved], load[moved])
    found_here = _erlang_c_performance(least, part, target.threshold_s, True, log_b)
    achieved = _idle(columns.size)
    _put(achieved, busy, found_here)
    unsure = np.flatnonzero(~(meets(found_here, target) & certain))
    if unsure.size:
        recheck = part.take(unsure)
        found = least_meeting(
            np.maximum(least[unsure], failing[unsure] + 1),
            failing[unsure],
            np.ones(unsure.size),
            _meets_exactly(recheck, target),
        )
        agents[busy[unsure]] = found
        again = _evaluate(found.astype(np.float64), recheck, target.threshold_s, with_asa=True)
        _put(achieved, busy[unsure], again)
    return agents, achieved


def _service_level_by_recurrence(
    n: FloatArray, load: FloatArray, log_b: FloatArray, delay: FloatArray
) -> FloatArray:
    """Erlang C service level from log Erlang B, as _erlang_c_performance computes it."""
    stable = n > load
    spare = np.where(stable, n - load, 1.0)
    return np.where(stable, 1.0 - np.exp(_log_erlang_c(n, load, log_b) - spare * delay), 0.0)


def _reaches(
    service_level: FloatArray, n: FloatArray, load: FloatArray, target: Target, margin: float
) -> NDArray[np.bool_]:
    """``meets`` with the service level target moved up by ``margin`` (down if negative)."""
    return (service_level >= target.service_level - TIE + margin) & (
        load / n <= target.max_occupancy + TIE
    )


def scheduled_agents(agents: ArrayLike, shrinkage: float) -> IntArray:
    """Agents to schedule so that ``agents`` remain after ``shrinkage`` (breaks, meetings,
    absence...): the least whole m with m x (1 - shrinkage) >= agents.

    >>> scheduled_agents([7, 14], 0.3).tolist()
    [10, 20]
    """
    if not 0 <= shrinkage < 1:
        raise ValueError(f"shrinkage is {shrinkage!r}; expected a share in [0, 1)")
    needed = np.atleast_1d(np.asarray(agents, dtype=np.float64)) / (1.0 - shrinkage)
    return np.ceil(needed - _SHRINKAGE_SLACK).astype(np.int64)


def staff(traffic: Traffic, target: Target, *, shrinkage: float = 0.0) -> Staffing:
    """Required agents per interval, what they achieve, and how many to schedule.

    >>> s = staff(Traffic([100], aht_s=180, interval_s=1800), Target(), shrinkage=0.3)
    >>> int(s.agents[0]), int(s.agents_scheduled[0]), round(float(s.p_wait[0]), 3)
    (14, 20, 0.174)
    """
    agents, achieved = _staffed(traffic, target)
    scheduled = scheduled_agents(agents, shrinkage)
    return Staffing(
        service_level=achieved.service_level,
        asa_s=achieved.asa_s,
        occupancy=achieved.occupancy,
        p_wait=achieved.p_wait,
        abandon_rate=achieved.abandon_rate,
        model=traffic.model,
        agents=agents,
        agents_scheduled=scheduled,
    )


@dataclass(frozen=True)
class _Columns:
    """Traffic as flat per-interval arrays, so that a subset can be evaluated alone."""

    calls: FloatArray
    rate: FloatArray  # arrivals per second
    aht: FloatArray
    patience: FloatArray | None

    @classmethod
    def of(cls, traffic: Traffic) -> _Columns:
        return cls(
            calls=traffic.calls,
            rate=traffic.calls / traffic.interval_s,
            aht=np.asarray(traffic.aht_s),
            patience=None if traffic.patience_s is None else np.asarray(traffic.patience_s),
        )

    @property
    def size(self) -> int:
        return int(self.calls.size)

    @property
    def load(self) -> FloatArray:
        return self.rate * self.aht

    def take(self, index: NDArray[np.intp]) -> _Columns:
        return _Columns(
            calls=self.calls[index],
            rate=self.rate[index],
            aht=self.aht[index],
            patience=None if self.patience is None else self.patience[index],
        )


def least_meeting(
    guess: FloatArray,
    failing: FloatArray,
    step: FloatArray,
    meets: Callable[[FloatArray, NDArray[np.intp]], NDArray[np.bool_]],
) -> IntArray:
    """The least n meeting a target in each interval: galloping, then bisection.

    ``meets(n, index)`` says whether n agents meet the target in the intervals ``index``
    (one n each); it must be monotone in n. ``failing`` holds an n known to fail (or -1),
    ``guess`` a first n to try (above ``failing``), ``step`` the first stride. The search
    gallops up or down from the guess until it holds a failing n and a meeting n, then
    halves the gap: a handful of evaluations, each for every interval still open at once.
    """
    failing = failing.astype(np.float64)
    step = step.astype(np.float64)
    everyone = np.arange(guess.size)
    ok = meets(guess, everyone)
    meeting = np.where(ok, guess, np.inf)
    failing = np.where(ok, failing, guess)
    rising = np.flatnonzero(~ok)
    while rising.size:
        if step[rising].max() > _SEARCH_LIMIT:
            raise ArithmeticError("no number of agents meets the target; the inputs are extreme")
        probe = failing[rising] + step[rising]
        ok = meets(probe, rising)
        meeting[rising[ok]] = probe[ok]
        failing[rising[~ok]] = probe[~ok]
        step[rising[~ok]] *= 2
        rising = rising[~ok]
    falling = np.flatnonzero(meeting - failing > 1)
    while falling.size:
        probe = np.maximum(meeting[falling] - step[falling], failing[falling] + 1)
        ok = meets(probe, falling)
        meeting[falling[ok]] = probe[ok]
        failing[falling[~ok]] = probe[~ok]
        step[falling[ok]] *= 2
        falling = falling[ok & (meeting[falling] - failing[falling] > 1)]
    active = np.flatnonzero(meeting - failing > 1)
    while active.size:
        middle = np.floor((failing[active] + meeting[active]) / 2)
        ok = meets(middle, active)
        meeting[active[ok]] = middle[ok]
        failing[active[~ok]] = middle[~ok]
        active = active[meeting[active] - failing[active] > 1]
    return meeting.astype(np.int64)


def meets(achieved: Performance, target: Target) -> NDArray[np.bool_]:
    """Whether each interval's service level and occupancy meet ``target`` (to within TIE).

    Service level grows and occupancy falls as agents are added, so this is monotone in n.
    """
    return (achieved.service_level >= target.service_level - TIE) & (
        achieved.occupancy <= target.max_occupancy + TIE
    )


def _evaluate(
    n: FloatArray, columns: _Columns, threshold_s: float, *, with_asa: bool
) -> Performance:
    result = _idle(columns.size)
    busy = np.flatnonzero(columns.calls > 0)
    if busy.size:
        part = columns.take(busy)
        evaluate = _erlang_c_performance if part.patience is None else _erlang_a_performance
        _put(result, busy, evaluate(n[busy], part, threshold_s, with_asa))
    return result


def _idle(size: int) -> Performance:
    """What intervals without calls achieve: everything answered, nobody busy."""
    return Performance(
        service_level=np.ones(size),
        asa_s=np.zeros(size),
        occupancy=np.zeros(size),
        p_wait=np.zeros(size),
        abandon_rate=np.zeros(size),
    )


def _put(result: Performance, index: NDArray[np.intp], achieved: Performance) -> None:
    for name in ("service_level", "asa_s", "occupancy", "p_wait", "abandon_rate"):
        getattr(result, name)[index] = getattr(achieved, name)


def _erlang_c_performance(
    n: FloatArray,
    columns: _Columns,
    threshold_s: float,
    with_asa: bool,
    log_b: FloatArray | None = None,
) -> Performance:
    """Erlang C figures of n agents; ``log_b``, if given, is ``_log_erlang_b(n, load)``."""
    a, aht = columns.load, columns.aht
    stable = n > a
    p_wait = np.exp(_log_erlang_c(n, a, log_b))
    spare = np.where(stable, n - a, 1.0)
    service_level = np.where(stable, 1.0 - p_wait * np.exp(-spare * threshold_s / aht), 0.0)
    asa = np.where(stable, p_wait * aht / spare, np.inf) if with_asa else np.zeros_like(a)
    occupancy = np.where(stable, a / np.where(stable, n, 1.0), 1.0)
    return Performance(service_level, asa, occupancy, p_wait, np.zeros_like(a))


@np.errstate(divide="ignore")
def _erlang_a_performance(
    n: FloatArray, columns: _Columns, threshold_s: float, with_asa: bool
) -> Performance:
    """Palm's M/M/n+M queue, exactly (Mandelbaum & Zeltyn's formulas; see docs/wfm.md).

    With x = n·patience/AHT and y = λ·patience, the queue beyond n agents holds k callers
    with weight y**k / ((x+1)···(x+k)), whose sum is Kummer's 1F1(1; x+1; y).
    """
    patience, aht = columns.patience, columns.aht
    assert patience is not None
    a = columns.load
    x = n * patience / aht
    y = columns.rate * patience
    log_b = _log_erlang_b(n, a)
    log_f1 = _log_kummer(x + 1, y)  # 1F1(1; x+2; y)
    log_ratio = np.log(y) - np.log1p(x)
    log_queue = np.logaddexp(0.0, log_ratio + log_f1)  # 1F1(1; x+1; y) = 1 + y/(x+1)·log_f1
    # P(all n busy) = B / (1 + (queue - 1)·B), with B = Erlang B.
    log_busy = log_b - np.logaddexp(np.log1p(-np.exp(log_b)), log_queue + log_b)
    p_wait = np.exp(log_busy + log_queue)
    abandon = _abandon_share(log_busy, log_queue, x, y)
    served_share = x / (x + 1)
    log_later = log_busy + log_f1  # x/(x+1)·e**this = P(answered after waiting)
    log_q = -threshold_s / patience
    log_late = (
        log_busy + y * -np.expm1(log_q) + (x + 1) * log_q + _log_kummer(x + 1, y * np.exp(log_q))
    )
    answered_in_time = (
        served_share * np.exp(log_later) * -np.expm1(np.minimum(log_late - log_later, 0.0))
    )
    service_level = np.clip(1.0 - p_wait + answered_in_time, 0.0, 1.0)
    # Carried load / agents; an ulp of rounding must not report an agent busy > 100%.
    occupancy = np.where(n > 0, np.minimum(a * (1.0 - abandon) / np.where(n > 0, n, 1.0), 1.0), 0.0)
    asa = np.zeros_like(a)
    if with_asa:
        waited_and_answered = served_share * np.exp(log_later)
        with np.errstate(invalid="ignore", divide="ignore"):
            asa = waited_and_answered * patience * _mean_served_wait(x, y) / (1.0 - abandon)
    return Performance(service_level, asa, occupancy, p_wait, abandon)


def _abandon_share(
    log_busy: FloatArray, log_queue: FloatArray, x: FloatArray, y: FloatArray
) -> FloatArray:
    """P(abandon) = θ·E[queue]/λ = P(all busy)·Σ k·weight_k / y.

    Σ k·weight_k is y/(x+1)·1F1(2; x+2; y), summed directly while the queue is stable
    (y <= x), and equal to queue·(y - x) + x beyond, where neither term cancels.
    """
    result = np.empty_like(y)
    under = y <= x
    with np.errstate(over="ignore"):
        result[under] = (
            np.exp(log_busy[under]) / (x[under] + 1) * special.hyp1f1(2.0, x[under] + 2, y[under])
        )
    over = ~under
    spread = y[over] - x[over]
    result[over] = (
        np.exp(log_busy[over] + log_queue[over] + np.log(spread) - np.log(y[over]))
        + np.exp(log_busy[over]) * x[over] / y[over]
    )
    return np.minimum(result, 1.0)


def _mean_served_wait(x: FloatArray, y: FloatArray) -> FloatArray:
    """Mean wait, in units of the mean patience, of callers who waited and were answered.

    Their wait u has density proportional to exp(ψ(u)), ψ(u) = y(1 - e**-u) - (x+1)u:
    concave, so the mass lies around its mode u* and the range [lo, hi] where ψ is
    within _TAIL of its peak is found exactly with Lambert's W; Gauss-Legendre does the rest.
    """
    c = x + 1
    with np.errstate(divide="ignore"):
        mode = np.maximum(np.log(y) - np.log(c), 0.0)
    peak = y * -np.expm1(-mode) - c * mode
    shift = (y - peak + _TAIL) / c
    with np.errstate(divide="ignore", invalid="ignore"):
        root = -(y / c) * np.exp(-shift)
        hi = shift + special.lambertw(root, 0).real
        lo = np.where(mode > 0, shift + special.lambertw(root, -1).real, 0.0)
    lo = np.clip(np.nan_to_num(lo, nan=0.0), 0.0, mode)
    half = (hi - lo)[:, None] / 2
    u = lo[:, None] + half * (_NODES[None, :] + 1)
    density = _WEIGHTS[None, :] * np.exp(
        y[:, None] * -np.expm1(-u) - c[:, None] * u - peak[:, None]
    )
    return (density * u).sum(axis=1) / density.sum(axis=1)


def _log_erlang_c(n: FloatArray, a: FloatArray, log_b: FloatArray | None = None) -> FloatArray:
    """log P(wait) = log B - log(1 - ρ(1 - B)), ρ = a/n; 0 (certain wait) when n <= a.

    ``log_b`` is log Erlang B of n where n > a, if already known.
    """
    stable = n > a
    safe_n = np.where(stable, n, a + 1)
    if log_b is None:
        log_b = _log_erlang_b(safe_n, a)
    rho = a / safe_n
    return np.where(stable, log_b - np.log1p(-rho * -np.expm1(log_b)), 0.0)


def _log_erlang_b(n: FloatArray, a: FloatArray) -> FloatArray:
    """log B(n, a) = log Poisson(n; a) - log P(Poisson(a) <= n).

    The Poisson tail is the regularised Q(n+1, a); where it underflows (n far below a)
    B = 1 / (a·U(1, n+2, a)) with Tricomi's U.
    """
    with np.errstate(divide="ignore"):
        log_pmf = special.xlogy(n, a) - a - special.gammaln(n + 1)
        tail = special.gammaincc(n + 1, a)
        result = log_pmf - np.log(tail)
    deep = tail < _TINY
    if deep.any():
        result[deep] = -np.log(a[deep]) - np.log(special.hyperu(1.0, n[deep] + 2, a[deep]))
    # B <= 1; rounding in either path may overshoot log B = 0 by an ulp.
    return np.where(a > 0, np.minimum(result, 0.0), np.where(n > 0, -np.inf, 0.0))


def _log_kummer(b: FloatArray, z: FloatArray) -> FloatArray:
    """log 1F1(1; b+1; z) for b >= 1, z >= 0.

    For z <= b the series is bounded and scipy's 1F1 is accurate; beyond, it grows like
    e**z and is written as Γ(b+1)·e**z·z**-b·P(b, z), with P the regularised lower
    incomplete gamma (>= about 1/2 there), all in logs.
    """
    result = np.empty_like(z)
    small = z <= b
    result[small] = np.log(special.hyp1f1(1.0, b[small] + 1, z[small]))
    big = ~small
    bb, zb = b[big], z[big]
    result[big] = special.gammaln(bb + 1) + zb - bb * np.log(zb) + np.log(special.gammainc(bb, zb))
    return result
