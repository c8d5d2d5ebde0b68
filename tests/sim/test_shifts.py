"""Shifts and breaks become logins, pauses and logouts at local times, every day."""

from __future__ import annotations

from datetime import UTC, datetime, time

import polars as pl

from tamas.sim import parse_scenario, simulate
from tamas.sim.scenario import BreakSpec, ShiftSpec
from tamas.sim.shifts import Move, shift_steps

TEHRAN = "Asia/Tehran"


def local(text: str) -> float:
    return datetime.fromisoformat(text + "+03:30").timestamp()


def test_a_day_shift_with_lunch_on_every_day_of_the_run() -> None:
    shift = ShiftSpec(
        start=time(8), end=time(16), breaks=[BreakSpec(start=time(12), minutes=30, reason="lunch")]
    )
    steps = shift_steps([shift], TEHRAN, local("2025-01-04T00:00"), local("2025-01-06T00:00"))
    assert [(s.at, s.move, s.reason) for s in steps] == [
        (local(f"2025-01-0{day}T{at}"), move, reason)
        for day in (4, 5)
        for at, move, reason in [
            ("08:00", Move.LOGIN, None),
            ("12:00", Move.PAUSE, "lunch"),
            ("12:30", Move.UNPAUSE, "lunch"),
            ("16:00", Move.LOGOUT, None),
        ]
    ]


def test_a_night_shift_under_way_at_the_start_begins_with_the_run() -> None:
    night = ShiftSpec(start=time(22), end=time(6), breaks=[BreakSpec(start=time(2), minutes=15)])
    start, end = local("2025-01-04T03:00"), local("2025-01-04T23:00")
    steps = [(s.at, s.move) for s in shift_steps([night], TEHRAN, start, end)]
    assert steps == [
        (start, Move.LOGIN),
        (local("2025-01-04T06:00"), Move.LOGOUT),
        (local("2025-01-04T22:00"), Move.LOGIN),
    ]


SHIFTED = """
[simulation]
start = 2025-01-04T00:00:00Z
duration_s = 43200
seed = 4
tz = "UTC"
[[queue]]
name = "support"
arrival_rate_per_hour = 60
service = { distribution = "exponential", mean_s = 300 }
exit_when_empty = true
[[agents]]
count = 2
skills = ["support"]
[[agents.shifts]]
start = "02:00"
end = "08:00"
breaks = [{ start = "05:00", minutes = 30, reason = "lunch" }]
"""


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 1, 4, hour, minute, tzinfo=UTC)


def test_agents_come_pause_and_go_as_their_shift_says() -> None:
    events = simulate(parse_scenario(SHIFTED))
    agent = events.filter(pl.col("agent") == "agents1-1")
    logins = agent.filter(pl.col("type") == "agent.logged_in").get_column("ts").to_list()
    assert logins == [at(2)]
    lunch = agent.filter((pl.col("type") == "agent.paused") & (pl.col("reason") == "lunch"))
    assert lunch.height == 1 and lunch.get_column("ts")[0] >= at(5)
    logout = agent.filter(pl.col("type") == "agent.logged_out").get_column("ts")[0]
    assert at(8) <= logout < at(8, 30)
    exits = events.filter(pl.col("type") == "contact.exited")
    assert set(exits.get_column("reason")) == {"empty"}
    exited_at = exits.get_column("ts")
    assert ((exited_at < at(2)) | (exited_at >= at(8))).all()
    answered = events.filter(pl.col("type") == "contact.answered").get_column("ts")
    assert answered.min() >= at(2) and answered.max() < at(8)
