"""The whole KPI report of a queue_log in plain Python: the benchmark's baseline.

What a competent person writes without a library, from docs/kpi.md alone: one pass over
the lines with dicts (each call's open queue entry and answer by callid and queue, each
agent's login and pause state), then one aggregation over the entries. It produces the
same JSON contract as `tamas report kpi --format json` (totals with Asterisk's SLs and
FCR, by_queue, by_agent with logged-in and paused time, by_interval in the center's time
zone), and like Tamas it reads the fields by event type and skips lines it cannot read
(too few fields, a time or number that is not a whole number). It shares no code with
Tamas but the settings' names.

Links follow the file's order, which is time order in a queue_log (Asterisk appends as
things happen); Tamas links by time. The two agree on a file in time order.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from tamas.kpi import KpiDefinitions

LATEST_TIME = 253_402_300_799
PHONE_NUMBER = re.compile(r"\+?[0-9]+")

NUMBERS: dict[str, tuple[int, tuple[int, ...]]] = {
    "ENTERQUEUE": (2, (2,)),
    "CONNECT": (1, (0, 2)),
    "COMPLETEAGENT": (2, (0, 1, 2)),
    "COMPLETECALLER": (2, (0, 1, 2)),
    "TRANSFER": (4, (2, 3, 4)),
    "BLINDTRANSFER": (4, (2, 3, 4)),
    "ATTENDEDTRANSFER": (4, (-3, -2, -1)),
    "ABANDON": (3, (0, 1, 2)),
    "EXITWITHTIMEOUT": (1, (0, 1, 2)),
    "EXITWITHKEY": (4, (1, 2, 3)),
    "EXITEMPTY": (3, (0, 1, 2)),
    "WITHDRAW": (3, (0, 1, 2)),
    "RINGNOANSWER": (1, (0,)),
    "RINGCANCELED": (1, (0,)),
    "AGENTLOGOFF": (1, (1,)),
}
"""Event → (data fields a line has at least, the data fields that are whole numbers)."""
WAIT_FIELD = {"ABANDON": 2, "EXITWITHTIMEOUT": 2, "EXITEMPTY": 2, "WITHDRAW": 2}
WAIT_FIELD["EXITWITHKEY"] = 3
CALLTIME_FIELD = {"COMPLETEAGENT": 1, "COMPLETECALLER": 1, "TRANSFER": 3, "BLINDTRANSFER": 3}
CALLTIME_FIELD["ATTENDEDTRANSFER"] = -2
LOGINS = {"ADDMEMBER": True, "AGENTLOGIN": True, "REMOVEMEMBER": False, "AGENTLOGOFF": False}
PAUSES = {"PAUSE": True, "PAUSEALL": True, "UNPAUSE": False, "UNPAUSEALL": False}


class Entry:
    __slots__ = ("caller", "callid", "end", "outcome", "queue", "queued_at", "talk", "wait")

    def __init__(self, callid: str, queue: str, queued_at: int, caller: str | None) -> None:
        self.callid, self.queue, self.queued_at, self.caller = callid, queue, queued_at, caller
        self.outcome: str | None = None
        self.wait: int | None = None
        self.end: str | None = None
        self.talk: int | None = None


class Agent:
    """One agent's answers and rings, and its login and pause state per slot (a queue, or
    "" for the center) swept over time."""

    __slots__ = (
        "answered",
        "logged_in_s",
        "n_logged",
        "n_paused",
        "paused_s",
        "rang",
        "ring_no_answer",
        "since",
        "slots",
        "talk_time",
        "talked",
        "transfers",
    )

    def __init__(self) -> None:
        self.answered = self.ring_no_answer = self.transfers = self.talked = 0
        self.talk_time = 0
        self.rang = False
        self.slots: dict[str, list[bool]] | None = None
        """Slot → [logged in, paused]; None until the agent's first login or logout."""
        self.n_logged = self.n_paused = 0
        self.since = 0
        self.logged_in_s = self.paused_s = 0.0

    def advance(self, now: int) -> None:
        if self.n_logged:
            self.logged_in_s += now - self.since
            if self.n_paused == self.n_logged:
                self.paused_s += now - self.since
        self.since = now

    def _set(self, slot: list[bool], logged: bool, paused: bool) -> None:
        self.n_logged += logged - slot[0]
        self.n_paused += (logged and paused) - (slot[0] and slot[1])
        slot[0], slot[1] = logged, logged and paused

    def login(self, now: int, slot: str, logged: bool) -> None:
        if self.slots is None:
            self.slots = {}
        self.advance(now)
        self._set(self.slots.setdefault(slot, [False, False]), logged, False)

    def pause(self, now: int, slot: str | None, paused: bool) -> None:
        if self.slots is None:
            return
        self.advance(now)
        targets = self.slots.values() if slot is None else [self.slots.get(slot)]
        for state in targets:
            if state is not None:
                self._set(state, state[0], paused)


