"""Erlang X: staffing when callers who hang up, or find every line busy, call again.

Erlang A (`tamas.wfm.erlang`) counts a caller who hangs up as gone. Many call back: in
a busy interval the same people ring again, so the queue sees more attempts than there
are callers, and the ACD's report, which counts attempts, shows a lower service level
than Erlang A promised. This module adds those retrials to Palm's M/M/n+M queue: a
caller who abandons (exponential patience) or is blocked (every line busy, when the
lines are limited) calls again with probability ``Retrials.probability`` after an
exponential delay of mean ``Retrials.delay_s``; otherwise they are lost for good.

Why a Markov chain and not a formula: with retrials the state is two numbers, callers
in the center (talking or waiting) and callers about to call again (the "orbit"), and
no closed form of its stationary distribution is known. It is solved here numerically
on a box of states grown until every outer layer of the box holds less than
``LAYER_MASS`` of the probability, with one sparse LU factorisation per box. Waiting
times are then exact and in closed form: a caller who joins the queue waits on those
ahead of them only, never on the orbit, and the time to pass k callers ahead is a sum
of exponentials whose Laplace transform is that of a beta distribution.

Each interval needs its own chain, so this is a loop over intervals, not a vectorised
formula: 10-25 ms for an interval of 100 agents, seconds for a week of quarter hours
(benchmarks/erlang.py). Definitions and the error of the truncation are in docs/wfm.md.
"""

from __future__ import annotations

import math
import operator
from dataclasses import KW_ONLY, dataclass
from typing import ClassVar, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import sparse, special
from scipy.linalg import solve_banded
from scipy.sparse import linalg

from tamas.wfm import erlang
from tamas.wfm.erlang import (
    TIE,
    FloatArray,
    IntArray,
    Performance,
    Target,
    Traffic,
    agents_per_interval,
    least_meeting,
    meets,
    scheduled_agents,
)

LAYER_MASS = 1e-13
"""The box of states is grown until each of its outer layers (most callers in the
center, fewest, most in the orbit) holds less than this share of the probability."""
# Standard deviations of margin around the expected center and orbit in the first box.
_MARGIN = 8.0
# Rounds (at most) of the fixed point that sizes the first box and the staffing guess.
_FIXED_POINT_ROUNDS = 20
_STAFFING_ROUNDS = 3
# Widest band (the shorter side of the box) solved by LAPACK's band LU, not SuperLU.
_BAND_LIMIT = 56
# A box that keeps growing past this many rounds, or past this many states, means
# attempts far beyond what the agents can answer: too large a chain to solve exactly.
_GROWTH_LIMIT = 30
_STATE_LIMIT = 2_000_000


class TooFewLinesError(ValueError):
    """No number of agents meets the target: blocking alone keeps the service level below
    it in interval ``interval`` (``reason`` says by how much)."""

    def __init__(self, interval: int, reason: str) -> None:
        super().__init__(f"calls[{interval}]: {reason}")
        self.interval, self.reason = interval, reason


@dataclass(frozen=True)
class Retrials:
    """How callers who do not get through behave: the Erlang X part of the model.

    A caller who abandons, or finds every one of ``lines`` busy, calls again with
    ``probability`` after an exponential delay of mean ``delay_s`` seconds, as often as
    it takes; with ``1 - probability`` they give up for good. ``lines`` counts every line
    into the queue, talking or waiting (unlimited when None).
    """

    probability: float
    _: KW_ONLY
    delay_s: float
    lines: int | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.probability < 1:
            raise ValueError(f"probability is {self.probability!r}; expected a share in [0, 1)")
        if not (math.isfinite(self.delay_s) and self.delay_s > 0):
            raise ValueError(f"delay_s is {self.delay_s!r}; expected a finite number > 0")
        if self.lines is not None:
            lines = operator.index(self.lines)
            if lines < 1:
                raise ValueError(f"lines is {lines!r}; expected a whole number >= 1")
            object.__setattr__(self, "lines", lines)


