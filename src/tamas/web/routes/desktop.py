"""The agent desktop at /desktop: rendered once, then kept live by static/js/desktop.js.

The page carries what the script cannot ask the API for in the reader's language: the
translated labels (data attributes, so the catalog test covers them), the queues and
departments to transfer to, and each queue's wrap-up codes. The script opens the live
stream, shows the agent's state and the screen pop, and posts the actions.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import select

from tamas.api.deps import Server, Session
from tamas.api.routes.kpi import visible_figures
from tamas.crm.models import Disposition
from tamas.kpi import KpiDefinitions
from tamas.org.models import Department, Queue
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
    queues = (await db.scalars(select(Queue).order_by(Queue.name))).all()
    departments = (await db.scalars(select(Department).order_by(Department.name))).all()
    codes = await db.scalars(
        select(Disposition).where(Disposition.active).order_by(Disposition.code)
    )
    by_queue = {queue.id: queue.name for queue in queues}
    dispositions: dict[str, list[list[str]]] = {queue.name: [] for queue in queues}
    for code in codes:
        dispositions[by_queue[code.queue_id]].append([code.code, code.title or code.code])
    mine = next((row for row in figures["by_agent"] if row["agent"] == agent.agent_name), None)
    return render(
        request,
        viewer,
        "desktop.html",
        figures=mine,
        today=now,
        pause_reasons=labels.PAUSE_REASONS,
        queues=queues,
        departments=departments,
        dispositions=dispositions,
        q="",
    )
