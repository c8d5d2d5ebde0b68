"""Cases: open, find (overdue ones too), read, change along the allowed statuses, and
their history."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, status

from tamas import audit
from tamas.api.deps import CustomerWorker, Session
from tamas.api.routes.params import Limit, Offset, RecordId
from tamas.api.schemas.crm import CaseChangeOut, CaseCreate, CaseOut, CaseUpdate
from tamas.api.schemas.types import Id
from tamas.crm import cases
from tamas.crm.models import Case, CaseStatus

router = APIRouter(prefix="/cases", tags=["cases"])


@router.get("", response_model=list[CaseOut], summary="Find cases")
async def search(
    user: CustomerWorker,
    db: Session,
    customer_id: Annotated[Id | None, Query()] = None,
    status_: Annotated[CaseStatus | None, Query(alias="status")] = None,
    owner_id: Annotated[Id | None, Query()] = None,
    department_id: Annotated[Id | None, Query()] = None,
    overdue: Annotated[
        bool, Query(description="Only cases past their due time, not done.")
    ] = False,
    limit: Limit = 50,
    offset: Offset = 0,
):
    query = cases.cases_query(
        customer_id=customer_id,
        status=status_,
        owner_id=owner_id,
        department_id=department_id,
        overdue_at=datetime.now(UTC) if overdue else None,
    )
    filters = {"customer_id": customer_id, "status": status_, "overdue": overdue}
    found = await audit.search(db, user, cases.ENTITY, query, limit, offset, filters)
    await db.commit()
    return found


@router.post("", response_model=CaseOut, status_code=status.HTTP_201_CREATED)
async def create(body: CaseCreate, user: CustomerWorker, db: Session):
    """Open a case for a customer; the due time defaults to now plus the priority's SLA."""
    case = await cases.open_case(db, user, body.model_dump(), datetime.now(UTC))
    await db.commit()
    return case


@router.get("/{case_id}", response_model=CaseOut, summary="Read a case")
async def read(case_id: RecordId, user: CustomerWorker, db: Session):
    case = await audit.view(db, user, Case, case_id)
    await db.commit()
    return case


@router.patch("/{case_id}", response_model=CaseOut)
async def update(case_id: RecordId, body: CaseUpdate, user: CustomerWorker, db: Session):
    """Change a case: hand it to a department, escalate, resolve...; a status change must
    follow the allowed transitions (409 otherwise). Appends to the history."""
    case = await audit.view(db, user, Case, case_id)
    fields = body.model_dump(exclude_unset=True)
    comment = fields.pop("comment", "")
    changed = await cases.change_case(db, user, case, fields, comment, datetime.now(UTC))
    await db.commit()
    return changed


@router.get("/{case_id}/history", response_model=list[CaseChangeOut], summary="A case's history")
async def history(case_id: RecordId, user: CustomerWorker, db: Session):
    changes = await cases.case_history(db, user, case_id)
    await db.commit()
    return changes
