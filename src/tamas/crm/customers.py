"""Customers: made, changed, found (by phone in any format, e-mail, id, name or case
number) and viewed, each read or change written to the audit log."""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from tamas.audit import Actor, AuditAction, record, search
from tamas.crm.identities import DEFAULT_REGION, normalize_identity
from tamas.crm.models import Case, Customer, CustomerIdentity, IdentityKind
from tamas.errors import ConflictError, InputError, NotFoundError

ENTITY = "customers"
CASE_NUMBER = re.compile(r"(?i)c-?0*(\d{1,9})")


async def identity_rows(
    session: AsyncSession,
    identities: Iterable[tuple[IdentityKind, str]],
    region: str = DEFAULT_REGION,
    owner: Customer | None = None,
    field: str = "identities",
) -> list[CustomerIdentity]:
    """Identities in canonical form, each checked to be free (or already `owner`'s)."""
    rows: dict[tuple[IdentityKind, str], CustomerIdentity] = {}
    for kind, value in identities:
        canonical = normalize_identity(kind, value, region, field=field)
        holder = await session.scalar(
            select(CustomerIdentity.customer_id).where(
                CustomerIdentity.kind == kind, CustomerIdentity.value == canonical
            )
        )
        if holder is not None and (owner is None or holder != owner.id):
            raise ConflictError(
                f"{field}: {kind.value} {canonical} already belongs to customer {holder}",
                field=field,
            )
        rows[kind, canonical] = CustomerIdentity(kind=kind, value=canonical)
    return list(rows.values())


async def create_customer(
    session: AsyncSession,
    actor: Actor,
    name: str,
    identities: Iterable[tuple[IdentityKind, str]],
    region: str = DEFAULT_REGION,
) -> Customer:
    customer = Customer(name=name, identities=await identity_rows(session, identities, region))
    session.add(customer)
    await session.flush()
    record(session, actor, AuditAction.CREATE, ENTITY, customer.id)
    return customer


async def update_customer(
    session: AsyncSession,
    actor: Actor,
    customer: Customer,
    name: str | None = None,
    identities: Iterable[tuple[IdentityKind, str]] | None = None,
    region: str = DEFAULT_REGION,
) -> Customer:
    changed = []
    if name is not None:
        customer.name = name
        changed.append("name")
    if identities is not None:
        rows = await identity_rows(session, identities, region, owner=customer)
        customer.identities.clear()
        await session.flush()
        customer.identities.extend(rows)
        changed.append("identities")
    await session.flush()
    record(session, actor, AuditAction.UPDATE, ENTITY, customer.id, {"fields": changed})
    return customer


async def find_customer(session: AsyncSession, customer_id: int) -> Customer:
    """The customer, not audited: for checks inside a service that audits on its own."""
    customer = await session.get(Customer, customer_id)
    if customer is None:
        raise NotFoundError(f"customers {customer_id}: not found")
    return customer


async def delete_customer(session: AsyncSession, actor: Actor, customer_id: int) -> None:
    """Remove a customer with its cases, notes and follow-ups (contacts stay in the log)."""
    await session.delete(await find_customer(session, customer_id))
    record(session, actor, AuditAction.DELETE, ENTITY, customer_id)


async def search_customers(
    session: AsyncSession,
    actor: Actor,
    text: str | None,
    limit: int,
    offset: int,
    region: str = DEFAULT_REGION,
) -> list[Customer]:
    """Customers matching `text`: a phone number in any format, an e-mail, national or
    account id, a case number (C-000042), or part of a name; all customers when None."""
    query = select(Customer)
    if text:
        matches = [func.lower(Customer.name).contains(text.strip().lower(), autoescape=True)]
        identity_values = set()
        for kind in IdentityKind:
            try:
                identity_values.add(normalize_identity(kind, text, region))
            except InputError:
                continue
        if identity_values:
            matches.append(
                Customer.id.in_(
                    select(CustomerIdentity.customer_id).where(
                        CustomerIdentity.value.in_(identity_values)
                    )
                )
            )
        number = CASE_NUMBER.fullmatch(text.strip())
        if number:
            case_id = int(number.group(1))
            matches.append(Customer.id.in_(select(Case.customer_id).where(Case.id == case_id)))
        query = query.where(or_(*matches))
    return await search(
        session, actor, ENTITY, query.order_by(Customer.id), limit, offset, {"q": text}
    )


async def customer_phones(session: AsyncSession, customer_id: int) -> list[str]:
    query = select(CustomerIdentity.value).where(
        CustomerIdentity.customer_id == customer_id,
        CustomerIdentity.kind == IdentityKind.PHONE,
    )
    return list(await session.scalars(query.order_by(CustomerIdentity.id)))
