"""`tamas serve`: the API server (uvicorn), on loopback unless told otherwise."""

from __future__ import annotations

from typing import Annotated

import typer
import uvicorn

from tamas.api import create_app
from tamas.cli.options import DatabaseOption, open_checked
from tamas.config import Settings

GRACE_S = 3
"""On shutdown, open requests get this long: live streams never end by themselves."""


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    db: DatabaseOption = None,
) -> None:
    """Serve the JSON API (/api/v1, OpenAPI at /openapi.json, /healthz).

    Needs TAMAS_SECRET_KEY (or TAMAS_DEMO=1 for a demo, not for production); docs/api.md.
    """
    settings = Settings()
    if db is not None:
        settings = settings.model_copy(update={"database_url": db})
    app = create_app(settings)
    open_checked(settings.database_url)[0].dispose()
    if settings.demo:
        typer.secho(
            "DEMO MODE: a generated secret key, not for production", fg="red", bold=True, err=True
        )
    uvicorn.run(
        app,
        host=host,
        port=port,
        proxy_headers=True,
        log_level="info",
        timeout_graceful_shutdown=GRACE_S,
    )
