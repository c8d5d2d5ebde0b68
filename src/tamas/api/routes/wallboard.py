"""The supervisor's wallboard over HTTP: the snapshot of queues and agents (once, or
pushed as Server-Sent Events whenever it changes), each queue's targets, and the
supervisor's actions on an agent (state, message), audited.

Supervisors, managers and admins read and act; a supervisor sees and acts on the agents
of its teams only, while queue figures are the center's for everyone (as `GET /kpi`).
"""

from __future__ import annotations

from collections.abc import AsyncIterable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from fastapi.sse import EventSourceResponse, ServerSentEvent
from sqlalchemy.ext.asyncio import AsyncSession

from tamas.acd import AgentState
from tamas.api.deps import Server, Session, require
from tamas.api.routes.agents import agent_out
from tamas.api.schemas.live import AgentOut, StateChange
from tamas.api.schemas.types import EventName, Name
from tamas.api.schemas.wallboard import (
    AgentMessage,
    AgentMessageOut,
    QueueTargetsOut,
    TargetsChange,
    TargetsOut,
    WallboardOut,
)
from tamas.desk.center import LiveCenter
from tamas.org.models import Role, User
from tamas.org.users import visible_agent_names
from tamas.wallboard import supervision
from tamas.wallboard.snapshot import AgentBoard, Snapshot
from tamas.wallboard.targets import queue_targets, set_targets

router = APIRouter(prefix="/wallboard", tags=["wallboard"])
WALLBOARD_ROLES = (Role.SUPERVISOR, Role.MANAGER, Role.ADMIN)
Supervisor = Annotated[User, Depends(require(*WALLBOARD_ROLES))]
Username = Annotated[Name, Path(description="The agent's username.")]


def _agent(row: AgentBoard, center: LiveCenter) -> dict[str, Any]:
    return {
        "agent": row.agent,
        "username": row.username,
        "full_name": row.full_name,
        "team": row.team,
        "live": agent_out(row.status, center.pause_reasons),
        "contacts_today": row.contacts_today,
    }


def snapshot_out(snapshot: Snapshot, center: LiveCenter) -> WallboardOut:
    return WallboardOut.model_validate(
        {
            "at": snapshot.at,
            "day_start": snapshot.day_start,
            "tz": snapshot.tz,
            "interval_min": snapshot.interval_min,
            "queues": [
                {
                    **vars(queue),
                    "targets": queue.targets.as_dict(),
                    "status": {k: v.value for k, v in queue.status.items()},
                    "alerts": [
                        {**vars(alert), "status": alert.status.value} for alert in queue.alerts
                    ],
                }
                for queue in snapshot.queues
            ],
            "agents": [_agent(row, center) for row in snapshot.agents],
        }
    )


async def _visible(db: AsyncSession, user: User) -> set[str] | None:
    agents = await visible_agent_names(db, user)
    await db.close()
    return agents


@router.get("", response_model=WallboardOut, summary="The wallboard now")
async def wallboard(user: Supervisor, context: Server, db: Session):
    """Every queue live and today (from the KPI engine) against its targets, with alerts,
    and the agents the reader may see with their state, contact and contacts today."""
    agents = await _visible(db, user)
    snapshot = await context.wallboard.snapshot()
    return snapshot_out(snapshot.seen_by(agents), context.center)


@router.get(
    "/stream",
    response_class=EventSourceResponse,
    summary="The wallboard, pushed when it changes (Server-Sent Events)",
    responses={200: {"description": "text/event-stream of `wallboard.snapshot` events"}},
)
async def wallboard_stream(
    user: Supervisor, context: Server, db: Session
) -> AsyncIterable[ServerSentEvent]:
    agents = await _visible(db, user)
    async for snapshot in context.wallboard.listen():
        data = snapshot_out(snapshot.seen_by(agents), context.center)
        yield ServerSentEvent(event="wallboard.snapshot", data=data.model_dump(mode="json"))


@router.get("/targets", response_model=list[QueueTargetsOut], summary="Every queue's targets")
async def targets(_user: Supervisor, db: Session):
    found = await queue_targets(db)
    return [{"queue": queue, "targets": found[queue].as_dict()} for queue in sorted(found)]


@router.patch("/targets/{queue}", response_model=TargetsOut, summary="Change a queue's targets")
async def change_targets(
    queue: Annotated[EventName, Path()], body: TargetsChange, user: Supervisor, db: Session
):
    """The targets given change, the others stay; audited (entity `queue_targets`)."""
    changed = await set_targets(db, user, queue, body.model_dump(exclude_none=True))
    await db.commit()
    return changed.as_dict()


@router.post("/agents/{username}/state", response_model=AgentOut, summary="Change an agent's state")
async def force_state(
    username: Username, body: StateChange, user: Supervisor, context: Server, db: Session
):
    """Ready, paused with a reason, or logged out, as the agent could itself; audited
    (entity `agent_state`, with the state it left). 404 for an agent not of your teams."""
    agent = await supervision.supervised_agent(db, user, username)
    status = await supervision.force_state(
        context.center, db, user, agent, AgentState(body.state), body.reason
    )
    return agent_out(status, context.center.pause_reasons)


@router.post(
    "/agents/{username}/messages",
    response_model=AgentMessageOut,
    status_code=201,
    summary="Send an agent a message for its desktop",
)
async def message(
    username: Username, body: AgentMessage, user: Supervisor, context: Server, db: Session
):
    """Shown on the agent's desktop at once (an `other` event with reason `message` on
    its stream); audited (entity `agent_messages`)."""
    agent = await supervision.supervised_agent(db, user, username)
    event = await supervision.send_message(context.center, db, user, agent, body.text)
    return {
        "agent": event.agent,
        "text": body.text,
        "sent_at": event.ts,
        "event_id": event.event_id,
    }
