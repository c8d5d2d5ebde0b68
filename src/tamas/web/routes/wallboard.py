"""The supervisor's wallboard at /wallboard: rendered once with the current snapshot,
then kept live by static/js/wallboard.js from `GET /api/v1/wallboard/stream`.

`?tv=1` is the same board for a screen on the wall: large type, no navigation or
controls, and a button for the browser's full screen. The page carries the translated
texts the script writes (data attributes, so the catalogs hold them), and the form that
changes a queue's targets, which works without the script.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from tamas.api.deps import Server, Session
from tamas.api.routes.wallboard import snapshot_out
from tamas.errors import InputError
from tamas.org.users import visible_agent_names
from tamas.wallboard.targets import queue_targets, set_targets
from tamas.web import labels
from tamas.web.i18n import N_
from tamas.web.navigation import WALLBOARD
from tamas.web.pages import CheckedForm, PageError, Viewer, page_for, render, see_other

router = APIRouter()
WallboardViewer = Annotated[Viewer, Depends(page_for(WALLBOARD))]
TARGETS_PATH = f"{WALLBOARD.path}/targets"
PERCENT_FIELDS = ("service_level", "abandon_rate")
"""Shares a person types as percentages (80 for 0.8)."""
SECONDS_FIELDS = ("sl_threshold_s", "max_wait_s", "asa_s", "aht_s")
AGENT_STATES = {
    "logged_out": N_("Logged out"),
    "ready": N_("Ready"),
    "reserved": N_("Ringing"),
    "busy": N_("On a contact"),
    "wrap_up": N_("Wrap-up"),
    "paused": N_("Paused"),
}
"""The router's agent states (`tamas.acd.AgentState`) as the desktop names them."""
STATUSES = {
    "on_target": N_("On target"),
    "at_risk": N_("At risk"),
    "missed": N_("Missed"),
    "no_data": N_("Not measured yet"),
}
"""A figure against its target (`tamas.wallboard.Status`)."""
FIGURES = {
    "offered": N_("Offered"),
    "answered": N_("Answered"),
    "abandoned": N_("Abandoned"),
    "service_level": N_("Service level"),
    "projected_service_level": N_("Service level projected for the next interval"),
    "abandon_rate": N_("Abandon rate"),
    "asa_s": N_("Average speed of answer"),
    "aht_s": N_("Average handling time"),
    "longest_wait_s": N_("Longest wait"),
}
"""Today's figures of a queue, as the wallboard and its alerts name them."""
TARGET_LABELS = {
    "service_level": N_("Service level target, percent"),
    "sl_threshold_s": N_("Answered within (seconds)"),
    "max_wait_s": N_("Longest wait allowed (seconds)"),
    "abandon_rate": N_("Abandon rate at most, percent"),
    "asa_s": N_("Average speed of answer at most (seconds)"),
    "aht_s": N_("Average handling time at most (seconds)"),
}


@router.get(WALLBOARD.path, include_in_schema=False)
async def wallboard(
    request: Request,
    viewer: WallboardViewer,
    context: Server,
    db: Session,
    tv: Annotated[bool, Query()] = False,
) -> Response:
    supervisor = viewer.signed_in
    agents = await visible_agent_names(db, supervisor)
    targets = await queue_targets(db)
    snapshot = (await context.wallboard.snapshot()).seen_by(agents)
    reasons = {code: labels.PAUSE_REASONS.get(code, code) for code in context.center.pause_reasons}
    return render(
        request,
        viewer,
        "wallboard.html",
        tv=tv,
        initial=snapshot_out(snapshot, context.center).model_dump(mode="json"),
        titles={board.queue: board.title for board in snapshot.queues},
        targets=targets,
        pause_reasons=reasons,
        states=AGENT_STATES,
        statuses=STATUSES,
        figures=FIGURES,
        target_labels=TARGET_LABELS,
        percent_fields=PERCENT_FIELDS,
    )


def _number(form_value: object, name: str, viewer: Viewer) -> float:
    try:
        return float(str(form_value).strip())
    except ValueError:
        raise PageError(
            viewer, 422, viewer.gettext("%(field)s: expected a number.", field=name)
        ) from None


@router.post(TARGETS_PATH, include_in_schema=False)
async def save_targets(viewer: WallboardViewer, form: CheckedForm, db: Session) -> Response:
    """One queue's targets from the form: percentages for shares, whole seconds."""
    changes: dict[str, float | int] = {}
    for name in PERCENT_FIELDS:
        changes[name] = round(_number(form.get(name), name, viewer) / 100, 4)
    for name in SECONDS_FIELDS:
        changes[name] = round(_number(form.get(name), name, viewer))
    try:
        await set_targets(db, viewer.signed_in, str(form.get("queue", "")), changes)
    except InputError as error:
        message = viewer.gettext("The targets were not saved: %(problem)s", problem=str(error))
        raise PageError(viewer, 422, message) from None
    await db.commit()
    return see_other(f"{WALLBOARD.path}#targets")
