"""Agents' working days: shifts and breaks turned into logins, pauses and logouts in time.

A shift is written as local times ("08:00" to "16:00", lunch at "12:00" for 30 minutes)
and worked on every day of the run, in the center's time zone, so a simulated week
follows the clock changes the real one does. The WFM scheduler will later write these
shifts; the simulator only needs when each agent comes, pauses and goes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import NamedTuple
from zoneinfo import ZoneInfo

from tamas.sim.scenario import ShiftSpec


class Move(StrEnum):
    LOGIN = "login"
    PAUSE = "pause"
    UNPAUSE = "unpause"
    LOGOUT = "logout"


class Step(NamedTuple):
    at: float
    """Seconds since the Unix epoch."""
    move: Move
    reason: str | None = None


def shift_steps(shifts: Sequence[ShiftSpec], tz: str, start: float, end: float) -> list[Step]:
    """The moves of an agent working `shifts` every day, within the run [start, end).

    A shift already under way at `start` begins at `start`; moves at or after `end` are
    left out (the agents on duty then stay to finish a drained run).
    """
    zone = ZoneInfo(tz)
    first = datetime.fromtimestamp(start, zone).date() - timedelta(days=1)
    last = datetime.fromtimestamp(end, zone).date()
    steps: list[Step] = []
    day = first
    while day <= last:
        for shift in shifts:
            steps.extend(_one_shift(shift, day, zone, start, end))
        day += timedelta(days=1)
    steps.sort(key=lambda step: step.at)
    return steps


def _one_shift(shift: ShiftSpec, day: date, zone: ZoneInfo, start: float, end: float) -> list[Step]:
    begin = _moment(day, shift.start, zone)
    finish = _moment(day, shift.end, zone)
    if finish <= begin:
        finish = _moment(day + timedelta(days=1), shift.end, zone)
    if finish <= start or begin >= end:
        return []
    steps = [Step(max(begin, start), Move.LOGIN)]
    for pause in shift.breaks:
        away = _moment(day, pause.start, zone)
        if away < begin:
            away = _moment(day + timedelta(days=1), pause.start, zone)
        back = away + pause.minutes * 60
        if back > start and away < min(finish, end):
            steps.append(Step(max(away, start), Move.PAUSE, pause.reason))
            if back < end:
                steps.append(Step(back, Move.UNPAUSE, pause.reason))
    if finish < end:
        steps.append(Step(finish, Move.LOGOUT))
    return steps


def _moment(day: date, at: time, zone: ZoneInfo) -> float:
    return datetime.combine(day, at, tzinfo=zone).timestamp()
