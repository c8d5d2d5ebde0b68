"""Follow-ups and scheduled callbacks: something to do for a customer, by someone, by a
time; overdue ones are those not done whose time has passed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from tamas.audit import Actor, AuditAction, record
from tamas.crm.customers import customer_phones, find_customer
from tamas.crm.identities import DEFAULT_REGION, normalize_phone
from tamas.crm.models import Case, FollowUp, FollowUpKind
from tamas.errors import InputError
from tamas.org.directory import check_fields

ENTITY = "follow_ups"


async def schedule(
    session: AsyncSession,
    actor: Actor,
    fields: dict[str, Any],
    region: str = DEFAULT_REGION,
) -> FollowUp:
    """A new follow-up; `fields` has customer_id, kind, owner_id, due_at, and may have
    case_id, note and phone (a callback's number; default: the customer's first phone)."""
    customer = await find_customer(session, fields["customer_id"])
    await check_fields(session, FollowUp, fields)
    case_id = fields.get("case_id")
    if case_id is not None and (await session.get(Case, case_id)).customer_id != customer.id:
        raise InputError(f"case_id: customer {customer.id} has no case {case_id}", field="case_id")
    phone = fields.get("phone")
    if phone is not None:
        phone = normalize_phone(phone, region)
    elif fields["kind"] is FollowUpKind.CALLBACK:
        phones = await customer_phones(session, customer.id)
        if not phones:
            raise InputError("phone: the customer has no phone number; give one", field="phone")
        phone = phones[0]
    follow_up = FollowUp(**{**fields, "phone": phone}, created_by=actor.username)
    session.add(follow_up)
    await session.flush()
    record(session, actor, AuditAction.CREATE, ENTITY, follow_up.id)
    return follow_up


async def change_follow_up(
    session: AsyncSession,
    actor: Actor,
    follow_up: FollowUp,
    fields: dict[str, Any],
    now: datetime,
) -> FollowUp:
    """Change owner, due time or note; `done: true` marks it done now, `false` reopens it."""
    fields = dict(fields)
    done = fields.pop("done", None)
    if done is not None:
        fields["done_at"] = (follow_up.done_at or now) if done else None
    await check_fields(session, FollowUp, fields, current=follow_up)
    for name, value in fields.items():
        setattr(follow_up, name, value)
    record(session, actor, AuditAction.UPDATE, ENTITY, follow_up.id, {"fields": sorted(fields)})
    return follow_up


def follow_ups_query(
    *,
    owner_id: int | None = None,
    customer_id: int | None = None,
    open_only: bool = False,
    overdue_at: datetime | None = None,
) -> Select[tuple[FollowUp]]:
    """Follow-ups by due time; `overdue_at`: not done and due before then."""
    query = select(FollowUp).order_by(FollowUp.due_at, FollowUp.id)
    if owner_id is not None:
        query = query.where(FollowUp.owner_id == owner_id)
    if customer_id is not None:
        query = query.where(FollowUp.customer_id == customer_id)
    if open_only or overdue_at is not None:
        query = query.where(FollowUp.done_at.is_(None))
    if overdue_at is not None:
        query = query.where(FollowUp.due_at < overdue_at)
    return query
