"""Cases: an issue of a customer's, owned by someone, handed between departments, with a
due time (SLA) and a history that is only ever appended to.

Status moves only along `TRANSITIONS`: a closed case stays closed (open a new one that
refers to it), a resolved one may be reopened or closed.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from tamas.audit import Actor, AuditAction, record, view
from tamas.crm.customers import find_customer
from tamas.crm.models import Case, CaseChange, CaseStatus, Priority
from tamas.errors import ConflictError
from tamas.org.directory import check_fields

ENTITY = "cases"
TRANSITIONS: dict[CaseStatus, frozenset[CaseStatus]] = {
    CaseStatus.OPEN: frozenset({CaseStatus.PENDING, CaseStatus.ESCALATED, CaseStatus.RESOLVED}),
    CaseStatus.PENDING: frozenset({CaseStatus.OPEN, CaseStatus.ESCALATED, CaseStatus.RESOLVED}),
    CaseStatus.ESCALATED: frozenset({CaseStatus.OPEN, CaseStatus.PENDING, CaseStatus.RESOLVED}),
    CaseStatus.RESOLVED: frozenset({CaseStatus.OPEN, CaseStatus.CLOSED}),
    CaseStatus.CLOSED: frozenset(),
}
DONE = frozenset({CaseStatus.RESOLVED, CaseStatus.CLOSED})
"""Statuses in which a case's due time no longer matters."""
SLA = {
    Priority.URGENT: timedelta(hours=4),
    Priority.HIGH: timedelta(days=1),
    Priority.NORMAL: timedelta(days=3),
    Priority.LOW: timedelta(days=7),
}
"""Time to resolve a case of each priority, when no due time is given."""
CHANGEABLE = (
    "title",
    "description",
    "department_id",
    "priority",
    "status",
    "owner_id",
    "sla_due_at",
)


def check_transition(current: CaseStatus, wanted: CaseStatus) -> None:
    if wanted != current and wanted not in TRANSITIONS[current]:
        allowed = ", ".join(sorted(TRANSITIONS[current])) or "none: it is final"
        raise ConflictError(
            f"status: a {current.value} case cannot become {wanted.value} (allowed: {allowed})",
            field="status",
        )


def _history(
    case: Case, actor: Actor, changes: dict[str, list[Any]], comment: str, at: datetime
) -> CaseChange:
    return CaseChange(
        case_id=case.id,
        at=at,
        actor=actor.username,
        changes=json.dumps(changes, ensure_ascii=False, default=str),
        comment=comment,
    )


async def open_case(
    session: AsyncSession, actor: Actor, fields: dict[str, Any], now: datetime
) -> Case:
    """A new open case; `fields` has customer_id and title, and may have description,
    department_id, priority (default normal), owner_id, sla_due_at (default: now plus the
    priority's SLA) and contact_id."""
    await find_customer(session, fields["customer_id"])
    priority = fields.get("priority") or Priority.NORMAL
    fields = {
        **fields,
        "priority": priority,
        "sla_due_at": fields.get("sla_due_at") or now + SLA[priority],
    }
    await check_fields(session, Case, fields)
    case = Case(
        **fields,
        status=CaseStatus.OPEN,
        created_by=actor.username,
        created_at=now,
        updated_at=now,
    )
    session.add(case)
    await session.flush()
    created = {name: [None, getattr(case, name)] for name in CHANGEABLE if getattr(case, name)}
    session.add(_history(case, actor, created, "opened", now))
    record(session, actor, AuditAction.CREATE, ENTITY, case.id)
    return case


async def change_case(
    session: AsyncSession,
    actor: Actor,
    case: Case,
    fields: dict[str, Any],
    comment: str,
    now: datetime,
) -> Case:
    """Apply the changes in `fields` (status along TRANSITIONS) and append them, with the
    comment, to the case's history."""
    await check_fields(session, Case, fields, current=case)
    if fields.get("status") is not None:
        check_transition(case.status, fields["status"])
    changes = {
        name: [getattr(case, name), value]
        for name, value in fields.items()
        if getattr(case, name) != value
    }
    for name, (_old, new) in changes.items():
        setattr(case, name, new)
    if changes or comment:
        case.updated_at = now
        session.add(_history(case, actor, changes, comment, now))
    record(session, actor, AuditAction.UPDATE, ENTITY, case.id, {"fields": sorted(changes)})
    return case


def cases_query(
    *,
    customer_id: int | None = None,
    status: CaseStatus | None = None,
    owner_id: int | None = None,
    department_id: int | None = None,
    overdue_at: datetime | None = None,
) -> Select[tuple[Case]]:
    """Cases matching every filter given; `overdue_at`: not done and due before then."""
    query = select(Case).order_by(Case.id)
    for column, value in (
        (Case.customer_id, customer_id),
        (Case.status, status),
        (Case.owner_id, owner_id),
        (Case.department_id, department_id),
    ):
        if value is not None:
            query = query.where(column == value)
    if overdue_at is not None:
        query = query.where(Case.sla_due_at < overdue_at, Case.status.not_in(DONE))
    return query


async def case_history(session: AsyncSession, actor: Actor, case_id: int) -> list[CaseChange]:
    await view(session, actor, Case, case_id)
    query = select(CaseChange).where(CaseChange.case_id == case_id).order_by(CaseChange.id)
    return list(await session.scalars(query))
