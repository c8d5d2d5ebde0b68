"""Hold, and changes of pause reason: what the agent desktop asks of the router beyond
answering and ending, and what the log says of it."""

from __future__ import annotations

import pytest

from tamas.acd import AgentState, IllegalTransitionError, QueueConfig
from tamas.events import EventType
from tests.acd.conftest import Center


@pytest.fixture
def talking(center: Center) -> Center:
    """Ali has talked with c1 of support for 10 s."""
    center.acd.add_queue(QueueConfig("support"))
    center.acd.login("ali", {"support": 5})
    center.acd.enqueue("c1", "support")
    center.acd.answer("c1", "ali")
    center.later(10)
    return center


def test_hold_and_unhold_are_written_and_keep_the_agent_busy(talking: Center) -> None:
    center = talking
    center.acd.hold("c1")
    assert center.acd.contact("c1").held
    assert center.acd.agent("ali").state is AgentState.BUSY
    with pytest.raises(IllegalTransitionError, match="not on hold"):
        center.acd.hold("c1")
    center.later(20)
    center.acd.unhold("c1")
    with pytest.raises(IllegalTransitionError, match="on hold"):
        center.acd.unhold("c1")
    held, unheld = center.events(EventType.CONTACT_HELD), center.events(EventType.CONTACT_UNHELD)
    assert [(e.contact_id, e.agent, e.queue) for e in held + unheld] == [
        ("c1", "ali", "support"),
        ("c1", "ali", "support"),
    ]
    assert (unheld[0].ts - held[0].ts).total_seconds() == 20


def test_only_an_answered_contact_can_be_held(center: Center) -> None:
    center.acd.add_queue(QueueConfig("support"))
    center.acd.enqueue("c1", "support")
    with pytest.raises(IllegalTransitionError, match="only an answered contact"):
        center.acd.hold("c1")


def test_the_visible_state_knows_since_when(center: Center) -> None:
    center.acd.add_queue(QueueConfig("support"))
    center.acd.login("ali", {"support": 5})
    center.later(30)
    center.acd.pause("ali", "lunch")
    assert center.acd.agent("ali").shown_since == center.calendar.now()


def test_a_paused_agent_may_change_its_reason(center: Center) -> None:
    center.acd.add_queue(QueueConfig("support"))
    center.acd.login("ali", {"support": 5}, pause_reason="break")
    center.later(60)
    center.acd.pause("ali", "lunch")
    paused = center.events(EventType.AGENT_PAUSED)
    assert [e.reason for e in paused] == ["break", "lunch"]
    assert center.acd.agent("ali").pause_reason == "lunch"
    with pytest.raises(IllegalTransitionError):
        center.acd.pause("ali", "lunch")
