"""Teams: admins manage them and name their supervisors; a supervisor sees its own."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from tamas.api.deps import Admin, Overseer, Session
from tamas.api.routes.params import Limit, Offset, RecordId
from tamas.api.schemas.org import TeamCreate, TeamOut, TeamUpdate
from tamas.org import directory
from tamas.org.models import Team
from tamas.org.users import team_supervisors, visible_teams

router = APIRouter(prefix="/teams", tags=["teams"])


@router.get("", response_model=list[TeamOut], summary="List the teams you may see")
async def list_teams(viewer: Overseer, db: Session, limit: Limit = 100, offset: Offset = 0):
    return list(await db.scalars(visible_teams(viewer).limit(limit).offset(offset)))


@router.get("/{team_id}", response_model=TeamOut, summary="Read a team")
async def read_team(team_id: RecordId, viewer: Overseer, db: Session):
    return await directory.one_of(db, visible_teams(viewer), Team, team_id)


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
