"""`/api/v1/planner`: the planner's chain as JSON (docs/api.md, "Planner").

Special days and shift templates are stored records. The forecast, the schedule and the
what-if are long, so each POST answers 202 with a job to poll at
`GET /planner/jobs/{id}`; staffing (Erlang, milliseconds) answers at once. Planners,
managers and admins only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Annotated, Any, TypeVar
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request, Response, status
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tamas.api.context import ServerContext
from tamas.api.deps import Server, Session, require
from tamas.api.schemas.planner import (
    ForecastIn,
    ScheduleIn,
    ShiftTemplateIn,
    SpecialDayIn,
    StaffingIn,
    WhatIfIn,
)
from tamas.api.schemas.types import Id
from tamas.errors import ConflictError, InputError, NotFoundError
from tamas.org.models import Role, User
from tamas.planning.jobs import Job, JobRunner
from tamas.planning.records import (
    ShiftTemplateRecord,
    SpecialDayRecord,
    shift_file,
)
from tamas.planning.steps import (
    ForecastRequest,
    PlanningError,
    Progress,
    StaffingRequest,
    forecast_step,
    requirements,
    schedule_step,
    staffing_step,
)
from tamas.planning.whatif import WhatIf, what_if_step
from tamas.wfm import Target
from tamas.wfm.schedule import ShiftTemplate

router = APIRouter(prefix="/planner", tags=["planner"])
Planner = Annotated[User, Depends(require(Role.PLANNER, Role.MANAGER, Role.ADMIN))]
SCHEDULE_MARGIN_S = 10
"""The schedule job's limit beyond the solver's own: building the model and the answer."""


def jobs(request: Request) -> JobRunner:
    """This server's job runner, made on first use."""
    state = request.app.state
    if getattr(state, "planner_jobs", None) is None:
        state.planner_jobs = JobRunner()
    return state.planner_jobs


Jobs = Annotated[JobRunner, Depends(jobs)]


def _accepted(response: Response, job: Job) -> dict[str, Any]:
    response.status_code = status.HTTP_202_ACCEPTED
    response.headers["Location"] = f"/api/v1/planner/jobs/{job.id}"
    return job.as_dict()


@router.get("/jobs/{job_id}", summary="A job's progress, and its result or error")
async def job(job_id: str, user: Planner, runner: Jobs) -> dict[str, Any]:
    found = runner.get(job_id, user.id)
    if found is None:
        raise NotFoundError(f"no job {job_id} of yours (jobs are kept while the server runs)")
    return found.as_dict()


# Special days ------------------------------------------------------------------------


Record = TypeVar("Record", SpecialDayRecord, ShiftTemplateRecord)
WHAT = {SpecialDayRecord: "special day", ShiftTemplateRecord: "shift template"}


async def _record(db: AsyncSession, model: type[Record], record_id: int) -> Record:
    record = await db.get(model, record_id)
    if record is None:
        raise NotFoundError(f"no {WHAT[model]} {record_id}")
    return record


async def _remove(db: AsyncSession, model: type[Record], record_id: int) -> Response:
    await db.delete(await _record(db, model, record_id))
    await db.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def _fill_day(record: SpecialDayRecord, body: SpecialDayIn) -> None:
    record.name, record.kind, record.lift = body.name, body.kind, float(body.lift)
    record.start_day, record.end_day = body.start, body.end


@router.get("/special-days", summary="Special days, by first day")
async def special_days(user: Planner, db: Session) -> list[dict[str, Any]]:
    records = await db.scalars(select(SpecialDayRecord).order_by(SpecialDayRecord.start_day))
    return [record.as_dict() for record in records]


@router.post("/special-days", status_code=status.HTTP_201_CREATED, summary="Add a special day")
async def add_special_day(body: SpecialDayIn, user: Planner, db: Session) -> dict[str, Any]:
    record = SpecialDayRecord()
    _fill_day(record, body)
    db.add(record)
    await db.commit()
    return record.as_dict()


@router.put("/special-days/{day_id}", summary="Change a special day")
async def change_special_day(
    day_id: Id, body: SpecialDayIn, user: Planner, db: Session
) -> dict[str, Any]:
    record = await _record(db, SpecialDayRecord, day_id)
    _fill_day(record, body)
    await db.commit()
    return record.as_dict()


@router.delete(
    "/special-days/{day_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Remove one"
)
async def remove_special_day(day_id: Id, user: Planner, db: Session) -> Response:
    return await _remove(db, SpecialDayRecord, day_id)


# Shift templates ---------------------------------------------------------------------


def _template(body: ShiftTemplateIn) -> ShiftTemplate:
    """The body checked as the shift file's `[[shift]]`; a problem names its field."""
    try:
        return ShiftTemplate.model_validate(body.model_dump(exclude_none=True))
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        raise InputError(f"{where}: {message}" if where else message, field=where) from None


async def _check_name(db: AsyncSession, name: str, own_id: int | None) -> None:
    same = await db.scalar(select(ShiftTemplateRecord).where(ShiftTemplateRecord.name == name))
    if same is not None and same.id != own_id:
        raise ConflictError(f"a shift template is already named {name!r}")


@router.get("/shift-templates", summary="Shift templates with their break rules")
async def shift_templates(user: Planner, db: Session) -> list[dict[str, Any]]:
    records = await db.scalars(select(ShiftTemplateRecord).order_by(ShiftTemplateRecord.name))
    return [record.as_dict() for record in records]