class Tally:
    __slots__ = (
        "abandoned",
        "abandoned_within",
        "answered",
        "ended",
        "exited",
        "fcr_eligible",
        "fcr_resolved",
        "holdtime",
        "max_wait",
        "offered",
        "short_abandoned",
        "talk_time",
        "within",
    )

    def __init__(self) -> None:
        self.offered = self.answered = self.abandoned = self.short_abandoned = 0
        self.exited = self.within = self.abandoned_within = self.ended = 0
        self.holdtime = self.talk_time = self.fcr_eligible = self.fcr_resolved = 0
        self.max_wait: int | None = None

    def count(self, entry: Entry, definitions: KpiDefinitions, resolved: bool | None) -> None:
        self.offered += 1
        wait = entry.wait
        if wait is not None and (self.max_wait is None or wait > self.max_wait):
            self.max_wait = wait
        if entry.outcome == "CONNECT":
            self.answered += 1
            self.holdtime += wait
            self.within += wait <= definitions.sl_threshold_s
            if entry.talk is not None:
                self.ended += 1
                self.talk_time += entry.talk
            if resolved is not None:
                self.fcr_eligible += 1
                self.fcr_resolved += resolved
        elif entry.outcome == "ABANDON":
            self.abandoned += 1
            self.short_abandoned += wait < definitions.short_abandon_s
            self.abandoned_within += wait <= definitions.sl_threshold_s
        elif entry.outcome is not None:
            self.exited += 1

    def queue_kpis(self) -> dict[str, Any]:
        counted = self.offered - self.short_abandoned
        return {
            "offered": self.offered,
            "answered": self.answered,
            "abandoned": self.abandoned,
            "short_abandoned": self.short_abandoned,
            "exited": self.exited,
            "answered_within_threshold": self.within,
            "service_level": _ratio(self.within, counted),
            "abandon_rate": _ratio(self.abandoned - self.short_abandoned, counted),
            "sl_asterisk": _ratio(self.within, self.answered),
            "sl2_asterisk": _ratio(
                self.within + self.abandoned_within, self.answered + self.abandoned
            ),
            "asa_s": _ratio(self.holdtime, self.answered),
            "aht_s": _ratio(self.talk_time, self.ended),
            "max_wait_s": self.max_wait,
            "fcr": _ratio(self.fcr_resolved, self.fcr_eligible),
        }

    def interval_kpis(self) -> dict[str, Any]:
        kpis = self.queue_kpis()
        return {
            name: kpis[name]
            for name in ("offered", "answered", "abandoned", "service_level", "asa_s", "aht_s")
        }


def _ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def _absent(text: str) -> str | None:
    return None if text in ("NONE", "") else text


def plain_report(path: Path, definitions: KpiDefinitions) -> dict[str, Any]:
    """The JSON contract of the report over every line of the queue_log at `path`."""
    entries: list[Entry] = []
    open_entry: dict[tuple[str, str], Entry] = {}
    answered_entry: dict[tuple[str, str], Entry] = {}
    answered_by: dict[int, str] = {}
    agents: dict[str, Agent] = {}
    first = last = None
    skipped = 0

    def agent_named(name: str) -> Agent:
        agent = agents.get(name)
        if agent is None:
            agent = agents[name] = Agent()
        return agent

    with path.open(encoding="utf-8", errors="replace", newline="\n") as lines:
        for line in lines:
            line = line.rstrip("\n").removesuffix("\r")  # noqa: PLW2901
            if not line.strip():
                continue
            fields = line.split("|")
            if len(fields) < 5 or not fields[4]:
                skipped += 1
                continue
            event, data = fields[4], fields[5:]
            try:
                now = int(fields[0])
                if not 0 <= now <= LATEST_TIME:
                    raise ValueError
                required, numeric = NUMBERS.get(event, (0, ()))
                if len(data) < required:
                    raise ValueError
                for index in numeric:
                    if -len(data) <= index < len(data):
                        int(data[index])
            except ValueError:
                skipped += 1
                continue
            if first is None:
                first = now
            last = now
            callid, queue, agent = _absent(fields[1]), _absent(fields[2]), _absent(fields[3])
            key = (callid, queue)
            if event in LOGINS:
                if agent is not None:
                    agent_named(agent).login(now, queue or "", LOGINS[event])
                continue
            if event in PAUSES:
                if agent is not None:
                    agent_named(agent).pause(now, queue, PAUSES[event])
                continue
            if callid is None or queue is None:
                continue
            if event == "ENTERQUEUE":
                caller = data[1] or None
                entry = open_entry[key] = Entry(callid, queue, now, caller)
                entries.append(entry)
            elif event == "CONNECT":
                entry = open_entry.get(key)
                if entry is not None and entry.outcome is None:
                    entry.outcome, entry.wait = event, int(data[0])
                    answered_entry[key] = entry
                    if agent is not None:
                        answered_by[id(entry)] = agent
            elif event in WAIT_FIELD:
                entry = open_entry.get(key)
                if entry is not None and entry.outcome is None:
                    entry.outcome = event
                    wait = WAIT_FIELD[event]
                    entry.wait = int(data[wait]) if wait < len(data) else None
            elif event in CALLTIME_FIELD:
                entry = answered_entry.get(key)
                if entry is not None and entry.end is None:
                    entry.end = event
                    entry.talk = int(data[CALLTIME_FIELD[event]])
            elif event in ("RINGNOANSWER", "RINGCANCELED") and key in open_entry and agent:
                rang = agent_named(agent)
                rang.rang = True
                rang.ring_no_answer += event == "RINGNOANSWER"

    return _summary(entries, answered_by, agents, first, last, skipped, definitions)


