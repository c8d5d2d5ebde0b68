"""The agent desktop at /desktop: the frame the live service fills in.

Until the server runs the live router, the page shows only what is real: who is signed
in, the agent's figures of today from the KPI engine (the rows `GET /api/v1/kpi` gives
this agent), and the customer search. The state controls, the incoming contact and the
wrap-up form have their places and say that they come with the live service.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from tamas.api.deps import Server, Session
from tamas.api.routes.kpi import visible_figures
from tamas.kpi import KpiDefinitions
from tamas.reports.kpi_query import KpiQuery
from tamas.web import labels
from tamas.web.navigation import DESKTOP
from tamas.web.pages import Viewer, page_for, render

router = APIRouter()
DesktopViewer = Annotated[Viewer, Depends(page_for(DESKTOP))]


@router.get(DESKTOP.path, include_in_schema=False)
async def desktop(
    request: Request, viewer: DesktopViewer, context: Server, db: Session
) -> Response:
    agent = viewer.signed_in
    now = datetime.now(UTC)
    today = KpiQuery(
        definitions=KpiDefinitions(tz=viewer.fmt.zone.key),
        start=viewer.fmt.start_of_day(now),
        end=None,
        queues=None,
    )
    figures = await visible_figures(context, db, agent, today)
    mine = next((row for row in figures["by_agent"] if row["agent"] == agent.agent_name), None)
    return render(
        request,
        viewer,
        "desktop.html",
        figures=mine,
        today=now,
        pause_reasons=labels.PAUSE_REASONS,
        q="",
    )
