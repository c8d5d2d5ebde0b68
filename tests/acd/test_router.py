from __future__ import annotations

import pytest

from tamas.acd import (
    AgentState,
    ContactState,
    IllegalTransitionError,
    Overflow,
    QueueConfig,
    SkillNeed,
    Strategy,
)
from tamas.events import Channel, EventType
from tests.acd.conftest import Center, make_center


def test_a_contact_goes_to_the_longest_idle_agent(center: Center) -> None:
    center.acd.add_queue(QueueConfig("support"))
    center.acd.login("ali", {"support": 5})
    center.later(10)
    center.acd.login("sara", {"support": 5})
    contact = center.acd.enqueue("c1", "support")
    assert contact.ringing == ["ali"]
    assert center.acd.agent("ali").state is AgentState.RESERVED
    assert center.heard.offers == [("c1", "ali")]


def test_a_call_walks_the_agent_through_busy_and_wrap_up(center: Center) -> None:
    center.acd.add_queue(QueueConfig("support", wrap_up_s=30))
    center.acd.login("ali", {"support": 5})
    center.later(5)
    center.acd.enqueue("c1", "support", caller="09121234567")
    center.later(4)
    center.acd.answer("c1", "ali")
    assert center.acd.agent("ali").state is AgentState.BUSY
    center.later(100)
    center.acd.end("c1", reason="caller")
    assert center.acd.agent("ali").state is AgentState.WRAP_UP
    center.later(30)
    assert center.acd.agent("ali").state is AgentState.READY
    assert [e.type for e in center.events() if e.agent == "ali" or e.contact_id == "c1"] == [
        EventType.AGENT_LOGGED_IN,
        EventType.AGENT_READY,
        EventType.CONTACT_QUEUED,
        EventType.CONTACT_OFFERED,
        EventType.CONTACT_ANSWERED,
        EventType.AGENT_BUSY,
        EventType.CONTACT_ENDED,
        EventType.AGENT_WRAP_UP,
        EventType.CONTACT_WRAP_UP_DONE,
        EventType.AGENT_READY,
    ]
    answered = center.events(EventType.CONTACT_ANSWERED)[0]
    assert (answered.wait_s, answered.ring_s) == (4.0, 4.0)
    ended = center.events(EventType.CONTACT_ENDED)[0]
    assert (ended.wait_s, ended.talk_s, ended.reason) == (4.0, 100.0, "caller")
    assert center.events(EventType.CONTACT_QUEUED)[0].caller == "09121234567"


def test_an_agent_in_two_queues_takes_the_highest_priority_then_oldest(center: Center) -> None:
    center.acd.add_queue(QueueConfig("billing"))
    center.acd.add_queue(QueueConfig("vip", priority=5))
    center.acd.enqueue("old-billing", "billing")
    center.later(10)
    center.acd.enqueue("young-billing", "billing")
    center.acd.enqueue("vip", "vip")
    center.acd.enqueue("boosted", "billing", priority=5, head_start_s=60)
    center.acd.login("ali", {"billing": 5, "vip": 5})
    assert center.acd.contact("boosted").ringing == ["ali"]
    order = [c.contact_id for c in center.acd.waiting("billing")]
    assert order == ["old-billing", "young-billing"]


def test_head_start_places_the_contact_ahead(center: Center) -> None:
    center.acd.add_queue(QueueConfig("support"))
    center.acd.enqueue("first", "support")
    center.later(30)
    center.acd.enqueue("vip", "support", head_start_s=90)
    assert [c.contact_id for c in center.acd.waiting("support")] == ["vip", "first"]
    assert center.events(EventType.CONTACT_QUEUED)[1].position == 1


def test_a_chat_agent_holds_up_to_its_capacity(center: Center) -> None:
    center.acd.add_queue(QueueConfig("chat", channel=Channel.CHAT, auto_answer=True))
    center.acd.login("ali", {"chat": 5}, capacity={Channel.CHAT: 3})
    for n in range(4):
        center.acd.enqueue(f"c{n}", "chat")
    assert len(center.acd.agent("ali").tasks) == 3
    assert center.acd.contact("c3").state is ContactState.WAITING
    center.acd.end("c0")
    assert center.acd.contact("c3").state is ContactState.ANSWERED


def test_skill_level_first_picks_the_expert(center: Center) -> None:
    center.acd.add_queue(QueueConfig("tax", strategy=Strategy.SKILL_LEVEL_FIRST))
    center.acd.login("novice", {"tax": 2})
    center.acd.login("expert", {"tax": 9})
    center.acd.login("middle", {"tax": 5})
    assert center.acd.enqueue("c1", "tax").ringing == ["expert"]


