"""`GET /api/v1/kpi`: the KPI report of the server's database, the same JSON as
`tamas report kpi --db ... --format json` (both use tamas.reports.kpi_query).

Managers and admins see every agent's row; a supervisor the rows of its teams' agents
(and its own); an agent its own row only. Queue and interval figures are the center's,
not any agent's, and are the same for everyone allowed here.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.concurrency import run_in_threadpool

from tamas.api.context import ServerContext
from tamas.api.deps import Server, Session, require
from tamas.api.errors import validation_error
from tamas.api.schemas.types import EventName, Title
from tamas.errors import InputError
from tamas.kpi import Calendar, Period
from tamas.org.models import Role, User
from tamas.org.users import visible_agent_names
from tamas.reports.kpi_query import QUESTION_PARTS, KpiQuery

router = APIRouter(tags=["kpi"])
Reader = Annotated[User, Depends(require(Role.AGENT, Role.SUPERVISOR, Role.MANAGER, Role.ADMIN))]
LABELS = {name: name for name in QUESTION_PARTS}
Seconds = Annotated[int, Query(ge=1, le=10 * 365 * 86400)]


@router.get("/kpi", summary="KPI report (docs/kpi.md)")
async def kpi(
    user: Reader,
    context: Server,
    db: Session,
    start: Annotated[
        Title | None, Query(alias="from", description="First moment counted (ISO; local time).")
    ] = None,
    end: Annotated[
        Title | None, Query(alias="to", description="Moment the report stops (ISO; excluded).")
    ] = None,
    queue: Annotated[
        list[EventName] | None, Query(description="Only these queues (repeat for several).")
    ] = None,
    interval: Annotated[int, Query(ge=1, le=1440, description="Interval length, minutes.")] = 30,
    sl_threshold: Seconds = 20,
    short_abandon: Seconds = 5,
    fcr_window: Seconds = 86400,
    tz: Annotated[Title | None, Query(description="Default: the center's time zone.")] = None,
    period: Annotated[
        Period, Query(description="Rows over time (by_interval) by interval, day, week or month.")
    ] = Period.INTERVAL,
    calendar: Annotated[
        Calendar, Query(description="Weeks and months of this calendar.")
    ] = Calendar.GREGORIAN,
) -> dict[str, Any]:
    try:
        query = KpiQuery.parse(
            start=start,
            end=end,
            sl_threshold=sl_threshold,
            short_abandon=short_abandon,
            fcr_window=fcr_window,
            interval=interval,
            tz=tz or context.settings.tz,
            queues=queue,
            labels=LABELS,
            period=period,
            calendar=calendar,
        )
    except InputError as error:
        raise validation_error(error, "query") from None
    return await visible_figures(context, db, user, query)


async def visible_figures(
    context: ServerContext, db: AsyncSession, user: User, query: KpiQuery
) -> dict[str, Any]:
    """The report on the server's log, its agent rows those `user` may see."""
    events = await run_in_threadpool(query.events_from, context.event_log)
    figures = await run_in_threadpool(query.figures_of, events)
    agents = await visible_agent_names(db, user)
    if agents is not None:
        figures["by_agent"] = [row for row in figures["by_agent"] if row["agent"] in agents]
    return figures
