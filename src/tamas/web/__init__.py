"""The web app: server-rendered pages in Persian (RTL, Jalali dates) and English, for
each role, in the same FastAPI app as the JSON API.

`install(app)` adds the pages, the vendored static files (styles, fonts: nothing is
fetched from elsewhere at run time) and the answers pages share (sign in first, not for
your role). Pages sign in with a session cookie (`tamas.api.browser`) that the JSON API
accepts too, so scripts on these pages call the API as the signed-in person.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

from tamas.web.pages import HANDLERS, STATIC, STATIC_PREFIX
from tamas.web.routes import account, customers, desktop, planner, reports, users, wallboard

PARTS = (
    account.router,
    desktop.router,
    wallboard.router,
    customers.router,
    reports.router,
    planner.router,
    users.router,
)
"""The routers of the pages, each with its routes (`APIRoute`s)."""


def web_router() -> APIRouter:
    router = APIRouter()
    for part in PARTS:
        router.include_router(part)
    return router


def install(app: FastAPI) -> None:
    app.include_router(web_router())
    app.mount(STATIC_PREFIX, StaticFiles(directory=STATIC), name="static")
    for error, handler in HANDLERS.items():
        app.add_exception_handler(error, handler)


__all__ = ["PARTS", "install", "web_router"]