def _resolved(entries: list[Entry], window_s: int) -> dict[int, bool]:
    """For each answered entry from a phone number: True unless another call from the same
    number entered a queue after it, within the window."""
    by_caller: dict[str, list[Entry]] = {}
    for entry in entries:
        if entry.caller is not None and PHONE_NUMBER.fullmatch(entry.caller):
            by_caller.setdefault(entry.caller, []).append(entry)
    resolved: dict[int, bool] = {}
    for calls in by_caller.values():
        for index, entry in enumerate(calls):
            if entry.outcome != "CONNECT":
                continue
            repeated = False
            for later in calls[index + 1 :]:
                if later.queued_at - entry.queued_at > window_s:
                    break
                if later.queued_at > entry.queued_at and later.callid != entry.callid:
                    repeated = True
                    break
            resolved[id(entry)] = not repeated
    return resolved


def _interval_start(moment: int, zone: ZoneInfo, step: int) -> tuple[int, timedelta]:
    """The interval (`step` seconds, aligned to local midnight) that holds `moment`: the
    Unix time it starts at under the moment's UTC offset, and that offset (together the
    same for every moment of the interval)."""
    local = datetime.fromtimestamp(moment, zone)
    since_midnight = local.hour * 3600 + local.minute * 60 + local.second
    same_offset = moment - since_midnight % step
    return same_offset, local.utcoffset()


def _real_start(same_offset: int, offset: timedelta, zone: ZoneInfo) -> int:
    """Where the interval's first wall-clock minute is not shown under that offset (a clock
    change), it starts at that wall time under the offset then in effect."""
    then = datetime.fromtimestamp(same_offset, zone).utcoffset()
    return same_offset if then == offset else same_offset + int((offset - then).total_seconds())


def _summary(
    entries: list[Entry],
    answered_by: dict[int, str],
    agents: dict[str, Agent],
    first: int | None,
    last: int | None,
    skipped: int,
    definitions: KpiDefinitions,
) -> dict[str, Any]:
    resolved = _resolved(entries, definitions.fcr_window_s)
    zone = ZoneInfo(definitions.tz)
    totals, queues, intervals = Tally(), {}, {}
    starts: dict[tuple[int, timedelta], int] = {}
    step = definitions.interval_min * 60
    for entry in entries:
        fcr = resolved.get(id(entry))
        totals.count(entry, definitions, fcr)
        tally = queues.get(entry.queue)
        if tally is None:
            tally = queues[entry.queue] = Tally()
        tally.count(entry, definitions, fcr)
        bucket = _interval_start(entry.queued_at, zone, step)
        start = starts.get(bucket)
        if start is None:
            start = starts[bucket] = _real_start(*bucket, zone)
        tally = intervals.get(start)
        if tally is None:
            tally = intervals[start] = Tally()
        tally.count(entry, definitions, fcr)
        name = answered_by.get(id(entry))
        if name is not None:
            agent = agents.setdefault(name, Agent())
            agent.answered += 1
            if entry.talk is not None:
                agent.talk_time += entry.talk
                agent.talked += 1
                agent.transfers += entry.end.endswith("TRANSFER")
    by_agent = []
    for name in sorted(agents):
        agent = agents[name]
        if not (agent.answered or agent.rang):
            continue
        logged_in = paused = occupancy = None
        if agent.slots is not None:
            agent.advance(last)
            logged_in, paused = agent.logged_in_s, agent.paused_s
            available = logged_in - paused
            occupancy = min(agent.talk_time / available, 1.0) if available > 0 else None
        by_agent.append(
            {
                "agent": name,
                "answered": agent.answered,
                "talk_time_s": agent.talk_time,
                "aht_s": _ratio(agent.talk_time, agent.talked),
                "ring_no_answer": agent.ring_no_answer,
                "transfers": agent.transfers,
                "logged_in_s": logged_in,
                "paused_s": paused,
                "occupancy": occupancy,
            }
        )
    return _rounded(
        {
            "definitions": definitions.as_dict(),
            "skipped_lines": skipped,
            "totals": totals.queue_kpis(),
            "by_queue": [{"queue": name, **queues[name].queue_kpis()} for name in sorted(queues)],
            "by_agent": by_agent,
            "by_interval": [
                {
                    "start": datetime.fromtimestamp(start, zone).isoformat(),
                    **intervals[start].interval_kpis(),
                }
                for start in sorted(intervals)
            ],
        }
    )


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_rounded(item) for item in value]
    return value
