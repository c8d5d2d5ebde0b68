"""The router: places each contact with the best free agent, and each free agent with the
most deserving waiting contact, and writes down every decision as an event.

It is pure: no I/O, no threads, no wall clock. Time and timers come from an injected
`Clock`, so the live service (asyncio) and the simulator (a virtual calendar) run exactly
this code. Drivers tell it what happened (a contact arrived, an agent answered, a call
ended) and hear back through an `AcdListener`; they must not call the router from inside a
listener callback but schedule the call instead.

The router is work-conserving: after every operation no free agent qualifies for any
waiting contact. Contacts wait in one sorted list per queue and overflow step, ordered by
priority and credited age, so an agent in several queues takes the highest-priority, then
oldest, contact across them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from sortedcontainers import SortedList

from tamas.acd.index import ReadyAgents
from tamas.acd.model import (
    MAX_LEVEL,
    MIN_LEVEL,
    Agent,
    Contact,
    Overflow,
    QueueConfig,
    SkillNeed,
    Strategy,
    Task,
)
from tamas.acd.recording import Recorder
from tamas.acd.states import (
    AgentState,
    ContactState,
    IllegalTransitionError,
    check_contact,
    check_presence,
    check_task,
)
from tamas.events import Channel, EventType


class Clock(Protocol):
    """Time as seconds since the Unix epoch (UTC), and a way to be called back later."""

    def now(self) -> float: ...

    def call_at(self, when: float, action: Callable[..., object], *args: object) -> None: ...


class AcdListener:
    """What a driver hears from the router. The default hears nothing."""

    def offered(self, contact: Contact, agent: Agent) -> None:
        """`agent` started ringing for `contact` (unless its queue answers automatically)."""

    def answered(self, contact: Contact, agent: Agent) -> None:
        """`agent` is now talking with `contact`; the driver later calls `Acd.end`."""

    def callback_offer(self, contact: Contact) -> None:
        """`contact` has waited its queue's `callback_after_s`: the driver may offer the
        caller a callback and, if taken, call `Acd.request_callback`."""


_AGENT_EVENTS: dict[AgentState, EventType] = {
    AgentState.READY: EventType.AGENT_READY,
    AgentState.BUSY: EventType.AGENT_BUSY,
    AgentState.WRAP_UP: EventType.AGENT_WRAP_UP,
    AgentState.PAUSED: EventType.AGENT_PAUSED,
    AgentState.LOGGED_OUT: EventType.AGENT_LOGGED_OUT,
}
"""The event an agent's visible state writes; RESERVED writes `contact.offered` instead."""

LOGGING_OUT = "logging_out"
"""The pause reason of an agent waiting to log out until its contacts are done."""

CALLBACK = "callback"
"""The destination (and exit target) that turns an entry into a callback in its place."""

Entry = tuple[int, float, int, Contact]
"""A waiting contact as its queue list holds it: its order key, then itself."""


class _Queue:
    """A queue's settings and its waiting contacts, one sorted list per overflow step."""

    __slots__ = ("config", "last_order", "move", "staffed", "steps", "waiting", "widen_at")

    def __init__(self, config: QueueConfig) -> None:
        self.config = config
        needs = list(config.skills)
        self.steps: list[tuple[SkillNeed, ...]] = [tuple(needs)]
        self.widen_at: list[float] = []
        self.move: Overflow | None = None
        for rule in config.overflow:
            if rule.queue is not None:
                self.move = rule
                break
            needs.extend(rule.skills)
            self.steps.append(tuple(needs))
            self.widen_at.append(rule.after_s)
        self.waiting: list[SortedList] = [SortedList() for _ in self.steps]
        self.last_order = -1
        self.staffed = 0
        """Logged-in agents (ready, busy or paused) who may serve it at its widest step."""

    def may_serve(self, agent: Agent) -> bool:
        return self.config.channel in agent.capacity and any(
            agent.skills.get(need.skill, 0) >= need.min_level for need in self.steps[-1]
        )

    def count(self) -> int:
        return sum(len(step) for step in self.waiting)

    def position(self, entry: Entry) -> int:
        """1-based place `entry` has (or would have) among the queue's waiting contacts."""
        if len(self.waiting) == 1:
            waiting = self.waiting[0]
            return 1 + waiting.bisect_left(entry) if waiting else 1
        return 1 + sum(step.bisect_left(entry) for step in self.waiting)


