"""What a supervisor does to an agent from the wallboard: change its state (ready,
pause with a reason, log out) and send it a message for its desktop. Each is audited;
a supervisor reaches only the agents of its teams.

A message is an event of the log (`other`, reason `message`, the text in `attrs`) about
the agent: the log is where everything that happened to an agent is kept, and the bus
that carries the log's events to the agent's stream carries it to every server process.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from tamas.acd import AgentState
from tamas.audit import AuditAction, record
from tamas.desk.center import AgentStatus, LiveCenter, agent_name
from tamas.errors import NotFoundError
from tamas.events import Event, EventType, stable_event_id
from tamas.org.models import Role, User
from tamas.org.users import visible_users

SOURCE = "tamas.supervisor"
MESSAGE = "message"
"""The `reason` of a message event."""
AGENT_ROLES = (Role.AGENT, Role.SUPERVISOR)
"""Who works at the desktop and so has a state to change and a screen to message."""


async def supervised_agent(session: AsyncSession, viewer: User, username: str) -> User:
    """The desk user `username`, if `viewer` may see it; else NotFoundError (a supervisor
    learns nothing of agents outside its teams)."""
    query = visible_users(viewer).where(User.username == username, User.role.in_(AGENT_ROLES))
    user = await session.scalar(query)
    if user is None:
        raise NotFoundError(f"agent {username}: not an agent you supervise")
    return user


async def force_state(
    center: LiveCenter,
    session: AsyncSession,
    actor: User,
    agent: User,
    state: AgentState,
    reason: str | None,
) -> AgentStatus:
    """Change the agent's state as it could itself (`LiveCenter.set_state`), then audit
    the change with the state it left; commits."""
    before = center.status(agent_name(agent)).state
    status = await center.set_state(agent, state, reason)
    detail = {"from": before.value, "to": state.value, "reason": reason}
    record(session, actor, AuditAction.UPDATE, "agent_state", agent.username, detail)
    await session.commit()
    return status


async def send_message(
    center: LiveCenter, session: AsyncSession, actor: User, agent: User, text: str
) -> Event:
    """Store and publish the message for the agent's desktop, audited; commits."""
    event = Event(
        event_id=stable_event_id(SOURCE, uuid.uuid4().hex),
        ts=datetime.now(UTC),
        type=EventType.OTHER,
        source=SOURCE,
        agent=agent_name(agent),
        reason=MESSAGE,
        attrs={"text": text, "from": actor.username, "from_name": actor.full_name},
    )
    await center.record([event])
    detail = {"event_id": event.event_id}
    record(session, actor, AuditAction.CREATE, "agent_messages", agent.username, detail)
    await session.commit()
    return event
