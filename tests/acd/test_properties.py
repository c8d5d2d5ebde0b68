"""Properties of the router under random sequences of arrivals, answers, misses, hang-ups,
pauses and logins: nothing is lost or served twice, capacity holds, priorities hold, and
every queue entry ends in exactly one way."""

from __future__ import annotations

import itertools
from collections import defaultdict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tamas.acd import (
    Acd,
    AcdListener,
    Agent,
    AgentState,
    Contact,
    ContactState,
    EventRecorder,
    QueueConfig,
    SkillNeed,
    Strategy,
)
from tamas.events import Channel, Event, EventType
from tamas.sim.calendar import Calendar
from tests.acd.conftest import START

SKILLS = ["a", "b", "c"]
FINAL = {EventType.CONTACT_ANSWERED, EventType.CONTACT_ABANDONED, EventType.CONTACT_EXITED}
DONE = {EventType.CONTACT_ENDED, EventType.CONTACT_TRANSFERRED}


def qualifies(agent: Agent, contact: Contact, config: QueueConfig) -> bool:
    needs = list(config.skills)
    for rule in config.overflow[: contact.step]:
        needs.extend(rule.skills)
    return any(agent.skills.get(need.skill, 0) >= need.min_level for need in needs)


class PriorityCheck(AcdListener):
    """At every offer, no waiting contact of the channel the agent qualifies for ranks ahead."""

    def __init__(self) -> None:
        self.acd: Acd
        self.offers = 0

    def offered(self, contact: Contact, agent: Agent) -> None:
        self.offers += 1
        rank = (-contact.priority, contact.credited_since, contact.seq)
        for waiting in self.acd.contacts():
            config = self.acd.queue(waiting.queue)
            if (
                waiting.state is ContactState.WAITING
                and waiting.channel is contact.channel
                and qualifies(agent, waiting, config)
            ):
                assert (-waiting.priority, waiting.credited_since, waiting.seq) > rank


queues = st.builds(
    QueueConfig,
    name=st.sampled_from(SKILLS),
    skills=st.lists(
        st.builds(SkillNeed, st.sampled_from(SKILLS), st.integers(1, 6)), min_size=1, max_size=2
    ).map(tuple),
    priority=st.integers(0, 2),
    strategy=st.sampled_from(Strategy),
    channel=st.sampled_from([Channel.VOICE, Channel.CHAT]),
    wrap_up_s=st.sampled_from([0.0, 5.0]),
    auto_answer=st.booleans(),
    ring_timeout_s=st.sampled_from([None, 8.0]),
    max_length=st.sampled_from([None, 2]),
    full_destination=st.sampled_from([None, "callback"]),
    max_wait_s=st.sampled_from([None, 15.0]),
    max_wait_destination=st.sampled_from([None, "callback"]),
)


def check_invariants(acd: Acd) -> None:
    free_agents = []
    for agent in acd.agents():
        channels = {task.contact.channel for task in agent.tasks.values()}
        assert len(channels) <= 1
        for channel in channels:
            assert len(agent.tasks) <= agent.capacity.get(channel, 0)
        if agent.presence is AgentState.LOGGED_OUT:
            assert not agent.tasks
        if agent.leaving:
            assert agent.tasks and agent.presence is AgentState.PAUSED
        if not agent.tasks:
            assert agent.state is agent.presence
        for contact_id, task in agent.tasks.items():
            contact = acd.contact(contact_id)
            if task.phase is AgentState.RESERVED:
                assert contact is not None and agent.name in contact.ringing
            elif task.phase is AgentState.BUSY:
                assert contact is not None and contact.agent == agent.name
            else:
                assert task.phase is AgentState.WRAP_UP
        free_agents.append(agent)
    for contact in acd.contacts():
        if contact.state is ContactState.WAITING:
            config = acd.queue(contact.queue)
            for agent in free_agents:
                if agent.free_slots(contact.channel) > 0:
                    assert not qualifies(agent, contact, config), "a free agent qualifies"


