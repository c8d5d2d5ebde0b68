"""The administrators' list of users and the teams they belong to."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from tamas.api.deps import Session
from tamas.org.users import visible_teams, visible_users
from tamas.web.navigation import USERS
from tamas.web.pages import Viewer, page_for, render

router = APIRouter()


@router.get(USERS.path, include_in_schema=False)
async def users_page(
    request: Request, db: Session, viewer: Annotated[Viewer, Depends(page_for(USERS))]
) -> Response:
    people = list(await db.scalars(visible_users(viewer.signed_in)))
    teams: dict[int | None, str] = {
        team.id: team.name for team in await db.scalars(visible_teams(viewer.signed_in))
    }
    return render(request, viewer, "users.html", people=people, teams=teams)
