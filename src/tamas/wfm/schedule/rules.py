"""The shift file: which shifts may be worked, with which breaks, and by whom.

A planner writes it by hand in TOML (docs/wfm.md, "Scheduling"), so every field is
checked here and a mistake is reported by the field's path in the file, e.g.
``shift "early".break "lunch".latest: ...``, before any solving starts. Contradictions
that no schedule could satisfy (a break window that leaves the shift, breaks that
cannot all fit under the limit on consecutive work) are found here too: they are
properties of the file alone. Whether the shifts can cover the requirements is checked
when the model is built (`tamas.wfm.schedule.model`).

Times are kept as whole minutes: durations as minutes, times of day as minutes after
midnight.
"""

from __future__ import annotations

import re
import tomllib
from datetime import time
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from tamas.errors import InputError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""Day names as written in the file, in `date.weekday()` order."""

MINUTE_GRID = 5
"""Every time and duration in the file is a multiple of this many minutes, which bounds
the size of the model (at most 288 time slots a day)."""

DAY = 24 * 60

_DURATION = re.compile(r"^\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*$")
_TIME = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


def _on_grid(minutes: int) -> int:
    if minutes % MINUTE_GRID:
        raise ValueError(f"{minutes} min is not a multiple of {MINUTE_GRID} minutes")
    return minutes


def _duration(value: Any) -> int:
    """Minutes, from an integer (minutes) or a text such as "8h30m", "45m" or "2h"."""
    if isinstance(value, bool):
        raise ValueError("expected a duration such as 8h30m, 45m or a number of minutes")
    if isinstance(value, int):
        return _on_grid(value)
    match = _DURATION.match(value) if isinstance(value, str) else None
    if match is None or not any(match.groups()):
        raise ValueError(f"expected a duration such as 8h30m, 45m or 90, got {value!r}")
    hours, minutes = (int(group or 0) for group in match.groups())
    return _on_grid(hours * 60 + minutes)


def _time_of_day(value: Any) -> int:
    """Minutes after midnight, from "HH:MM" (up to "24:00") or a TOML local time."""
    if isinstance(value, time):
        return _on_grid(value.hour * 60 + value.minute)
    match = _TIME.match(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"expected a time of day such as 07:30, got {value!r}")
    minutes = int(match[1]) * 60 + int(match[2])
    if int(match[2]) >= 60 or minutes > DAY:
        raise ValueError(f"expected a time of day between 00:00 and 24:00, got {value!r}")
    return _on_grid(minutes)


def _weekday(value: Any) -> str:
    name = str(value).strip().lower()[:3]
    if name not in WEEKDAYS:
        raise ValueError(f"expected a day of the week ({', '.join(WEEKDAYS)}), got {value!r}")
    return name


Minutes = Annotated[int, BeforeValidator(_duration)]
TimeOfDay = Annotated[int, BeforeValidator(_time_of_day)]
Weekday = Annotated[str, BeforeValidator(_weekday)]


def clock(minutes: int) -> str:
    """A time of day (or a duration) as H:MM, the way the file writes it."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Break(_Strict):
    """A break or lunch, placed by the scheduler somewhere in its window.

    ``earliest`` and ``latest`` bound its start, counted from the start of the shift.
    """

    name: str = Field(min_length=1)
    earliest: Minutes
    latest: Minutes
    length: Minutes = Field(gt=0)
    paid: bool = True

    @model_validator(mode="after")
    def _window(self) -> Break:
        if self.latest < self.earliest:
            raise ValueError(
                f"latest ({clock(self.latest)}) is before earliest ({clock(self.earliest)})"
            )
        return self


