"""Breakdowns of a report: they are made of the report's own counted entries, so they add
up to its figures, and the contacts behind a figure are exactly the ones it counted."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given, settings

from tamas.kpi import (
    Calendar,
    ContactFilter,
    Grouping,
    KpiDefinitions,
    Period,
    busiest_hours,
    contacts,
    count_entries,
    handle_time_spread,
    summarise,
    wait_curve,
)
from tamas.kpi.breakdown import HANDLE_EDGES_S, WAIT_EDGES_S
from tests.kpi.builders import abandoned_call, answered_call, frame, queued
from tests.kpi.test_properties import logs

DEFINITIONS = KpiDefinitions()


def day_of_calls():
    """T0 is Wednesday 1 January 2025, 08:30 in Tehran."""
    return frame(
        *answered_call(0, "c1", "Ali", wait=5, talk=50),
        *answered_call(60, "c2", "Sara", wait=25, talk=250, caller="0935"),
        *abandoned_call(120, "c3", wait=3),
        *abandoned_call(3600, "c4", wait=95, queue="sales"),
        *answered_call(3700, "c5", "Ali", wait=12, talk=2000, queue="sales"),
        queued(7200, "c6"),
    )


def test_the_wait_curve_counts_answers_and_abandons_by_band() -> None:
    curve = wait_curve(count_entries(day_of_calls(), DEFINITIONS))
    assert len(curve) == len(WAIT_EDGES_S) + 1
    assert curve[0] == {"from_s": 0, "to_s": 10, "answered": 1, "abandoned": 1, "abandoned_by": 0.5}
    assert curve[1]["answered"] == 1  # 12 s
    assert curve[2]["answered"] == 1  # 25 s
    band_90 = next(row for row in curve if row["from_s"] == 90)
    assert (band_90["abandoned"], band_90["abandoned_by"]) == (1, 1.0)
    assert curve[-1]["to_s"] is None and curve[-1]["abandoned_by"] == 1.0


def test_the_handle_time_spread_is_of_ended_answers_and_narrows_to_agents() -> None:
    counted = count_entries(day_of_calls(), DEFINITIONS)
    spread = handle_time_spread(counted)
    assert [row["answered"] for row in spread if row["answered"]] == [1, 1, 1]
    assert spread[0] == {"from_s": 0, "to_s": 60, "answered": 1}
    assert spread[-1] == {"from_s": HANDLE_EDGES_S[-1], "to_s": None, "answered": 1}
    assert sum(row["answered"] for row in handle_time_spread(counted, {"Sara"})) == 1


def test_busiest_hours_are_by_the_calendars_weekday_and_local_hour() -> None:
    counted = count_entries(day_of_calls(), DEFINITIONS)
    jalali = busiest_hours(counted, Grouping(Period.DAY, Calendar.JALALI))
    # A Wednesday is the 5th day of an Iranian week (Saturday 0), the 3rd of an ISO week.
    assert [(row["weekday"], row["hour"], row["offered"]) for row in jalali] == [
        (4, 8, 3),
        (4, 9, 2),
        (4, 10, 1),
    ]
    gregorian = busiest_hours(counted, Grouping(Period.DAY, Calendar.GREGORIAN))
    assert {row["weekday"] for row in gregorian} == {2}
    # c1 answered within 20 s of 3 offered less c3, a short abandon.
    assert jalali[0]["service_level"] == 0.5


def test_the_contacts_behind_a_figure() -> None:
    counted = count_entries(day_of_calls(), DEFINITIONS)
    total, rows = contacts(counted, ContactFilter(outcome="abandoned"), limit=10)
    assert total == 2
    assert [row["contact_id"] for row in rows] == ["c3", "c4"]
    assert rows[0]["queued_at"] == "2025-01-01T08:32:00+03:30"
    total, rows = contacts(counted, ContactFilter(agent="Ali", queue="sales"), limit=10)
    assert (total, rows[0]["contact_id"], rows[0]["talk_s"]) == (1, "c5", 2000.0)
    total, rows = contacts(counted, ContactFilter(outcome="waiting"), limit=10)
    assert [row["contact_id"] for row in rows] == ["c6"]
    total, rows = contacts(counted, ContactFilter(), limit=2)
    assert (total, len(rows)) == (6, 2)


def test_the_contacts_of_a_period_row_are_those_it_counts() -> None:
    counted = count_entries(day_of_calls(), DEFINITIONS)
    grouping = Grouping(Period.INTERVAL)
    report = summarise(counted, grouping)
    for row in report.by_interval:
        wanted = ContactFilter(period_start=datetime.fromisoformat(row["start"]), grouping=grouping)
        assert contacts(counted, wanted, limit=100)[0] == row["offered"]


@settings(max_examples=60, deadline=None)
@given(logs)
def test_breakdowns_add_up_to_the_report(events) -> None:
    counted = count_entries(events, DEFINITIONS)
    report = summarise(counted, Grouping(Period.DAY, Calendar.JALALI))
    totals = report.totals
    curve = wait_curve(counted)
    assert sum(row["abandoned"] for row in curve) == totals["abandoned"]
    assert sum(row["answered"] for row in curve) == totals["answered"]
    hours = busiest_hours(counted, Grouping(Period.DAY, Calendar.JALALI))
    assert sum(row["offered"] for row in hours) == totals["offered"]
    spread = handle_time_spread(counted)
    assert sum(row["answered"] for row in spread) <= totals["answered"]
    assert contacts(counted, ContactFilter(), limit=0)[0] == totals["offered"]
    for outcome, figure in (("answered", "answered"), ("abandoned", "abandoned")):
        assert contacts(counted, ContactFilter(outcome=outcome), limit=0)[0] == totals[figure]
