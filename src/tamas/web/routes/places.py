"""The pages of the roles whose work comes in later versions (wallboard, reports),
saying so plainly instead of showing figures that are not real; and the
administrators' list of users.

(No `from __future__ import annotations`: FastAPI reads the annotations of the pages
made in `placeholder` at run time.)
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from tamas.api.deps import Session
from tamas.org.users import visible_teams, visible_users
from tamas.web.i18n import N_
from tamas.web.navigation import REPORTS, USERS, WALLBOARD, Place
from tamas.web.pages import Viewer, page_for, render

router = APIRouter()

COMING = {
    WALLBOARD: N_(
        "The wallboard will show each queue live: contacts waiting, the longest wait, "
        "agents by state and today's service level against its target."
    ),
    REPORTS: N_(
        "Reports will show service level, abandonment, first contact resolution and "
        "agent performance over any range of days, with charts and exports."
    ),
}


def placeholder(place: Place) -> None:
    async def page(
        request: Request, viewer: Annotated[Viewer, Depends(page_for(place))]
    ) -> Response:
        return render(request, viewer, "placeholder.html", title=place.label, coming=COMING[place])

    router.add_api_route(place.path, page, methods=["GET"], include_in_schema=False)


for coming in COMING:
    placeholder(coming)


@router.get(USERS.path, include_in_schema=False)
async def users_page(
    request: Request, db: Session, viewer: Annotated[Viewer, Depends(page_for(USERS))]
) -> Response:
    people = list(await db.scalars(visible_users(viewer.signed_in)))
    teams: dict[int | None, str] = {
        team.id: team.name for team in await db.scalars(visible_teams(viewer.signed_in))
    }
    return render(request, viewer, "users.html", people=people, teams=teams)