@router.post("/shift-templates", status_code=status.HTTP_201_CREATED, summary="Add a template")
async def add_shift_template(body: ShiftTemplateIn, user: Planner, db: Session) -> dict[str, Any]:
    template = _template(body)
    await _check_name(db, template.name, None)
    record = ShiftTemplateRecord()
    record.fill(template)
    db.add(record)
    await db.commit()
    return record.as_dict()


@router.put("/shift-templates/{template_id}", summary="Change a template")
async def change_shift_template(
    template_id: Id, body: ShiftTemplateIn, user: Planner, db: Session
) -> dict[str, Any]:
    record = await _record(db, ShiftTemplateRecord, template_id)
    template = _template(body)
    await _check_name(db, template.name, record.id)
    record.fill(template)
    await db.commit()
    return record.as_dict()


@router.delete(
    "/shift-templates/{template_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Remove one"
)
async def remove_shift_template(template_id: Id, user: Planner, db: Session) -> Response:
    return await _remove(db, ShiftTemplateRecord, template_id)


# The chain ---------------------------------------------------------------------------


def _yesterday(context: ServerContext) -> date:
    return datetime.now(ZoneInfo(context.settings.tz)).date() - timedelta(days=1)


@router.post("/forecast", summary="Start a forecast with its backtest (a job)")
async def forecast(
    body: ForecastIn, user: Planner, db: Session, context: Server, runner: Jobs, response: Response
) -> dict[str, Any]:
    days = await db.scalars(select(SpecialDayRecord))
    request = ForecastRequest(
        freq=body.freq,
        horizon_days=body.horizon_days,
        level=body.level,
        countries=tuple(code.upper() for code in body.holidays),
        special_days=tuple(record.special_day() for record in days),
        history_until=body.history_until or _yesterday(context),
        backtest_windows=body.backtest_windows,
        queues=tuple(body.queues),
    )
    log, tz = context.event_log, context.settings.tz

    def work(progress: Progress, in_time: Callable[[], bool]) -> dict[str, Any]:
        progress("history", 0.0)
        events = log.read(queues=list(request.queues) or None, columns=("ts", "type", "queue"))
        return forecast_step(events, tz, request, progress)

    return _accepted(response, runner.submit("forecast", user.id, body.time_limit_s, work))


def _local(moments: list[datetime]) -> list[datetime]:
    """Rows' starts as local wall-clock times (an offset, if given, is dropped)."""
    return [moment.replace(tzinfo=None) for moment in moments]


@router.post("/staffing", summary="Agents needed per interval (Erlang C or A)")
async def staffing(body: StaffingIn, user: Planner) -> dict[str, Any]:
    request = StaffingRequest(
        ds=_local([row.ds for row in body.rows]),
        calls=[row.calls for row in body.rows],
        interval_min=body.interval_min,
        aht_s=body.aht_s,
        target=Target(
            service_level=body.target_sl,
            threshold_s=body.threshold_s,
            max_occupancy=body.max_occupancy,
        ),
        shrinkage=body.shrinkage,
        patience_s=body.patience_s if body.model == "erlang_a" else None,
    )
    return staffing_step(request)


@router.post("/schedule", summary="Shifts and breaks covering a staffing plan (a job)")
async def schedule(
    body: ScheduleIn, user: Planner, db: Session, runner: Jobs, response: Response
) -> dict[str, Any]:
    records = list(await db.scalars(select(ShiftTemplateRecord).order_by(ShiftTemplateRecord.name)))
    if not records:
        raise PlanningError(
            "no_templates", "no shift templates yet: add at least one before scheduling"
        )
    rules = shift_file(records)
    need = requirements(
        _local([row.ds for row in body.rows]), [row.agents for row in body.rows], body.interval_min
    )
    limit = body.time_limit_s

    def work(progress: Progress, in_time: Callable[[], bool]) -> dict[str, Any]:
        return schedule_step(need, rules, limit, progress)

    job = runner.submit("schedule", user.id, limit + SCHEDULE_MARGIN_S, work)
    return _accepted(response, job)


@router.post("/what-if", summary="Simulate one day of the plan, changed (a job)")
async def what_if(
    body: WhatIfIn, user: Planner, context: Server, runner: Jobs, response: Response
) -> dict[str, Any]:
    per_day = 24 * 60 // body.interval_min
    calls, agents = [0.0] * per_day, [0] * per_day
    midnight = datetime.combine(body.day, datetime.min.time())
    for n, row in enumerate(body.rows):
        minutes = (row.ds.replace(tzinfo=None) - midnight).total_seconds() / 60
        slot = int(minutes // body.interval_min)
        if not 0 <= slot < per_day or minutes % body.interval_min:
            raise InputError(
                f"rows[{n}].ds: {row.ds:%Y-%m-%dT%H:%M} is not the start of a "
                f"{body.interval_min}-minute interval of {body.day}",
                field="rows",
            )
        calls[slot], agents[slot] = row.calls, row.agents
    what = WhatIf(
        day=body.day,
        interval_min=body.interval_min,
        calls=tuple(calls),
        agents=tuple(agents),
        aht_s=body.aht_s,
        patience_s=body.patience_s,
        sl_threshold_s=body.threshold_s,
        tz=context.settings.tz,
        agents_delta=body.agents_delta,
        calls_pct=body.calls_pct,
        aht_pct=body.aht_pct,
        replications=body.replications,
    )

    def work(progress: Progress, in_time: Callable[[], bool]) -> dict[str, Any]:
        return what_if_step(what, progress, in_time)

    return _accepted(response, runner.submit("what-if", user.id, body.time_limit_s, work))
