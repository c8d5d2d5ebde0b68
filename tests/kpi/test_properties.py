"""Properties of every report, on random (and often messy) event logs."""

from __future__ import annotations

from typing import Any

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from tamas.events import EventType
from tamas.kpi import QUEUE_KPIS, KpiDefinitions, kpi_report
from tests.kpi.builders import at, event, frame

QUEUES = ["sales", "support"]
CONTACT_TYPES = [
    EventType.CONTACT_QUEUED,
    EventType.CONTACT_QUEUED,
    EventType.CONTACT_ANSWERED,
    EventType.CONTACT_ENDED,
    EventType.CONTACT_TRANSFERRED,
    EventType.CONTACT_ABANDONED,
    EventType.CONTACT_EXITED,
    EventType.CONTACT_RING_NO_ANSWER,
]
AGENT_TYPES = [
    EventType.AGENT_LOGGED_IN,
    EventType.AGENT_LOGGED_OUT,
    EventType.AGENT_PAUSED,
    EventType.AGENT_READY,
]
COUNTS = QUEUE_KPIS[:6]
RATIOS = ("service_level", "abandon_rate", "sl_asterisk", "sl2_asterisk", "fcr")

contact_events = st.builds(
    lambda type_, t, call, queue, agent, caller, wait, talk: event(
        type_,
        t,
        contact_id=call,
        queue=queue,
        agent=agent,
        caller=caller,
        wait_s=wait,
        talk_s=talk,
    ),
    st.sampled_from(CONTACT_TYPES),
    st.integers(0, 400),
    st.sampled_from(["c1", "c2", "c3", "c4", "c5"]),
    st.sampled_from(QUEUES),
    st.sampled_from(["Ali", "Sara"]),
    st.sampled_from(["0912", "0935", "anonymous"]),
    st.floats(0, 60),
    st.floats(0, 300),
)
agent_events = st.builds(
    lambda type_, t, agent, queue: event(type_, t, agent=agent, queue=queue),
    st.sampled_from(AGENT_TYPES),
    st.integers(0, 400),
    st.sampled_from(["Ali", "Sara"]),
    st.sampled_from([None, *QUEUES]),
)
logs = st.lists(st.one_of(contact_events, contact_events, agent_events), max_size=40).map(
    lambda events: frame(*events)
)
definitions = st.builds(
    KpiDefinitions,
    sl_threshold_s=st.integers(1, 40),
    short_abandon_s=st.integers(1, 10),
    fcr_window_s=st.integers(1, 300),
    interval_min=st.sampled_from([1, 5, 15]),
)


def queue_rows(report: Any) -> dict[str, dict]:
    return {row["queue"]: {k: v for k, v in row.items() if k != "queue"} for row in report.by_queue}


@settings(max_examples=60, deadline=None)
@given(logs, definitions)
def test_counts_and_ratios_are_consistent(events: pl.DataFrame, kpis: KpiDefinitions) -> None:
    report = kpi_report(events, kpis)
    rows = [report.totals, *report.by_queue, *report.by_interval]
    for row in rows:
        assert row["answered"] + row["abandoned"] <= row["offered"]
    for row in [report.totals, *report.by_queue]:
        assert row["answered"] + row["abandoned"] + row["exited"] <= row["offered"]
        assert row["answered_within_threshold"] <= row["answered"]
        assert row["short_abandoned"] <= row["abandoned"]
        assert all(row[name] is None or 0 <= row[name] <= 1 for name in RATIOS)
    for row in report.by_agent:
        assert row["occupancy"] is None or 0 <= row["occupancy"] <= 1
        assert row["logged_in_s"] is None or row["paused_s"] <= row["logged_in_s"]
    for row in report.by_interval:
        assert row["service_level"] is None or 0 <= row["service_level"] <= 1


@settings(max_examples=60, deadline=None)
@given(logs, definitions)
def test_queues_and_intervals_add_up_to_the_totals(
    events: pl.DataFrame, kpis: KpiDefinitions
) -> None:
    report = kpi_report(events, kpis)
    for name in COUNTS:
        assert sum(row[name] for row in report.by_queue) == report.totals[name]
    for name in ("offered", "answered", "abandoned"):
        assert sum(row[name] for row in report.by_interval) == report.totals[name]
    waits = [row["max_wait_s"] for row in report.by_queue if row["max_wait_s"] is not None]
    assert report.totals["max_wait_s"] == max(waits, default=None)
    assert [row["queue"] for row in report.by_queue] == sorted(queue_rows(report))
    assert [row["agent"] for row in report.by_agent] == sorted(
        row["agent"] for row in report.by_agent
    )


@settings(max_examples=40, deadline=None)
@given(logs, definitions)
def test_a_queue_s_row_is_the_report_of_that_queue(
    events: pl.DataFrame, kpis: KpiDefinitions
) -> None:
    report = kpi_report(events, kpis)
    for queue, row in queue_rows(report).items():
        # Filtering the report by the queue gives exactly its row, FCR included.
        assert kpi_report(events, kpis, queues=[queue]).totals == row
        # Reporting only that queue's events gives the same, but FCR: a repeat call
        # into another queue is not in those events.
        alone = kpi_report(events.filter(pl.col("queue") == queue), kpis).totals
        assert {k: v for k, v in alone.items() if k != "fcr"} == {
            k: v for k, v in row.items() if k != "fcr"
        }


@settings(max_examples=40, deadline=None)
@given(logs, definitions, st.integers(0, 400))
def test_splitting_the_period_splits_the_entries(
    events: pl.DataFrame, kpis: KpiDefinitions, split: int
) -> None:
    whole = kpi_report(events, kpis).totals
    before = kpi_report(events, kpis, end=at(split)).totals
    after = kpi_report(events, kpis, start=at(split)).totals
    for name in COUNTS:
        assert before[name] + after[name] == whole[name]
