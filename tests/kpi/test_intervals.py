"""Intervals: local wall-clock spans aligned to local midnight, across clock changes."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from tamas.kpi import KpiDefinitions, kpi_report
from tests.kpi.builders import abandoned_call, frame


def starts(utc_times: list[datetime], interval_min: int, tz: str = "Asia/Tehran") -> list:
    """Interval starts of one abandoned call entering at each of the UTC times."""
    t0 = datetime(2025, 1, 1, 5, 0, tzinfo=UTC)
    events = frame(
        *(
            abandoned_call((t - t0).total_seconds(), f"c{n}", wait=10)
            for n, t in enumerate(utc_times)
        )
    )
    report = kpi_report(events, KpiDefinitions(interval_min=interval_min, tz=tz))
    return [(row["start"], row["offered"]) for row in report.by_interval]


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_intervals_start_at_local_midnight_and_empty_ones_are_left_out() -> None:
    times = [utc(2025, 1, 1, 5, 0), utc(2025, 1, 1, 5, 40), utc(2025, 1, 1, 9, 29)]
    # 08:30, 09:10 and 12:59 in Tehran (+03:30).
    assert starts(times, 60) == [
        ("2025-01-01T08:00:00+03:30", 1),
        ("2025-01-01T09:00:00+03:30", 1),
        ("2025-01-01T12:00:00+03:30", 1),
    ]
    assert starts(times, 1440) == [("2025-01-01T00:00:00+03:30", 3)]
    assert starts(times, 45) == [
        ("2025-01-01T08:15:00+03:30", 1),  # 08:15 = 11 x 45 min after midnight
        ("2025-01-01T09:00:00+03:30", 1),
        ("2025-01-01T12:45:00+03:30", 1),
    ]


def test_tehran_setting_clocks_back_at_midnight_in_september_2021() -> None:
    # At 24:00 (+04:30) on 21 September the clock went back to 23:00 (+03:30).
    times = [
        utc(2021, 9, 21, 18, 40),  # 23:10 +04:30
        utc(2021, 9, 21, 19, 40),  # 23:10 again, +03:30
        utc(2021, 9, 21, 20, 40),  # 00:10 on the 22nd, +03:30
    ]
    assert starts(times, 30) == [
        ("2021-09-21T23:00:00+04:30", 1),
        ("2021-09-21T23:00:00+03:30", 1),
        ("2021-09-22T00:00:00+03:30", 1),
    ]
    # The 21st had 25 hours; the day still starts at its midnight.
    assert starts(times, 1440) == [
        ("2021-09-21T00:00:00+04:30", 2),
        ("2021-09-22T00:00:00+03:30", 1),
    ]


def test_tehran_moving_clocks_forward_at_midnight_in_march_2021() -> None:
    # At 24:00 (+03:30) on 21 March the clock jumped to 01:00 (+04:30) on the 22nd.
    times = [utc(2021, 3, 21, 20, 10), utc(2021, 3, 21, 20, 40)]  # 23:40, then 01:10
    assert starts(times, 30) == [
        ("2021-03-21T23:30:00+03:30", 1),
        ("2021-03-22T01:00:00+04:30", 1),
    ]
    # The 22nd had no 00:00: its day starts when the gap ends.
    assert starts(times, 1440) == [
        ("2021-03-21T00:00:00+03:30", 1),
        ("2021-03-22T01:00:00+04:30", 1),
    ]


def test_no_clock_change_since_2022_in_tehran() -> None:
    times = [utc(2023, 9, 21, 18, 40), utc(2023, 9, 21, 19, 40)]  # 22:10, 23:10
    assert starts(times, 60) == [
        ("2023-09-21T22:00:00+03:30", 1),
        ("2023-09-21T23:00:00+03:30", 1),
    ]


@pytest.mark.parametrize(
    ("times", "expected"),
    [
        (
            # Berlin, 30 March 2025: 02:00 (+01:00) jumped to 03:00 (+02:00).
            [utc(2025, 3, 30, 0, 30), utc(2025, 3, 30, 1, 10)],  # 01:30, 03:10
            [("2025-03-30T00:00:00+01:00", 1), ("2025-03-30T03:00:00+02:00", 1)],
        ),
        (
            # Berlin, 26 October 2025: 03:00 (+02:00) went back to 02:00 (+01:00).
            [utc(2025, 10, 26, 0, 30), utc(2025, 10, 26, 1, 30)],  # 02:30 twice
            [("2025-10-26T02:00:00+02:00", 1), ("2025-10-26T02:00:00+01:00", 1)],
        ),
    ],
)
def test_two_hour_intervals_across_changes_inside_the_day(times: list, expected: list) -> None:
    assert starts(times, 120, "Europe/Berlin") == expected


def test_interval_figures_sum_to_the_totals() -> None:
    events = frame(*(abandoned_call(n * 700, f"c{n}", wait=n) for n in range(12)))
    report = kpi_report(events, KpiDefinitions(interval_min=15))
    assert sum(row["offered"] for row in report.by_interval) == report.totals["offered"] == 12
    assert sum(row["abandoned"] for row in report.by_interval) == 12
    assert report.by_interval[0]["start"] == "2025-01-01T08:30:00+03:30"


def test_bounds_with_any_offset_select_the_same_entries_as_in_utc() -> None:
    times = [utc(2025, 1, 1, 5, 0), utc(2025, 1, 1, 9, 29)]
    t0 = datetime(2025, 1, 1, 5, 0, tzinfo=UTC)
    events = frame(
        *(abandoned_call((t - t0).total_seconds(), f"c{n}", wait=10) for n, t in enumerate(times))
    )
    tehran = ZoneInfo("Asia/Tehran")
    local = kpi_report(events, KpiDefinitions(), start=datetime(2025, 1, 1, 9, 0, tzinfo=tehran))
    in_utc = kpi_report(events, KpiDefinitions(), start=utc(2025, 1, 1, 5, 30))
    assert local.totals == in_utc.totals
    assert local.totals["offered"] == 1