class ShiftTemplate(_Strict):
    """A kind of shift: when it may start, how long it lasts and its breaks in order."""

    name: str = Field(min_length=1)
    earliest_start: TimeOfDay
    latest_start: TimeOfDay
    start_step: Minutes | None = Field(default=None, gt=0)
    length: Minutes = Field(gt=0)
    days: tuple[Weekday, ...] = WEEKDAYS
    max_per_day: int | None = Field(default=None, ge=0)
    max_consecutive_work: Minutes | None = Field(default=None, gt=0)
    skills: frozenset[str] = frozenset()
    breaks: tuple[Break, ...] = Field(default=(), alias="break")

    @model_validator(mode="after")
    def _consistent(self) -> ShiftTemplate:
        if self.length > DAY:
            raise ValueError(f"length {clock(self.length)} is longer than a day (24:00)")
        if self.latest_start < self.earliest_start:
            raise ValueError(
                f"latest_start ({clock(self.latest_start)}) is before earliest_start "
                f"({clock(self.earliest_start)}); a window across midnight needs two templates"
            )
        if self.latest_start >= DAY:
            raise ValueError("latest_start must be before 24:00")
        if len({b.name for b in self.breaks}) < len(self.breaks):
            raise ValueError("two breaks have the same name")
        for brk in self.breaks:
            if brk.latest + brk.length > self.length:
                raise ValueError(
                    f'break "{brk.name}" window is outside the shift: starting as late as '
                    f"{clock(brk.latest)} it ends at {clock(brk.latest + brk.length)}, "
                    f"after the shift's length {clock(self.length)}"
                )
        if self.paid_minutes <= 0:
            raise ValueError("the unpaid breaks take the whole shift")
        self.break_windows()
        return self

    def break_windows(self) -> tuple[tuple[int, int], ...]:
        """The earliest and latest start of each break that some valid placement uses.

        Breaks are taken in the order listed, never overlapping, and no stretch of work
        (before the first break, between two, after the last) is longer than
        ``max_consecutive_work``. These are difference constraints along a chain, so one
        pass forward and one backward narrow each window to exactly the starts that
        belong to some valid placement. Raises ValueError when no placement exists.
        """
        limit = self.max_consecutive_work if self.max_consecutive_work is not None else DAY
        if not self.breaks:
            if self.length > limit:
                raise ValueError(
                    f"a shift of {clock(self.length)} without breaks exceeds "
                    f"max_consecutive_work ({clock(limit)})"
                )
            return ()
        low = [b.earliest for b in self.breaks]
        high = [b.latest for b in self.breaks]
        high[0] = min(high[0], limit)
        for j in range(1, len(self.breaks)):
            end = self.breaks[j - 1].length
            low[j] = max(low[j], low[j - 1] + end)
            high[j] = min(high[j], high[j - 1] + end + limit)
        last = self.breaks[-1]
        low[-1] = max(low[-1], self.length - limit - last.length)
        for j in range(len(self.breaks) - 2, -1, -1):
            end = self.breaks[j].length
            high[j] = min(high[j], high[j + 1] - end)
            low[j] = max(low[j], low[j + 1] - end - limit)
        for brk, lo, hi in zip(self.breaks, low, high, strict=True):
            if lo > hi:
                raise ValueError(
                    f'break "{brk.name}" cannot be placed: with the breaks in the order '
                    f"listed, not overlapping, and at most {clock(limit)} of consecutive "
                    "work, its window is empty"
                )
        return tuple(zip(low, high, strict=True))

    @property
    def paid_minutes(self) -> int:
        return self.length - sum(b.length for b in self.breaks if not b.paid)


class Agent(_Strict):
    """A person who may be given shifts: on which days, between which hours, how often."""

    name: str = Field(min_length=1)
    skills: frozenset[str] = frozenset()
    days: tuple[Weekday, ...] = WEEKDAYS
    available_from: TimeOfDay = 0
    available_until: TimeOfDay | None = None
    max_shifts: int | None = Field(default=None, ge=0)

    def window(self) -> tuple[int, int]:
        """Minutes after midnight from which a shift may start and by which it must have
        ended; an end at or before the start is on the next day, no end is no limit."""
        end = self.available_until
        if end is None:
            return self.available_from, 2 * DAY
        return self.available_from, end if end > self.available_from else end + DAY


class ShiftFile(_Strict):
    """The whole file: at least one ``[[shift]]`` and, optionally, ``[[agent]]`` lists."""

    shifts: tuple[ShiftTemplate, ...] = Field(alias="shift", min_length=1)
    agents: tuple[Agent, ...] = Field(default=(), alias="agent")

    @model_validator(mode="after")
    def _unique(self) -> ShiftFile:
        for kind, items in (("shift", self.shifts), ("agent", self.agents)):
            names = [item.name for item in items]
            twice = sorted({name for name in names if names.count(name) > 1})
            if twice:
                raise ValueError(f"{kind} names must be unique: {', '.join(twice)} repeated")
        return self


def _field_path(data: Any, loc: tuple[int | str, ...]) -> str:
    """A pydantic error location as the file's words: ``shift "early".break "lunch"``."""
    parts: list[str] = []
    node = data
    for key in loc:
        if isinstance(key, int) and isinstance(node, list) and key < len(node):
            node = node[key]
            name = node.get("name") if isinstance(node, dict) else None
            parts[-1] += f' "{name}"' if isinstance(name, str) else f" #{key + 1}"
        else:
            node = node.get(key) if isinstance(node, dict) else None
            parts.append(str(key))
    return ".".join(parts)


def parse_shift_file(text: str, source: str) -> ShiftFile:
    """The shift file in ``text``; ``source`` names it in errors (usually its path).

    Raises InputError naming the field and what was expected.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"{source}: not valid TOML: {error}") from None
    try:
        return ShiftFile.model_validate(data)
    except ValidationError as error:
        problems = error.errors()
        first = problems[0]
        where = _field_path(data, first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        # A list whose item failed also fails its own length check: not a second problem.
        more = sum(1 for p in problems[1:] if first["loc"][: len(p["loc"])] != p["loc"])
        tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        raise InputError(f"{source}: {where or 'file'}: {message}{tail}") from None
