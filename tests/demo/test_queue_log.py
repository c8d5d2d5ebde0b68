"""The demo queue_log: Asterisk's line formats, and a center whose calls and agents add up.

A replay of the file checks what a real Asterisk log guarantees: each queue entry ends
once, the times in the data fields match the timestamps, an agent takes one call at a
time and only while logged in and not paused.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tamas.demo import generate_queue_log
from tamas.demo.center import WEEK, agent_names, caller_numbers

TEHRAN = ZoneInfo("Asia/Tehran")
FIRST_DAY = date(2025, 1, 4)  # a Saturday
NUMBER = r"\d+"
UNIQUEID = r"\d{10}\.\d+"
UUID = r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}"
DATA_FORMATS = {
    # event: its data fields, as apps/app_queue.c and main/logger.c write them
    "ENTERQUEUE": rf"\|(09\d{{9}}|0[1-8]\d{{9}}|)\|{NUMBER}",
    "CONNECT": rf"{NUMBER}\|{UNIQUEID}\|{NUMBER}",
    "COMPLETECALLER": rf"{NUMBER}\|{NUMBER}\|{NUMBER}",
    "COMPLETEAGENT": rf"{NUMBER}\|{NUMBER}\|{NUMBER}",
    "BLINDTRANSFER": rf"\d{{4}}\|from-internal-xfer\|{NUMBER}\|{NUMBER}\|{NUMBER}",
    "ATTENDEDTRANSFER": rf"BRIDGE\|{UUID}\|{NUMBER}\|{NUMBER}\|{NUMBER}",
    "ABANDON": rf"{NUMBER}\|{NUMBER}\|{NUMBER}",
    "EXITWITHTIMEOUT": rf"{NUMBER}\|{NUMBER}\|{NUMBER}",
    "EXITEMPTY": rf"{NUMBER}\|{NUMBER}\|{NUMBER}",
    "EXITWITHKEY": rf"\d\|{NUMBER}\|{NUMBER}\|{NUMBER}",
    "RINGNOANSWER": NUMBER,
    "RINGCANCELED": NUMBER,
    "ADDMEMBER": "",
    "REMOVEMEMBER": "",
    "PAUSEALL": r"[A-Z][a-z]+",
    "PAUSE": r"[A-Z][a-z]+",
    "UNPAUSEALL": "",
    "UNPAUSE": "",
    "DID": r"0\d{10}",
    "CONFIGRELOAD": "",
    "QUEUESTART": "",
}  # fmt: skip
CALLID = {"ADDMEMBER": "MANAGER", "REMOVEMEMBER": "MANAGER"}
ENDINGS = {"COMPLETECALLER", "COMPLETEAGENT", "BLINDTRANSFER", "ATTENDEDTRANSFER"}
UNANSWERED = {"ABANDON", "EXITWITHTIMEOUT", "EXITEMPTY", "EXITWITHKEY"}


def generate(days: int, seed: int = 1, first_day: date = FIRST_DAY, **options) -> str:
    out = io.StringIO()
    generate_queue_log(out, first_day=first_day, days=days, seed=seed, **options)
    return out.getvalue()


class Line(NamedTuple):
    number: int
    ts: int
    callid: str
    queue: str
    agent: str
    event: str
    data: str


@dataclass
class Entry:
    queue: str
    entered: int
    position: int
    connected: int | None = None
    holdtime: int | None = None
    agent: str | None = None


@dataclass
class Replay:
    """What the log says happened, with an assertion for everything that cannot happen."""

    events: Counter[str] = field(default_factory=Counter)
    entries: dict[str, Entry] = field(default_factory=dict)
    """Open entries by uniqueid."""
    members: dict[str, set[str]] = field(default_factory=dict)
    paused: dict[str, set[str]] = field(default_factory=dict)
    on_call: dict[str, str] = field(default_factory=dict)
    """Agent name -> uniqueid of the call they are talking to."""
    offered_by_day: Counter[date] = field(default_factory=Counter)
    offered_by_hour: Counter[int] = field(default_factory=Counter)
    short_abandons: int = 0
    reentries: int = 0
    callers: list[tuple[str, int, str]] = field(default_factory=list)

    def line(self, number: int, text: str) -> None:
        fields = text.split("|", 5)
        assert len(fields) == 6, f"line {number}: {text!r}"
        line = Line(number, int(fields[0]), *fields[1:])
        assert line.event in DATA_FORMATS, f"line {number}: unknown event {line.event}"
        assert re.fullmatch(DATA_FORMATS[line.event], line.data), f"line {number}: {text!r}"
        if line.event in CALLID:
            assert line.callid == CALLID[line.event], f"line {number}: {text!r}"
        self.events[line.event] += 1
        getattr(self, line.event.lower(), self.other)(line)

    def other(self, line: Line) -> None:
        assert (line.callid, line.agent) == ("NONE", "NONE"), f"line {line.number}"

    def did(self, line: Line) -> None:
        assert line.callid not in self.entries, f"line {line.number}: DID of a queued call"

    def enterqueue(self, line: Line) -> None:
        assert line.agent == "NONE"
        assert line.callid not in self.entries, f"line {line.number}: in a queue already"
        _, caller, position = line.data.split("|")
        self.entries[line.callid] = Entry(line.queue, line.ts, int(position))
        local = datetime.fromtimestamp(line.ts, TEHRAN)
        self.offered_by_day[local.date()] += 1
        self.offered_by_hour[local.hour] += 1
        if any(uniqueid == line.callid for _, _, uniqueid in self.callers[-2000:]):
            self.reentries += 1  # transferred in: may come just after closing time
        else:
            plan = WEEK[local.weekday()]
            assert line.queue in plan.queues, f"line {line.number}: closed on {local:%A}"
            assert plan.open_h <= local.hour < plan.close_h, f"line {line.number}: closed"
        self.callers.append((caller, line.ts, line.callid))

    def _agent_free(self, line: Line) -> None:
        """The member may be rung: logged in to the queue, not paused, not on a call."""
        where = f"line {line.number}: {line.agent}"
        assert line.queue in self.members.get(line.agent, set()), f"{where} is logged out"
        assert line.queue not in self.paused.get(line.agent, set()), f"{where} is paused"
        assert line.agent not in self.on_call, f"{where} is on another call"

    def connect(self, line: Line) -> None:
        entry = self.entries[line.callid]
        assert entry.queue == line.queue and entry.connected is None, f"line {line.number}"
        self._agent_free(line)
        holdtime, _, ringtime = line.data.split("|")
        holdtime, ringtime = int(holdtime), int(ringtime)
        assert holdtime == line.ts - entry.entered, f"line {line.number}: holdtime"
        assert 0 <= ringtime <= holdtime, f"line {line.number}: ringtime"
        entry.connected, entry.holdtime, entry.agent = line.ts, holdtime, line.agent
        self.on_call[line.agent] = line.callid

    def _ended(self, line: Line) -> None:
        entry = self.entries.pop(line.callid)
        assert (entry.queue, entry.agent) == (line.queue, line.agent), f"line {line.number}"
        holdtime, calltime, position = (int(value) for value in line.data.split("|")[-3:])
        assert holdtime == entry.holdtime, f"line {line.number}: holdtime"
        assert calltime == line.ts - entry.connected, f"line {line.number}: calltime"
        assert position == entry.position, f"line {line.number}: original position"
        assert self.on_call.pop(line.agent) == line.callid

    completecaller = completeagent = blindtransfer = attendedtransfer = _ended

    def _unanswered(self, line: Line) -> None:
        entry = self.entries.pop(line.callid)
        assert entry.queue == line.queue and entry.connected is None, f"line {line.number}"
        position, original, wait = (int(value) for value in line.data.split("|")[-3:])
        assert wait == line.ts - entry.entered, f"line {line.number}: waittime"
        assert original == entry.position and position >= 1, f"line {line.number}: positions"
        if line.event == "ABANDON" and wait < 5:
            self.short_abandons += 1

    abandon = exitwithtimeout = exitempty = exitwithkey = _unanswered

    def _ring_stopped(self, line: Line) -> None:
        entry = self.entries[line.callid]
        assert entry.queue == line.queue and entry.connected is None, f"line {line.number}"
        self._agent_free(line)
        waited_ms = 1000 * (line.ts - entry.entered + 1)
        assert 0 <= int(line.data) <= waited_ms, f"line {line.number}: ringtime"

    ringnoanswer = ringcanceled = _ring_stopped

    def addmember(self, line: Line) -> None:
        queues = self.members.setdefault(line.agent, set())
        assert line.queue not in queues, f"line {line.number}: a member already"
        queues.add(line.queue)

    def removemember(self, line: Line) -> None:
        assert line.agent not in self.on_call, f"line {line.number}: left during a call"
        assert line.queue not in self.paused.get(line.agent, set()), f"line {line.number}"
        self.members[line.agent].remove(line.queue)

    def pauseall(self, line: Line) -> None:
        assert (line.callid, line.queue) == ("NONE", "NONE"), f"line {line.number}"
        assert self.members.get(line.agent), f"line {line.number}: logged out"

    unpauseall = pauseall

    def pause(self, line: Line) -> None:
        assert line.queue in self.members[line.agent], f"line {line.number}: logged out"
        assert line.agent not in self.on_call, f"line {line.number}: paused during a call"
        paused = self.paused.setdefault(line.agent, set())
        assert line.queue not in paused, f"line {line.number}: paused already"
        paused.add(line.queue)

    def unpause(self, line: Line) -> None:
        self.paused[line.agent].remove(line.queue)


def replay(text: str) -> Replay:
    result = Replay()
    previous = 0
    for number, line in enumerate(text.splitlines(), start=1):
        result.line(number, line)
        ts = int(line.split("|", 1)[0])
        assert ts >= previous, f"line {number}: out of time order"
        previous = ts
    assert all(entry.connected is None for entry in result.entries.values()), "unfinished calls"
    assert not result.on_call
    return result


@pytest.fixture(scope="module")
def two_weeks() -> str:
    return generate(days=14)


@pytest.fixture(scope="module")
def replayed(two_weeks: str) -> Replay:
    return replay(two_weeks)


def test_every_event_a_center_produces_appears(replayed: Replay) -> None:
    assert set(replayed.events) >= set(DATA_FORMATS) - {"EXITEMPTY"}
    assert replayed.short_abandons > 0
    assert replayed.events["QUEUESTART"] == 1
    assert replayed.events["CONFIGRELOAD"] == 2  # Saturday mornings


def test_callers_call_again_within_a_day_and_transfers_reenter_queues(replayed: Replay) -> None:
    last_call: dict[str, tuple[int, str]] = {}
    again_within_a_day = 0
    for caller, ts, uniqueid in replayed.callers:
        if caller and caller in last_call:
            previous_ts, previous_id = last_call[caller]
            again_within_a_day += previous_id != uniqueid and ts - previous_ts <= 86_400
        last_call[caller] = (ts, uniqueid)
    assert again_within_a_day > 0.05 * len(replayed.callers)
    assert replayed.reentries > 0


def test_volumes_follow_the_iranian_week_and_day(replayed: Replay) -> None:
    by_weekday: dict[int, list[int]] = {}
    for day, offered in replayed.offered_by_day.items():
        by_weekday.setdefault(day.weekday(), []).append(offered)
    assert sorted(by_weekday) == list(range(7))
    mean = {weekday: sum(counts) / len(counts) for weekday, counts in by_weekday.items()}
    working_day = sum(mean[weekday] for weekday in (5, 6, 0, 1, 2)) / 5
    assert 0.3 < mean[3] / working_day < 0.65  # Thursday, a half day
    assert 0 < mean[4] / working_day < 0.15  # Friday, the weekend
    assert mean[5] > mean[2]  # Saturday carries the weekend's backlog
    hours = replayed.offered_by_hour
    assert hours[10] > 1.5 * hours[8] and hours[14] > 1.5 * hours[19]


def test_summary_counts_what_was_written(two_weeks: str, replayed: Replay) -> None:
    summary = generate_queue_log(io.StringIO(), first_day=FIRST_DAY, days=14, seed=1)
    assert summary.lines == len(two_weeks.splitlines())
    assert summary.entries == replayed.events["ENTERQUEUE"]
    assert summary.calls == replayed.events["ENTERQUEUE"] - replayed.reentries


def test_the_seed_decides_everything(two_weeks: str) -> None:
    assert generate(days=14, seed=1) == two_weeks
    assert generate(days=14, seed=2) != two_weeks


def test_days_start_at_local_midnight_of_the_first_day() -> None:
    text = generate(days=1, first_day=date(2025, 3, 8))
    stamps = [int(line.split("|", 1)[0]) for line in text.splitlines()]
    first, last = (datetime.fromtimestamp(ts, TEHRAN) for ts in (stamps[0], stamps[-1]))
    assert first.date() == last.date() == date(2025, 3, 8)
    assert first.hour >= 6 and last.hour < 21


@settings(max_examples=12, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    first_day=st.dates(date(2020, 1, 1), date(2030, 12, 31)),
    days=st.integers(1, 3),
    calls_per_day=st.floats(20, 1500),
)
def test_any_center_stays_consistent(
    seed: int, first_day: date, days: int, calls_per_day: float
) -> None:
    replay(generate(days, seed, first_day, calls_per_day=calls_per_day))


def test_names_and_numbers_look_iranian() -> None:
    names = agent_names(np.random.default_rng(3), 30)
    assert len(set(names)) == 30 and all(re.fullmatch(r"[A-Z][a-z]+ [A-Z][a-z]+", n) for n in names)
    numbers = caller_numbers(np.random.default_rng(3), 2000)
    mobiles = [n for n in numbers if n.startswith("09")]
    assert len(mobiles) > 0.8 * len(numbers) and all(len(n) == 11 for n in mobiles)


def test_refuses_an_empty_period() -> None:
    with pytest.raises(ValueError, match="days"):
        generate(days=0)
