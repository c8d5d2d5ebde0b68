"""The signed-in agent at the desktop: its state, contacts in hand and figures of the day;
Ready, Pause (with a reason) and Log out."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from urllib.parse import quote

from fastapi import APIRouter

from tamas.acd import AgentState
from tamas.api.deps import API_PREFIX, DeskUser, Server
from tamas.api.schemas.live import AgentOut, ContactInHandOut, StateChange, TodayOut
from tamas.desk.center import AgentStatus, agent_name
from tamas.desk.today import day_figures

router = APIRouter(prefix="/agents", tags=["agent desktop"])


def pop_url(contact_id: str) -> str:
    return f"{API_PREFIX}/contacts/{quote(contact_id, safe='')}/pop"


def agent_out(status: AgentStatus, pause_reasons: tuple[str, ...]) -> AgentOut:
    return AgentOut(
        agent=status.agent,
        state=status.state.value,
        since=status.since,
        reason=status.reason,
        contacts=[
            ContactInHandOut(
                contact_id=c.contact_id,
                queue=c.queue,
                caller=c.caller,
                channel=c.channel.value,
                phase=c.phase.value,
                since=c.since,
                held=c.held,
                wrap_up_until=c.wrap_up_until,
                context=c.context,
                pop_url=pop_url(c.contact_id),
            )
            for c in status.contacts
        ],
        pause_reasons=list(pause_reasons),
    )


@router.get("/me", response_model=AgentOut, summary="Your state, contacts and figures of today")
async def me(user: DeskUser, context: Server):
    """State and since when, the pause reason, the contacts in hand (ringing, in talk, in
    wrap-up with the end of the queue's wrap-up time), and today's figures from the KPI
    engine (contacts answered since local midnight, talk time, average handle time)."""
    center = context.center
    name = agent_name(user)
    answer = agent_out(center.status(name), center.pause_reasons)
    figures = await asyncio.to_thread(
        day_figures, context.event_log, name, datetime.now(UTC), context.settings.tz
    )
    answer.today = TodayOut(
        contacts=figures.contacts, talk_time_s=figures.talk_time_s, aht_s=figures.aht_s
    )
    return answer


@router.post("/me/state", response_model=AgentOut, summary="Ready, pause or log out")
async def change_state(body: StateChange, user: DeskUser, context: Server):
    """`ready` (logs in when logged out), `paused` with a `reason` from `pause_reasons`
    (another reason while paused changes it), `logged_out` (with a contact in hand: paused
    as `logging_out` until it is done). Answers the new state (without `today`)."""
    center = context.center
    status = await center.set_state(user, AgentState(body.state), body.reason)
    return agent_out(status, center.pause_reasons)
