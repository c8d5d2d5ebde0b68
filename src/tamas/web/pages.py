"""Rendering a page for the person who asked: their language and direction, their way of
writing numbers and dates, the places their role may open, and the CSRF token of their
forms; and the few answers every page shares (sign in first, not for your role, no such
record, a form that did not come from here).

Each language has its own Jinja environment with its catalog installed, so templates
simply write `{{ _('Sign in') }}`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.datastructures import FormData

from tamas.api.browser import CSRF_FIELD
from tamas.api.deps import Server, Session, signed_in_user
from tamas.api.security import InvalidCredentialsError
from tamas.org.models import User
from tamas.web import labels
from tamas.web.formatting import Formatter
from tamas.web.i18n import LANGUAGES, Language, browser_language, known, translations
from tamas.web.navigation import PREFERENCES, Place, places_of

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
STATIC_PREFIX = "/static"
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; object-src 'none'; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
"""Only this site's own scripts, styles and fonts; no framing; forms post only here."""


@cache
def static_url(path: str) -> str:
    """The URL of a static file, with a fingerprint of its content so that browsers
    fetch it again after it changed."""
    digest = hashlib.sha256((STATIC / path).read_bytes()).hexdigest()[:10]
    return f"{STATIC_PREFIX}/{path}?v={digest}"


def here(request: Request) -> str:
    """The path and query of this page, to come back to."""
    return request.url.path + (f"?{request.url.query}" if request.url.query else "")


@cache
def environment(code: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(code), newstyle=True)
    env.globals["static"] = static_url
    env.globals["labels"] = labels
    return env


@dataclass(frozen=True)
class Viewer:
    """Who is looking (None: not signed in) and how they read."""

    user: User | None
    language: Language
    fmt: Formatter

    def gettext(self, message: str, **values: Any) -> str:
        """The message in the viewer's language, with `%(name)s` values filled in."""
        text = translations(self.language.code).gettext(message)
        return text % values if values else text

    @property
    def signed_in(self) -> User:
        assert self.user is not None, "a page for signed-in people only"
        return self.user


class SignInRequiredError(Exception):
    def __init__(self, path: str | None) -> None:
        self.path = path
        """Where to come back to after signing in."""


class PageError(Exception):
    """An answer shown as a page of its own: 403 (not for this role), 404, 403 (form)."""

    def __init__(self, viewer: Viewer, status: int, message: str) -> None:
        self.viewer = viewer
        self.status = status
        self.message = message


async def viewer(request: Request, context: Server, db: Session) -> Viewer:
    """The person asking, from their session cookie (anonymous when there is none or it
    is no longer valid)."""
    user = None
    try:
        claims = context.session_cookie.claims(request)
    except InvalidCredentialsError:
        claims = None
    if claims is not None:
        user = await signed_in_user(db, claims)
    default = known(context.settings.language) or "fa"
    code = (known(user.language) if user else None) or browser_language(request, default)
    language = LANGUAGES[code]
    zone = ZoneInfo((user.time_zone if user else None) or context.settings.tz)
    digits = user.persian_digits if user else True
    return Viewer(user, language, Formatter(language, digits, zone))


AnyViewer = Annotated[Viewer, Depends(viewer)]


def page_for(place: Place) -> Callable[..., Coroutine[Any, Any, Viewer]]:
    """A dependency: the viewer, signed in and with a role that may open `place`."""

    async def check(request: Request, seen: AnyViewer) -> Viewer:
        if seen.user is None:
            raise SignInRequiredError(here(request) if request.method == "GET" else None)
        if seen.user.role not in place.roles:
            raise PageError(
                seen, 403, seen.gettext("This page is not for your role. Use the menu above.")
            )
        return seen

    return check


def render(
    request: Request,
    seen: Viewer,
    template: str,
    status: int = 200,
    page: str | None = None,
    **values: Any,
) -> HTMLResponse:
    """The page; `page` is its address to come back to (default: this request's, which
    a page answering a form post must give, as the post's address is not a page)."""
    context = request.app.state.server
    nonce = context.csrf.nonce(request)
    user = seen.user
    current = request.url.path
    nav = [
        {"path": place.path, "label": place.label, "current": current.startswith(place.path)}
        for place in (places_of(user.role) if user else [])
    ]
    html = (
        environment(seen.language.code)
        .get_template(template)
        .render(
            user=user,
            language=seen.language,
            languages=LANGUAGES.values(),
            fmt=seen.fmt,
            csrf_field=CSRF_FIELD,
            csrf_token=context.csrf.token_for(nonce),
            nav=nav,
            preferences=PREFERENCES.path,
            here=page or here(request),
            **values,
        )
    )
    response = HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)
    context.csrf.send(request, response)
    return response


async def checked_form(request: Request, context: Server, seen: AnyViewer) -> FormData:
    """The posted form, if it carries this browser's CSRF token; else a 403 page."""
    form = await request.form()
    token = form.get(CSRF_FIELD)
    if not context.csrf.valid(request, token if isinstance(token, str) else None):
        raise PageError(
            seen,
            403,
            seen.gettext(
                "This form has expired or did not come from a Tamas page. "
                "Go back, reload the page and try again."
            ),
        )
    return form


CheckedForm = Annotated[FormData, Depends(checked_form)]


def see_other(path: str) -> RedirectResponse:
    """After a form: go (GET) to the page that shows its result."""
    return RedirectResponse(path, status_code=303)


async def _sign_in_first(request: Request, error: Exception) -> Response:
    assert isinstance(error, SignInRequiredError)
    return see_other(f"/sign-in?next={quote(error.path)}" if error.path else "/sign-in")


async def _page_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, PageError)
    back = None if request.method == "GET" else "/"
    return render(
        request, error.viewer, "error.html", error.status, page=back, message=error.message
    )


HANDLERS: dict[type[Exception], Callable[[Request, Exception], Coroutine[Any, Any, Response]]] = {
    SignInRequiredError: _sign_in_first,
    PageError: _page_error,
}
