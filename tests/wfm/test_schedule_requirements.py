"""Required agents per interval, read from CSV."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tamas.errors import InputError
from tamas.wfm.schedule import parse_requirements


def test_staff_output_with_gaps_and_fractions() -> None:
    text = (
        "ds,calls,agents,service_level\n"
        "2025-01-06T08:00:00+03:30,10,2,0.8\n"
        "2025-01-06T08:15:00+03:30,12,2.4,0.8\n"
        "2025-01-06T09:00:00+03:30,30,5,0.9\n"
    )
    need = parse_requirements(text, "r.csv")
    tehran = timezone(timedelta(hours=3, minutes=30))
    assert need.start == datetime(2025, 1, 6, 8, tzinfo=tehran)
    assert need.interval == 15
    assert need.agents == (2, 3, 0, 0, 5)
    assert need.ds(4) == datetime(2025, 1, 6, 9, tzinfo=tehran)


def test_another_column() -> None:
    text = "ds,agents,agents_scheduled\n2025-01-06 08:00,2,3\n2025-01-06 08:30,1,2\n"
    assert parse_requirements(text, "r.csv", "agents_scheduled").agents == (3, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "ds,y\n2025-01-06 08:00,1\n",
            "r.csv:1: expected a column 'agents' (the header has ds, y)",
        ),
        ("ds,agents\nmonday,1\n", "r.csv:2: ds: expected an ISO date and time, got 'monday'"),
        ("ds,agents\n2025-01-06 08:00,-1\n", "r.csv:2: agents: expected a number of agents >= 0"),
        (
            "ds,agents\n2025-01-06 08:00,x\n",
            "r.csv:2: agents: expected a number of agents, got 'x'",
        ),
        (
            "ds,agents\n2025-01-06 08:00,1\n2025-01-06 08:00,2\n",
            "r.csv:3: ds: 2025-01-06 08:00 is also on line 2",
        ),
        ("ds,agents\n2025-01-06 08:00,1\n", "r.csv: expected at least two intervals"),
        (
            "ds,agents\n2025-01-06 08:00,1\n2025-01-06 08:30,1\n2025-01-06 08:45,1\n"
            "2025-01-06 09:20,1\n",
            "r.csv: ds: rows are not on one grid of intervals (steps of 15, 30, 35 minutes)",
        ),
        (
            "ds,agents\n2025-03-20 08:00+02:00,1\n2025-03-20 08:30+03:00,1\n",
            "r.csv: ds: all rows must have the same UTC offset",
        ),
    ],
)
def test_bad_rows_are_named(text: str, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_requirements(text, "r.csv")
    assert str(caught.value).startswith(expected)
