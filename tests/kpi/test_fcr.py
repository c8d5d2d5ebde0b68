"""First-contact resolution: repeats by caller, window and call."""

from __future__ import annotations

from datetime import timedelta

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tamas.kpi import KpiDefinitions, kpi_report
from tamas.kpi.entries import link_entries
from tamas.kpi.repeats import next_other_call
from tests.kpi.builders import T0, abandoned_call, answered_call, at, frame, queued

DAY = 86400


def fcr(*events: object, window_s: int = DAY) -> float | None:
    return kpi_report(frame(*events), KpiDefinitions(fcr_window_s=window_s)).totals["fcr"]


def test_a_call_back_within_the_window_is_a_repeat() -> None:
    # c1 answered; the same number calls again (c2) 23 h later: c1 was not resolved.
    # c2 is answered too and nobody calls after it: 1 of 2 resolved.
    assert fcr(
        answered_call(0, "c1", "Ali", wait=5, talk=60),
        answered_call(23 * 3600, "c2", "Ali", wait=5, talk=60),
    ) == pytest.approx(1 / 2)


def test_a_call_back_after_the_window_is_not() -> None:
    assert (
        fcr(
            answered_call(0, "c1", "Ali", wait=5, talk=60),
            abandoned_call(DAY + 1, "c2", wait=10),
        )
        == 1.0
    )


def test_the_window_is_inclusive_and_measured_from_the_entry() -> None:
    # The repeat enters exactly fcr_window_s after c1 entered: still within.
    assert (
        fcr(
            answered_call(0, "c1", "Ali", wait=5, talk=60),
            abandoned_call(600, "c2", wait=3),
            window_s=600,
        )
        == 0.0
    )


def test_any_later_entry_of_another_call_counts_even_unanswered() -> None:
    assert fcr(answered_call(0, "c1", "Ali", wait=5, talk=60), queued(100, "c2")) == 0.0


def test_the_same_call_entering_another_queue_is_no_repeat() -> None:
    events = [
        answered_call(0, "c1", "Ali", wait=5, talk=60),
        answered_call(65, "c1", "Sara", wait=5, talk=60, queue="sales"),  # transferred
    ]
    assert fcr(*events) == 1.0


def test_callers_that_are_not_phone_numbers_are_left_out() -> None:
    events = [
        answered_call(0, "c1", "Ali", wait=5, talk=60, caller="anonymous"),
        answered_call(10, "c2", "Ali", wait=5, talk=60, caller="anonymous"),
        answered_call(20, "c3", "Ali", wait=5, talk=60, caller=None),
        answered_call(30, "c4", "Ali", wait=5, talk=60, caller="Ali Rezaei <100>"),
        answered_call(40, "c5", "Ali", wait=5, talk=60, caller="+989121234567"),
    ]
    # Only c5 has a phone number, and nobody calls after it.
    assert fcr(*events) == 1.0
    assert fcr(*events[:4]) is None


def test_a_different_number_is_a_different_caller() -> None:
    events = [
        answered_call(0, "c1", "Ali", wait=5, talk=60, caller="09121234567"),
        answered_call(100, "c2", "Ali", wait=5, talk=60, caller="+989121234567"),
    ]
    assert fcr(*events) == 1.0


def test_a_repeat_after_the_report_end_still_counts() -> None:
    events = frame(
        answered_call(0, "c1", "Ali", wait=5, talk=60),
        abandoned_call(7200, "c2", wait=9),
    )
    report = kpi_report(events, KpiDefinitions(), end=at(3600))
    assert (report.totals["offered"], report.totals["fcr"]) == (1, 0.0)


def oracle(entries: pl.DataFrame) -> dict[int, object]:
    """The same answer by brute force: every pair of entries compared in Python."""
    rows = entries.to_dicts()
    phone = [r for r in rows if r["caller"] and r["caller"].lstrip("+").isdigit()]
    result = {}
    for r in phone:
        later = [
            o["queued_at"]
            for o in phone
            if o["caller"] == r["caller"]
            and o["contact_id"] != r["contact_id"]
            and o["queued_at"] > r["queued_at"]
        ]
        result[r["entry"]] = min(later, default=None)
    return result


entry_specs = st.lists(
    st.tuples(
        st.integers(0, 12),  # second: many ties
        st.sampled_from(["c1", "c2", "c3", "c4"]),
        st.sampled_from(["0912", "0935", "+98912", "anonymous"]),
        st.sampled_from(["support", "sales"]),
    ),
    max_size=25,
)


@settings(max_examples=150, deadline=None)
@given(entry_specs)
def test_the_next_other_call_is_the_one_found_by_brute_force(specs: list) -> None:
    events = frame(*(queued(t, call, queue, caller) for t, call, caller, queue in specs))
    entries, _ = link_entries(events)
    found = dict(next_other_call(entries).iter_rows())
    assert found == oracle(entries)


def test_repeats_come_from_any_queue_and_any_time_in_the_data() -> None:
    entries = frame(queued(0, "c1"), queued(5, "c1", queue="sales"), queued(9, "c2", "sales"))
    linked, _ = link_entries(entries)
    found = dict(next_other_call(linked).iter_rows())
    assert found == {0: T0 + timedelta(seconds=9), 1: T0 + timedelta(seconds=9), 2: None}
