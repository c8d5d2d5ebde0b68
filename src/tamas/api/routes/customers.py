"""Customers: search, read, create, change; their timeline; CSV import. Every read and
change is audited (tamas.crm)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Query, Response, UploadFile, status

from tamas import audit
from tamas.api.deps import Admin, CustomerWorker, Server, Session, require
from tamas.api.routes.params import Limit, Offset, RecordId
from tamas.api.schemas.crm import (
    CustomerCreate,
    CustomerOut,
    CustomerUpdate,
    ImportResult,
    TimelineItemOut,
)
from tamas.api.schemas.types import Title
from tamas.crm import customers
from tamas.crm.importing import import_customers
from tamas.crm.models import Customer
from tamas.crm.timeline import timeline
from tamas.errors import InputError
from tamas.org.models import Role, User

router = APIRouter(prefix="/customers", tags=["customers"])
Importer = Annotated[User, Depends(require(Role.MANAGER, Role.ADMIN))]
MAX_IMPORT_BYTES = 20 * 1024 * 1024


def _identities(body: CustomerCreate | CustomerUpdate):
    if body.identities is None:
        return None
    return [(identity.kind, identity.value) for identity in body.identities]


@router.get("", response_model=list[CustomerOut], summary="Find customers")
async def search(
    user: CustomerWorker,
    context: Server,
    db: Session,
    q: Annotated[
        Title | None,
        Query(description="A phone in any format, e-mail, id, case number or part of a name."),
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
):
    found = await customers.search_customers(
        db, user, q or None, limit, offset, context.settings.phone_region
    )
    await db.commit()
    return found


@router.post("", response_model=CustomerOut, status_code=status.HTTP_201_CREATED)
async def create(body: CustomerCreate, user: CustomerWorker, context: Server, db: Session):
    """Add a customer; each identity (phone, e-mail, id) may belong to one customer only."""
    customer = await customers.create_customer(
        db, user, body.name, _identities(body), context.settings.phone_region
    )
    await db.commit()
    return customer


@router.post("/import", response_model=ImportResult, summary="Import customers from CSV")
async def import_csv(
    file: Annotated[
        UploadFile, File(description="CSV: name, phone, email, national_id, account_id")
    ],
    user: Importer,
    context: Server,
    db: Session,
):
    """All rows or none: the first bad value is answered as a 422 naming line and column."""
    data = await file.read(MAX_IMPORT_BYTES + 1)
    if len(data) > MAX_IMPORT_BYTES:
        raise InputError(f"file: larger than {MAX_IMPORT_BYTES} bytes; split it", field="file")
    source = (file.filename or "upload.csv")[:200]
    count = await import_customers(db, user, data, source, context.settings.phone_region)
    await db.commit()
    return ImportResult(imported=count)


@router.get("/{customer_id}", response_model=CustomerOut, summary="Read a customer")
async def read(customer_id: RecordId, user: CustomerWorker, db: Session):
    customer = await audit.view(db, user, Customer, customer_id)
    await db.commit()
    return customer


@router.get(
    "/{customer_id}/timeline",
    response_model=list[TimelineItemOut],
    summary="Every contact, note, case and follow-up of a customer, newest first",
)
async def read_timeline(customer_id: RecordId, user: CustomerWorker, db: Session):
    items = await timeline(db, user, customer_id)
    await db.commit()
    return items


@router.patch("/{customer_id}", response_model=CustomerOut, summary="Change a customer")
async def update(
    customer_id: RecordId, body: CustomerUpdate, user: CustomerWorker, context: Server, db: Session
):
    customer = await customers.find_customer(db, customer_id)
    changed = await customers.update_customer(
        db, user, customer, body.name, _identities(body), context.settings.phone_region
    )
    await db.commit()
    return changed


@router.delete(
    "/{customer_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove a customer with its cases, notes and follow-ups (admin)",
)
async def delete(customer_id: RecordId, admin: Admin, db: Session) -> Response:
    await customers.delete_customer(db, admin, customer_id)
    await db.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
