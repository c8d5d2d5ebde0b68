"""The planner's workspace at /planner: rendered once, then driven by static/js/planner.js
through the planner's JSON API (forecast, special days, staffing, shift templates,
schedule, what-if).

The page carries what the script cannot ask the API for in the reader's language: every
text it writes (data attributes, so the catalog test covers them), the queues to
forecast, and the center's time zone and yesterday's date as the default end of history.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import select

from tamas.api.deps import Session
from tamas.org.models import Queue
from tamas.planning.records import SpecialDayKind
from tamas.web.i18n import N_
from tamas.web.navigation import PLANNER
from tamas.web.pages import Viewer, page_for, render

router = APIRouter()
PlannerViewer = Annotated[Viewer, Depends(page_for(PLANNER))]

KINDS = {
    SpecialDayKind.LAUNCH: N_("Product launch"),
    SpecialDayKind.CAMPAIGN: N_("Campaign"),
    SpecialDayKind.HOLIDAY: N_("Holiday"),
    SpecialDayKind.CLOSED: N_("Closed"),
}
WEEKDAYS = {
    "sat": N_("Saturday"),
    "sun": N_("Sunday"),
    "mon": N_("Monday"),
    "tue": N_("Tuesday"),
    "wed": N_("Wednesday"),
    "thu": N_("Thursday"),
    "fri": N_("Friday"),
}
"""In the order of the Iranian week, as the templates' day boxes show them."""
STEPS = {
    "queued": N_("Waiting for an earlier job to finish…"),
    "history": N_("Reading the history…"),
    "forecast": N_("Fitting the forecast…"),
    "backtest": N_("Scoring the forecast on past weeks…"),
    "solve": N_("Searching for the best schedule…"),
    "simulate": N_("Simulating the day…"),
    "done": N_("Done."),
}
ERRORS = {
    "history_too_short": N_(
        "Not enough history: %(days)s days, need %(need)s. Import more contacts or choose "
        "a later end of history."
    ),
    "no_history": N_("The event log has no contacts for these queues. Import history first."),
    "no_templates": N_("Add at least one shift template before building a schedule."),
    "time_limit": N_(
        "Stopped at the time limit of %(seconds)s s. Ask for less (a shorter horizon, fewer "
        "replications) or allow more time."
    ),
    "no_calls": N_("The plan expects no calls on that day; choose another day."),
    "internal": N_("The job failed inside Tamas. Try again; if it fails again, tell an admin."),
}


@router.get(PLANNER.path, include_in_schema=False)
async def planner(request: Request, viewer: PlannerViewer, db: Session) -> Response:
    queues = (await db.scalars(select(Queue).order_by(Queue.name))).all()
    yesterday = datetime.now(UTC).astimezone(viewer.fmt.zone).date() - timedelta(days=1)
    return render(
        request,
        viewer,
        "planner.html",
        queues=queues,
        yesterday=yesterday.isoformat(),
        kinds=KINDS,
        weekdays=WEEKDAYS,
        steps=STEPS,
        errors={code: viewer.gettext(text) for code, text in ERRORS.items()},
    )
