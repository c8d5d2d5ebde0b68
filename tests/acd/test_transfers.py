"""Transfers and escalations pass the contact on, with its customer, notes and case."""

from __future__ import annotations

import pytest

from tamas.acd import AgentState, ContactState, IllegalTransitionError, QueueConfig
from tamas.events import EventType, events_to_frame
from tamas.kpi import KpiDefinitions, kpi_report
from tests.acd.conftest import Center


@pytest.fixture
def desk(center: Center) -> Center:
    """Ali answers c1 in support, with the customer's case in the context."""
    center.acd.add_queue(QueueConfig("support", wrap_up_s=30))
    center.acd.add_queue(QueueConfig("billing"))
    center.acd.add_queue(QueueConfig("supervisors", auto_answer=True))
    center.acd.login("ali", {"support": 5})
    center.acd.enqueue("c1", "support", caller="0912", context={"customer": "k-7", "case": 42})
    center.later(5)
    center.acd.answer("c1", "ali")
    center.later(60)
    return center


def test_a_transfer_to_a_queue_is_a_new_entry_with_the_context(desk: Center) -> None:
    desk.acd.login("bahar", {"billing": 5})
    moved = desk.acd.transfer("c1", queue="billing", notes="asks about invoice 9")
    assert moved.queue == "billing"
    assert moved.ringing == ["bahar"]
    assert moved.context == {"customer": "k-7", "case": 42, "notes": ["asks about invoice 9"]}
    assert moved.caller == "0912"
    assert desk.acd.agent("ali").state is AgentState.WRAP_UP
    types = [e.type for e in desk.events() if e.contact_id == "c1"]
    assert types[-3:] == [
        EventType.CONTACT_TRANSFERRED,
        EventType.CONTACT_QUEUED,
        EventType.CONTACT_OFFERED,
    ]
    moved_event = desk.events(EventType.CONTACT_TRANSFERRED)[0]
    assert (moved_event.queue, moved_event.agent, moved_event.target, moved_event.reason) == (
        "support",
        "ali",
        "billing",
        "blind",
    )
    assert (moved_event.wait_s, moved_event.talk_s) == (5.0, 60.0)
    assert moved_event.attrs == {"to": "queue", "context": moved.context}


def test_a_transfer_to_an_agent_rings_there_at_once(desk: Center) -> None:
    desk.acd.login("bahar", {"billing": 5})
    direct = desk.acd.transfer("c1", agent="bahar", context={"case": 43})
    assert (direct.ringing, direct.direct_from, direct.context["case"]) == (["bahar"], "ali", 43)
    desk.later(3)
    desk.acd.answer("c1", "bahar")
    desk.later(40)
    desk.acd.end("c1")
    report = kpi_report(events_to_frame(desk.events()), KpiDefinitions())
    assert (report.totals["offered"], report.totals["answered"], report.totals["aht_s"]) == (
        1,
        1,
        60.0,
    )
    agents = {row["agent"]: row for row in report.by_agent}
    assert agents["ali"]["transfers"] == 1
    assert len(desk.events(EventType.CONTACT_QUEUED)) == 1


def test_an_escalation_reaches_a_supervisor(desk: Center) -> None:
    desk.acd.login("boss", {"supervisors": 9})
    escalated = desk.acd.transfer("c1", queue="supervisors", escalation=True, notes="angry")
    assert escalated.state is ContactState.ANSWERED and escalated.agent == "boss"
    event = desk.events(EventType.CONTACT_TRANSFERRED)[0]
    assert (event.reason, event.target) == ("escalation", "supervisors")


def test_a_busy_agent_cannot_be_transferred_to(desk: Center) -> None:
    desk.acd.login("bahar", {"billing": 5})
    desk.acd.pause("bahar", "meeting")
    for target in ("bahar", "ali", "nobody"):
        with pytest.raises(IllegalTransitionError):
            desk.acd.transfer("c1", agent=target)
    with pytest.raises(ValueError, match="a queue or to an agent"):
        desk.acd.transfer("c1")
    assert desk.acd.contact("c1").agent == "ali"
    assert desk.events(EventType.CONTACT_TRANSFERRED) == []


def test_a_direct_transfer_nobody_answers_goes_back_to_the_queue(desk: Center) -> None:
    desk.acd.login("bahar", {"billing": 5})
    desk.acd.transfer("c1", agent="bahar")
    desk.later(20)
    desk.acd.ring_no_answer("c1", "bahar")
    again = desk.acd.contact("c1")
    assert (again.queue, again.state, again.direct_from) == ("support", ContactState.WAITING, None)
    assert [e.queue for e in desk.events(EventType.CONTACT_QUEUED)] == ["support", "support"]
    desk.later(30)
    assert desk.acd.contact("c1").ringing == ["ali"]
