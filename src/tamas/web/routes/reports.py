"""The reports page at /reports, the contacts behind a figure at /reports/contacts, and
the same report as CSV, XLSX and PDF at /reports/export.{csv,xlsx,pdf}.

Every address takes the same form fields (from, to, queue, team, agent, period), so a
link or an export is exactly the report on the screen (see `tamas.web.report_view`).
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from tamas.api.deps import Server, Session
from tamas.crm.identities import normalize_phone
from tamas.crm.models import CustomerIdentity, IdentityKind
from tamas.errors import InputError
from tamas.kpi import ContactFilter, Period
from tamas.reports import write_csv, write_xlsx
from tamas.reports.kpi_pdf import write_pdf
from tamas.web import report_document
from tamas.web.navigation import REPORTS
from tamas.web.pages import PageError, Viewer, page_for, render
from tamas.web.report_document import chart_locale, pdf_report
from tamas.web.report_view import (
    OUTCOME_CHOICES,
    PERIODS,
    Choices,
    ReportForm,
    choices_for,
    read_form,
    report_contacts,
    report_figures,
)

router = APIRouter()
ReportViewer = Annotated[Viewer, Depends(page_for(REPORTS))]
EXPORTS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


async def _form(request: Request, viewer: Viewer, db: Session) -> tuple[ReportForm, Choices]:
    choices = await choices_for(db, viewer)
    params = dict(request.query_params)
    return await read_form(params, viewer, db, choices, datetime.now(UTC)), choices


@router.get(REPORTS.path, include_in_schema=False)
async def reports_page(
    request: Request, viewer: ReportViewer, context: Server, db: Session
) -> Response:
    form, choices = await _form(request, viewer, db)
    figures = None
    if form.query is not None:
        figures = await run_in_threadpool(
            report_figures, form.query, form.agents, context.event_log
        )
    return _report_page(request, viewer, form, choices, figures)


def _report_page(
    request: Request,
    viewer: Viewer,
    form: ReportForm,
    choices: Choices,
    figures: dict[str, Any] | None,
) -> Response:
    """The report page: the form, and the report when the form could be read."""
    drill = {k: v for k, v in form.values.items() if k != "agent" and v}
    return render(
        request,
        viewer,
        "reports/report.html",
        status=400 if form.errors else 200,
        form=form,
        options=choices.options(viewer),
        periods=PERIODS,
        figures=figures,
        query_string=urlencode({k: v for k, v in form.values.items() if v}),
        drill_query=urlencode(drill),
        doc=report_document,
        viewer=viewer,
        today=viewer.fmt.today(datetime.now(UTC)),
        chart_locale=chart_locale(viewer),
        agent_names=choices.agent_names(),
        heat=report_document.heatmap(figures, viewer) if figures else [],
        charts=report_document.chart_data(figures, viewer) if figures else {},
    )


@router.get(f"{REPORTS.path}/contacts", include_in_schema=False)
async def contacts_page(
    request: Request, viewer: ReportViewer, context: Server, db: Session
) -> Response:
    form, choices = await _form(request, viewer, db)
    if form.query is None:
        return _report_page(request, viewer, form, choices, None)
    wanted = _contact_filter(request, viewer, form)
    total, rows = await run_in_threadpool(
        report_contacts, form.query, form.agents, wanted, context.event_log
    )
    owners = await _customers_of(db, [row["caller"] for row in rows], context.settings.phone_region)
    return render(
        request,
        viewer,
        "reports/contacts.html",
        form=form,
        wanted=wanted,
        total=total,
        rows=rows,
        owners=owners,
        periods=PERIODS,
        doc=report_document,
        agent_names=choices.agent_names(),
        report_link=_report_link(request),
    )


def _contact_filter(request: Request, viewer: Viewer, form: ReportForm) -> ContactFilter:
    """Which contacts: the drill-down's own fields (outcome, at: the period's start as
    ISO time) on top of the report's queue and agent."""
    assert form.query is not None
    params = request.query_params
    outcome = params.get("outcome") or None
    if outcome is not None and outcome not in OUTCOME_CHOICES:
        raise PageError(viewer, 400, viewer.gettext("There is no such outcome."))
    at = None
    if params.get("at"):
        try:
            at = datetime.fromisoformat(params["at"])
        except ValueError:
            raise PageError(viewer, 400, viewer.gettext("There is no such period.")) from None
        if at.tzinfo is None:
            raise PageError(viewer, 400, viewer.gettext("There is no such period."))
        at = at.astimezone(UTC)
    return ContactFilter(
        queue=form.values["queue"] or None,
        agent=form.values["agent"] or None,
        outcome=outcome,
        period_start=at,
        grouping=form.query.grouping,
    )


def _report_link(request: Request) -> str:
    """The report the drill-down came from: its form's fields without the drill-down's."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k not in ("outcome", "at")]
    return f"{REPORTS.path}?{urlencode(kept)}"


async def _customers_of(db: Session, callers: list[str | None], region: str) -> dict[str, int]:
    """The customer id of each caller whose number is a customer's phone."""
    phones: dict[str, str] = {}
    for caller in {c for c in callers if c}:
        try:
            phones[normalize_phone(caller, region)] = caller
        except InputError:
            continue
    if not phones:
        return {}
    found = await db.execute(
        select(CustomerIdentity.value, CustomerIdentity.customer_id).where(
            CustomerIdentity.kind == IdentityKind.PHONE, CustomerIdentity.value.in_(phones)
        )
    )
    return {phones[value]: customer for value, customer in found.all()}


@router.get(REPORTS.path + "/export.{kind}", include_in_schema=False)
async def export(
    kind: str, request: Request, viewer: ReportViewer, context: Server, db: Session
) -> Response:
    if kind not in EXPORTS:
        raise PageError(viewer, 404, viewer.gettext("There is no such export."))
    form, _choices = await _form(request, viewer, db)
    if form.query is None:
        raise PageError(viewer, 400, " ".join(form.errors.values()))
    figures = await run_in_threadpool(report_figures, form.query, form.agents, context.event_log)
    stream = io.BytesIO()
    if kind == "csv":
        text = io.StringIO()
        write_csv(figures, text)
        stream.write(text.getvalue().encode("utf-8"))
    elif kind == "xlsx":
        write_xlsx(figures, stream)
    else:
        write_pdf(pdf_report(figures, form, viewer), stream)
    period = Period(form.values["period"])
    name = f"tamas-report-{form.first_day}-{form.last_day}-{period}.{kind}"
    return Response(
        stream.getvalue(),
        media_type=EXPORTS[kind],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
