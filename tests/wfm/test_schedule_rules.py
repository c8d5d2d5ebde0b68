"""The shift file: parsing, defaults, and contradictions reported by field."""

from __future__ import annotations

import pytest

from tamas.errors import InputError
from tamas.wfm.schedule import parse_shift_file

BASE = """
[[shift]]
name = "day"
earliest_start = "08:00"
latest_start = "10:00"
length = "8h"
"""


def test_a_minimal_file_gets_its_defaults() -> None:
    rules = parse_shift_file(BASE, "s.toml")
    (day,) = rules.shifts
    assert (day.earliest_start, day.latest_start, day.length) == (480, 600, 480)
    assert day.days == ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    assert day.start_step is None and day.breaks == () and rules.agents == ()


def test_durations_and_times_in_several_spellings() -> None:
    rules = parse_shift_file(
        """
[[shift]]
name = "x"
earliest_start = 07:30:00
latest_start = "9:00"
start_step = 30
length = "7h45m"
days = ["Saturday", "sun", "MON"]
[[shift.break]]
name = "tea"
earliest = "1h"
latest = "90min"
length = "15m"
""",
        "s.toml",
    )
    (shift,) = rules.shifts
    assert (shift.earliest_start, shift.latest_start, shift.start_step) == (450, 540, 30)
    assert shift.length == 465 and shift.days == ("sat", "sun", "mon")
    assert shift.breaks[0].latest == 90 and shift.paid_minutes == 465


def _error(text: str) -> str:
    with pytest.raises(InputError) as caught:
        parse_shift_file(text, "s.toml")
    return str(caught.value)


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            '[[shift.break]]\nname = "lunch"\nearliest = "7h"\nlatest = "7h45m"\nlength = "30m"',
            's.toml: shift "day": break "lunch" window is outside the shift: starting as late '
            "as 07:45 it ends at 08:15, after the shift's length 08:00",
        ),
        (
            '[[shift.break]]\nname = "lunch"\nearliest = "4h"\nlatest = "3h"\nlength = "30m"',
            's.toml: shift "day".break "lunch": latest (03:00) is before earliest (04:00)',
        ),
        (
            'max_consecutive_work = "3h"\n[[shift.break]]\nname = "lunch"\n'
            'earliest = "1h"\nlatest = "2h"\nlength = "30m"',
            's.toml: shift "day": break "lunch" cannot be placed: with the breaks in the order '
            "listed, not overlapping, and at most 03:00 of consecutive work, its window is empty",
        ),
        ('max_consecutive_work = "4h"', "without breaks exceeds max_consecutive_work (04:00)"),
        ("lenght = 60", 's.toml: shift "day".lenght: Extra inputs are not permitted'),
        ('start_step = "20 minutes"', "start_step: expected a duration such as 8h30m"),
        ('start_step = "7m"', "start_step: 7 min is not a multiple of 5 minutes"),
        ('days = ["someday"]', 'shift "day".days #1: expected a day of the week (mon, tue'),
    ],
)
def test_contradictions_name_the_field(extra: str, expected: str) -> None:
    assert expected in _error(BASE + extra)


def test_a_shift_longer_than_a_day() -> None:
    text = BASE.replace('length = "8h"', 'length = "25h"')
    assert _error(text) == 's.toml: shift "day": length 25:00 is longer than a day (24:00)'


def test_a_start_window_backwards() -> None:
    text = BASE.replace('latest_start = "10:00"', 'latest_start = "06:00"')
    assert "latest_start (06:00) is before earliest_start (08:00)" in _error(text)


def test_not_toml_and_missing_shifts() -> None:
    assert _error("[[shift]\n").startswith("s.toml: not valid TOML:")
    assert _error("") == "s.toml: shift: Field required"


def test_names_must_be_unique() -> None:
    assert "shift names must be unique: day repeated" in _error(BASE + BASE)


def test_break_windows_are_narrowed_to_valid_placements() -> None:
    rules = parse_shift_file(
        BASE
        + """max_consecutive_work = "3h"
[[shift.break]]
name = "first"
earliest = "1h"
latest = "4h"
length = "15m"
[[shift.break]]
name = "lunch"
earliest = "3h"
latest = "6h"
length = "30m"
""",
        "s.toml",
    )
    # first <= 3h (work before it); lunch ends >= 5h (3h of work after it at most);
    # so lunch starts >= 4h30, hence first starts >= 4h30 - 15m - 3h = 1h15.
    assert rules.shifts[0].break_windows() == ((75, 180), (270, 360))