class Acd:
    """The automatic contact distributor."""

    def __init__(
        self,
        clock: Clock,
        recorder: Recorder,
        listener: AcdListener | None = None,
        *,
        max_missed_offers: int = 3,
        missed_pause_reason: str = "ring_no_answer",
    ) -> None:
        self._clock = clock
        self._now = clock.now
        self._record = recorder.record
        self._listener = listener or AcdListener()
        self._max_missed = max_missed_offers
        self._missed_reason = missed_pause_reason
        self._queues: dict[str, _Queue] = {}
        self._agents: dict[str, Agent] = {}
        self._served: dict[str, dict[Channel, list[SortedList]]] = {}
        self._contacts: dict[str, Contact] = {}
        self._ready = ReadyAgents()
        self._seq = 0
        self._logins = 0

    # ---- views -------------------------------------------------------------------------

    def agent(self, name: str) -> Agent:
        return self._agents[name]

    def agents(self) -> list[Agent]:
        return list(self._agents.values())

    def contact(self, contact_id: str) -> Contact | None:
        """The contact's current queue entry, or None when it has none."""
        return self._contacts.get(contact_id)

    def contacts(self) -> list[Contact]:
        return list(self._contacts.values())

    def queue(self, name: str) -> QueueConfig:
        return self._queues[name].config

    def waiting(self, queue: str) -> list[Contact]:
        """The queue's waiting contacts in the order they will be served."""
        return [entry[3] for entry in sorted(e for s in self._queues[queue].waiting for e in s)]

    # ---- configuration -----------------------------------------------------------------

    def add_queue(self, config: QueueConfig) -> None:
        if config.name in self._queues:
            raise ValueError(f"queue {config.name} exists already")
        queue = _Queue(config)
        self._queues[config.name] = queue
        logged_in = [a for a in self._agents.values() if a.presence is not AgentState.LOGGED_OUT]
        for needs in queue.steps:
            self._ready.require(config.channel, needs, config.strategy, logged_in)
        for agent in logged_in:
            self._served[agent.name] = self._lists_served_by(agent)
        queue.staffed = sum(queue.may_serve(agent) for agent in logged_in)

    def _lists_served_by(self, agent: Agent) -> dict[Channel, list[SortedList]]:
        served: dict[Channel, list[SortedList]] = {channel: [] for channel in agent.capacity}
        for queue in self._queues.values():
            lists = served.get(queue.config.channel)
            if lists is None:
                continue
            for needs, waiting in zip(queue.steps, queue.waiting, strict=True):
                if any(agent.skills.get(n.skill, 0) >= n.min_level for n in needs):
                    lists.append(waiting)
        return served

    # ---- agents ------------------------------------------------------------------------

    def login(
        self,
        name: str,
        skills: Mapping[str, int],
        capacity: Mapping[Channel, int] | None = None,
        pause_reason: str | None = None,
    ) -> Agent:
        """Log an agent in, ready (or paused with `pause_reason`), with skill levels 1-10."""
        for skill, level in skills.items():
            if not MIN_LEVEL <= level <= MAX_LEVEL:
                raise ValueError(f"agent {name}, skill {skill}: level must be 1..10")
        old = self._agents.get(name)
        if old is not None and old.presence is not AgentState.LOGGED_OUT:
            raise IllegalTransitionError(f"agent {name}: already logged in")
        presence = AgentState.READY if pause_reason is None else AgentState.PAUSED
        check_presence(AgentState.LOGGED_OUT, presence, name)
        now = self._now()
        self._logins += 1
        agent = Agent(
            name=name,
            skills=dict(skills),
            capacity=dict(capacity) if capacity else {Channel.VOICE: 1},
            order=self._logins,
            presence=presence,
            pause_reason=pause_reason,
            idle_since=now,
            n_events=old.n_events if old is not None else 0,
        )
        self._agents[name] = agent
        self._agent_event(agent, EventType.AGENT_LOGGED_IN, now)
        self._served[name] = self._lists_served_by(agent)
        for queue in self._queues.values():
            queue.staffed += queue.may_serve(agent)
        self._ready.enrol(agent)
        self._settle(agent, now)
        self._route_agent(agent)
        return agent

    def logout(self, name: str, *, when_free: bool = False) -> None:
        """Log the agent out. With contacts in hand that is refused, unless `when_free`:
        then the agent is paused (reason `logging_out`, unless paused already) and logged
        out when its last contact is done, as at the end of a shift."""
        agent = self._agents[name]
        if agent.tasks:
            if not when_free:
                raise IllegalTransitionError(f"agent {name}: cannot log out with contacts in hand")
            if agent.presence is AgentState.READY:
                self.pause(name, LOGGING_OUT)
            agent.leaving = True
            return
        check_presence(agent.presence, AgentState.LOGGED_OUT, name)
        agent.leaving = False
        agent.presence = AgentState.LOGGED_OUT
        self._settle(agent, self._now())
        self._ready.withdraw(agent)
        del self._served[name]
        for queue in self._queues.values():
            if queue.may_serve(agent):
                queue.staffed -= 1
                if queue.staffed == 0 and queue.config.exit_when_empty:
                    self._empty(queue)

    def _empty(self, queue: _Queue) -> None:
        """The queue's last agent logged out: its waiting callers leave (reason `empty`);
        callbacks stay, nobody being on the line."""
        for entry in sorted(e for step in queue.waiting for e in step):
            contact = entry[3]
            if contact.callback_of is None:
                self._leave(queue, contact, "empty", queue.config.empty_destination)

    def pause(self, name: str, reason: str) -> None:
        """Stop offering contacts to the agent; contacts in hand go on until they end. A
        paused agent may give another reason: a new `agent.paused` when it shows."""
        agent = self._agents[name]
        if agent.presence is AgentState.PAUSED and agent.pause_reason != reason:
            agent.pause_reason = reason
            if agent.shown is AgentState.PAUSED:
                now = agent.shown_since = self._now()
                self._agent_event(agent, EventType.AGENT_PAUSED, now, reason)
            return
        check_presence(agent.presence, AgentState.PAUSED, name)
        agent.presence = AgentState.PAUSED
        agent.pause_reason = reason
        self._settle(agent, self._now())

    def unpause(self, name: str) -> None:
        """The agent takes contacts again (and no longer logs out when free)."""
        agent = self._agents[name]
        check_presence(agent.presence, AgentState.READY, name)
        agent.presence = AgentState.READY
        agent.leaving = False
        agent.pause_reason = None
        agent.missed = 0
        now = agent.idle_since = self._now()
        self._settle(agent, now)
        self._route_agent(agent)

    # ---- contacts ----------------------------------------------------------------------

    def enqueue(
        self,
        contact_id: str,
        queue: str,
        *,
        priority: int = 0,
        head_start_s: float = 0.0,
        caller: str | None = None,
        context: Mapping[str, Any] | None = None,
    ) -> Contact:
        """A contact enters `queue`; `head_start_s` credits it with that much waiting."""
        if contact_id in self._contacts:
            raise IllegalTransitionError(f"contact {contact_id}: already in queue")
        if queue not in self._queues:
            raise ValueError(f"unknown queue {queue}")
        if head_start_s < 0:
            raise ValueError(f"contact {contact_id}: head_start_s must be >= 0")
        now = self._now()
        return self._enter(
            contact_id,
            self._queues[queue],
            own_priority=priority,
            credited_since=now - head_start_s,
            caller=caller,
            context=context or {},
        )

    def _enter(
        self,
        contact_id: str,
        queue: _Queue,
        *,
        own_priority: int,
        credited_since: float,
        caller: str | None,
        context: Mapping[str, Any],
        n_events: int = 0,
        callback_of: Contact | None = None,
    ) -> Contact:
        """Start a queue entry; a callback entry (`callback_of` the caller's entry) goes
        past a full queue and has no move or maximum wait, as nobody is on the line."""
        config = queue.config
        now = self._now()
        self._seq += 1
        contact = Contact(
            contact_id=contact_id,
            queue=config.name,
            channel=config.channel,
            priority=config.priority + own_priority,
            queued_at=now,
            credited_since=credited_since,
            seq=self._seq if callback_of is None else callback_of.seq,
            caller=caller,
            context=context,
        )
        self._contacts[contact_id] = contact
        contact.n_events = n_events
        attrs = None
        if callback_of is not None:
            contact.callback_of = callback_of.contact_id
            contact.step = callback_of.step
            attrs = {"callback_of": callback_of.contact_id}
        position = queue.position(_entry(contact))
        contact.original_position = position
        self._contact_event(
            EventType.CONTACT_QUEUED, contact, now, caller=caller, position=position, attrs=attrs
        )
        if callback_of is None and config.hours is not None and not config.hours.is_open(now):
            self._exit(queue, contact, "closed", config.closed_destination, position)
            return contact
        if callback_of is None and config.exit_when_empty and queue.staffed == 0:
            self._exit(queue, contact, "empty", config.empty_destination, position)
            return contact
        agents = self._free_agents_for(queue, contact)
        if agents:
            self._offer(queue, contact, agents)
        elif (
            config.max_length is not None
            and callback_of is None
            and queue.count() >= config.max_length
        ):
            self._exit(queue, contact, "full", config.full_destination, position)
            return contact
        else:
            queue.waiting[contact.step].add(_entry(contact))
        if contact.state is not ContactState.ANSWERED:
            if callback_of is None:
                self._set_timers(queue, contact)
            else:
                self._set_widen_timers(queue, contact, callback_of.queued_at)
        return contact

    def request_callback(
        self, contact_id: str, *, callback_id: str | None = None, key: str | None = None
    ) -> Contact:
        """The waiting caller asked to be called back (after the queue's offer, or with
        `key`) and hung up. The entry exits with reason `callback`, and a callback entry
        `callback_id` (default `<contact_id>-callback`) takes its place in the queue: same
        priority, same credited age and rank, same overflow step. An agent gets it when its turn
        comes, like any contact; the caller's customer context goes with it."""
        contact = self._contacts[contact_id]
        if contact.state is not ContactState.WAITING:
            raise IllegalTransitionError(f"contact {contact_id}: only a waiting caller can")
        queue = self._queues[contact.queue]
        position = self._dequeue(queue, contact)
        return self._call_back(queue, contact, "callback", position, callback_id, key)

    def _call_back(
        self,
        queue: _Queue,
        contact: Contact,
        reason: str,
        position: int,
        callback_id: str | None = None,
        key: str | None = None,
    ) -> Contact:
        """End the entry with target `callback` and queue its callback in its place."""
        callback_id = callback_id or f"{contact.contact_id}-callback"
        if callback_id in self._contacts:
            raise IllegalTransitionError(f"contact {callback_id}: already in queue")
        check_contact(contact.state, ContactState.EXITED, contact.contact_id)
        contact.state = ContactState.EXITED
        attrs: dict[str, str] = {"callback_id": callback_id}
        if key is not None:
            attrs["key"] = key
        self._unanswered(
            EventType.CONTACT_EXITED,
            contact,
            position,
            reason=reason,
            target=CALLBACK,
            attrs=attrs,
        )
        return self._enter(
            callback_id,
            queue,
            own_priority=contact.priority - queue.config.priority,
            credited_since=contact.credited_since,
            caller=contact.caller,
            context=contact.context,
            callback_of=contact,
        )

    def answer(self, contact_id: str, agent: str) -> None:
        """The agent picked up the contact offered to it."""
        contact = self._contacts[contact_id]
        found = self._agents[agent]
        task = found.tasks.get(contact_id)
        if task is None:
            raise IllegalTransitionError(f"contact {contact_id}: not offered to agent {agent}")
        check_task(task.phase, AgentState.BUSY, agent, contact_id)
        self._answer(contact, found, task)

    def ring_no_answer(self, contact_id: str, agent: str) -> None:
        """The offer to `agent` timed out or was refused; the contact keeps its place."""
        contact = self._contacts[contact_id]
        found = self._agents[agent]
        task = found.tasks.get(contact_id)
        if task is None or task.phase is not AgentState.RESERVED:
            raise IllegalTransitionError(f"contact {contact_id}: not ringing at agent {agent}")
        now = self._now()
        self._contact_event(
            EventType.CONTACT_RING_NO_ANSWER, contact, now, agent, ring_s=now - contact.offered_at
        )
        del found.tasks[contact_id]
        contact.ringing.remove(agent)
        found.missed += 1
        found.idle_since = now
        if found.missed >= self._max_missed and found.presence is AgentState.READY:
            found.presence = AgentState.PAUSED
            found.pause_reason = self._missed_reason
        # The contact's fate comes first (its place again, or an exit whose callback or
        # next queue is routed at once), then the agent is freed and takes the best-ranked
        # contact waiting: freed first, it would go to whichever entry is routed first.
        queue = self._queues[contact.queue]
        back = False
        if not contact.ringing:
            check_contact(contact.state, ContactState.WAITING, contact_id)
            contact.state = ContactState.WAITING
            if contact.direct_from is not None:
                del self._contacts[contact_id]
                self._enter(
                    contact_id,
                    queue,
                    own_priority=contact.priority - queue.config.priority,
                    credited_since=now,
                    caller=contact.caller,
                    context=contact.context,
                    n_events=contact.n_events,
                )
            elif not self._overdue(queue, contact):
                queue.waiting[contact.step].add(_entry(contact))
                back = True
        self._settle(found, now)
        self._route_agent(found)
        if back and contact.state is ContactState.WAITING:
            self._route_waiting(queue, contact)

    def abandon(self, contact_id: str) -> None:
        """The caller hung up while waiting or ringing."""
        contact = self._contacts[contact_id]
        queue = self._queues[contact.queue]
        check_contact(contact.state, ContactState.ABANDONED, contact_id)
        position = 1
        freed = []
        if contact.state is ContactState.WAITING:
            position = self._dequeue(queue, contact)
        else:
            freed = self._cancel_ringing(contact, keep=None)
        contact.state = ContactState.ABANDONED
        self._unanswered(EventType.CONTACT_ABANDONED, contact, position)
        for agent in freed:
            self._route_agent(agent)

    def end(self, contact_id: str, reason: str = "agent") -> None:
        """The answered contact ended (`reason`: who hung up); the agent goes to wrap-up."""
        contact = self._contacts[contact_id]
        check_contact(contact.state, ContactState.ENDED, contact_id)
        self._finish_talk(contact, EventType.CONTACT_ENDED, reason=reason)

    def hold(self, contact_id: str) -> None:
        """The agent put the answered contact on hold (it stays in the agent's hands)."""
        self._set_held(contact_id, held=True)

    def unhold(self, contact_id: str) -> None:
        """The agent took the contact off hold."""
        self._set_held(contact_id, held=False)

    def _set_held(self, contact_id: str, *, held: bool) -> None:
        contact = self._contacts[contact_id]
        if contact.state is not ContactState.ANSWERED or contact.held is held:
            wanted = "an answered contact not on hold" if held else "a contact on hold"
            raise IllegalTransitionError(f"contact {contact_id}: only {wanted}")
        contact.held = held
        type = EventType.CONTACT_HELD if held else EventType.CONTACT_UNHELD
        self._contact_event(type, contact, self._now(), contact.agent)

    def transfer(
        self,
        contact_id: str,
        *,
        queue: str | None = None,
        agent: str | None = None,
        escalation: bool = False,
        notes: str | None = None,
        context: Mapping[str, Any] | None = None,
    ) -> Contact:
        """The answering agent passes the contact on, with its context, and goes to wrap-up.

        To a `queue`: a new entry there, ordered from now. To an `agent` (who must be free
        for the contact's channel): it rings there at once, outside any queue; if that agent
        does not answer, it enters its former queue again. An `escalation` (to a supervisor,
        or to a queue of supervisors) is a transfer with reason `escalation`. `context` is
        merged into the contact's context and `notes` added to its list `notes`; the
        receiving agent finds them in `Contact.context`.
        """
        contact = self._contacts[contact_id]
        if (queue is None) == (agent is None):
            raise ValueError(f"contact {contact_id}: transfer to a queue or to an agent")
        if contact.state is not ContactState.ANSWERED:
            raise IllegalTransitionError(f"contact {contact_id}: only an answered contact")
        if queue is not None and queue not in self._queues:
            raise ValueError(f"unknown queue {queue}")
        target = None if agent is None else self._agents.get(agent)
        if agent is not None and (
            target is None or agent == contact.agent or target.free_slots(contact.channel) <= 0
        ):
            raise IllegalTransitionError(f"agent {agent}: not free to take contact {contact_id}")
        carried = {**contact.context, **(context or {})}
        if notes is not None:
            carried["notes"] = [*carried.get("notes", ()), notes]
        check_contact(contact.state, ContactState.ENDED, contact_id)
        self._finish_talk(
            contact,
            EventType.CONTACT_TRANSFERRED,
            reason="escalation" if escalation else "blind",
            target=queue or agent,
            attrs={"to": "queue" if queue else "agent", "context": carried},
        )
        home = self._queues[contact.queue]
        own_priority = contact.priority - home.config.priority
        if queue is not None:
            return self._enter(
                contact_id,
                self._queues[queue],
                own_priority=own_priority,
                credited_since=self._now(),
                caller=contact.caller,
                context=carried,
                n_events=contact.n_events,
            )
        assert target is not None
        self._seq += 1
        now = self._now()
        direct = Contact(
            contact_id=contact_id,
            queue=contact.queue,
            channel=contact.channel,
            priority=contact.priority,
            queued_at=now,
            credited_since=now,
            seq=self._seq,
            caller=contact.caller,
            context=carried,
            n_events=contact.n_events,
            direct_from=contact.agent,
        )
        self._contacts[contact_id] = direct
        self._offer(home, direct, [target])
        return direct

    def _finish_talk(
        self,
        contact: Contact,
        type: EventType,
        reason: str,
        target: str | None = None,
        attrs: Mapping[str, Any] | None = None,
    ) -> None:
        """Write how the talk ended, forget the contact and send its agent to wrap-up."""
        assert contact.agent is not None
        agent = self._agents[contact.agent]
        task = agent.tasks[contact.contact_id]
        now = self._now()
        talk_s = now - contact.answered_at
        contact.state = ContactState.ENDED
        self._contact_event(
            type,
            contact,
            now,
            agent.name,
            wait_s=contact.answered_at - contact.queued_at,
            talk_s=talk_s,
            original_position=contact.original_position,
            reason=reason,
            target=target,
            attrs=attrs,
        )
        del self._contacts[contact.contact_id]
        agent.busy_s += talk_s
        wrap_up_s = self._queues[contact.queue].config.wrap_up_s
        if wrap_up_s > 0:
            check_task(task.phase, AgentState.WRAP_UP, agent.name, contact.contact_id)
            task.phase = AgentState.WRAP_UP
            task.since = now
            self._settle(agent, now)
            self._clock.call_at(now + wrap_up_s, self._wrap_up_over, agent, task)
        else:
            self._release(agent, task)

    def finish_wrap_up(self, agent: str, contact_id: str, disposition: str | None = None) -> None:
        """The agent finished the after-contact work of `contact_id` (before its time ran out)."""
        found = self._agents[agent]
        task = found.tasks.get(contact_id)
        if task is None or task.phase is not AgentState.WRAP_UP:
            raise IllegalTransitionError(f"agent {agent}: no wrap-up of contact {contact_id}")
        self._finish_wrap_up(found, task, disposition)

    # ---- decisions ---------------------------------------------------------------------

    def _free_agents_for(self, queue: _Queue, contact: Contact) -> list[Agent]:
        config = queue.config
        needs = queue.steps[contact.step]
        if config.strategy is Strategy.RING_ALL:
            return self._ready.every(config.channel, needs)
        best = self._ready.best(config.channel, needs, config.strategy, queue.last_order)
        return [] if best is None else [best]

    def _offer(self, queue: _Queue, contact: Contact, agents: list[Agent]) -> None:
        check_contact(contact.state, ContactState.OFFERED, contact.contact_id)
        now = self._now()
        contact.state = ContactState.OFFERED
        contact.offered_at = now
        contact.ringing = [agent.name for agent in agents]
        contact.offers += 1
        queue.last_order = agents[0].order
        for agent in agents:
            agent.tasks[contact.contact_id] = Task(contact, AgentState.RESERVED, now)
            self._contact_event(
                EventType.CONTACT_OFFERED, contact, now, agent.name, wait_s=now - contact.queued_at
            )
            self._settle(agent, now)
        for agent in agents:
            self._listener.offered(contact, agent)
        config = queue.config
        if config.auto_answer:
            first = agents[0]
            self._answer(contact, first, first.tasks[contact.contact_id])
        elif config.ring_timeout_s is not None:
            self._clock.call_at(
                now + config.ring_timeout_s, self._ring_timed_out, contact, contact.offers
            )

    def _answer(self, contact: Contact, agent: Agent, task: Task) -> None:
        check_contact(contact.state, ContactState.ANSWERED, contact.contact_id)
        now = self._now()
        freed = self._cancel_ringing(contact, keep=agent)
        task.phase = AgentState.BUSY
        task.since = now
        agent.missed = 0
        contact.state = ContactState.ANSWERED
        contact.agent = agent.name
        contact.answered_at = now
        contact.ringing = []
        self._contact_event(
            EventType.CONTACT_ANSWERED,
            contact,
            now,
            agent.name,
            wait_s=now - contact.queued_at,
            ring_s=now - contact.offered_at,
        )
        self._settle(agent, now, reindex=False)
        self._listener.answered(contact, agent)
        for other in freed:
            self._route_agent(other)

    def _cancel_ringing(self, contact: Contact, keep: Agent | None) -> list[Agent]:
        """Withdraw the offer from every ringing agent but `keep`; returns those freed."""
        now = self._now()
        freed = []
        for name in contact.ringing:
            if keep is not None and name == keep.name:
                continue
            agent = self._agents[name]
            self._contact_event(
                EventType.CONTACT_RING_CANCELED, contact, now, name, ring_s=now - contact.offered_at
            )
            del agent.tasks[contact.contact_id]
            agent.idle_since = now
            self._settle(agent, now)
            freed.append(agent)
        return freed

    def _ring_timed_out(self, contact: Contact, offers: int) -> None:
        if contact.offers == offers and contact.state is ContactState.OFFERED:
            for name in list(contact.ringing):
                self.ring_no_answer(contact.contact_id, name)

    def _set_timers(self, queue: _Queue, contact: Contact) -> None:
        """Set the timers of a new entry's overflow rules, maximum wait and callback offer."""
        config = queue.config
        call_at = self._clock.call_at
        start = contact.queued_at
        self._set_widen_timers(queue, contact, start)
        if queue.move is not None:
            call_at(start + queue.move.after_s, self._overflow, contact, contact.seq)
        if config.max_wait_s is not None:
            call_at(start + config.max_wait_s, self._max_wait, contact, contact.seq)
        if config.callback_after_s is not None:
            call_at(start + config.callback_after_s, self._offer_callback, contact, contact.seq)

    def _set_widen_timers(self, queue: _Queue, contact: Contact, since: float) -> None:
        """Timers of the skill-widening rules not applied yet, counted from `since`."""
        now = self._now()
        for step, after_s in enumerate(queue.widen_at, start=1):
            if step > contact.step:
                self._clock.call_at(
                    max(now, since + after_s), self._widen, contact, contact.seq, step
                )

    def _offer_callback(self, contact: Contact, seq: int) -> None:
        if contact.seq == seq and contact.state is ContactState.WAITING:
            self._listener.callback_offer(contact)

    def _route_waiting(self, queue: _Queue, contact: Contact) -> None:
        """Offer a contact in its queue's list to a free agent, if one qualifies.

        Only for a contact that just became eligible for more agents: any free agent that
        qualifies for it qualifies for no other waiting contact (work conservation).
        """
        agents = self._free_agents_for(queue, contact)
        if agents:
            queue.waiting[contact.step].remove(_entry(contact))
            self._offer(queue, contact, agents)

    def _widen(self, contact: Contact, seq: int, step: int) -> None:
        if contact.seq != seq or contact.step >= step:
            return
        if contact.state is ContactState.WAITING:
            queue = self._queues[contact.queue]
            queue.waiting[contact.step].remove(_entry(contact))
            contact.step = step
            queue.waiting[step].add(_entry(contact))
            self._route_waiting(queue, contact)
        elif contact.state is ContactState.OFFERED:
            contact.step = step

    def _overflow(self, contact: Contact, seq: int) -> None:
        if contact.seq == seq and contact.state is ContactState.WAITING:
            queue = self._queues[contact.queue]
            assert queue.move is not None
            self._leave(queue, contact, "timeout", queue.move.queue)

    def _max_wait(self, contact: Contact, seq: int) -> None:
        if contact.seq == seq and contact.state is ContactState.WAITING:
            queue = self._queues[contact.queue]
            self._leave(queue, contact, "timeout", queue.config.max_wait_destination)

    def _overdue(self, queue: _Queue, contact: Contact) -> bool:
        """Apply a move or maximum wait that fell due while the contact was ringing."""
        if contact.callback_of is not None:
            return False
        waited = self._now() - contact.queued_at
        config = queue.config
        if queue.move is not None and waited >= queue.move.after_s:
            destination = queue.move.queue
        elif config.max_wait_s is not None and waited >= config.max_wait_s:
            destination = config.max_wait_destination
        else:
            return False
        self._exit(queue, contact, "timeout", destination, 1)
        return True

    def _leave(self, queue: _Queue, contact: Contact, reason: str, target: str | None) -> None:
        self._exit(queue, contact, reason, target, self._dequeue(queue, contact))

    @staticmethod
    def _dequeue(queue: _Queue, contact: Contact) -> int:
        """Take a waiting contact out of its queue; returns the position it had."""
        entry = _entry(contact)
        position = queue.position(entry)
        queue.waiting[contact.step].remove(entry)
        return position

    def _unanswered(
        self,
        type: EventType,
        contact: Contact,
        position: int,
        reason: str | None = None,
        target: str | None = None,
        attrs: Mapping[str, Any] | None = None,
    ) -> None:
        """Write how an entry ended without an answer, and forget the entry."""
        now = self._now()
        self._contact_event(
            type,
            contact,
            now,
            wait_s=now - contact.queued_at,
            position=position,
            original_position=contact.original_position,
            reason=reason,
            target=target,
            attrs=attrs,
        )
        del self._contacts[contact.contact_id]

    def _exit(
        self, queue: _Queue, contact: Contact, reason: str, target: str | None, position: int
    ) -> None:
        """End the queue entry unanswered; a `target` naming a queue starts a new entry there,
        and `callback` (when no queue has that name) a callback entry in the contact's place."""
        if target == CALLBACK and target not in self._queues:
            self._call_back(queue, contact, reason, position)
            return
        check_contact(contact.state, ContactState.EXITED, contact.contact_id)
        contact.state = ContactState.EXITED
        self._unanswered(EventType.CONTACT_EXITED, contact, position, reason=reason, target=target)
        if target is not None and target in self._queues:
            self._enter(
                contact.contact_id,
                self._queues[target],
                own_priority=contact.priority - queue.config.priority,
                credited_since=contact.credited_since,
                caller=contact.caller,
                context=contact.context,
                n_events=contact.n_events,
            )

    def _wrap_up_over(self, agent: Agent, task: Task) -> None:
        if agent.tasks.get(task.contact.contact_id) is task and task.phase is AgentState.WRAP_UP:
            self._finish_wrap_up(agent, task, None)

    def _finish_wrap_up(self, agent: Agent, task: Task, disposition: str | None) -> None:
        contact = task.contact
        now = self._now()
        agent.busy_s += now - task.since
        self._contact_event(
            EventType.CONTACT_WRAP_UP_DONE, contact, now, agent.name, reason=disposition
        )
        self._release(agent, task)

    def _release(self, agent: Agent, task: Task) -> None:
        """Free the agent's slot of `task`, then find the agent its next contact."""
        check_task(task.phase, AgentState.READY, agent.name, task.contact.contact_id)
        del agent.tasks[task.contact.contact_id]
        now = agent.idle_since = self._now()
        self._settle(agent, now)
        self._route_agent(agent)

    def _route_agent(self, agent: Agent) -> None:
        """Give a free agent the most deserving waiting contacts it qualifies for."""
        if agent.leaving:
            if not agent.tasks:
                self.logout(agent.name)
            return
        served = self._served.get(agent.name)
        if not served:
            return
        for channel, lists in served.items():
            while agent.free_slots(channel) > 0:
                best: Entry | None = None
                for waiting in lists:
                    if waiting and (best is None or waiting[0] < best):
                        best = waiting[0]
                if best is None:
                    break
                contact = best[3]
                queue = self._queues[contact.queue]
                queue.waiting[contact.step].remove(best)
                agents = [agent]
                if queue.config.strategy is Strategy.RING_ALL:
                    agents = self._ready.every(channel, queue.steps[contact.step])
                self._offer(queue, contact, agents)

    # ---- events ------------------------------------------------------------------------

    def _settle(self, agent: Agent, now: float, *, reindex: bool = True) -> None:
        """Re-index the agent after a change and write its new visible state, if any.

        `reindex=False` is for changes that keep its free slots and ordering keys (an
        answer turns a reserved slot busy).
        """
        if reindex:
            agent.stamp += 1
            self._ready.update(agent)
        state = agent.state
        if state is AgentState.RESERVED or agent.shown is state:
            return
        agent.shown = state
        agent.shown_since = now
        self._agent_event(
            agent,
            _AGENT_EVENTS[state],
            now,
            agent.pause_reason if state is AgentState.PAUSED else None,
        )

    def _agent_event(
        self, agent: Agent, type: EventType, now: float, reason: str | None = None
    ) -> None:
        agent.n_events += 1
        name = agent.name
        self._record(
            (
                now,
                type,
                "agent:" + name,
                agent.n_events,
                None,
                None,
                name,
                Channel.VOICE,
                None,
                None,
                None,
                None,
                None,
                None,
                reason,
                None,
                None,
            )
        )

    def _contact_event(
        self,
        type: EventType,
        contact: Contact,
        now: float,
        agent: str | None = None,
        *,
        caller: str | None = None,
        wait_s: float | None = None,
        talk_s: float | None = None,
        ring_s: float | None = None,
        position: int | None = None,
        original_position: int | None = None,
        reason: str | None = None,
        target: str | None = None,
        attrs: Mapping[str, Any] | None = None,
    ) -> None:
        """Record a contact's event: a plain tuple in `RouterEvent`'s field order."""
        contact.n_events += 1
        contact_id = contact.contact_id
        self._record(
            (
                now,
                type,
                "contact:" + contact_id,
                contact.n_events,
                contact_id,
                contact.queue,
                agent,
                contact.channel,
                caller,
                wait_s,
                talk_s,
                ring_s,
                position,
                original_position,
                reason,
                target,
                attrs,
            )
        )


def _entry(contact: Contact) -> Entry:
    return (-contact.priority, contact.credited_since, contact.seq, contact)