def test_minimum_level_keeps_novices_out(center: Center) -> None:
    center.acd.add_queue(QueueConfig("tax", skills=(SkillNeed("tax", 6),)))
    center.acd.login("novice", {"tax": 2})
    assert center.acd.enqueue("c1", "tax").state is ContactState.WAITING
    center.acd.login("expert", {"tax": 6})
    assert center.acd.contact("c1").ringing == ["expert"]


def test_least_occupied_prefers_who_handled_least(center: Center) -> None:
    center.acd.add_queue(QueueConfig("support", strategy=Strategy.LEAST_OCCUPIED, auto_answer=True))
    center.acd.login("ali", {"support": 5})
    center.acd.login("sara", {"support": 5})
    center.acd.enqueue("long", "support")
    center.acd.enqueue("short", "support")
    busy = {c: center.acd.contact(c).agent for c in ("long", "short")}
    center.later(10)
    center.acd.end("short")
    center.later(300)
    center.acd.end("long")
    assert center.acd.enqueue("next", "support").agent == busy["short"]


def test_round_robin_takes_turns_in_login_order(center: Center) -> None:
    center.acd.add_queue(QueueConfig("support", strategy=Strategy.ROUND_ROBIN, auto_answer=True))
    for name in ("a", "b", "c"):
        center.acd.login(name, {"support": 5})
    picked = []
    for n in range(5):
        contact = center.acd.enqueue(f"c{n}", "support")
        picked.append(contact.agent)
        center.acd.end(contact.contact_id)
    assert picked == ["a", "b", "c", "a", "b"]


def test_ring_all_rings_everyone_and_the_first_answer_wins(center: Center) -> None:
    center.acd.add_queue(QueueConfig("team", strategy=Strategy.RING_ALL))
    for name in ("a", "b", "c"):
        center.acd.login(name, {"team": 5})
    contact = center.acd.enqueue("c1", "team")
    assert contact.ringing == ["a", "b", "c"]
    center.later(3)
    center.acd.answer("c1", "b")
    canceled = center.events(EventType.CONTACT_RING_CANCELED)
    assert sorted(e.agent for e in canceled) == ["a", "c"]
    assert {e.ring_s for e in canceled} == {3.0}
    assert center.acd.agent("a").state is AgentState.READY


def test_missed_offers_pause_the_agent_and_the_contact_keeps_its_place() -> None:
    center = make_center(max_missed_offers=2)
    center.acd.add_queue(QueueConfig("support", ring_timeout_s=15))
    center.acd.login("ali", {"support": 5})
    center.acd.enqueue("c1", "support")
    center.acd.enqueue("c2", "support")
    center.later(15)
    assert center.acd.contact("c1").ringing == ["ali"]
    center.later(15)
    assert center.acd.agent("ali").state is AgentState.PAUSED
    assert center.acd.agent("ali").pause_reason == "ring_no_answer"
    assert [c.contact_id for c in center.acd.waiting("support")] == ["c1", "c2"]
    paused = center.events(EventType.AGENT_PAUSED)
    assert [e.reason for e in paused] == ["ring_no_answer"]
    assert [e.ring_s for e in center.events(EventType.CONTACT_RING_NO_ANSWER)] == [15.0, 15.0]


def test_overflow_widens_the_skills_after_a_while(center: Center) -> None:
    rule = Overflow(after_s=60, skills=(SkillNeed("sales"),))
    center.acd.add_queue(QueueConfig("billing", overflow=(rule,)))
    center.acd.add_queue(QueueConfig("sales"))
    center.acd.login("seller", {"sales": 5})
    center.acd.enqueue("c1", "billing")
    center.later(59)
    assert center.acd.contact("c1").state is ContactState.WAITING
    center.later(1)
    assert center.acd.contact("c1").ringing == ["seller"]
    assert center.acd.contact("c1").queue == "billing"


def test_overflow_moves_the_contact_to_another_queue(center: Center) -> None:
    center.acd.add_queue(QueueConfig("billing", overflow=(Overflow(after_s=60, queue="backup"),)))
    center.acd.add_queue(QueueConfig("backup"))
    center.acd.enqueue("c1", "billing", caller="0912")
    center.later(60)
    exited = center.events(EventType.CONTACT_EXITED)[0]
    assert (exited.queue, exited.reason, exited.target, exited.wait_s) == (
        "billing",
        "timeout",
        "backup",
        60.0,
    )
    assert center.acd.contact("c1").queue == "backup"
    assert center.events(EventType.CONTACT_QUEUED)[-1].caller == "0912"
    assert len({e.event_id for e in center.events()}) == len(center.events())


def test_max_wait_sends_the_contact_to_voicemail(center: Center) -> None:
    center.acd.add_queue(QueueConfig("support", max_wait_s=120, max_wait_destination="voicemail"))
    center.acd.enqueue("c1", "support")
    center.later(120)
    assert center.acd.contact("c1") is None
    exited = center.events(EventType.CONTACT_EXITED)[0]
    assert (exited.reason, exited.target) == ("timeout", "voicemail")


