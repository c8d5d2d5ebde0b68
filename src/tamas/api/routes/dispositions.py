"""A queue's wrap-up codes: everyone reads them (agents choose one after each contact),
admins keep them."""

from __future__ import annotations

from fastapi import APIRouter, Response, status
from sqlalchemy import select

from tamas.api.deps import Admin, AnyRole, Session
from tamas.api.routes.params import RecordId
from tamas.api.schemas.org import DispositionCreate, DispositionOut, DispositionUpdate
from tamas.crm.models import Disposition
from tamas.errors import NotFoundError
from tamas.org import directory
from tamas.org.models import Queue

router = APIRouter(prefix="/queues/{queue_id}/dispositions", tags=["dispositions"])


async def _disposition(db: Session, queue_id: int, disposition_id: int) -> Disposition:
    found = await db.get(Disposition, disposition_id)
    if found is None or found.queue_id != queue_id:
        raise NotFoundError(f"queue {queue_id} has no disposition {disposition_id}")
    return found


@router.get("", response_model=list[DispositionOut], summary="A queue's wrap-up codes")
async def list_dispositions(queue_id: RecordId, _user: AnyRole, db: Session):
    await directory.get(db, Queue, queue_id)
    query = select(Disposition).where(Disposition.queue_id == queue_id).order_by(Disposition.code)
    return list(await db.scalars(query))


@router.post("", response_model=DispositionOut, status_code=status.HTTP_201_CREATED)
async def create(queue_id: RecordId, body: DispositionCreate, admin: Admin, db: Session):
    """Add a wrap-up code to a queue (admin); codes are unique within a queue."""
    await directory.get(db, Queue, queue_id)
    taken = await db.scalar(
        select(Disposition).where(Disposition.queue_id == queue_id, Disposition.code == body.code)
    )
    if taken is not None:
        raise directory.taken("code", body.code)
    created = await directory.create(
        db, admin, Disposition, {"queue_id": queue_id, **body.model_dump()}
    )
    await db.commit()
    return created


@router.patch("/{disposition_id}", response_model=DispositionOut)
async def update(
    queue_id: RecordId,
    disposition_id: RecordId,
    body: DispositionUpdate,
    admin: Admin,
    db: Session,
):
    """Change a wrap-up code (admin); retire it with `active: false` to keep history readable."""
    target = await _disposition(db, queue_id, disposition_id)
    changed = await directory.update(db, admin, target, body.model_dump(exclude_unset=True))
    await db.commit()
    return changed


@router.delete("/{disposition_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete(queue_id: RecordId, disposition_id: RecordId, admin: Admin, db: Session):
    """Remove a wrap-up code (admin)."""
    await directory.delete(db, admin, await _disposition(db, queue_id, disposition_id))
    await db.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