def check_entries(events: list[Event], acd: Acd) -> None:
    """Each queue entry: queued, offers, then at most one of answered/abandoned/exited;
    after a transfer straight to an agent, the same for that agent's leg."""
    by_contact: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        if event.contact_id is not None:
            by_contact[event.contact_id].append(event)
    for contact_id, history in by_contact.items():
        entries: list[list[Event]] = []
        for event in history:
            if event.type is EventType.CONTACT_QUEUED or (
                entries and entries[-1][-1].type is EventType.CONTACT_TRANSFERRED
            ):
                entries.append([])
            entries[-1].append(event)
        for n, entry in enumerate(entries):
            finals = [e for e in entry if e.type in FINAL]
            assert len(finals) <= 1
            last = n == len(entries) - 1
            current = acd.contact(contact_id)
            if not finals and last:
                assert current is not None
                assert current.state in {ContactState.WAITING, ContactState.OFFERED}
            elif not finals:  # a direct transfer nobody answered: back into the queue
                assert entry[0].type is EventType.CONTACT_OFFERED
                assert entry[-1].type is EventType.CONTACT_RING_NO_ANSWER
            if any(e.type in DONE for e in entry):
                assert finals[0].type is EventType.CONTACT_ANSWERED
            if finals and finals[0].type is EventType.CONTACT_ANSWERED and last:
                ended = any(e.type in DONE for e in entry)
                assert ended == (current is None)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_router_keeps_its_promises(data: st.DataObject) -> None:
    calendar = Calendar(START)
    recorder = EventRecorder()
    listener = PriorityCheck()
    acd = listener.acd = Acd(calendar, recorder, listener, max_missed_offers=2)
    configs = data.draw(st.lists(queues, min_size=1, max_size=3, unique_by=lambda q: q.name))
    for config in configs:
        acd.add_queue(config)
    acd.login("supervisor", {"escalations": 9}, {Channel.VOICE: 1, Channel.CHAT: 2})
    names = [f"agent{n}" for n in range(data.draw(st.integers(1, 4)))]
    skill_sets = st.dictionaries(st.sampled_from(SKILLS), st.integers(1, 10), min_size=1)
    capacities = st.sampled_from(
        [{Channel.VOICE: 1}, {Channel.CHAT: 3}, {Channel.VOICE: 1, Channel.CHAT: 2}]
    )
    ids = itertools.count()
    for _ in range(data.draw(st.integers(5, 40))):
        live = acd.contacts()
        ringing = [(c.contact_id, a) for c in live for a in c.ringing]
        answered = [c.contact_id for c in live if c.state is ContactState.ANSWERED]
        hangable = [
            c.contact_id for c in live if c.state in {ContactState.WAITING, ContactState.OFFERED}
        ]
        waiting = [c.contact_id for c in live if c.state is ContactState.WAITING]
        agents = {a.name: a for a in acd.agents()}
        action = data.draw(
            st.sampled_from(
                [
                    "arrive",
                    "arrive",
                    "wait",
                    "answer",
                    "miss",
                    "hang_up",
                    "end",
                    "agent",
                    "callback",
                    "transfer",
                ]
            )
        )
        if action == "arrive":
            acd.enqueue(
                f"c{next(ids)}",
                data.draw(st.sampled_from([q.name for q in configs])),
                priority=data.draw(st.integers(0, 3)),
                head_start_s=data.draw(st.sampled_from([0.0, 30.0])),
            )
        elif action == "wait":
            calendar.run(calendar.now() + data.draw(st.sampled_from([1.0, 6.0, 20.0])))
        elif action == "answer" and ringing:
            acd.answer(*data.draw(st.sampled_from(ringing)))
        elif action == "miss" and ringing:
            acd.ring_no_answer(*data.draw(st.sampled_from(ringing)))
        elif action == "hang_up" and hangable:
            acd.abandon(data.draw(st.sampled_from(hangable)))
        elif action == "transfer" and answered:
            contact_id = data.draw(st.sampled_from(answered))
            free = [
                a.name
                for a in agents.values()
                if a.name != acd.contact(contact_id).agent
                and a.free_slots(acd.contact(contact_id).channel) > 0
            ]
            if free and data.draw(st.booleans()):
                acd.transfer(contact_id, agent=data.draw(st.sampled_from(free)), notes="n")
            else:
                acd.transfer(
                    contact_id, queue=data.draw(st.sampled_from([q.name for q in configs]))
                )
        elif action == "callback" and waiting:
            acd.request_callback(data.draw(st.sampled_from(waiting)))
        elif action == "end" and answered:
            acd.end(data.draw(st.sampled_from(answered)))
        elif action == "agent":
            name = data.draw(st.sampled_from(names))
            agent = agents.get(name)
            if agent is None or agent.presence is AgentState.LOGGED_OUT:
                acd.login(name, data.draw(skill_sets), data.draw(capacities))
            elif agent.presence is AgentState.PAUSED:
                acd.unpause(name)
            elif agent.tasks and data.draw(st.booleans()):
                acd.logout(name, when_free=True)
            elif agent.tasks or data.draw(st.booleans()):
                acd.pause(name, "break")
            else:
                acd.logout(name)
        check_invariants(acd)
    check_entries(recorder.events, acd)
    assert len({e.event_id for e in recorder.events}) == len(recorder.events)
