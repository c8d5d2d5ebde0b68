"""After a contact: its disposition (a wrap-up code of its queue), and what the agent
writes down for the customer — a note, a new or changed case (handed to a department),
a follow-up or callback — through the `tamas.crm` services, in one transaction.

The router's part (ending the wrap-up time early with the disposition) is the caller's,
after this is committed: `LiveCenter.finish_wrap_up`, or, when the queue's wrap-up time
is over already, a `contact.wrap_up_done` of the desktop's own (`desktop_wrap_up`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tamas.audit import Actor
from tamas.crm import cases, followups, notes
from tamas.crm.customers import find_customer
from tamas.crm.models import Case, Customer, Disposition, FollowUp, Note
from tamas.desk.pop import ContactFacts, caller_customer
from tamas.errors import InputError, NotFoundError
from tamas.events import Channel, Event, EventType, stable_event_id
from tamas.org.models import Department, Queue

DESKTOP = "tamas.desktop"
"""The source of the events the agent desktop writes itself."""


@dataclass
class WrapUpResult:
    customer: Customer | None
    note: Note | None
    case: Case | None
    follow_up: FollowUp | None


async def department_id(session: AsyncSession, name: str | None, field: str) -> int | None:
    if name is None:
        return None
    found = await session.scalar(select(Department.id).where(Department.name == name))
    if found is None:
        raise InputError(f"{field}: no department named {name!r}", field=field)
    return found


async def check_disposition(session: AsyncSession, queue: str | None, code: str | None) -> None:
    """A disposition must be an active wrap-up code of the contact's queue."""
    if code is None:
        return
    codes = set(
        await session.scalars(
            select(Disposition.code)
            .join(Queue, Queue.id == Disposition.queue_id)
            .where(Queue.name == queue, Disposition.active.is_(True))
        )
    )
    if code not in codes:
        allowed = ", ".join(sorted(codes)) or "none: the queue has no wrap-up codes"
        raise InputError(
            f"disposition: {code!r} is not a wrap-up code of queue {queue} (allowed: {allowed})",
            field="disposition",
        )


async def _case(
    session: AsyncSession,
    actor: Actor,
    spec: dict[str, Any],
    customer: Customer,
    contact_id: str,
    now: datetime,
) -> Case:
    """Open a case (`title` given) or change the customer's case `id`."""
    fields = {
        key: spec[key]
        for key in ("title", "description", "priority", "status", "owner_id")
        if spec.get(key) is not None
    }
    if spec.get("department") is not None:
        fields["department_id"] = await department_id(
            session, spec["department"], "case.department"
        )
    if spec.get("id") is None:
        fields.pop("status", None)
        return await cases.open_case(
            session, actor, {**fields, "customer_id": customer.id, "contact_id": contact_id}, now
        )
    case = await session.get(Case, spec["id"])
    if case is None or case.customer_id != customer.id:
        raise InputError(f"case.id: customer {customer.id} has no case {spec['id']}", field="case")
    comment = spec.get("comment") or f"wrap-up of contact {contact_id}"
    return await cases.change_case(session, actor, case, fields, comment, now)


async def record_wrap_up(
    session: AsyncSession,
    actor: Actor,
    facts: ContactFacts,
    body: dict[str, Any],
    now: datetime,
    region: str,
) -> WrapUpResult:
    """Check the disposition and write what `body` holds (`note`, `case`, `follow_up`,
    for `customer_id` or the caller's customer); the caller commits."""
    await check_disposition(session, facts.queue, body.get("disposition"))
    if body.get("customer_id") is not None:
        customer = await find_customer(session, body["customer_id"])
    else:
        customer = await caller_customer(session, facts.caller, region)
    wanted = [name for name in ("note", "case", "follow_up") if body.get(name)]
    if customer is None:
        if wanted:
            raise InputError(
                f"customer_id: the caller is not a known customer; give customer_id to "
                f"keep the {', '.join(wanted)}",
                field="customer_id",
            )
        return WrapUpResult(None, None, None, None)
    case = None
    if body.get("case"):
        case = await _case(session, actor, body["case"], customer, facts.contact_id, now)
    note = None
    if body.get("note"):
        note = await notes.add_note(
            session, actor, customer.id, body["note"], now, case.id if case else None,
            facts.contact_id,
        )  # fmt: skip
    follow_up = None
    if body.get("follow_up"):
        spec = body["follow_up"]
        follow_up = await followups.schedule(
            session,
            actor,
            {
                **spec,
                "customer_id": customer.id,
                "owner_id": spec.get("owner_id") or actor.id,
                "case_id": case.id if case else None,
            },
            region,
        )
    return WrapUpResult(customer, note, case, follow_up)


def desktop_wrap_up(facts: ContactFacts, agent: str, disposition: str | None) -> Event:
    """The wrap-up of a contact whose router wrap-up was over before the form was sent:
    written by the desktop, with the disposition (docs/events.md)."""
    now = datetime.now(UTC)
    ts_us = round(now.timestamp() * 1_000_000)
    return Event(
        event_id=stable_event_id(DESKTOP, "wrap_up_done", facts.contact_id, agent, ts_us),
        ts=now,
        type=EventType.CONTACT_WRAP_UP_DONE,
        source=DESKTOP,
        contact_id=facts.contact_id,
        queue=facts.queue,
        agent=agent,
        reason=disposition,
        channel=Channel(facts.channel or Channel.VOICE),
        attrs={"after_wrap_up": True},
    )


def check_handled(facts: ContactFacts, agent: str) -> None:
    """Only the agent whose talk with the contact ended may wrap it up."""
    if agent not in facts.talk_ended_by:
        raise NotFoundError(f"contact {facts.contact_id}: not handled by agent {agent}")