@dataclass(frozen=True)
class RetrialPerformance(Performance):
    """What a number of agents achieves per interval under Erlang X.

    The fields of `Performance` are shares of *attempts* (first calls and retrials
    alike), as the ACD counts them: ``service_level`` is the share of attempts answered
    within the threshold, ``p_wait`` of attempts that queue, ``abandon_rate`` of attempts
    that hang up while waiting. The other views:

    - ``first_attempt_service_level``: share of callers answered within the threshold on
      their first attempt (per unique caller).
    - ``blocked_rate``: share of attempts finding every line busy (0 without a limit).
    - ``lost_rate``: share of callers who never get through (per unique caller).
    - ``attempts``: attempts per interval, first calls and retrials.
    - ``effective_load``: erlangs offered by all attempts, attempts x AHT / interval.
    - ``truncated_mass``: estimated probability of the states outside the computed box.
    """

    first_attempt_service_level: FloatArray
    blocked_rate: FloatArray
    lost_rate: FloatArray
    attempts: FloatArray
    effective_load: FloatArray
    truncated_mass: FloatArray


@dataclass(frozen=True)
class RetrialStaffing(RetrialPerformance):
    """The least agents meeting a target per interval under Erlang X, and what they achieve."""

    model: ClassVar[Literal["erlang_x"]] = "erlang_x"
    agents: IntArray
    agents_scheduled: IntArray


def performance(
    agents: ArrayLike, traffic: Traffic, retrials: Retrials, *, threshold_s: float
) -> RetrialPerformance:
    """Service (per attempt and per caller), waits, load and losses of ``agents`` per interval.

    >>> t = Traffic([100], aht_s=180, interval_s=1800, patience_s=120)
    >>> p = performance([10], t, Retrials(0.6, delay_s=300), threshold_s=20)
    >>> round(float(p.attempts[0]), 1), round(float(p.service_level[0]), 3)
    (114.3, 0.487)
    """
    n = agents_per_interval(agents, traffic)
    return _Intervals(traffic, retrials, threshold_s).performance(n, np.arange(n.size))


def required_agents(traffic: Traffic, retrials: Retrials, target: Target) -> IntArray:
    """The least agents per interval whose attempts meet ``target``: service level per
    attempt >= the target's and occupancy <= its maximum. An interval without calls needs
    no agent. With limited lines, a target that even one agent per line misses raises
    TooFewLinesError.

    >>> t = Traffic([100, 0], aht_s=180, interval_s=1800, patience_s=120)
    >>> required_agents(t, Retrials(0.6, delay_s=300), Target()).tolist()
    [13, 0]
    """
    return _search(_Intervals(traffic, retrials, target.threshold_s), target)


def staff(
    traffic: Traffic, retrials: Retrials, target: Target, *, shrinkage: float = 0.0
) -> RetrialStaffing:
    """Required agents per interval under Erlang X, what they achieve, and how many to schedule."""
    intervals = _Intervals(traffic, retrials, target.threshold_s)
    agents = _search(intervals, target)
    achieved = intervals.performance(agents.astype(np.float64), np.arange(agents.size))
    return RetrialStaffing(
        **vars(achieved), agents=agents, agents_scheduled=scheduled_agents(agents, shrinkage)
    )


def _search(intervals: _Intervals, target: Target) -> IntArray:
    traffic, lines = intervals.traffic, intervals.retrials.lines
    agents = np.zeros(traffic.calls.size, dtype=np.int64)
    busy = np.flatnonzero(traffic.calls > 0)
    if not busy.size:
        return agents
    if lines is not None:
        # One agent per line answers everyone who gets a line; if blocking alone keeps the
        # service level below the target, no number of agents meets it.
        achieved = intervals.performance(np.full(busy.size, float(lines)), busy)
        short = np.flatnonzero(achieved.service_level < target.service_level - TIE)
        if short.size:
            first = int(short[0])
            raise TooFewLinesError(
                int(busy[first]),
                f"even {lines} agents on {lines} lines answer only "
                f"{achieved.service_level[first]:.1%} of attempts in time, "
                f"{achieved.blocked_rate[first]:.1%} being blocked; more lines are needed",
            )
    load = traffic.load[busy]
    # Answered attempts <= n / AHT per second and attempts >= calls, so the service
    # level per attempt is at most n / load: fewer than target x load agents fail.
    failing = np.floor(target.service_level * load) - 1
    guess = np.maximum(_staffing_guess(intervals, target)[busy], failing + 1)
    agents[busy] = least_meeting(
        guess,
        failing,
        np.ones_like(guess),
        lambda n, index: meets(intervals.performance(n, busy[index]), target),
    )
    return agents


