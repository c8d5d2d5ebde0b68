"""Signing in and out of the web app, the language switch, and a person's preferences.

Signing in is `tamas.org.signin.sign_in`, the same as the API's token endpoint: the same
throttling of failed attempts, counted together for both.
"""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime
from functools import cache
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from tamas.api.browser import end_session, start_session
from tamas.api.deps import Server, Session
from tamas.org.signin import Attempt, SignInLockedError, sign_in
from tamas.web.i18n import LANGUAGE_COOKIE, known
from tamas.web.navigation import LANDING, PREFERENCES, safe_next
from tamas.web.pages import AnyViewer, CheckedForm, Viewer, page_for, render, see_other

router = APIRouter()
PreferencesViewer = Annotated[Viewer, Depends(page_for(PREFERENCES))]
YEAR_S = 365 * 86400


def landing(viewer: Viewer) -> str:
    return LANDING[viewer.signed_in.role].path


@router.get("/", include_in_schema=False)
async def start(viewer: AnyViewer) -> Response:
    return see_other(landing(viewer) if viewer.user else "/sign-in")


@router.get("/sign-in", include_in_schema=False)
async def sign_in_page(request: Request, viewer: AnyViewer, next: str | None = None) -> Response:
    if viewer.user is not None:
        return see_other(safe_next(next) or landing(viewer))
    return render(request, viewer, "sign_in.html", next=safe_next(next), username="", problem="")


@router.post("/sign-in", include_in_schema=False)
async def sign_in_form(
    request: Request, form: CheckedForm, viewer: AnyViewer, context: Server, db: Session
) -> Response:
    username = str(form.get("username", ""))[:64]
    password = str(form.get("password", ""))[:256]
    back = safe_next(str(form.get("next", "")))
    now = datetime.now(UTC)
    client = request.client.host if request.client else "unknown"

    def again(status: int, problem: str) -> Response:
        return render(
            request, viewer, "sign_in.html", status, next=back, username=username, problem=problem
        )

    try:
        user = await sign_in(db, Attempt(username, password, client, now))
    except SignInLockedError as error:
        seconds = viewer.fmt.number(int(error.retry_after.total_seconds()) + 1)
        response = again(
            429,
            viewer.gettext(
                "Too many failed sign-ins. Try again in %(seconds)s seconds.", seconds=seconds
            ),
        )
        response.headers["Retry-After"] = str(int(error.retry_after.total_seconds()) + 1)
        return response
    if user is None:
        return again(401, viewer.gettext("Wrong username or password."))
    response = see_other(back or LANDING[user.role].path)
    start_session(
        request,
        response,
        context.issuer.issue(user.id, user.password_hash, now),
        context.issuer.ttl,
    )
    context.csrf.renew(request)
    context.csrf.send(request, response)
    return response


@router.post("/sign-out", include_in_schema=False)
async def sign_out(request: Request, form: CheckedForm, context: Server) -> Response:
    response = see_other("/sign-in")
    end_session(request, response)
    context.csrf.renew(request)
    context.csrf.send(request, response)
    return response


@router.post("/language", include_in_schema=False)
async def choose_language(
    request: Request, form: CheckedForm, viewer: AnyViewer, db: Session
) -> Response:
    """Switch language: kept on the user when signed in, and in a cookie for the browser
    (so that the sign-in page speaks it too)."""
    code = known(str(form.get("language", ""))) or viewer.language.code
    if viewer.user is not None:
        viewer.user.language = code
        await db.commit()
    response = see_other(safe_next(str(form.get("next", ""))) or "/")
    _remember_language(request, response, code)
    return response


def _remember_language(request: Request, response: Response, code: str) -> None:
    response.set_cookie(
        LANGUAGE_COOKIE,
        code,
        max_age=YEAR_S,
        path="/",
        samesite="lax",
        secure=request.url.scheme == "https",
    )


@cache
def time_zones() -> list[str]:
    return sorted(zoneinfo.available_timezones())


def _preferences(
    request: Request, viewer: Viewer, status: int = 200, errors: dict[str, str] | None = None
) -> Response:
    return render(
        request,
        viewer,
        "preferences.html",
        status,
        time_zones=time_zones(),
        zone=viewer.fmt.zone.key,
        errors=errors or {},
        saved=request.query_params.get("saved") == "1",
    )


@router.get("/preferences", include_in_schema=False)
async def preferences_page(request: Request, viewer: PreferencesViewer) -> Response:
    return _preferences(request, viewer)


@router.post("/preferences", include_in_schema=False)
async def save_preferences(
    request: Request, form: CheckedForm, viewer: PreferencesViewer, db: Session
) -> Response:
    user = viewer.signed_in
    errors = {}
    language = known(str(form.get("language", "")))
    if language is None:
        errors["language"] = viewer.gettext("Choose one of the languages shown.")
    zone = str(form.get("time_zone", ""))
    if zone not in time_zones():
        errors["time_zone"] = viewer.gettext("Choose a time zone from the list.")
    if errors:
        return _preferences(request, viewer, 422, errors)
    user.language = language
    user.persian_digits = form.get("persian_digits") == "on"
    user.time_zone = zone
    await db.commit()
    response = see_other(f"{PREFERENCES.path}?saved=1")
    _remember_language(request, response, language)
    return response
