"""Notes on customers, contacts and cases: written, listed, never edited."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, status

from tamas import audit
from tamas.api.deps import CustomerWorker, Session
from tamas.api.routes.params import Limit, Offset, RecordId
from tamas.api.schemas.crm import NoteCreate, NoteOut
from tamas.api.schemas.types import Id
from tamas.crm import notes
from tamas.crm.models import Note

router = APIRouter(prefix="/notes", tags=["notes"])


@router.get("", response_model=list[NoteOut], summary="Notes of a customer or a case")
async def search(
    user: CustomerWorker,
    db: Session,
    customer_id: Annotated[Id | None, Query()] = None,
    case_id: Annotated[Id | None, Query()] = None,
    limit: Limit = 50,
    offset: Offset = 0,
):
    query = notes.notes_query(customer_id=customer_id, case_id=case_id)
    filters = {"customer_id": customer_id, "case_id": case_id}
    found = await audit.search(db, user, notes.ENTITY, query, limit, offset, filters)
    await db.commit()
    return found


@router.post("", response_model=NoteOut, status_code=status.HTTP_201_CREATED)
async def create(body: NoteCreate, user: CustomerWorker, db: Session):
    """Write a note on a customer, optionally about one of its cases or contacts."""
    note = await notes.add_note(
        db, user, body.customer_id, body.body, datetime.now(UTC), body.case_id, body.contact_id
    )
    await db.commit()
    return note


@router.get("/{note_id}", response_model=NoteOut, summary="Read a note")
async def read(note_id: RecordId, user: CustomerWorker, db: Session):
    note = await audit.view(db, user, Note, note_id)
    await db.commit()
    return note
