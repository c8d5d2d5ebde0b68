"""The screen pop: who is calling and everything that happened with them before, on the
agent's screen as the contact is offered, so the customer never has to repeat themselves.

The contact is read from the event log (any server process may have routed it): its
caller, queue, the agents it was offered to and answered by, and the context a transfer
carried. The customer is the one with the caller's number among its phones.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tamas.audit import Actor, AuditAction, record
from tamas.crm import customers
from tamas.crm.cases import DONE
from tamas.crm.identities import normalize_phone
from tamas.crm.models import Case, Customer, CustomerIdentity, FollowUp, IdentityKind, Note
from tamas.crm.timeline import TimelineItem, contact_items
from tamas.errors import InputError, NotFoundError
from tamas.events import EventType
from tamas.store.schema import events

LAST_CONTACTS = 5
RECENT = 10
"""How many earlier contacts, and notes or follow-ups, a pop shows (the timeline has all)."""


@dataclass
class ContactFacts:
    """What the event log says of one contact, across its queue entries."""

    contact_id: str
    caller: str | None = None
    queue: str | None = None
    channel: str | None = None
    offered_to: set[str] = field(default_factory=set)
    answered_by: set[str] = field(default_factory=set)
    talk_ended_by: set[str] = field(default_factory=set)
    """Agents whose talk with it ended (hung up or transferred): they may wrap it up."""
    context: dict[str, Any] = field(default_factory=dict)
    """What the last transfer carried (customer, case, notes)."""


async def contact_facts(session: AsyncSession, contact_id: str) -> ContactFacts:
    """NotFoundError when the log has no event of the contact."""
    rows = (
        await session.execute(
            select(events.c.type, events.c.caller, events.c.queue, events.c.agent)
            .add_columns(events.c.channel, events.c.attrs)
            .where(events.c.contact_id == contact_id)
            .order_by(events.c.ts_us, events.c.seq)
        )
    ).all()
    if not rows:
        raise NotFoundError(f"contact {contact_id}: not found")
    facts = ContactFacts(contact_id)
    for type, caller, queue, agent, channel, attrs in rows:
        facts.caller = facts.caller or caller
        facts.queue = queue or facts.queue
        facts.channel = channel
        if type == EventType.CONTACT_OFFERED and agent:
            facts.offered_to.add(agent)
        elif type == EventType.CONTACT_ANSWERED and agent:
            facts.answered_by.add(agent)
        elif type in (EventType.CONTACT_ENDED, EventType.CONTACT_TRANSFERRED) and agent:
            facts.talk_ended_by.add(agent)
            if type == EventType.CONTACT_TRANSFERRED and attrs:
                facts.context = json.loads(attrs).get("context", {})
    return facts


async def caller_customer(
    session: AsyncSession, caller: str | None, region: str
) -> Customer | None:
    """The customer whose phones include the caller's number, however it was written."""
    if not caller:
        return None
    try:
        phone = normalize_phone(caller, region)
    except InputError:
        return None
    owner = await session.scalar(
        select(CustomerIdentity.customer_id).where(
            CustomerIdentity.kind == IdentityKind.PHONE, CustomerIdentity.value == phone
        )
    )
    return None if owner is None else await customers.find_customer(session, owner)


@dataclass
class ScreenPop:
    facts: ContactFacts
    customer: Customer | None
    last_contacts: list[TimelineItem]
    open_cases: list[Case]
    notes: list[Note]
    follow_ups: list[FollowUp]


async def screen_pop(
    session: AsyncSession, actor: Actor, facts: ContactFacts, region: str
) -> ScreenPop:
    """The pop of a contact; showing a customer is audited as a view of it."""
    customer = await caller_customer(session, facts.caller, region)
    if customer is None:
        return ScreenPop(facts, None, [], [], [], [])
    record(
        session, actor, AuditAction.VIEW, customers.ENTITY, customer.id, {"pop": facts.contact_id}
    )
    phones = [i.value for i in customer.identities if i.kind is IdentityKind.PHONE]
    earlier = [
        item
        for item in sorted(await contact_items(session, phones), key=lambda i: i.at, reverse=True)
        if item.ref != facts.contact_id
    ]
    open_cases = await session.scalars(
        select(Case)
        .where(Case.customer_id == customer.id, Case.status.not_in(DONE))
        .order_by(Case.sla_due_at)
    )
    notes = await session.scalars(
        select(Note)
        .where(Note.customer_id == customer.id)
        .order_by(Note.created_at.desc(), Note.id.desc())
        .limit(RECENT)
    )
    follow_ups = await session.scalars(
        select(FollowUp)
        .where(FollowUp.customer_id == customer.id, FollowUp.done_at.is_(None))
        .order_by(FollowUp.due_at)
        .limit(RECENT)
    )
    return ScreenPop(
        facts,
        customer,
        earlier[:LAST_CONTACTS],
        list(open_cases),
        list(notes),
        list(follow_ups),
    )
