"""Teams: admins manage them and name their supervisors; a supervisor sees its own."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response, status
from sqlalchemy import select

from tamas.api.deps import Admin, Session, require
from tamas.api.routes.params import Limit, Offset, RecordId
from tamas.api.schemas.org import TeamCreate, TeamOut, TeamUpdate
from tamas.errors import NotFoundError
from tamas.org import directory
from tamas.org.models import Role, Team, TeamSupervisor, User
from tamas.org.users import SEES_EVERYONE, team_supervisors

router = APIRouter(prefix="/teams", tags=["teams"])
Viewer = Annotated[User, Depends(require(Role.SUPERVISOR, Role.MANAGER, Role.PLANNER, Role.ADMIN))]


def _visible(viewer: User):
    query = select(Team).order_by(Team.id)
    if viewer.role in SEES_EVERYONE:
        return query
    led = select(TeamSupervisor.team_id).where(TeamSupervisor.user_id == viewer.id)
    return query.where(Team.id.in_(led))


@router.get("", response_model=list[TeamOut], summary="List the teams you may see")
async def list_teams(viewer: Viewer, db: Session, limit: Limit = 100, offset: Offset = 0):
    return list(await db.scalars(_visible(viewer).limit(limit).offset(offset)))


@router.get("/{team_id}", response_model=TeamOut, summary="Read a team")
async def read_team(team_id: RecordId, viewer: Viewer, db: Session):
    team = await db.scalar(_visible(viewer).where(Team.id == team_id))
    if team is None:
        raise NotFoundError(f"teams {team_id}: not found")
    return team


@router.post("", response_model=TeamOut, status_code=status.HTTP_201_CREATED)
async def create(body: TeamCreate, admin: Admin, db: Session):
    """Add a team (admin); `supervisor_ids` must be users with the supervisor role."""
    fields = body.model_dump()
    fields["supervisors"] = await team_supervisors(db, fields.pop("supervisor_ids"))
    team = await directory.create(db, admin, Team, fields)
    await db.commit()
    return team


@router.patch("/{team_id}", response_model=TeamOut, summary="Change a team (admin)")
async def update(team_id: RecordId, body: TeamUpdate, admin: Admin, db: Session):
    team = await directory.get(db, Team, team_id)
    fields = body.model_dump(exclude_unset=True)
    if "supervisor_ids" in fields:
        fields["supervisors"] = await team_supervisors(db, fields.pop("supervisor_ids") or [])
    await directory.update(db, admin, team, fields)
    await db.commit()
    return team


@router.delete(
    "/{team_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Remove a team (admin)"
)
async def delete(team_id: RecordId, admin: Admin, db: Session) -> Response:
    await directory.delete(db, admin, await directory.get(db, Team, team_id))
    await db.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
