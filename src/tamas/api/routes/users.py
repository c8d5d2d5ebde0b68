"""Users: admins manage them; supervisors see their teams, managers and planners all."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from tamas.api.deps import Admin, Overseer, Session
from tamas.api.routes.params import Limit, Offset, RecordId
from tamas.api.schemas.org import UserCreate, UserOut, UserUpdate
from tamas.errors import ConflictError
from tamas.org import directory
from tamas.org.models import User
from tamas.org.users import create_user, update_user, visible_users

router = APIRouter(prefix="/users", tags=["users"])


@router.get("", response_model=list[UserOut], summary="List the users you may see")
async def list_users(viewer: Overseer, db: Session, limit: Limit = 100, offset: Offset = 0):
    return list(await db.scalars(visible_users(viewer).limit(limit).offset(offset)))


@router.get("/{user_id}", response_model=UserOut, summary="Read a user")
async def read_user(user_id: RecordId, viewer: Overseer, db: Session):
    return await directory.one_of(db, visible_users(viewer), User, user_id)


@router.post("", response_model=UserOut, status_code=status.HTTP_201_CREATED)
async def create(body: UserCreate, admin: Admin, db: Session):
    """Add a user (admin). Agents' `agent_name` defaults to the username."""
    user = await create_user(db, admin, body.model_dump())
    await db.commit()
    return user


@router.patch("/{user_id}", response_model=UserOut, summary="Change a user (admin)")
async def update(user_id: RecordId, body: UserUpdate, admin: Admin, db: Session):
    user = await directory.get(db, User, user_id)
    fields = body.model_dump(exclude_unset=True)
    if user.id == admin.id and {"role", "active"} & fields.keys():
        raise ConflictError("role, active: an admin cannot demote or deactivate itself")
    changed = await update_user(db, admin, user, fields)
    await db.commit()
    return changed


@router.delete(
    "/{user_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Remove a user (admin)"
)
async def delete(user_id: RecordId, admin: Admin, db: Session) -> Response:
    if user_id == admin.id:
        raise ConflictError("an admin cannot remove its own account")
    await directory.delete(db, admin, await directory.get(db, User, user_id))
    await db.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