def test_a_full_queue_turns_contacts_away(center: Center) -> None:
    center.acd.add_queue(QueueConfig("support", max_length=2, full_destination="callback"))
    for n in range(3):
        center.acd.enqueue(f"c{n}", "support")
    exited = center.events(EventType.CONTACT_EXITED)
    assert [(e.contact_id, e.reason, e.target, e.position) for e in exited] == [
        ("c2", "full", "callback", 3)
    ]


def test_abandon_while_waiting_reports_the_position(center: Center) -> None:
    center.acd.add_queue(QueueConfig("support"))
    for n in range(3):
        center.acd.enqueue(f"c{n}", "support")
    center.later(42)
    center.acd.abandon("c1")
    abandoned = center.events(EventType.CONTACT_ABANDONED)[0]
    assert (abandoned.position, abandoned.original_position, abandoned.wait_s) == (2, 2, 42.0)


def test_abandon_while_ringing_frees_the_agent(center: Center) -> None:
    center.acd.add_queue(QueueConfig("support"))
    center.acd.login("ali", {"support": 5})
    center.acd.enqueue("c1", "support")
    center.acd.enqueue("c2", "support")
    center.later(5)
    center.acd.abandon("c1")
    assert [e.type for e in center.events() if e.contact_id == "c1"][-2:] == [
        EventType.CONTACT_RING_CANCELED,
        EventType.CONTACT_ABANDONED,
    ]
    assert center.acd.contact("c2").ringing == ["ali"]


def test_a_pause_during_a_call_starts_when_the_call_ends(center: Center) -> None:
    center.acd.add_queue(QueueConfig("support", auto_answer=True))
    center.acd.login("ali", {"support": 5})
    center.acd.enqueue("c1", "support")
    center.acd.pause("ali", "lunch")
    center.acd.enqueue("c2", "support")
    assert center.acd.agent("ali").state is AgentState.BUSY
    center.later(60)
    center.acd.end("c1")
    assert center.acd.agent("ali").state is AgentState.PAUSED
    assert center.acd.contact("c2").state is ContactState.WAITING
    assert center.events(EventType.AGENT_PAUSED)[0].ts.timestamp() == center.calendar.now()
    center.acd.unpause("ali")
    assert center.acd.contact("c2").state is ContactState.ANSWERED


def test_illegal_moves_raise(center: Center) -> None:
    center.acd.add_queue(QueueConfig("support"))
    center.acd.login("ali", {"support": 5})
    with pytest.raises(IllegalTransitionError):
        center.acd.login("ali", {"support": 5})
    with pytest.raises(IllegalTransitionError):
        center.acd.unpause("ali")
    center.acd.enqueue("c1", "support")
    with pytest.raises(IllegalTransitionError):
        center.acd.end("c1")
    with pytest.raises(IllegalTransitionError):
        center.acd.logout("ali")
    with pytest.raises(IllegalTransitionError):
        center.acd.enqueue("c1", "support")
    with pytest.raises(IllegalTransitionError):
        center.acd.finish_wrap_up("ali", "c1")
    center.acd.answer("c1", "ali")
    with pytest.raises(IllegalTransitionError):
        center.acd.answer("c1", "ali")
    with pytest.raises(IllegalTransitionError):
        center.acd.abandon("c1")


def test_a_logged_out_agent_gets_nothing(center: Center) -> None:
    center.acd.add_queue(QueueConfig("support"))
    center.acd.login("ali", {"support": 5})
    center.acd.logout("ali")
    assert center.acd.enqueue("c1", "support").state is ContactState.WAITING
    assert center.acd.agent("ali").state is AgentState.LOGGED_OUT
    center.acd.login("ali", {"support": 5})
    assert center.acd.contact("c1").ringing == ["ali"]


def test_queue_settings_are_checked() -> None:
    with pytest.raises(ValueError, match="level"):
        SkillNeed("tax", 11)
    with pytest.raises(ValueError, match="either"):
        Overflow(after_s=10)
    with pytest.raises(ValueError, match="wrap_up_s"):
        QueueConfig("q", wrap_up_s=-1)


def test_a_logout_when_free_waits_for_the_call_to_end(center: Center) -> None:
    center.acd.add_queue(QueueConfig("support", auto_answer=True))
    center.acd.login("ali", {"support": 5})
    center.acd.enqueue("c1", "support")
    center.acd.logout("ali", when_free=True)
    center.acd.enqueue("c2", "support")
    assert center.acd.contact("c2").state is ContactState.WAITING
    assert center.acd.agent("ali").pause_reason == "logging_out"
    center.later(60)
    center.acd.end("c1")
    assert center.acd.agent("ali").state is AgentState.LOGGED_OUT
    assert [e.type for e in center.events() if e.agent == "ali"][-2:] == [
        EventType.AGENT_PAUSED,
        EventType.AGENT_LOGGED_OUT,
    ]
