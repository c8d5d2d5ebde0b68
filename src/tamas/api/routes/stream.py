"""`GET /api/v1/stream`: the live events a signed-in person may see, as Server-Sent Events,
so that a contact offered to an agent reaches its screen without polling.

An agent gets its own events (offers, with the URL of the screen pop, answers, its state
changes); a supervisor every queue's contact events and the state changes of the agents
of its teams; managers, planners and admins everything. The first event, `stream.open`,
says the subscription is in place; every event after it is one of the log's, in the
order published (docs/api.md has the format).
"""

from __future__ import annotations

from collections.abc import AsyncIterable, Callable

from fastapi import APIRouter
from fastapi.sse import EventSourceResponse, ServerSentEvent

from tamas.api.deps import AnyRole, Server, Session
from tamas.api.routes.agents import pop_url
from tamas.desk.center import agent_name
from tamas.events import Event, EventType
from tamas.live import SubscriberTooSlowError
from tamas.live.wire import event_json
from tamas.org.models import Role
from tamas.org.users import visible_agent_names

router = APIRouter(tags=["agent desktop"])


def _message(event: Event) -> ServerSentEvent:
    data = event_json(event)
    if event.type is EventType.CONTACT_OFFERED and event.contact_id:
        data["pop_url"] = pop_url(event.contact_id)
    return ServerSentEvent(event=event.type.value, id=event.event_id, data=data)


def _supervised(agents: set[str]) -> Callable[[Event], bool]:
    def shown(event: Event) -> bool:
        return event.type.value.startswith("contact.") or event.agent in agents

    return shown


@router.get(
    "/stream",
    response_class=EventSourceResponse,
    summary="Live events (Server-Sent Events)",
    responses={200: {"description": "text/event-stream: `stream.open`, then live events"}},
)
async def stream(user: AnyRole, context: Server, db: Session) -> AsyncIterable[ServerSentEvent]:
    name = agent_name(user)
    shown: Callable[[Event], bool] | None = None
    if user.role is Role.AGENT:
        scope, subscription = "own", context.center.subscribe(agent=name)
    elif user.role is Role.SUPERVISOR:
        agents = (await visible_agent_names(db, user) or set()) | {name}
        scope, subscription, shown = "teams", context.center.subscribe(), _supervised(agents)
    else:
        scope, subscription = "all", context.center.subscribe()
    await db.close()
    try:
        yield ServerSentEvent(
            event="stream.open",
            data={
                "username": user.username,
                "role": user.role.value,
                "agent": name,
                "scope": scope,
            },
        )
        async for event in subscription:
            if shown is None or shown(event):
                yield _message(event)
    except SubscriberTooSlowError:
        return
    finally:
        subscription.close()
