"""The days that are not like the others: public holidays and the planner's special days.

Holidays come from the `holidays` package (IR, IL and the other countries it knows);
their names are taken in English so that a holiday is recognised from one year to the
next. Special days are what only the planner knows: a product launch, a campaign, an
outage, the quiet days between Nowruz holidays; each carries the lift the planner expects.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import holidays

from tamas.wfm.forecast.history import ForecastInputError

NAME_SEPARATOR = "; "
"""How the `holidays` package joins the names of several holidays on one date."""


@dataclass(frozen=True, slots=True)
class SpecialDay:
    """Days `start`..`end` (inclusive) whose volume the planner expects `lift` times normal."""

    start: date
    end: date
    name: str
    lift: float

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ForecastInputError(f"{self.name}: end {self.end} is before start {self.start}")
        if not self.lift >= 0:
            raise ForecastInputError(f"{self.name}: a lift cannot be negative ({self.lift})")

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


_LIFT = re.compile(r"^\s*(?P<number>[+-]?\d+(?:\.\d*)?|[+-]?\.\d+)\s*(?P<unit>%|x|×)?\s*$")


def parse_lift(text: str) -> float:
    """A lift as a planner writes it: a multiplier (`1.5`, `1.5x`, `0` for closed) or a
    change in per cent with its sign (`+50%`, `-30%`)."""
    match = _LIFT.match(text)
    if match is None:
        raise ForecastInputError(
            f"expected a multiplier such as 1.5 or a change such as +50% or -30%, got {text!r}"
        )
    number = float(match.group("number"))
    if match.group("unit") == "%":
        if text.strip()[0] not in "+-":
            raise ForecastInputError(
                f"write a change in per cent with its sign (+{number:g}% or -{number:g}%), "
                f"or a multiplier such as {1 + number / 100:g}; got {text!r}"
            )
        number = 1 + number / 100
    if number < 0:
        raise ForecastInputError(f"a lift cannot make volume negative, got {text!r}")
    return number


def check_countries(countries: Iterable[str]) -> tuple[str, ...]:
    """The country codes, upper-cased, each one the `holidays` package knows."""
    known = holidays.list_supported_countries()
    codes = tuple(code.strip().upper() for code in countries if code.strip())
    for code in codes:
        if code not in known:
            raise ForecastInputError(
                f"unknown holiday country {code!r} (expected an ISO code such as IR or IL)"
            )
    return codes


def holiday_names(countries: Sequence[str], first: date, last: date) -> dict[date, list[str]]:
    """Every public holiday from `first` to `last` in the given countries, with its names."""
    names: dict[date, list[str]] = {}
    years = list(range(first.year, last.year + 1))
    for code in check_countries(countries):
        language = (
            "en_US" if "en_US" in holidays.country_holidays(code).supported_languages else None
        )
        for day, text in holidays.country_holidays(code, years=years, language=language).items():
            if first <= day <= last:
                names.setdefault(day, []).extend(text.split(NAME_SEPARATOR))
    return names


@dataclass(frozen=True, slots=True)
class DayCalendar:
    """What is known in advance about each day: its holidays and the planner's special days."""

    holidays: dict[date, list[str]]
    special_days: tuple[SpecialDay, ...]

    @classmethod
    def build(
        cls, countries: Sequence[str], special_days: Sequence[SpecialDay], first: date, last: date
    ) -> DayCalendar:
        return cls(holiday_names(countries, first, last), tuple(special_days))

    def holiday(self, day: date) -> list[str]:
        return self.holidays.get(day, [])

    def specials(self, day: date) -> list[SpecialDay]:
        return [special for special in self.special_days if special.covers(day)]

    def lift(self, day: date) -> float:
        lift = 1.0
        for special in self.specials(day):
            lift *= special.lift
        return lift

    def note(self, day: date) -> str:
        """The holidays and special days of `day`, for people."""
        parts = list(self.holiday(day))
        parts += [f"{special.name} ×{special.lift:g}" for special in self.specials(day)]
        return NAME_SEPARATOR.join(parts)
