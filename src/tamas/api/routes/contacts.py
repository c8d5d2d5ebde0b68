"""Contacts at the desktop: what the agent holding one does with it (answer, hold, hang
up, transfer, wrap up), its screen pop, and handing the router a new contact."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, status
from sqlalchemy import select

from tamas.acd import AgentState, ContactState
from tamas.api.deps import Admin, CustomerWorker, DeskUser, Server, Session
from tamas.api.routes.agents import agent_out, pop_url
from tamas.api.schemas.crm import CaseOut, CustomerOut, FollowUpOut, NoteOut, TimelineItemOut
from tamas.api.schemas.live import (
    AgentOut,
    ContactCreate,
    ContactOut,
    PopOut,
    PoppedContact,
    Transfer,
    WrapUp,
    WrapUpOut,
)
from tamas.crm import cases, notes
from tamas.crm.models import Case, CaseStatus
from tamas.desk.center import agent_name
from tamas.desk.pop import caller_customer, contact_facts, screen_pop
from tamas.desk.wrapup import check_handled, department_id, desktop_wrap_up, record_wrap_up
from tamas.errors import ConflictError, InputError, NotFoundError
from tamas.org.models import Queue, Role, User

router = APIRouter(prefix="/contacts", tags=["agent desktop"])
ContactPath = Annotated[str, Path(min_length=1, max_length=150, pattern=r"^[^\x00-\x1f/]+$")]


@router.post("", response_model=ContactOut, status_code=status.HTTP_201_CREATED)
async def create(body: ContactCreate, _admin: Admin, context: Server):
    """A contact arrives at a queue (admin): for integrations without a connector of their
    own, tests and load benchmarks. The router offers it at once if an agent is free."""
    contact_id = body.contact_id or uuid.uuid4().hex
    contact = await context.center.arrive(contact_id, body.queue, body.caller, None)
    return ContactOut(
        contact_id=contact_id,
        queue=contact.queue,
        state=contact.state.value,
        agents=[contact.agent] if contact.state is ContactState.ANSWERED else contact.ringing,
        pop_url=pop_url(contact_id),
    )


def _state(user: User, context: Server) -> AgentOut:
    center = context.center
    return agent_out(center.status(agent_name(user)), center.pause_reasons)


@router.post("/{contact_id}/answer", response_model=AgentOut, summary="Answer a ringing contact")
async def answer(contact_id: ContactPath, user: DeskUser, context: Server):
    await context.center.answer(agent_name(user), contact_id)
    return _state(user, context)


@router.post("/{contact_id}/hold", response_model=AgentOut, summary="Put the contact on hold")
async def hold(contact_id: ContactPath, user: DeskUser, context: Server):
    await context.center.hold(agent_name(user), contact_id, held=True)
    return _state(user, context)


@router.post("/{contact_id}/unhold", response_model=AgentOut, summary="Take it off hold")
async def unhold(contact_id: ContactPath, user: DeskUser, context: Server):
    await context.center.hold(agent_name(user), contact_id, held=False)
    return _state(user, context)


@router.post("/{contact_id}/hangup", response_model=AgentOut, summary="End the talk")
async def hang_up(contact_id: ContactPath, user: DeskUser, context: Server):
    """The agent goes to wrap-up for the queue's wrap-up time (or is free at once)."""
    await context.center.hang_up(agent_name(user), contact_id)
    return _state(user, context)


async def _department_queue(db: Session, name: str) -> str:
    dept = await department_id(db, name, "department")
    queue = await db.scalar(
        select(Queue.name).where(Queue.department_id == dept).order_by(Queue.id).limit(1)
    )
    if queue is None:
        raise InputError(f"department: department {name!r} has no queue", field="department")
    return queue


async def _target_agent(db: Session, username: str) -> str:
    target = await db.scalar(select(User).where(User.username == username))
    if target is None or not target.active:
        raise InputError(f"agent: no user named {username!r}", field="agent")
    return agent_name(target)


