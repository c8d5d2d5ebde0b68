"""When a queue takes contacts: a weekly schedule in the queue's time zone, and closed dates.

A center in Tehran opens Saturday to Thursday and closes on Nowruz and other holidays; a
queue serving another country keeps that country's hours. The schedule is read in the
queue's own time zone, so clock changes and the center's other queues do not move it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""Day names in `datetime.weekday()` order."""
DAY_S = 86400

Span = tuple[int, int]
"""Open from `start` to `end` seconds after local midnight (end excluded; 86400 is midnight)."""


@dataclass(frozen=True, slots=True)
class BusinessHours:
    """Open spans for each weekday (Monday first) in time zone `tz`; closed on `closed`."""

    tz: str
    week: tuple[tuple[Span, ...], ...]
    closed: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        try:
            ZoneInfo(self.tz)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {self.tz!r} (expected e.g. Asia/Tehran)") from None
        if len(self.week) != len(WEEKDAYS):
            raise ValueError("business hours need one list of spans per weekday")
        for spans in self.week:
            for start, end in spans:
                if not 0 <= start < end <= DAY_S:
                    raise ValueError(f"an open span must run forward within a day: {start}-{end}")

    @classmethod
    def weekly(cls, tz: str, days: Mapping[str, str], closed: Iterable[date] = ()) -> BusinessHours:
        """From text: `{"sat": "08:00-17:00", "thu": "08:00-12:00,13:00-15:00"}`; a day
        not named is closed all day."""
        unknown = set(days) - set(WEEKDAYS)
        if unknown:
            raise ValueError(
                f"unknown weekday {sorted(unknown)[0]!r} (expected {', '.join(WEEKDAYS)})"
            )
        week = tuple(
            tuple(_span(part) for part in days[day].split(",")) if day in days else ()
            for day in WEEKDAYS
        )
        return cls(tz, week, frozenset(closed))

    def is_open(self, at: float) -> bool:
        """Whether the queue is open at `at` (seconds since the Unix epoch)."""
        local = datetime.fromtimestamp(at, ZoneInfo(self.tz))
        if local.date() in self.closed:
            return False
        second = local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1e6
        return any(start <= second < end for start, end in self.week[local.weekday()])


def _span(text: str) -> Span:
    start, sep, end = text.strip().partition("-")
    if not sep:
        raise ValueError(f"expected an open span like 08:00-17:00, got {text.strip()!r}")
    return _seconds(start), _seconds(end)


def _seconds(text: str) -> int:
    hours, sep, minutes = text.strip().partition(":")
    if not (sep and hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
        raise ValueError(f"expected a time like 08:30, got {text.strip()!r}")
    value = int(hours) * 3600 + int(minutes) * 60
    if int(minutes) >= 60 or value > DAY_S:
        raise ValueError(f"expected a time from 00:00 to 24:00, got {text.strip()!r}")
    return value
