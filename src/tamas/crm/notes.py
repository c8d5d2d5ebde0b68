"""Notes on a customer, a contact or a case: written once, never edited."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from tamas.audit import Actor, AuditAction, record
from tamas.crm.customers import find_customer
from tamas.crm.models import Case, Note
from tamas.errors import InputError

ENTITY = "notes"


async def add_note(
    session: AsyncSession,
    actor: Actor,
    customer_id: int,
    body: str,
    now: datetime,
    case_id: int | None = None,
    contact_id: str | None = None,
) -> Note:
    await find_customer(session, customer_id)
    if case_id is not None:
        case = await session.get(Case, case_id)
        if case is None or case.customer_id != customer_id:
            raise InputError(
                f"case_id: customer {customer_id} has no case {case_id}", field="case_id"
            )
    note = Note(
        customer_id=customer_id,
        case_id=case_id,
        contact_id=contact_id,
        author=actor.username,
        body=body,
        created_at=now,
    )
    session.add(note)
    await session.flush()
    record(session, actor, AuditAction.CREATE, ENTITY, note.id, {"customer_id": customer_id})
    return note


def notes_query(*, customer_id: int | None, case_id: int | None) -> Select[tuple[Note]]:
    query = select(Note).order_by(Note.id)
    if customer_id is not None:
        query = query.where(Note.customer_id == customer_id)
    if case_id is not None:
        query = query.where(Note.case_id == case_id)
    return query
