"""The live contact center of one server process: the router (`tamas.live.LiveAcd`) set
up from the center's records, and what agents ask of it.

Queues come from the `queues` table: the router serves a queue with the agents who have
a skill named like it (`QueueConfig`'s default), and holds an agent in wrap-up for the
queue's `wrap_up_s` after each contact. An agent is a user, named in the router as in
the event log (`agent_name`, else the username), with its account's skills as they are
when it logs in. Every contact action checks, on the loop and in the same step as the
action, that the contact is in the hands of the agent who asks, and the router's refusals
become errors for people: 404 for a contact not in the agent's hands, 409 for a move the
state machine does not allow now.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tamas.acd import Acd, AcdListener, Agent, AgentState, Contact, IllegalTransitionError
from tamas.acd import QueueConfig as RouterQueue
from tamas.errors import ConflictError, InputError, NotFoundError
from tamas.events import Channel, Event, EventLog
from tamas.live import EventBus, LiveAcd, Subscription
from tamas.org.models import Queue, User

P = ParamSpec("P")
T = TypeVar("T")

RING_TIMEOUT_S = 30.0
"""An offer an agent lets ring this long goes to the next agent (`contact.ring_no_answer`)."""
STATES = (AgentState.READY, AgentState.PAUSED, AgentState.LOGGED_OUT)
"""The states an agent chooses; the others (reserved, busy, wrap-up) follow its contacts."""


def agent_name(user: User) -> str:
    """How the router and the event log name the user as an agent."""
    return user.agent_name or user.username


def router_queue(queue: Queue) -> RouterQueue:
    return RouterQueue(queue.name, wrap_up_s=float(queue.wrap_up_s), ring_timeout_s=RING_TIMEOUT_S)


def moment(at: float) -> datetime:
    return datetime.fromtimestamp(at, UTC)


@dataclass(frozen=True)
class ContactInHand:
    """A contact an agent holds: ringing (`reserved`), in talk (`busy`) or in wrap-up."""

    contact_id: str
    queue: str
    caller: str | None
    channel: Channel
    phase: AgentState
    since: datetime
    held: bool
    wrap_up_until: datetime | None
    context: dict[str, Any]


@dataclass(frozen=True)
class AgentStatus:
    agent: str
    state: AgentState
    since: datetime | None
    """When the state began; None for an agent the router has not seen yet."""
    reason: str | None
    """The pause reason, while paused."""
    contacts: list[ContactInHand] = field(default_factory=list)


def _found(acd: Acd, name: str) -> Agent | None:
    try:
        return acd.agent(name)
    except KeyError:
        return None


def _in_hands(acd: Acd, name: str, contact_id: str, phases: Iterable[AgentState]) -> Contact:
    """The contact, when `name` holds it in one of `phases`; else NotFound or Conflict."""
    agent = _found(acd, name)
    task = None if agent is None else agent.tasks.get(contact_id)
    if task is None:
        raise NotFoundError(f"contact {contact_id}: not in the hands of agent {name}")
    if task.phase not in phases:
        wanted = " or ".join(phase.value for phase in phases)
        raise ConflictError(f"contact {contact_id}: is {task.phase.value}, not {wanted}")
    return task.contact


class LiveCenter:
    """The router of this process and the agents' operations on it. Make it with `start`."""

    def __init__(
        self,
        live: LiveAcd,
        sessions: async_sessionmaker[AsyncSession],
        pause_reasons: Iterable[str],
    ) -> None:
        self.live = live
        self.sessions = sessions
        self.pause_reasons = tuple(pause_reasons)

    @classmethod
    async def start(
        cls,
        log: EventLog,
        bus: EventBus,
        sessions: async_sessionmaker[AsyncSession],
        pause_reasons: Iterable[str],
        listener: AcdListener | None = None,
    ) -> LiveCenter:
        """The router with every queue of the database, its events stored in `log` and
        published on `bus` (started already)."""
        async with sessions() as session:
            queues = [router_queue(q) for q in await session.scalars(select(Queue))]
        live = LiveAcd(log, bus=bus, listener=listener)

        def configure(acd: Acd) -> None:
            for queue in queues:
                acd.add_queue(queue)

        await live.start(configure)
        return cls(live, sessions, pause_reasons)

    async def stop(self) -> None:
        await self.live.stop()

    @property
    def acd(self) -> Acd:
        return self.live.acd

    def subscribe(self, agent: str | None = None) -> Subscription:
        return self.live.subscribe(agent)

    async def _apply(
        self, operation: Callable[Concatenate[Acd, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """`LiveAcd.apply`, the router's refusals as errors for people."""
        try:
            return await self.live.apply(operation, *args, **kwargs)
        except IllegalTransitionError as error:
            raise ConflictError(str(error)) from None

    # ---- agents ------------------------------------------------------------------------

    def status(self, name: str) -> AgentStatus:
        agent = _found(self.acd, name)
        if agent is None:
            return AgentStatus(name, AgentState.LOGGED_OUT, None, None)
        contacts = [
            ContactInHand(
                contact_id=task.contact.contact_id,
                queue=task.contact.queue,
                caller=task.contact.caller,
                channel=task.contact.channel,
                phase=task.phase,
                since=moment(task.since),
                held=task.contact.held,
                wrap_up_until=moment(task.since + self.acd.queue(task.contact.queue).wrap_up_s)
                if task.phase is AgentState.WRAP_UP
                else None,
                context=dict(task.contact.context),
            )
            for task in agent.tasks.values()
        ]
        state = agent.state
        since = agent.shown_since
        if state is AgentState.RESERVED:
            since = min(task.since for task in agent.tasks.values())
        reason = agent.pause_reason if agent.presence is AgentState.PAUSED else None
        return AgentStatus(name, state, moment(since), reason, contacts)

    async def set_state(self, user: User, state: AgentState, reason: str | None) -> AgentStatus:
        """Ready, paused (with one of the pause reasons) or logged out. Logging out with a
        contact in hand pauses the agent (`logging_out`) until the contact is done."""
        if state not in STATES:
            raise InputError(
                f"state: expected one of {', '.join(s.value for s in STATES)}", field="state"
            )
        if state is AgentState.PAUSED and reason not in self.pause_reasons:
            raise InputError(
                f"reason: a pause needs one of the reasons {', '.join(self.pause_reasons)}, "
                f"got {reason!r}",
                field="reason",
            )
        name = agent_name(user)
        skills = user.skill_levels

        def change(acd: Acd) -> None:
            agent = _found(acd, name)
            presence = AgentState.LOGGED_OUT if agent is None else agent.presence
            if state is AgentState.LOGGED_OUT:
                if presence is not AgentState.LOGGED_OUT:
                    acd.logout(name, when_free=True)
            elif presence is AgentState.LOGGED_OUT:
                acd.login(name, skills, pause_reason=reason if state is AgentState.PAUSED else None)
            elif state is AgentState.PAUSED:
                if agent is not None and agent.pause_reason != reason:
                    acd.pause(name, reason or "")
            elif presence is AgentState.PAUSED:
                acd.unpause(name)

        await self._apply(change)
        return self.status(name)

    # ---- contacts ----------------------------------------------------------------------

    async def arrive(
        self, contact_id: str, queue: str, caller: str | None, context: dict[str, Any] | None
    ) -> Contact:
        """A contact enters a queue of the center (from a connector, a chat, the demo)."""
        await self.ensure_queue(queue, "queue")
        if self.acd.contact(contact_id) is not None:
            raise ConflictError(f"contact_id: contact {contact_id} is in a queue already")
        return await self._apply(Acd.enqueue, contact_id, queue, caller=caller, context=context)

    async def ensure_queue(self, name: str, field: str) -> None:
        """The queue in the router, added from the database if it was made after start."""
        try:
            self.acd.queue(name)
            return
        except KeyError:
            pass
        async with self.sessions() as session:
            row = await session.scalar(select(Queue).where(Queue.name == name))
        if row is None:
            raise InputError(f"{field}: no queue named {name!r}", field=field)

        def add(acd: Acd) -> None:
            try:
                acd.queue(name)
            except KeyError:
                acd.add_queue(router_queue(row))

        await self._apply(add)

    async def answer(self, name: str, contact_id: str) -> None:
        def answer(acd: Acd) -> None:
            _in_hands(acd, name, contact_id, [AgentState.RESERVED])
            acd.answer(contact_id, name)

        await self._apply(answer)

    async def hold(self, name: str, contact_id: str, *, held: bool) -> None:
        def hold(acd: Acd) -> None:
            _in_hands(acd, name, contact_id, [AgentState.BUSY])
            (acd.hold if held else acd.unhold)(contact_id)

        await self._apply(hold)

    async def hang_up(self, name: str, contact_id: str) -> None:
        def end(acd: Acd) -> None:
            _in_hands(acd, name, contact_id, [AgentState.BUSY])
            acd.end(contact_id, "agent")

        await self._apply(end)

    def holding(self, name: str, contact_id: str) -> Contact:
        """The contact in talk with `name` (NotFound or Conflict otherwise)."""
        return _in_hands(self.acd, name, contact_id, [AgentState.BUSY])

    async def transfer(
        self,
        name: str,
        contact_id: str,
        *,
        queue: str | None,
        agent: str | None,
        escalation: bool,
        note: str | None,
        context: dict[str, Any],
    ) -> Contact:
        """Pass the contact in talk on to a queue or straight to an agent (who must be
        ready), with its context; the agent goes to wrap-up."""
        if queue is not None:
            await self.ensure_queue(queue, "queue")

        def transfer(acd: Acd) -> Contact:
            _in_hands(acd, name, contact_id, [AgentState.BUSY])
            return acd.transfer(
                contact_id,
                queue=queue,
                agent=agent,
                escalation=escalation,
                notes=note,
                context=context,
            )

        return await self._apply(transfer)

    async def finish_wrap_up(self, name: str, contact_id: str, disposition: str | None) -> bool:
        """End the agent's wrap-up of the contact with the disposition; False when it was
        over already (the queue's wrap-up time ran out, or the queue has none)."""

        def finish(acd: Acd) -> bool:
            agent = _found(acd, name)
            task = None if agent is None else agent.tasks.get(contact_id)
            if task is None or task.phase is not AgentState.WRAP_UP:
                return False
            acd.finish_wrap_up(name, contact_id, disposition)
            return True

        return await self._apply(finish)

    async def record(self, events: list[Event]) -> None:
        """Store and publish the desktop's own events, in order with the router's."""
        await self.live.append(events)