def _staffing_guess(intervals: _Intervals, target: Target) -> FloatArray:
    """Erlang A's staffing of the attempts the fixed point predicts: near Erlang X's."""
    traffic = intervals.traffic
    everyone = np.arange(traffic.calls.size)
    attempts = traffic.calls
    agents = np.zeros(traffic.calls.size)
    for _ in range(_STAFFING_ROUNDS):
        agents = erlang.required_agents(intervals.erlang_a(attempts, everyone), target)
        attempts, _ = intervals.fixed_point(agents.astype(np.float64), everyone)
    return agents.astype(np.float64)


class _Intervals:
    """Evaluates intervals one chain each, remembering every result and each interval's
    last box, so that the staffing search never solves the same chain twice and starts
    each new one from the box of its neighbour in n."""

    def __init__(self, traffic: Traffic, retrials: Retrials, threshold_s: float) -> None:
        if traffic.patience_s is None:
            raise ValueError(
                "Erlang X needs patience_s: callers who never hang up never call again"
            )
        self.traffic, self.retrials, self.threshold_s = traffic, retrials, threshold_s
        self.patience_s: FloatArray = traffic.patience_s
        self._results: dict[tuple[int, int], dict[str, float]] = {}
        self._boxes: dict[int, tuple[_Box, tuple[int, int]]] = {}

    def erlang_a(self, calls: FloatArray, index: NDArray[np.intp]) -> Traffic:
        """The Erlang A traffic of ``calls`` in the intervals ``index``."""
        return Traffic(
            calls,
            aht_s=self.traffic.aht_s[index],
            interval_s=self.traffic.interval_s,
            patience_s=self.patience_s[index],
        )

    def fixed_point(
        self, agents: FloatArray, index: NDArray[np.intp]
    ) -> tuple[FloatArray, FloatArray]:
        """Attempts per interval and their abandon share were retrials Poisson like fresh calls.

        This is the classical approximation (attempts = calls / (1 - probability x
        abandon share), each attempt meeting an Erlang A queue), right when retrials come
        long after the abandons that cause them; here it only sizes first boxes and guesses.
        """
        calls = self.traffic.calls[index]
        attempts, abandon = calls, np.zeros_like(calls)
        for _ in range(_FIXED_POINT_ROUNDS):
            achieved = erlang.performance(agents, self.erlang_a(attempts, index), threshold_s=0)
            abandon = achieved.abandon_rate
            previous, attempts = attempts, calls / (1 - self.retrials.probability * abandon)
            if np.allclose(attempts, previous, rtol=1e-3, atol=0):
                break
        return attempts, abandon

    def performance(self, n: FloatArray, index: NDArray[np.intp]) -> RetrialPerformance:
        """What n[k] agents achieve in interval index[k], for every k.

        Agents beyond the number of lines answer nobody more: the chain is solved with as
        many agents as can be reached (`serving`), and only occupancy, the carried load
        spread over everyone staffed, depends on the rest.
        """
        names = [*RetrialPerformance.__dataclass_fields__]
        columns = {name: np.zeros(index.size) for name in names}
        columns["service_level"][:] = 1.0
        columns["first_attempt_service_level"][:] = 1.0
        traffic = self.traffic
        lines = self.retrials.lines
        serving = n if lines is None else np.minimum(n, lines)
        busy = np.flatnonzero(traffic.calls[index] > 0)
        todo = [k for k in busy if (int(index[k]), int(serving[k])) not in self._results]
        fresh = np.array([k for k in todo if int(index[k]) not in self._boxes], dtype=np.intp)
        if fresh.size:
            attempts, abandon = self.fixed_point(serving[fresh], index[fresh])
            for k, attempts_k, abandon_k in zip(fresh, attempts, abandon, strict=True):
                queue = self._queue(int(index[k]), int(serving[k]))
                rate = attempts_k / traffic.interval_s
                self._boxes[int(index[k])] = queue.first_box(rate, abandon_k)
        for k in todo:
            i, agents = int(index[k]), int(serving[k])
            if (i, agents) in self._results:
                continue
            try:
                solution = self._queue(i, agents).solve(*self._boxes[i])
            except ArithmeticError as error:
                raise ArithmeticError(f"calls[{i}] on {agents} agents: {error}") from None
            self._boxes[i] = (solution.fitted(), solution.mode())
            self._results[i, agents] = solution.measures(self.threshold_s, traffic.interval_s)
        for k in busy:
            measures = self._results[int(index[k]), int(serving[k])]
            for name in names:
                columns[name][k] = measures[name]
            if serving[k] < n[k]:
                columns["occupancy"][k] = measures["occupancy"] * serving[k] / n[k]
        return RetrialPerformance(**columns)

    def _queue(self, i: int, agents: int) -> _Queue:
        return _Queue(
            agents=agents,
            rate=float(self.traffic.calls[i] / self.traffic.interval_s),
            aht=float(self.traffic.aht_s[i]),
            patience=float(self.patience_s[i]),
            retrials=self.retrials,
        )


