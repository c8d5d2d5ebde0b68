"""Rows by day, week and month: local days, Saturday or Monday weeks, Jalali or Gregorian
months, each starting at local midnight (or when a clock jump at midnight ends)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import jdatetime
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tamas.cli.options import OPTION_LABELS
from tamas.errors import InputError
from tamas.kpi import Calendar, Grouping, KpiDefinitions, Period, kpi_report
from tamas.reports.kpi_query import KpiQuery
from tests.kpi.builders import T0, abandoned_call, frame

TEHRAN = ZoneInfo("Asia/Tehran")


def rows(utc_times: list[datetime], grouping: Grouping, tz: str = "Asia/Tehran") -> list:
    """(start, offered) of the report's rows over time, one abandoned call at each time."""
    events = frame(
        *(
            abandoned_call((t - T0).total_seconds(), f"c{n}", wait=10)
            for n, t in enumerate(utc_times)
        )
    )
    report = kpi_report(events, KpiDefinitions(tz=tz), grouping=grouping)
    return [(row["start"], row["offered"]) for row in report.by_interval]


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


# Tuesday 18 March 2025 23:00 Tehran (28 Esfand 1403); Wednesday 19 March 10:00 (29
# Esfand; 1403 is a leap year, its last day is 30 Esfand, 20 March); Friday 21 March
# 10:00 (1 Farvardin 1404); Saturday 22 March 10:00; Tuesday 1 April 10:00.
TIMES = [
    utc(2025, 3, 18, 19, 30),
    utc(2025, 3, 19, 6, 30),
    utc(2025, 3, 21, 6, 30),
    utc(2025, 3, 22, 6, 30),
    utc(2025, 4, 1, 6, 30),
]


def test_days_start_at_local_midnight() -> None:
    assert rows(TIMES, Grouping(Period.DAY)) == [
        ("2025-03-18T00:00:00+03:30", 1),
        ("2025-03-19T00:00:00+03:30", 1),
        ("2025-03-21T00:00:00+03:30", 1),
        ("2025-03-22T00:00:00+03:30", 1),
        ("2025-04-01T00:00:00+03:30", 1),
    ]


def test_jalali_weeks_start_on_saturday_gregorian_weeks_on_monday() -> None:
    assert rows(TIMES, Grouping(Period.WEEK, Calendar.JALALI)) == [
        ("2025-03-15T00:00:00+03:30", 3),  # Saturday 15 March
        ("2025-03-22T00:00:00+03:30", 1),
        ("2025-03-29T00:00:00+03:30", 1),
    ]
    assert rows(TIMES, Grouping(Period.WEEK, Calendar.GREGORIAN)) == [
        ("2025-03-17T00:00:00+03:30", 4),  # Monday 17 March to Sunday 23 March
        ("2025-03-31T00:00:00+03:30", 1),
    ]


def test_months_follow_the_readers_calendar() -> None:
    assert rows(TIMES, Grouping(Period.MONTH, Calendar.GREGORIAN)) == [
        ("2025-03-01T00:00:00+03:30", 4),
        ("2025-04-01T00:00:00+03:30", 1),
    ]
    assert rows(TIMES, Grouping(Period.MONTH, Calendar.JALALI)) == [
        ("2025-02-19T00:00:00+03:30", 2),  # 1 Esfand 1403
        ("2025-03-21T00:00:00+03:30", 3),  # 1 Farvardin 1404
    ]


def test_a_day_that_began_with_the_clock_jumping_forward_starts_when_the_gap_ends() -> None:
    # Tehran, 22 March 2021: at 00:00 (+03:30) the clock jumped to 01:00 (+04:30).
    times = [utc(2021, 3, 22, 5, 0), utc(2021, 3, 23, 5, 0)]
    assert rows(times, Grouping(Period.DAY)) == [
        ("2021-03-22T01:00:00+04:30", 1),
        ("2021-03-23T00:00:00+04:30", 1),
    ]
    # 22 March 2021 was 2 Farvardin 1400; its month began on 21 March, before the change.
    assert rows(times, Grouping(Period.MONTH, Calendar.JALALI)) == [
        ("2021-03-21T00:00:00+03:30", 2)
    ]


def test_the_default_grouping_is_unchanged_intervals() -> None:
    assert rows(TIMES[:1], Grouping()) == [("2025-03-18T23:00:00+03:30", 1)]


def _first_day(day: date, grouping: Grouping) -> date:
    """The first day of the period holding `day`, written out the long way."""
    if grouping.period is Period.DAY:
        return day
    if grouping.period is Period.WEEK:
        first = 5 if grouping.calendar is Calendar.JALALI else 0  # date.weekday()
        return day - timedelta(days=(day.weekday() - first) % 7)
    if grouping.calendar is Calendar.GREGORIAN:
        return day.replace(day=1)
    jalali = jdatetime.date.fromgregorian(date=day)
    return jalali.replace(day=1).togregorian()


groupings = st.builds(
    Grouping,
    st.sampled_from([Period.DAY, Period.WEEK, Period.MONTH]),
    st.sampled_from(list(Calendar)),
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 3 * 365 * 86400), min_size=1, max_size=25),
    groupings,
    st.sampled_from(["Asia/Tehran", "Europe/London", "America/New_York"]),
)
def test_each_entry_is_in_the_period_of_its_local_day(
    offsets: list[int], grouping: Grouping, tz: str
) -> None:
    zone = ZoneInfo(tz)
    origin = utc(2020, 1, 1)
    times = [origin + timedelta(seconds=s) for s in offsets]
    found = rows(times, grouping, tz)
    assert sum(offered for _start, offered in found) == len(times)
    starts = [datetime.fromisoformat(start) for start, _offered in found]
    assert starts == sorted(set(starts))
    for moment in times:
        first_day = _first_day(moment.astimezone(zone).date(), grouping)
        holding = max(start for start in starts if start <= moment)
        assert holding.astimezone(zone).date() == first_day
        # The period starts at local midnight, or within the hour a jump skipped.
        assert holding.astimezone(zone).time().hour in (0, 1)
        assert holding.astimezone(zone).time().minute == 0


@pytest.mark.parametrize("period", ["fortnight", ""])
def test_an_unknown_period_is_refused_by_name(period: str) -> None:
    with pytest.raises(InputError, match=r"--period: expected one of interval, day, week"):
        KpiQuery.parse(
            start=None,
            end=None,
            sl_threshold=20,
            short_abandon=5,
            fcr_window=86400,
            interval=30,
            tz="Asia/Tehran",
            queues=None,
            labels=OPTION_LABELS,
            period=period,
        )
