"""Numbers, durations and dates as each reader reads them, and dates typed back."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tamas.web.formatting import Formatter, latin_digits
from tamas.web.i18n import LANGUAGES

TEHRAN = ZoneInfo("Asia/Tehran")
PERSIAN = Formatter(LANGUAGES["fa"], persian_digits=True, zone=TEHRAN)
PERSIAN_LATIN_DIGITS = Formatter(LANGUAGES["fa"], persian_digits=False, zone=TEHRAN)
ENGLISH = Formatter(LANGUAGES["en"], persian_digits=True, zone=TEHRAN)
NOWRUZ_EVE = datetime(2025, 3, 20, 8, 35, tzinfo=UTC)
"""12:05 in Tehran on 30 Esfand 1403, the last day of a Jalali leap year."""


def test_persian_dates_are_jalali_in_tehran_time_with_persian_digits() -> None:
    assert PERSIAN.date(NOWRUZ_EVE) == "۳۰ اسفند ۱۴۰۳"
    assert PERSIAN.datetime(NOWRUZ_EVE) == "۳۰ اسفند ۱۴۰۳، ۱۲:۰۵"
    assert PERSIAN_LATIN_DIGITS.datetime(NOWRUZ_EVE) == "30 اسفند 1403، 12:05"


def test_english_dates_are_gregorian() -> None:
    assert ENGLISH.datetime(NOWRUZ_EVE) == "20 Mar 2025, 12:05"
    assert ENGLISH.iso(NOWRUZ_EVE) == "2025-03-20T12:05:00+03:30"


def test_the_day_changes_at_the_readers_midnight() -> None:
    late = datetime(2025, 3, 20, 21, 0, tzinfo=UTC)  # 00:30 on 21 March in Tehran
    assert PERSIAN.date(late) == "۱ فروردین ۱۴۰۴"
    assert PERSIAN.start_of_day(late) == datetime(2025, 3, 20, 20, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("fmt", "number", "percent", "duration"),
    [
        (PERSIAN, "۱۲٬۳۴۵٫۷", "۸۵٫۳٪", "۱:۰۲:۰۵"),
        (PERSIAN_LATIN_DIGITS, "12,345.7", "85.3%", "1:02:05"),
        (ENGLISH, "12,345.7", "85.3%", "1:02:05"),
    ],
)
def test_numbers_in_the_readers_digits(fmt: Formatter, number, percent, duration) -> None:
    assert fmt.number(12345.678, 1) == number
    assert fmt.percent(0.8534) == percent
    assert fmt.duration(3725) == duration
    assert fmt.duration(65) == fmt.digits("1:05")
    assert fmt.number(None) == fmt.percent(None) == fmt.duration(None) == "–"


def test_typed_digits_of_either_kind_are_read() -> None:
    assert latin_digits("۰۹۱۲ ٣٤٥") == "0912 345"
    typed = PERSIAN.read_date_time("۱۴۰۳/۱۲/۳۰", "۱۲:۰۵")
    assert typed == PERSIAN.read_date_time("1403-12-30", "12:05") == NOWRUZ_EVE


@pytest.mark.parametrize(
    ("fmt", "day", "clock"),
    [
        (PERSIAN, "1403/13/01", "10:00"),
        (PERSIAN, "1404/12/30", "10:00"),  # 1404 is not a leap year
        (ENGLISH, "2025-02-29", "10:00"),
        (ENGLISH, "2025-03-20", "25:00"),
        (ENGLISH, "tomorrow", "10:00"),
        (ENGLISH, "2025-03-20", ""),
    ],
)
def test_impossible_dates_are_refused(fmt: Formatter, day: str, clock: str) -> None:
    with pytest.raises(ValueError):
        fmt.read_date_time(day, clock)


@given(
    day=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
    minutes=st.integers(0, 24 * 60 - 1),
    language=st.sampled_from(sorted(LANGUAGES)),
    persian_digits=st.booleans(),
)
def test_a_date_shown_in_a_form_reads_back_as_the_same_moment(
    day: date, minutes: int, language: str, persian_digits: bool
) -> None:
    fmt = Formatter(LANGUAGES[language], persian_digits, TEHRAN)
    clock = time(minutes // 60, minutes % 60)
    moment = fmt.read_date_time(fmt.date_input(day), fmt.digits(clock.strftime("%H:%M")))
    assert moment.astimezone(TEHRAN).date() == day
    assert moment.astimezone(TEHRAN).time() == clock
    assert moment - fmt.start_of_day(moment) < timedelta(days=1)