@dataclass(frozen=True)
class _Box:
    """States kept: low..high callers in the center, 0..orbit callers about to retry."""

    low: int
    high: int
    orbit: int


@dataclass(frozen=True)
class _Queue:
    """One interval's M/M/n+M queue with retrials (and lines), in rates per second."""

    agents: int
    rate: float
    aht: float
    patience: float
    retrials: Retrials

    @property
    def lines(self) -> float:
        return math.inf if self.retrials.lines is None else float(self.retrials.lines)

    def first_box(self, attempt_rate: float, abandon: float) -> tuple[_Box, tuple[int, int]]:
        """A box around the fixed point's center and orbit (``attempt_rate`` per second and
        its ``abandon`` share: see _Intervals.fixed_point), _MARGIN deviations either side,
        and the state it expects most often."""
        load = attempt_rate * self.aht
        queue = abandon * attempt_rate * self.patience
        orbit = self.retrials.probability * abandon * attempt_rate * self.retrials.delay_s
        busy = min(self.agents, load)
        above = max(self.agents, load) + queue + _MARGIN * math.sqrt(load + queue)
        box = _Box(
            low=max(0, math.floor(busy - _MARGIN * math.sqrt(busy)) - 10),
            high=int(min(self.lines, math.ceil(above) + 10)),
            orbit=math.ceil(orbit + _MARGIN * math.sqrt(orbit) + 20)
            if self.retrials.probability > 0
            else 0,
        )
        centre = min(max(round(min(self.agents, load) + queue), box.low), box.high)
        return box, (centre, min(round(orbit), box.orbit))

    def solve(self, box: _Box, reference: tuple[int, int]) -> _Solution:
        """The stationary distribution on ``box``, grown until its outer layers are
        negligible; ``reference`` is a state inside it with much probability."""
        for _ in range(_GROWTH_LIMIT):
            states = (box.high - box.low + 1) * (box.orbit + 1)
            if states > _STATE_LIMIT:
                raise ArithmeticError(
                    f"the retrial chain needs {states:,} states, more than {_STATE_LIMIT:,}: "
                    "the inputs are extreme"
                )
            solution = _Solution(self, box, self._stationary(box, reference))
            grown = solution.grown()
            if grown == box:
                return solution
            box = grown
            reference = solution.mode()
        raise ArithmeticError("the retrial chain does not settle: the inputs are extreme")

    def _stationary(self, box: _Box, reference: tuple[int, int]) -> FloatArray:
        """Solve π·Q = 0 on the box, transitions out of it removed, with π(reference) = 1
        in place of one balance equation; then normalise.

        States are numbered with the shorter side of the box varying fastest, so that the
        matrix is a band of that width: LAPACK's band LU where it is narrow, SuperLU beyond.
        """
        centre = np.arange(box.low, box.high + 1)
        orbit = np.arange(box.orbit + 1)
        size = centre.size * orbit.size
        if orbit.size <= centre.size:
            i, j = np.repeat(centre, orbit.size), np.tile(orbit, centre.size)
            i_stride, j_stride = orbit.size, 1
        else:
            i, j = np.tile(centre, orbit.size), np.repeat(orbit, centre.size)
            i_stride, j_stride = 1, centre.size
        r, retry_rate = self.retrials.probability, j / self.retrials.delay_s
        free = i < self.lines
        waiting = np.maximum(i - self.agents, 0) / self.patience
        leaving = np.minimum(i, self.agents) / self.aht + waiting * (1 - r)
        up, down, more, fewer = i < box.high, i > box.low, j < box.orbit, j > 0
        moves = (  # (where, callers in the center +-, in the orbit +-, rate)
            (free & up, 1, 0, np.full(size, self.rate)),  # a fresh call gets a line
            (~free & more, 0, 1, np.full(size, self.rate * r)),  # blocked, will call again
            (free & up & fewer, 1, -1, retry_rate),  # a retrial gets a line
            (~free & fewer, 0, -1, retry_rate * (1 - r)),  # a retrial blocked, gives up
            (down, -1, 0, leaving),  # served, or hangs up for good
            (down & more, -1, 1, waiting * r),  # hangs up, will call again
        )
        # diagonals[shift][s] = rate from state s to state s + shift (column s of Q^T).
        diagonals: dict[int, FloatArray] = {}
        for where, di, dj, rate in moves:
            if where.any():
                diagonal = diagonals.setdefault(di * i_stride + dj * j_stride, np.zeros(size))
                diagonal[where] += rate[where]
        diagonals[0] = -sum(diagonals.values())
        # Row `anchor` becomes out·π(anchor) = out, out being its rate of leaving: every
        # column then stays diagonally dominant, so LU needs no pivoting to be stable.
        anchor = (reference[0] - box.low) * i_stride + reference[1] * j_stride
        out = -diagonals[0][anchor]
        for shift, diagonal in diagonals.items():
            if 0 <= anchor - shift < size:
                diagonal[anchor - shift] = 0.0
        diagonals[0][anchor] = out
        right = np.zeros(size)
        right[anchor] = out
        width = max(abs(shift) for shift in diagonals)
        if width <= _BAND_LIMIT:
            band = np.zeros((2 * width + 1, size))
            for shift, diagonal in diagonals.items():
                band[width + shift] = diagonal
            solution = solve_banded((width, width), band, right, check_finite=False)
        else:
            shifts = list(diagonals)
            matrix = sparse.dia_matrix(
                (np.array([diagonals[shift] for shift in shifts]), [-shift for shift in shifts]),
                shape=(size, size),
            )
            factors = linalg.splu(
                matrix.tocsc(),
                permc_spec="MMD_AT_PLUS_A",
                diag_pivot_thresh=0.0,
                options={"SymmetricMode": True},
            )
            solution = factors.solve(right)
        solution = np.maximum(solution, 0.0)
        solution /= solution.sum()
        if orbit.size <= centre.size:
            return solution.reshape(centre.size, orbit.size)
        return solution.reshape(orbit.size, centre.size).T


