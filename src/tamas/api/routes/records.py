"""Departments, skills and queues: records an admin keeps and everyone signed in reads.

They share one shape of routes (list, read, create, change, remove), made by
`record_routes` so that each behaves the same. (No `from __future__ import annotations`
here: FastAPI reads the body types of the generated routes at run time.)
"""

from typing import Annotated

from fastapi import APIRouter, Body, Response, status
from pydantic import BaseModel

from tamas.api.deps import Admin, AnyRole, Session
from tamas.api.routes.params import Limit, Offset, RecordId
from tamas.api.schemas import org as schemas
from tamas.org import directory
from tamas.org.models import Department, Queue, Skill
from tamas.store.orm import Base


def record_routes(
    model: type[Base],
    create: type[BaseModel],
    update: type[BaseModel],
    out: type[BaseModel],
    router: APIRouter | None = None,
) -> APIRouter:
    """List/read for any role; create/change/remove for admins (audited)."""
    name = directory.entity_name(model)
    router = router or APIRouter(prefix=f"/{name}", tags=[name])

    @router.get("", response_model=list[out], summary=f"List {name}")
    async def list_records(_user: AnyRole, db: Session, limit: Limit = 100, offset: Offset = 0):
        return await directory.list_all(db, model, limit, offset)

    @router.get("/{record_id}", response_model=out, summary=f"Read one of {name}")
    async def read_record(record_id: RecordId, _user: AnyRole, db: Session):
        return await directory.get(db, model, record_id)

    @router.post(
        "", response_model=out, status_code=status.HTTP_201_CREATED, summary=f"Add to {name}"
    )
    async def create_record(body: Annotated[create, Body()], user: Admin, db: Session):
        created = await directory.create(db, user, model, body.model_dump())
        await db.commit()
        return created

    @router.patch("/{record_id}", response_model=out, summary=f"Change one of {name}")
    async def update_record(
        record_id: RecordId, body: Annotated[update, Body()], user: Admin, db: Session
    ):
        target = await directory.get(db, model, record_id)
        changed = await directory.update(db, user, target, body.model_dump(exclude_unset=True))
        await db.commit()
        return changed

    @router.delete(
        "/{record_id}", status_code=status.HTTP_204_NO_CONTENT, summary=f"Remove from {name}"
    )
    async def delete_record(record_id: RecordId, user: Admin, db: Session) -> Response:
        await directory.delete(db, user, await directory.get(db, model, record_id))
        await db.commit()
        return Response(status_code=status.HTTP_204_NO_CONTENT)

    return router


departments = record_routes(
    Department, schemas.DepartmentCreate, schemas.DepartmentUpdate, schemas.DepartmentOut
)
skills = record_routes(Skill, schemas.SkillCreate, schemas.SkillUpdate, schemas.SkillOut)
queues = record_routes(Queue, schemas.QueueCreate, schemas.QueueUpdate, schemas.QueueOut)
