"""A realistic Asterisk queue_log, made by simulating the demo contact center day by day.

Demos, tests and benchmarks need queue_log files that behave like a real center's: volumes
that follow the Iranian week and the working day, waits that grow when agents pause at a
busy hour, callers who give up and call again. A small event-calendar simulation (heapq)
of the center described in `tamas.demo.center` produces them: calls arrive and wait in
their queue, ringing the free member who has been idle longest; agents log in for their
shift, pause, wrap up after each call and log out. Each happening is written as the line
Asterisk 18+ writes for it (apps/app_queue.c through main/logger.c:
`time|uniqueid|queue|member|EVENT|data...`), one line per event, in time order.

The simulation is kept deliberately small; `tamas.sim` is the tool for what-if questions.
Everything random comes from one seeded numpy Generator, so a seed gives the same file.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import Enum, auto
from typing import Any, TextIO
from zoneinfo import ZoneInfo

import numpy as np

from tamas.demo.center import (
    ABSENCE,
    INTRADAY,
    OCCASIONAL_PAUSES,
    QUEUES,
    SATURDAY,
    WEEK,
    AgentProfile,
    DayPlan,
    QueueProfile,
    Shift,
    caller_numbers,
    crew,
    roster,
)

CALLS_PER_DAY = 800
"""Default calls on a reference working day: with the week's shape, ~270k calls a year."""

RING_TIMEOUT_S = 15
"""How long a member's phone rings before Asterisk gives up on them (RINGNOANSWER)."""
RING_NO_ANSWER = 0.04
"""Chance that a ringing agent does not pick up."""
SHORT_ABANDON = 0.03
"""Share of callers who hang up within a few seconds of entering the queue."""
PATIENCE_SIGMA = 0.9
"""Spread (log-normal sigma) of the callers' patience around their queue's median."""
TALK_SIGMA = 0.6
"""Spread (log-normal sigma) of talk times around their queue's mean."""
EXIT_KEY = 0.3
"""Chance that a caller leaving a queue with an exit key presses it instead of hanging up."""
ENDINGS = ("COMPLETECALLER", "COMPLETEAGENT", "BLINDTRANSFER", "ATTENDEDTRANSFER")
ENDING_CHANCES = list(itertools.accumulate([0.55, 0.37, 0.05, 0.03]))
"""How an answered call ends: who hangs up, or a transfer."""
TRANSFER_TO_QUEUE = 0.5
"""Share of blind transfers that go to another queue (the call enters it again)."""
EARLY_LOGIN_H = 0.25
LATE_LOGIN, LATE_LOGIN_H = 0.1, 0.33
LATE_LOGOUT_H = 0.17
"""Agents log in up to 15 minutes before their shift, one in ten up to 20 minutes late, and
log out within 10 minutes of its end (after their last call)."""
CALLERS_PER_CALL = 0.6
"""Distinct callers per call over the whole period: many customers call more than once."""
CALL_AGAIN_ANSWERED = (0.10, 3 * 3600.0)
CALL_AGAIN_UNANSWERED = (0.45, 25 * 60.0)
"""(chance, median delay) that a caller calls again after an answered or unanswered call."""


@dataclass(frozen=True, slots=True)
class QueueLogSummary:
    lines: int
    entries: int
    """ENTERQUEUE lines: queue entries, including re-entries after a transfer."""
    calls: int
    """Calls that reached a queue (distinct uniqueids)."""
    agents: int


class _State(Enum):
    LOGGED_OUT = auto()
    IDLE = auto()
    RINGING = auto()
    TALKING = auto()
    WRAP_UP = auto()
    PAUSED = auto()


@dataclass(eq=False, slots=True)
class _Agent:
    profile: AgentProfile
    queues: list[_Queue] = field(default_factory=list)
    state: _State = _State.LOGGED_OUT
    idle_since: float = 0.0
    pauses: deque[tuple[str, float]] = field(default_factory=deque)
    """Pauses that are due, taken one after the other as soon as the agent is free."""
    logging_out: bool = False


@dataclass(eq=False, slots=True)
class _Queue:
    profile: QueueProfile
    waiting: list[_Entry] = field(default_factory=list)
    """Entries waiting, in order of arrival: the index is the caller's position - 1."""
    members: list[_Agent] = field(default_factory=list)