@dataclass(frozen=True)
class _Solution:
    """A stationary distribution p[center - box.low, orbit] and what it implies."""

    queue: _Queue
    box: _Box
    p: FloatArray

    def _layers(self) -> dict[str, tuple[float, float, int]]:
        """Open sides of the box: (mass of the outer layer, of the one inside it, width)."""
        queue, box, p = self.queue, self.box, self.p
        centre, orbit = p.sum(axis=1), p.sum(axis=0)
        sides = {}
        if box.high < queue.lines:
            sides["high"] = (centre[-1], centre[-2] if centre.size > 1 else 0.0, centre.size)
        if box.low > 0:
            sides["low"] = (centre[0], centre[1] if centre.size > 1 else 0.0, centre.size)
        if queue.retrials.probability > 0:
            sides["orbit"] = (orbit[-1], orbit[-2] if orbit.size > 1 else 0.0, orbit.size)
        return sides

    def grown(self) -> _Box:
        """The box with each side whose outer layer holds LAYER_MASS or more pushed out,
        by as many layers as the decay between its last two layers says are needed (at
        most by the box's width); where that falls short, the next round pushes again."""
        extra = {}
        for side, (last, before, width) in self._layers().items():
            if last < LAYER_MASS:
                continue
            extra[side] = max(width, 10)
            if 0 < last < before:
                needed = math.log(LAYER_MASS / last) / math.log(last / before)
                extra[side] = min(math.ceil(needed) + 2, extra[side])
        box = self.box
        return _Box(
            low=max(0, box.low - extra.get("low", 0)),
            high=int(min(self.queue.lines, box.high + extra.get("high", 0))),
            orbit=box.orbit + extra.get("orbit", 0),
        )

    def fitted(self) -> _Box:
        """The least box holding every layer of LAYER_MASS or more, with some slack: where
        the next chain of the same interval (an agent more or fewer) starts."""
        centre = np.flatnonzero(self.p.sum(axis=1) >= LAYER_MASS) + self.box.low
        orbit = np.flatnonzero(self.p.sum(axis=0) >= LAYER_MASS)
        slack = 3 + (centre[-1] - centre[0]) // 20
        return _Box(
            low=max(self.box.low, int(centre[0]) - slack),
            high=min(self.box.high, int(centre[-1]) + slack),
            orbit=min(self.box.orbit, int(orbit[-1]) + 3 + int(orbit[-1]) // 20),
        )

    def truncated_mass(self) -> float:
        """An estimate of the probability beyond the box: each open side's tail continued
        geometrically at the rate between its last two layers (in every chain we examined
        these rates keep falling outwards, so the tails fall faster than that)."""
        total = 0.0
        for last, before, _ in self._layers().values():
            ratio = last / before if before > 0 else 0.0
            total += last * ratio / (1 - ratio) if ratio < 1 else math.inf
        return total

    def mode(self) -> tuple[int, int]:
        centre, orbit = np.unravel_index(int(np.argmax(self.p)), self.p.shape)
        return int(centre) + self.box.low, int(orbit)

    def measures(self, threshold_s: float, interval_s: float) -> dict[str, float]:
        """Every output, from the states that fresh calls and retrials find on arrival.

        Fresh calls see the time average (Poisson arrivals); retrials come at rate
        orbit / delay, so they see states weighted by the orbit. A caller who queues with
        k ahead is answered with probability x / (x + k + 1), x = n·patience / AHT, and
        e^(-wait/patience) of those answered is Beta(x + 1, k + 1) distributed; so the
        share answered within t, and the mean wait, are a beta tail and digammas.
        """
        queue, box, p = self.queue, self.box, self.p
        centre = np.arange(box.low, box.high + 1)
        fresh = p.sum(axis=1)
        seen = queue.rate * fresh + p @ np.arange(box.orbit + 1) / queue.retrials.delay_s
        attempts = seen.sum()
        blocked = centre >= queue.lines
        at_once = (centre < queue.agents) & ~blocked
        waits = (centre >= queue.agents) & ~blocked
        ahead = (centre[waits] - queue.agents).astype(np.float64)
        x = queue.agents * queue.patience / queue.aht
        answered_share = x / (x + ahead + 1)
        late = math.exp(-threshold_s / queue.patience)
        in_time = answered_share * special.betaincc(x + 1, ahead + 1, late)
        mean_wait = (special.digamma(x + ahead + 2) - special.digamma(x + 1)) * queue.patience
        queued = seen[waits]
        answered = seen[at_once].sum() + queued @ answered_share
        abandoned = queued @ (1 - answered_share)
        lost = (1 - queue.retrials.probability) * (abandoned + seen[blocked].sum())
        occupancy = min(answered * queue.aht / queue.agents, 1.0) if queue.agents else 0.0
        return {
            "service_level": (seen[at_once].sum() + queued @ in_time) / attempts,
            "asa_s": (queued @ (answered_share * mean_wait)) / answered if answered else 0.0,
            "occupancy": occupancy,
            "p_wait": queued.sum() / attempts,
            "abandon_rate": abandoned / attempts,
            "first_attempt_service_level": fresh[at_once].sum() + fresh[waits] @ in_time,
            "blocked_rate": seen[blocked].sum() / attempts,
            "lost_rate": lost / queue.rate,
            "attempts": attempts * interval_s,
            "effective_load": attempts * queue.aht,
            "truncated_mass": self.truncated_mass(),
        }
