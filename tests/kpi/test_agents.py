"""Agents' figures: answers, talk, rings, transfers, and time logged in and paused."""

from __future__ import annotations

import pytest

from tamas.kpi import KpiDefinitions, kpi_report
from tests.kpi.builders import (
    abandoned_call,
    answered,
    answered_call,
    at,
    frame,
    login,
    logout,
    pause,
    queued,
    ready,
    ring_no_answer,
    transferred,
)

DEFAULTS = KpiDefinitions()


def agent_row(*events: object, agent: str = "Ali", **bounds: object) -> dict:
    report = kpi_report(frame(*events), DEFAULTS, **bounds)
    return next(row for row in report.by_agent if row["agent"] == agent)


def test_login_pause_and_occupancy() -> None:
    row = agent_row(
        login(0, "Ali"),
        answered_call(100, "c1", "Ali", wait=10, talk=290),  # talks 110..400
        pause(1000, "Ali"),
        ready(1600, "Ali"),
        logout(3600, "Ali"),
    )
    # Logged in 3600 s, paused 600 s: occupancy 290 / (3600 - 600).
    assert row["logged_in_s"] == 3600
    assert row["paused_s"] == 600
    assert row["occupancy"] == pytest.approx(290 / 3000)


def test_an_agent_without_login_lines_has_no_time_figures() -> None:
    row = agent_row(answered_call(0, "c1", "Ali", wait=5, talk=60), pause(100, "Ali"))
    assert (row["logged_in_s"], row["paused_s"], row["occupancy"]) == (None, None, None)
    assert row["talk_time_s"] == 60


def test_a_login_never_logged_out_lasts_to_the_end_of_the_data() -> None:
    row = agent_row(login(0, "Ali"), answered_call(100, "c1", "Ali", wait=10, talk=890))
    # The data ends with c1's COMPLETE at 1000 s.
    assert row["logged_in_s"] == 1000
    assert row["occupancy"] == pytest.approx(890 / 1000)


def test_a_login_never_logged_out_lasts_to_the_end_of_the_period() -> None:
    row = agent_row(
        login(0, "Ali"),
        answered_call(100, "c1", "Ali", wait=10, talk=60),
        abandoned_call(5000, "c2", wait=5),
        start=at(50),
        end=at(2000),
    )
    # Counted from the period start (50 s) to its end (2000 s).
    assert row["logged_in_s"] == 1950


def test_a_pause_without_queue_pauses_every_queue() -> None:
    row = agent_row(
        login(0, "Ali", "support"),
        login(0, "Ali", "sales"),
        pause(600, "Ali"),  # PAUSE with no queue: all of them
        ready(900, "Ali", "support"),  # back in support only: working again
        answered_call(1000, "c1", "Ali", wait=0, talk=100),
        logout(1200, "Ali", "support"),  # still in sales, still paused there
        logout(1800, "Ali", "sales"),
    )
    # Logged in 0..1800; paused everywhere 600..900 and 1200..1800 (only sales left).
    assert row["logged_in_s"] == 1800
    assert row["paused_s"] == 300 + 600


def test_a_pause_in_one_of_two_queues_is_not_a_pause() -> None:
    row = agent_row(
        login(0, "Ali", "support"),
        login(0, "Ali", "sales"),
        pause(100, "Ali", "sales"),
        ready(400, "Ali", "sales"),
        answered_call(500, "c1", "Ali", wait=0, talk=100),
        logout(1000, "Ali", "support"),
        logout(1000, "Ali", "sales"),
    )
    assert (row["logged_in_s"], row["paused_s"]) == (1000, 0)


def test_queue_filter_keeps_logins_and_pauses_of_those_queues_and_center_wide_ones() -> None:
    events = (
        login(0, "Ali", "support"),
        login(500, "Ali", "sales"),
        answered_call(600, "c1", "Ali", wait=0, talk=100, queue="sales"),
        answered_call(800, "c2", "Ali", wait=0, talk=50),
        pause(900, "Ali", "sales"),
        pause(1000, "Ali"),  # everywhere
        ready(1100, "Ali"),
        logout(2000, "Ali", "support"),
        logout(2000, "Ali", "sales"),
    )
    sales = agent_row(*events, queues=["sales"])
    # In sales: logged in 500..2000; paused 900..1100; talked 100 s there.
    assert (sales["answered"], sales["talk_time_s"]) == (1, 100)
    assert (sales["logged_in_s"], sales["paused_s"]) == (1500, 200)
    assert sales["occupancy"] == pytest.approx(100 / 1300)
    everywhere = agent_row(*events)
    # Logged in 0..2000; paused everywhere only 1000..1100 (still in support at 900).
    assert (everywhere["logged_in_s"], everywhere["paused_s"]) == (2000, 100)
    assert (everywhere["answered"], everywhere["talk_time_s"]) == (2, 150)


def test_center_login_without_queue() -> None:
    row = agent_row(
        login(0, "Agent/1001", None),  # AGENTLOGIN
        pause(100, "Agent/1001", None),
        ready(200, "Agent/1001", None),
        logout(1000, "Agent/1001", None),  # AGENTLOGOFF
        answered_call(300, "c1", "Agent/1001", wait=0, talk=450),
        agent="Agent/1001",
    )
    assert (row["logged_in_s"], row["paused_s"]) == (1000, 100)
    assert row["occupancy"] == pytest.approx(450 / 900)


def test_relogin_resets_the_pause_and_time_before_the_first_login_is_unknown() -> None:
    row = agent_row(
        ready(0, "Ali", "support"),
        logout(100, "Ali"),  # first known: a logout; before it, unknown: not counted
        answered_call(150, "c1", "Ali", wait=0, talk=10),
        login(200, "Ali"),
        pause(300, "Ali", "support"),
        logout(400, "Ali"),
        login(500, "Ali"),  # logged in again, not paused
        logout(700, "Ali"),
    )
    assert (row["logged_in_s"], row["paused_s"]) == (400, 100)


def test_occupancy_is_capped_at_one() -> None:
    row = agent_row(
        login(0, "Ali"),
        logout(60, "Ali"),
        answered_call(0, "c1", "Ali", wait=0, talk=600),  # a call after the logout
    )
    assert row["occupancy"] == 1.0


def test_rings_transfers_and_who_is_listed() -> None:
    report = kpi_report(
        frame(
            queued(0, "c1"),
            ring_no_answer(15, "c1", "Reza", ring=15),
            ring_no_answer(30, "c1", "Reza", ring=15),
            answered(35, "c1", "Ali", wait=35),
            transferred(95, "c1", "Ali", wait=35, talk=60),
            login(0, "Sara"),  # logged in, never rang: not listed
            logout(100, "Sara"),
        ),
        DEFAULTS,
    )
    assert [row["agent"] for row in report.by_agent] == ["Ali", "Reza"]
    ali, reza = report.by_agent
    assert (ali["answered"], ali["transfers"], ali["ring_no_answer"]) == (1, 1, 0)
    assert (reza["answered"], reza["transfers"], reza["ring_no_answer"]) == (0, 0, 2)


def test_rings_of_entries_outside_the_period_are_not_counted() -> None:
    report = kpi_report(
        frame(
            queued(0, "c1"),
            ring_no_answer(15, "c1", "Reza"),
            answered_call(100, "c2", "Ali", wait=5, talk=5),
        ),
        DEFAULTS,
        start=at(50),
    )
    assert [row["agent"] for row in report.by_agent] == ["Ali"]