@dataclass(eq=False, slots=True)
class _Entry:
    """One queue entry: a call waiting in one queue, until answered or gone."""

    uniqueid: str
    caller: str
    queue: _Queue
    entered: float
    patience: float
    original_position: int
    ringing: _Agent | None = None
    ring_started: float = 0.0
    refused: set[_Agent] = field(default_factory=set)
    """Agents who let it ring out; they are not rung for it again."""
    done: bool = False


def generate_queue_log(
    out: TextIO,
    *,
    first_day: date,
    days: int,
    seed: int = 1,
    calls_per_day: float = CALLS_PER_DAY,
    tz: str = "Asia/Tehran",
    on_day: Callable[[int], None] | None = None,
) -> QueueLogSummary:
    """Write `days` days of the demo center's queue_log, from local midnight of `first_day`.

    `calls_per_day` is the volume of a reference working day; the week and the day shape
    it. `on_day(n)` is called as day n (from 0) begins, for a progress bar.
    """
    if days < 1:
        raise ValueError("days must be at least 1")
    if calls_per_day <= 0:
        raise ValueError("calls_per_day must be positive")
    center = _Center(
        out,
        first_day=first_day,
        days=days,
        rng=np.random.default_rng(seed),
        calls_per_day=calls_per_day,
        tz=tz,
        on_day=on_day,
    )
    center.run()
    return QueueLogSummary(center.lines, center.entries, center.calls, len(center.agents))


