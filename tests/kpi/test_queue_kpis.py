"""Queue KPIs on small hand-made logs; every expected figure is worked out in a comment."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from tamas.kpi import QUEUE_KPIS, KpiDefinitions, kpi_report
from tests.kpi.builders import (
    T0,
    abandoned,
    abandoned_call,
    answered,
    answered_call,
    at,
    ended,
    exited,
    frame,
    login,
    logout,
    queued,
    transferred,
)
from tests.kpi.scenarios import morning

DEFAULTS = KpiDefinitions()


def test_queue_figures_of_a_morning() -> None:
    report = kpi_report(morning(), DEFAULTS)
    sales, support = report.by_queue
    # support: c1..c8 offered; answered c1, c2, c7; abandoned c3, c4, c5 (c3 short, 3 < 5);
    # exited c6; c8 still waiting. Within 20 s: c1 (12), c7 (5).
    assert support == pytest.approx(
        {
            "queue": "support",
            "offered": 8,
            "answered": 3,
            "abandoned": 3,
            "short_abandoned": 1,
            "exited": 1,
            "answered_within_threshold": 2,
            "service_level": 2 / 7,  # 2 / (8 - 1)
            "abandon_rate": 2 / 7,  # (3 - 1) / (8 - 1)
            "sl_asterisk": 2 / 3,  # 2 / 3 answered
            "sl2_asterisk": 4 / 6,  # (2 + c3, c5 abandoned within 20 s) / (3 + 3)
            "asa_s": 47 / 3,  # (12 + 30 + 5) / 3
            "aht_s": 150,  # (100 + 200) / 2: c7 never ended
            "max_wait_s": 300,  # c6's timeout
            "fcr": 2 / 3,  # c1, c2, c7 answered; c4 (another call) is c1's caller again
        }
    )
    # sales: c9, answered in 10 s; its caller id is no phone number, so no FCR.
    assert sales == pytest.approx(
        {
            "queue": "sales",
            "offered": 1,
            "answered": 1,
            "abandoned": 0,
            "short_abandoned": 0,
            "exited": 0,
            "answered_within_threshold": 1,
            "service_level": 1.0,
            "abandon_rate": 0.0,
            "sl_asterisk": 1.0,
            "sl2_asterisk": 1.0,
            "asa_s": 10,
            "aht_s": 50,
            "max_wait_s": 10,
            "fcr": None,
        }
    )
    assert report.totals == pytest.approx(
        {
            "offered": 9,
            "answered": 4,
            "abandoned": 3,
            "short_abandoned": 1,
            "exited": 1,
            "answered_within_threshold": 3,
            "service_level": 3 / 8,
            "abandon_rate": 2 / 8,
            "sl_asterisk": 3 / 4,
            "sl2_asterisk": 5 / 7,
            "asa_s": 57 / 4,  # (12 + 30 + 5 + 10) / 4
            "aht_s": 350 / 3,  # (100 + 200 + 50) / 3
            "max_wait_s": 300,
            "fcr": 2 / 3,
        }
    )


def test_agents_of_a_morning() -> None:
    ali, reza, sara = kpi_report(morning(), DEFAULTS).by_agent
    # Ali answered c1 (100 s) and c7 (never ended); Reza only rang for c2; no login lines.
    assert ali == {
        "agent": "Ali",
        "answered": 2,
        "talk_time_s": 100.0,
        "aht_s": 100.0,
        "ring_no_answer": 0,
        "transfers": 0,
        "logged_in_s": None,
        "paused_s": None,
        "occupancy": None,
    }
    assert reza["answered"] == 0
    assert reza["ring_no_answer"] == 1
    assert reza["talk_time_s"] == 0
    assert reza["aht_s"] is None
    assert (sara["answered"], sara["talk_time_s"], sara["aht_s"]) == (2, 250, 125)


def test_intervals_of_a_morning() -> None:
    first, second = kpi_report(morning(), DEFAULTS).by_interval
    # c1..c8 entered between 08:30:00 and 08:58:20, c9 at 09:01:40 (Tehran, +03:30).
    assert first["start"] == "2025-01-01T08:30:00+03:30"
    assert (first["offered"], first["answered"], first["abandoned"]) == (8, 3, 3)
    assert first["service_level"] == pytest.approx(2 / 7)
    assert second == {
        "start": "2025-01-01T09:00:00+03:30",
        "offered": 1,
        "answered": 1,
        "abandoned": 0,
        "service_level": 1.0,
        "asa_s": 10.0,
        "aht_s": 50.0,
    }


def test_settings_change_the_figures() -> None:
    strict = KpiDefinitions(sl_threshold_s=10, short_abandon_s=20)
    support = kpi_report(morning(), strict).by_queue[1]  # after sales
    # within 10 s: c7 only; short abandons: c3 (3 s) and c5 (15 s).
    assert support["answered_within_threshold"] == 1
    assert support["short_abandoned"] == 2
    assert support["service_level"] == pytest.approx(1 / 6)  # 1 / (8 - 2)
    assert support["abandon_rate"] == pytest.approx(1 / 6)  # (3 - 2) / (8 - 2)


def test_empty_log_gives_zero_counts_and_null_ratios() -> None:
    report = kpi_report(frame(), DEFAULTS)
    assert report.totals == {name: None for name in QUEUE_KPIS} | {
        "offered": 0,
        "answered": 0,
        "abandoned": 0,
        "short_abandoned": 0,
        "exited": 0,
        "answered_within_threshold": 0,
    }
    assert (report.by_queue, report.by_agent, report.by_interval) == ((), (), ())


def test_only_short_abandons_make_service_level_null() -> None:
    report = kpi_report(frame(abandoned_call(0, "c1", wait=2)), DEFAULTS)
    # offered - short_abandoned = 0: no denominator for service level or abandon rate.
    assert report.totals["service_level"] is None
    assert report.totals["abandon_rate"] is None
    assert report.totals["sl2_asterisk"] == 1.0  # abandoned within 20 s / 1 abandoned


def test_a_contact_entering_the_same_queue_twice_is_two_entries() -> None:
    events = frame(
        queued(0, "c1"),
        exited(60, "c1", wait=60),  # EXITWITHKEY, then the IVR sends it back
        queued(90, "c1"),
        answered(95, "c1", "Ali", wait=5),
        ended(195, "c1", "Ali", wait=5, talk=100),
    )
    totals = kpi_report(events, DEFAULTS).totals
    assert (totals["offered"], totals["exited"], totals["answered"]) == (2, 1, 1)
    assert totals["asa_s"] == 5  # the second entry's wait, not 95 s since the first
    assert totals["max_wait_s"] == 60


def test_a_transfer_into_another_queue_is_a_second_entry() -> None:
    events = frame(
        queued(0, "c1", queue="sales"),
        answered(10, "c1", "Ali", wait=10, queue="sales"),
        transferred(70, "c1", "Ali", wait=10, talk=60, queue="sales"),
        queued(70, "c1", queue="support"),
        answered(75, "c1", "Sara", wait=5),
        ended(375, "c1", "Sara", wait=5, talk=300),
    )
    report = kpi_report(events, DEFAULTS)
    sales, support = report.by_queue
    assert (sales["offered"], sales["answered"], sales["aht_s"]) == (1, 1, 60)
    assert (support["offered"], support["answered"], support["aht_s"]) == (1, 1, 300)
    ali, sara = report.by_agent
    assert (ali["transfers"], ali["talk_time_s"]) == (1, 60)
    assert (sara["transfers"], sara["talk_time_s"]) == (0, 300)
    # Both entries are one call from one caller: the transfer is not a repeat call.
    assert report.totals["fcr"] == 1.0


def test_a_transfer_back_into_the_same_queue_in_the_same_second() -> None:
    events = frame(
        answered_call(0, "c1", "Ali", wait=4, talk=0),  # queued, answered, ended at 4 s
        queued(20, "c1"),
        answered(20, "c1", "Ali", wait=0),
        transferred(50, "c1", "Ali", wait=0, talk=30),
        queued(50, "c1"),  # the same second as the transfer line
        answered(58, "c1", "Sara", wait=8),
        ended(158, "c1", "Sara", wait=8, talk=100),
    )
    totals = kpi_report(events, DEFAULTS).totals
    # Three entries, each with its own talk: (0 + 30 + 100) / 3.
    assert (totals["offered"], totals["answered"]) == (3, 3)
    assert totals["aht_s"] == pytest.approx(130 / 3)
    assert totals["asa_s"] == 4


def test_lines_of_an_entry_that_started_before_the_data_are_ignored() -> None:
    events = frame(
        answered(5, "c0", "Ali", wait=30),  # its ENTERQUEUE is not in the data
        ended(65, "c0", "Ali", wait=30, talk=60),
        abandoned(7, "c00", wait=9),
        answered_call(10, "c1", "Ali", wait=2, talk=20),
    )
    report = kpi_report(events, DEFAULTS)
    assert (report.totals["offered"], report.totals["answered"]) == (1, 1)
    assert report.totals["abandoned"] == 0
    assert report.by_agent[0]["talk_time_s"] == 20


def test_only_the_first_outcome_counts() -> None:
    events = frame(
        queued(0, "c1"),
        abandoned(10, "c1", wait=10),
        answered(12, "c1", "Ali", wait=12),  # a stray line after the entry ended
    )
    totals = kpi_report(events, DEFAULTS).totals
    assert (totals["abandoned"], totals["answered"]) == (1, 0)


def test_an_exit_without_a_waiting_time_counts_without_one() -> None:
    totals = kpi_report(frame(queued(0, "c1"), exited(0, "c1", wait=None)), DEFAULTS).totals
    assert (totals["offered"], totals["exited"], totals["max_wait_s"]) == (1, 1, None)


def test_entries_count_by_their_start_and_complete_after_the_end() -> None:
    events = frame(
        answered_call(-30, "c0", "Ali", wait=40, talk=60),  # entered before the period
        queued(50, "c1"),
        answered(3650, "c1", "Ali", wait=3600),  # answered after the period ends
        ended(3700, "c1", "Ali", wait=3600, talk=50),
        abandoned_call(3600, "c2", wait=1),  # enters exactly at the end: excluded
    )
    totals = kpi_report(events, DEFAULTS, start=T0, end=at(3600)).totals
    assert (totals["offered"], totals["answered"], totals["abandoned"]) == (1, 1, 0)
    assert (totals["asa_s"], totals["aht_s"]) == (3600, 50)


def test_naive_bounds_are_local_time() -> None:
    events = frame(abandoned_call(0, "c1", wait=10), abandoned_call(1800, "c2", wait=10))
    # T0 is 08:30 in Tehran; 09:00 local is T0 + 30 min.
    naive_end = (T0 + timedelta(hours=3, minutes=30, seconds=1800)).replace(tzinfo=None)
    totals = kpi_report(events, DEFAULTS, end=naive_end).totals
    assert totals["offered"] == 1


def test_bounds_in_any_zone_mean_the_same_instant_even_past_the_data() -> None:
    events = frame(
        login(0, "Ali"),
        abandoned_call(0, "c1", wait=10),
        abandoned_call(1800, "c2", wait=10),
        logout(3600, "Ali"),
    )
    tehran = ZoneInfo("Asia/Tehran")
    # T0 + 30 min is 09:00 in Tehran.
    totals = kpi_report(events, DEFAULTS, start=at(1800).astimezone(tehran)).totals
    assert totals["offered"] == 1
    after = kpi_report(events, DEFAULTS, start=at(7200).astimezone(tehran))
    assert after.totals["offered"] == 0
    assert after.totals["service_level"] is None


def test_a_queue_filter_reports_only_those_queues() -> None:
    report = kpi_report(morning(), DEFAULTS, queues=["sales"])
    full = kpi_report(morning(), DEFAULTS)
    assert [row["queue"] for row in report.by_queue] == ["sales"]
    assert {"queue": "sales", **report.totals} == full.by_queue[0]
    assert [row["agent"] for row in report.by_agent] == ["Sara"]
    assert report.by_agent[0]["answered"] == 1
