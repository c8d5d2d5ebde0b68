"""Callbacks keep the caller's place: the entry exits with reason `callback` and a callback
entry, linked by attrs, waits where the caller was."""

from __future__ import annotations

import pytest

from tamas.acd import ContactState, IllegalTransitionError, QueueConfig
from tamas.events import EventType
from tests.acd.conftest import Center


def waiting(center: Center) -> list[str]:
    return [c.contact_id for c in center.acd.waiting("support")]


def test_a_callback_takes_the_callers_place(center: Center) -> None:
    center.acd.add_queue(QueueConfig("support"))
    for n in range(3):
        center.acd.enqueue(f"c{n}", "support", caller=f"0912{n}", context={"case": n})
        center.later(10)
    callback = center.acd.request_callback("c1", key="5")
    assert waiting(center) == ["c0", "c1-callback", "c2"]
    assert (callback.caller, callback.context, callback.callback_of) == ("09121", {"case": 1}, "c1")
    assert center.acd.contact("c1") is None
    exited = center.events(EventType.CONTACT_EXITED)[0]
    assert (exited.contact_id, exited.reason, exited.target, exited.position) == (
        "c1",
        "callback",
        "callback",
        2,
    )
    assert exited.attrs == {"callback_id": "c1-callback", "key": "5"}
    queued = center.events(EventType.CONTACT_QUEUED)[-1]
    assert (queued.contact_id, queued.position, queued.attrs) == (
        "c1-callback",
        2,
        {"callback_of": "c1"},
    )


def test_the_callback_reaches_an_agent_in_its_turn(center: Center) -> None:
    center.acd.add_queue(QueueConfig("support", auto_answer=True))
    center.acd.enqueue("c0", "support")
    center.acd.enqueue("c1", "support")
    center.later(5)
    center.acd.enqueue("c2", "support")
    center.acd.request_callback("c1", callback_id="cb1")
    center.acd.login("ali", {"support": 5})
    center.acd.end("c0")
    assert center.acd.contact("cb1").agent == "ali"
    assert waiting(center) == ["c2"]


def test_the_queue_offers_a_callback_after_a_while(center: Center) -> None:
    center.acd.add_queue(QueueConfig("support", callback_after_s=60))
    center.acd.login("ali", {"support": 5})
    center.acd.enqueue("served", "support")
    center.acd.enqueue("waits", "support")
    center.later(59)
    assert center.heard.callback_offers == []
    center.later(1)
    assert center.heard.callback_offers == [("waits", center.calendar.now() - 60)]


def test_a_callback_destination_keeps_the_place_and_never_times_out(center: Center) -> None:
    center.acd.add_queue(
        QueueConfig(
            "support",
            max_wait_s=120,
            max_wait_destination="callback",
            max_length=1,
            full_destination="callback",
        )
    )
    center.acd.enqueue("c0", "support")
    center.later(30)
    center.acd.enqueue("c1", "support")
    assert waiting(center) == ["c0", "c1-callback"]
    center.later(90)
    assert waiting(center) == ["c0-callback", "c1-callback"]
    center.later(600)
    assert waiting(center) == ["c0-callback", "c1-callback"]
    reasons = [(e.contact_id, e.reason) for e in center.events(EventType.CONTACT_EXITED)]
    assert reasons == [("c1", "full"), ("c0", "timeout")]


def test_only_a_waiting_caller_gets_a_callback(center: Center) -> None:
    center.acd.add_queue(QueueConfig("support"))
    center.acd.login("ali", {"support": 5})
    center.acd.enqueue("c0", "support")
    center.acd.enqueue("c1", "support")
    with pytest.raises(IllegalTransitionError):
        center.acd.request_callback("c0")
    center.acd.enqueue("c1-callback", "support")
    with pytest.raises(IllegalTransitionError):
        center.acd.request_callback("c1")
    assert center.acd.contact("c1").state is ContactState.WAITING
