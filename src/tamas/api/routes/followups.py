"""Follow-ups and callbacks: scheduled, listed (an agent's own; overdue ones), changed,
done."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, status

from tamas import audit
from tamas.api.deps import CustomerWorker, Server, Session
from tamas.api.routes.params import Limit, Offset, RecordId
from tamas.api.schemas.crm import FollowUpCreate, FollowUpOut, FollowUpUpdate
from tamas.api.schemas.types import Id
from tamas.crm import followups
from tamas.crm.models import FollowUp
from tamas.org.models import Role

router = APIRouter(prefix="/follow-ups", tags=["follow-ups"])


@router.get("", response_model=list[FollowUpOut], summary="Follow-ups by due time")
async def search(
    user: CustomerWorker,
    db: Session,
    owner_id: Annotated[Id | None, Query(description="Agents always see their own.")] = None,
    customer_id: Annotated[Id | None, Query()] = None,
    open_only: Annotated[bool, Query(alias="open", description="Only those not done.")] = False,
    overdue: Annotated[bool, Query(description="Only those not done and past due.")] = False,
    limit: Limit = 50,
    offset: Offset = 0,
):
    if user.role is Role.AGENT:
        owner_id = user.id
    query = followups.follow_ups_query(
        owner_id=owner_id,
        customer_id=customer_id,
        open_only=open_only,
        overdue_at=datetime.now(UTC) if overdue else None,
    )
    filters = {"owner_id": owner_id, "customer_id": customer_id, "overdue": overdue}
    found = await audit.search(db, user, followups.ENTITY, query, limit, offset, filters)
    await db.commit()
    return found


@router.post("", response_model=FollowUpOut, status_code=status.HTTP_201_CREATED)
async def create(body: FollowUpCreate, user: CustomerWorker, context: Server, db: Session):
    """Schedule a follow-up or a callback (for whoever creates it, unless `owner_id`)."""
    fields = body.model_dump()
    fields["owner_id"] = fields["owner_id"] or user.id
    follow_up = await followups.schedule(db, user, fields, context.settings.phone_region)
    await db.commit()
    return follow_up


@router.get("/{follow_up_id}", response_model=FollowUpOut, summary="Read a follow-up")
async def read(follow_up_id: RecordId, user: CustomerWorker, db: Session):
    follow_up = await audit.view(db, user, FollowUp, follow_up_id)
    await db.commit()
    return follow_up


@router.patch("/{follow_up_id}", response_model=FollowUpOut, summary="Change or finish one")
async def update(follow_up_id: RecordId, body: FollowUpUpdate, user: CustomerWorker, db: Session):
    follow_up = await audit.view(db, user, FollowUp, follow_up_id)
    changed = await followups.change_follow_up(
        db, user, follow_up, body.model_dump(exclude_unset=True), datetime.now(UTC)
    )
    await db.commit()
    return changed