@router.post("/{contact_id}/transfer", response_model=AgentOut, summary="Transfer or escalate")
async def transfer(
    contact_id: ContactPath, body: Transfer, user: DeskUser, context: Server, db: Session
):
    """Pass the contact in talk to a `queue`, an `agent` (who must be ready) or a
    `department` (its first queue), carrying its context: the caller's customer, the
    `case_id` and the `note` (also kept as a note on the customer). A case handed to a
    department changes department; an escalation marks the case escalated. The agent goes
    to wrap-up. Everything is checked before the router moves the contact; the records
    are written after (SQLite allows one writer: the event log's)."""
    name = agent_name(user)
    contact = context.center.holding(name, contact_id)
    customer = await caller_customer(db, contact.caller, context.settings.phone_region)
    queue = body.queue
    fields: dict[str, Any] = {}
    if body.department is not None:
        queue = await _department_queue(db, body.department)
        fields["department_id"] = await department_id(db, body.department, "department")
    target = None if body.agent is None else await _target_agent(db, body.agent)
    carried: dict[str, Any] = {"from_agent": name}
    if customer is not None:
        carried["customer_id"] = customer.id
    case = None
    if body.case_id is not None:
        case = await db.get(Case, body.case_id)
        if case is None or customer is None or case.customer_id != customer.id:
            raise InputError(f"case_id: the caller has no case {body.case_id}", field="case_id")
        carried["case_id"] = case.id
        if body.escalation and case.status is not CaseStatus.ESCALATED:
            cases.check_transition(case.status, CaseStatus.ESCALATED)
            fields["status"] = CaseStatus.ESCALATED
    await context.center.transfer(
        name,
        contact_id,
        queue=queue,
        agent=target,
        escalation=body.escalation,
        note=body.note,
        context=carried,
    )
    now = datetime.now(UTC)
    if case is not None and fields:
        comment = f"{'escalated' if body.escalation else 'transferred'} with contact {contact_id}"
        await cases.change_case(db, user, case, fields, comment, now)
    if body.note and customer is not None:
        await notes.add_note(
            db, user, customer.id, body.note, now, carried.get("case_id"), contact_id
        )
    await db.commit()
    return _state(user, context)


@router.post("/{contact_id}/wrap-up", response_model=WrapUpOut, summary="Wrap up a contact")
async def wrap_up(
    contact_id: ContactPath, body: WrapUp, user: DeskUser, context: Server, db: Session
):
    """After the talk: the `disposition` (an active wrap-up code of the contact's queue),
    a `note`, a new or existing `case` (handed to a `department`), a `follow_up`, for the
    caller's customer or `customer_id`. Sent within the queue's wrap-up time it ends the
    wrap-up at once (the agent takes contacts again); sent later it is kept all the same
    (`in_time: false`)."""
    name = agent_name(user)
    if any(
        c.contact_id == contact_id and c.phase is not AgentState.WRAP_UP
        for c in context.center.status(name).contacts
    ):
        raise ConflictError(f"contact {contact_id}: still in talk; hang up or transfer it first")
    facts = await contact_facts(db, contact_id)
    check_handled(facts, name)
    now = datetime.now(UTC)
    fields = body.model_dump(exclude_none=True)
    result = await record_wrap_up(db, user, facts, fields, now, context.settings.phone_region)
    await db.commit()
    in_time = await context.center.finish_wrap_up(name, contact_id, body.disposition)
    if not in_time:
        await context.center.record([desktop_wrap_up(facts, name, body.disposition)])
    return WrapUpOut(
        contact_id=contact_id,
        disposition=body.disposition,
        in_time=in_time,
        customer_id=result.customer.id if result.customer else None,
        note=NoteOut.model_validate(result.note) if result.note else None,
        case=CaseOut.model_validate(result.case) if result.case else None,
        follow_up=FollowUpOut.model_validate(result.follow_up) if result.follow_up else None,
        agent=_state(user, context),
    )


@router.get("/{contact_id}/pop", response_model=PopOut, summary="The screen pop of a contact")
async def pop(contact_id: ContactPath, user: CustomerWorker, context: Server, db: Session):
    """Who is calling (the customer with the caller's number), their last contacts, open
    cases, recent notes and open follow-ups, and what a transfer carried. An agent may pop
    the contacts offered to it; the pop of a customer is audited as a view."""
    facts = await contact_facts(db, contact_id)
    if user.role is Role.AGENT and agent_name(user) not in facts.offered_to:
        raise NotFoundError(f"contact {contact_id}: not offered to you")
    found = await screen_pop(db, user, facts, context.settings.phone_region)
    await db.commit()
    return PopOut(
        contact=PoppedContact(
            contact_id=facts.contact_id,
            queue=facts.queue,
            caller=facts.caller,
            channel=facts.channel,
            context=facts.context,
        ),
        customer=CustomerOut.model_validate(found.customer) if found.customer else None,
        last_contacts=[TimelineItemOut.model_validate(i) for i in found.last_contacts],
        open_cases=[CaseOut.model_validate(c) for c in found.open_cases],
        notes=[NoteOut.model_validate(n) for n in found.notes],
        follow_ups=[FollowUpOut.model_validate(f) for f in found.follow_ups],
    )
