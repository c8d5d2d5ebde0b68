"""The FastAPI application: the versioned JSON API under /api/v1, /healthz, /openapi.json,
and the web app's pages (`tamas.web`).

`create_app` checks the settings that must be right before anything starts (the signing
key) and raises InputError otherwise; the database is opened (and migrated) when the app
starts serving, and closed when it stops.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI

import tamas
from tamas import web
from tamas.api import errors
from tamas.api.context import ServerContext, token_issuer
from tamas.api.deps import API_PREFIX
from tamas.api.routes import (
    agents,
    audit,
    auth,
    cases,
    contacts,
    customers,
    dispositions,
    followups,
    health,
    kpi,
    notes,
    planner,
    records,
    stream,
    teams,
    users,
    wallboard,
)
from tamas.config import Settings
from tamas.demo.traffic import DemoTraffic


def api_router() -> APIRouter:
    router = APIRouter(prefix=API_PREFIX)
    for part in (
        auth.router,
        users.router,
        teams.router,
        records.departments,
        records.skills,
        records.queues,
        dispositions.router,
        customers.router,
        cases.router,
        notes.router,
        followups.router,
        kpi.router,
        audit.router,
        agents.router,
        contacts.router,
        stream.router,
        wallboard.router,
        planner.router,
    ):
        router.include_router(part)
    return router


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    issuer = token_issuer(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        traffic = DemoTraffic() if settings.demo_traffic else None
        app.state.server = await ServerContext.open(settings, issuer, listener=traffic)
        try:
            if traffic is not None:
                await traffic.start(app.state.server.center)
            yield
        finally:
            if traffic is not None:
                await traffic.stop()
            await app.state.server.close()

    app = FastAPI(
        title="Tamas",
        summary="Contact-center API: sign-in and roles, customers and cases, KPIs, live desk.",
        version=tamas.__version__,
        lifespan=lifespan,
    )
    errors.install(app)
    app.include_router(health.router)
    app.include_router(api_router())
    web.install(app)
    return app