class _Center:
    def __init__(
        self,
        out: TextIO,
        *,
        first_day: date,
        days: int,
        rng: np.random.Generator,
        calls_per_day: float,
        tz: str,
        on_day: Callable[[int], None] | None,
    ) -> None:
        self._out = out
        self._on_day = on_day
        self._first_day = first_day
        self._days = days
        self._rng = rng
        self._calls_per_day = calls_per_day
        self._tz = ZoneInfo(tz)
        self._end = self._local(first_day + timedelta(days=days), 0)
        self._now = 0.0
        self._calendar: list[tuple[float, int, Callable[..., None], tuple[Any, ...]]] = []
        self._order = itertools.count()
        self._channels = itertools.count(1)
        self.lines = self.entries = self.calls = 0

        self.queues = {profile.name: _Queue(profile) for profile in QUEUES}
        self.agents = [_Agent(profile) for profile in roster(rng, calls_per_day)]
        for agent in self.agents:
            agent.queues = [self.queues[name] for name in agent.profile.queues]
            for queue in agent.queues:
                queue.members.append(agent)
        weekly_volume = sum(plan.volume for plan in WEEK.values()) / 7
        expected_calls = calls_per_day * weekly_volume * days
        self._callers = caller_numbers(rng, max(500, int(expected_calls * CALLERS_PER_CALL)))

    # -- the calendar ---------------------------------------------------------------------

    def run(self) -> None:
        self._at(self._local(self._first_day, 6.5), self._open_day, 0)
        while self._calendar:
            self._now, _, handler, args = heapq.heappop(self._calendar)
            handler(*args)

    def _at(self, moment: float, handler: Callable[..., None], *args: Any) -> None:
        heapq.heappush(self._calendar, (moment, next(self._order), handler, args))

    def _local(self, day: date, hours: float) -> float:
        """Epoch seconds of a local wall-clock time (hours after midnight) on `day`."""
        midnight = datetime.combine(day, time(), self._tz)
        return (midnight + timedelta(hours=hours)).timestamp()

    def _is_open(self, queue: str, moment: float) -> bool:
        local = datetime.fromtimestamp(moment, self._tz)
        plan = WEEK[local.weekday()]
        hour = local.hour + local.minute / 60
        return queue in plan.queues and plan.open_h <= hour < plan.close_h

    # -- writing ----------------------------------------------------------------------------

    def _log(self, callid: str, queue: str, member: str, event: str, data: str) -> None:
        self._out.write(f"{int(self._now)}|{callid}|{queue}|{member}|{event}|{data}\n")
        self.lines += 1

    def _uniqueid(self, created: float) -> str:
        """A channel's uniqueid as Asterisk makes it: creation time and a running counter."""
        return f"{int(created)}.{next(self._channels)}"

    # -- the day's plan ---------------------------------------------------------------------

    def _open_day(self, index: int) -> None:
        day = self._first_day + timedelta(days=index)
        if self._on_day is not None:
            self._on_day(index)
        if index == 0:
            self._log("NONE", "NONE", "NONE", "QUEUESTART", "")
        if day.weekday() == SATURDAY:
            self._at(self._local(day, 7 + self._rng.random() / 2), self._reload)
        plan = WEEK[day.weekday()]
        self._plan_arrivals(day, plan)
        by_name = {agent.profile.name: agent for agent in self.agents}
        for profile, shift in crew([agent.profile for agent in self.agents], day):
            if self._rng.random() >= ABSENCE:
                self._plan_shift(by_name[profile.name], day, shift)
        if index + 1 < self._days:
            self._at(self._local(day + timedelta(days=1), 6.5), self._open_day, index + 1)

    def _plan_arrivals(self, day: date, plan: DayPlan) -> None:
        hours = [hour for hour in INTRADAY if plan.open_h <= hour < plan.close_h]
        day_weight = sum(INTRADAY[hour] for hour in hours)
        open_share = sum(self.queues[name].profile.share for name in plan.queues)
        for name in plan.queues:
            share = self.queues[name].profile.share / open_share
            for hour in hours:
                mean = self._calls_per_day * plan.volume * share * INTRADAY[hour] / day_weight
                start = self._local(day, hour)
                for offset in self._rng.random(self._rng.poisson(mean)) * 3600:
                    self._at(start + float(offset), self._new_call, name, None)

    def _plan_shift(self, agent: _Agent, day: date, shift: Shift) -> None:
        rng = self._rng
        login_h = shift.start_h - rng.random() * EARLY_LOGIN_H
        if rng.random() < LATE_LOGIN:
            login_h += rng.random() * LATE_LOGIN_H
        self._at(self._local(day, login_h), self._log_in, agent)
        logout_h = shift.end_h + rng.random() * LATE_LOGOUT_H
        self._at(self._local(day, logout_h), self._shift_ends, agent)
        pauses = list(shift.pauses)
        if shift is agent.profile.shift:
            pauses += [slot for slot, chance in OCCASIONAL_PAUSES if rng.random() < chance]
        for slot in pauses:
            start_h = slot.earliest_h + rng.random() * (slot.latest_h - slot.earliest_h)
            seconds = slot.minutes * 60 * (0.8 + 0.5 * rng.random())
            self._at(self._local(day, start_h), self._pause_due, agent, slot.reason, seconds)

    def _reload(self) -> None:
        self._log("NONE", "NONE", "NONE", "CONFIGRELOAD", "")

    # -- callers ----------------------------------------------------------------------------

    def _new_call(self, queue: str, caller: str | None) -> None:
        """A call reaches the queue from the IVR: a new channel, a new uniqueid."""
        rng = self._rng
        if caller is None:
            caller = self._callers[int(rng.integers(len(self._callers)))]
        uniqueid = self._uniqueid(self._now - 5 - 20 * rng.random())
        self.calls += 1
        profile = self.queues[queue].profile
        if profile.did is not None and rng.random() < profile.did_share:
            self._log(uniqueid, queue, "NONE", "DID", profile.did)
        self._enter(self.queues[queue], uniqueid, caller)

    def _enter(self, queue: _Queue, uniqueid: str, caller: str) -> None:
        rng = self._rng
        if rng.random() < SHORT_ABANDON:
            patience = 0.5 + 3.5 * rng.random()
        else:
            patience = rng.lognormal(math.log(queue.profile.patience_s), PATIENCE_SIGMA)
        entry = _Entry(uniqueid, caller, queue, self._now, patience, len(queue.waiting) + 1)
        queue.waiting.append(entry)
        self.entries += 1
        self._log(
            uniqueid,
            queue.profile.name,
            "NONE",
            "ENTERQUEUE",
            f"|{caller}|{entry.original_position}",
        )
        self._at(self._now + min(patience, queue.profile.timeout_s), self._leave, entry)
        self._route(entry)

    def _route(self, entry: _Entry) -> None:
        """Ring the member of the entry's queue who has been idle longest, if one is free."""
        if entry.done or entry.ringing is not None:
            return
        free = [
            agent
            for agent in entry.queue.members
            if agent.state is _State.IDLE and agent not in entry.refused
        ]
        if free:
            self._ring(entry, min(free, key=lambda agent: agent.idle_since))

    def _offer(self, agent: _Agent) -> None:
        """Ring a free agent for the longest-waiting entry of their queues, if any waits."""
        candidates = [
            next(
                (e for e in queue.waiting if e.ringing is None and agent not in e.refused),
                None,
            )
            for queue in agent.queues
        ]
        waiting = [entry for entry in candidates if entry is not None]
        if waiting:
            self._ring(min(waiting, key=lambda entry: entry.entered), agent)

    def _ring(self, entry: _Entry, agent: _Agent) -> None:
        rng = self._rng
        agent.state = _State.RINGING
        entry.ringing = agent
        entry.ring_started = self._now
        agent_channel = self._uniqueid(self._now)
        if rng.random() < RING_NO_ANSWER:
            self._at(self._now + RING_TIMEOUT_S + rng.random() / 20, self._no_answer, entry, agent)
        else:
            ring_s = min(1 + rng.lognormal(math.log(3), 0.5), RING_TIMEOUT_S - 1)
            self._at(self._now + ring_s, self._connect, entry, agent, agent_channel)

    def _no_answer(self, entry: _Entry, agent: _Agent) -> None:
        if entry.ringing is not agent:
            return
        entry.ringing = None
        entry.refused.add(agent)
        ring_ms = int((self._now - entry.ring_started) * 1000)
        self._log(
            entry.uniqueid,
            entry.queue.profile.name,
            agent.profile.name,
            "RINGNOANSWER",
            str(ring_ms),
        )
        self._ready(agent)
        self._route(entry)

    def _connect(self, entry: _Entry, agent: _Agent, agent_channel: str) -> None:
        if entry.ringing is not agent:
            return
        entry.ringing = None
        entry.done = True
        entry.queue.waiting.remove(entry)
        agent.state = _State.TALKING
        holdtime = int(self._now) - int(entry.entered)
        ring_s = int(self._now - entry.ring_started)
        self._log(
            entry.uniqueid,
            entry.queue.profile.name,
            agent.profile.name,
            "CONNECT",
            f"{holdtime}|{agent_channel}|{ring_s}",
        )
        aht = entry.queue.profile.aht_s
        talk_s = max(8.0, self._rng.lognormal(math.log(aht) - TALK_SIGMA**2 / 2, TALK_SIGMA))
        self._at(self._now + talk_s, self._hang_up, entry, agent, int(self._now))

    def _hang_up(self, entry: _Entry, agent: _Agent, connected: int) -> None:
        rng = self._rng
        queue = entry.queue.profile
        holdtime, calltime = connected - int(entry.entered), int(self._now) - connected
        times = f"{holdtime}|{calltime}|{entry.original_position}"
        ending = ENDINGS[bisect.bisect(ENDING_CHANCES, rng.random())]
        call_again = CALL_AGAIN_ANSWERED
        if ending == "BLINDTRANSFER":
            targets = [
                name
                for name in self.queues
                if name != queue.name and self._is_open(name, self._now)
            ]
            if targets and rng.random() < TRANSFER_TO_QUEUE:
                target = self.queues[targets[int(rng.integers(len(targets)))]]
                extension = target.profile.extension
                arrives = self._now + 2 + 4 * rng.random()
                self._at(arrives, self._enter, target, entry.uniqueid, entry.caller)
                call_again = (0.0, 0.0)
            else:
                extension = str(2100 + int(rng.integers(1, 40)))
            data = f"{extension}|from-internal-xfer|{times}"
        elif ending == "ATTENDEDTRANSFER":
            bridge = uuid.UUID(bytes=rng.bytes(16), version=4)
            data = f"BRIDGE|{bridge}|{times}"
        else:
            data = times
        self._log(entry.uniqueid, queue.name, agent.profile.name, ending, data)
        agent.state = _State.WRAP_UP
        self._at(self._now + queue.wrapup_s, self._ready, agent)
        self._maybe_call_again(entry, *call_again)

    def _leave(self, entry: _Entry) -> None:
        """The caller's patience or the queue's timeout has run out while still waiting."""
        if entry.done:
            return
        queue = entry.queue
        position = queue.waiting.index(entry) + 1
        queue.waiting.remove(entry)
        entry.done = True
        timed_out = entry.patience >= queue.profile.timeout_s
        ringing, entry.ringing = entry.ringing, None
        if ringing is not None:
            ring_ms = str(int((self._now - entry.ring_started) * 1000))
            stopped = "RINGNOANSWER" if timed_out else "RINGCANCELED"
            self._log(entry.uniqueid, queue.profile.name, ringing.profile.name, stopped, ring_ms)
        wait = int(self._now) - int(entry.entered)
        places = f"{position}|{entry.original_position}|{wait}"
        key = queue.profile.exit_key
        if timed_out:
            self._log(entry.uniqueid, queue.profile.name, "NONE", "EXITWITHTIMEOUT", places)
        elif key is not None and wait >= 15 and self._rng.random() < EXIT_KEY:
            self._log(entry.uniqueid, queue.profile.name, "NONE", "EXITWITHKEY", f"{key}|{places}")
        else:
            self._log(entry.uniqueid, queue.profile.name, "NONE", "ABANDON", places)
        if ringing is not None:
            self._ready(ringing)
        self._maybe_call_again(entry, *CALL_AGAIN_UNANSWERED)

    def _maybe_call_again(self, entry: _Entry, chance: float, median_s: float) -> None:
        """Some callers call again later (a new call); only while their queue is open."""
        if self._rng.random() >= chance:
            return
        moment = self._now + self._rng.lognormal(math.log(median_s), 1.0)
        name = entry.queue.profile.name
        if moment < self._end and self._is_open(name, moment):
            self._at(moment, self._new_call, name, entry.caller)

    # -- agents -----------------------------------------------------------------------------

    def _ready(self, agent: _Agent) -> None:
        """The agent is free: log out or pause if due, else take the next waiting call."""
        if agent.logging_out:
            self._log_out(agent)
        elif agent.pauses:
            self._start_pause(agent)
        else:
            agent.state = _State.IDLE
            agent.idle_since = self._now
            self._offer(agent)

    def _log_in(self, agent: _Agent) -> None:
        for queue in agent.queues:
            self._log("MANAGER", queue.profile.name, agent.profile.name, "ADDMEMBER", "")
        self._ready(agent)

    def _shift_ends(self, agent: _Agent) -> None:
        if agent.state is _State.LOGGED_OUT:
            return
        agent.logging_out = True
        if agent.state is _State.IDLE:
            self._ready(agent)

    def _log_out(self, agent: _Agent) -> None:
        for queue in agent.queues:
            self._log("MANAGER", queue.profile.name, agent.profile.name, "REMOVEMEMBER", "")
        agent.state = _State.LOGGED_OUT
        agent.logging_out = False
        agent.pauses.clear()
        for queue in agent.queues:
            if all(member.state is _State.LOGGED_OUT for member in queue.members):
                self._empty(queue)

    def _empty(self, queue: _Queue) -> None:
        """The last member left: Asterisk (leavewhenempty) lets every waiting caller go."""
        while queue.waiting:
            entry = queue.waiting.pop(0)
            entry.done = True
            wait = int(self._now) - int(entry.entered)
            places = f"1|{entry.original_position}|{wait}"
            self._log(entry.uniqueid, queue.profile.name, "NONE", "EXITEMPTY", places)
            self._maybe_call_again(entry, *CALL_AGAIN_UNANSWERED)

    def _pause_due(self, agent: _Agent, reason: str, seconds: float) -> None:
        if agent.state is _State.LOGGED_OUT:
            return
        agent.pauses.append((reason, seconds))
        if agent.state is _State.IDLE:
            self._ready(agent)

    def _start_pause(self, agent: _Agent) -> None:
        """Pause in all queues at once, logged as Asterisk does: PAUSEALL, then each PAUSE."""
        reason, seconds = agent.pauses.popleft()
        agent.state = _State.PAUSED
        self._log("NONE", "NONE", agent.profile.name, "PAUSEALL", reason)
        for queue in agent.queues:
            self._log("NONE", queue.profile.name, agent.profile.name, "PAUSE", reason)
        self._at(self._now + seconds, self._end_pause, agent)

    def _end_pause(self, agent: _Agent) -> None:
        self._log("NONE", "NONE", agent.profile.name, "UNPAUSEALL", "")
        for queue in agent.queues:
            self._log("NONE", queue.profile.name, agent.profile.name, "UNPAUSE", "")
        self._ready(agent)
