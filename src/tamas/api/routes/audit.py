"""The audit log, for admins: who viewed or changed customer data, and admin changes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from tamas import audit
from tamas.api.deps import Admin, Session
from tamas.api.routes.params import Limit, Offset
from tamas.api.schemas.audit import AuditEntryOut
from tamas.api.schemas.types import Title

router = APIRouter(prefix="/audit", tags=["audit"])


@router.get("", response_model=list[AuditEntryOut], summary="Audit entries, newest first")
async def list_entries(
    _admin: Admin,
    db: Session,
    entity: Annotated[Title | None, Query(description="e.g. customers, cases, users")] = None,
    entity_id: Annotated[Title | None, Query()] = None,
    username: Annotated[Title | None, Query()] = None,
    limit: Limit = 100,
    offset: Offset = 0,
):
    return await audit.entries(
        db, entity=entity, entity_id=entity_id, username=username, limit=limit, offset=offset
    )
