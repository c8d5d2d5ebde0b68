"""`tamas serve`: the API server (uvicorn), on loopback unless told otherwise; with
`--demo`, the demo center seeded and kept busy."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from tamas.api import create_app
from tamas.cli.options import DatabaseOption, open_checked, run_in_session
from tamas.config import Settings
from tamas.demo.seed import RETURNING, USERS, frequent_callers, history, seed_center, today_in
from tamas.demo.traffic import SIMULATED_AGENTS

GRACE_S = 3
"""On shutdown, open requests get this long: live streams never end by themselves."""


def prepare_demo(settings: Settings) -> None:
    """The demo center's records and month of history, made once (`tamas.demo.seed`)."""
    engine, url = open_checked(settings.database_url)
    try:
        with tempfile.TemporaryDirectory() as scratch:
            imported = history(engine, Path(scratch), today_in(settings.tz), settings.tz)
        returning = frequent_callers(engine, RETURNING)
    finally:
        engine.dispose()
    if imported is not None:
        typer.echo(f"demo history: {imported.line()}")
    password = settings.demo_password.get_secret_value()
    now = datetime.now(UTC)
    seeded = run_in_session(url, lambda session: seed_center(session, password, returning, now))
    if seeded.users or seeded.customers:
        typer.echo(f"demo records: {len(seeded.users)} users, {seeded.customers} customers made")


def demo_banner(settings: Settings, host: str, port: int) -> str:
    rule = "=" * 72
    users = " ".join(username for username, *_ in USERS)
    return "\n".join(
        [
            rule,
            "  TAMAS DEMO MODE -- NOT FOR PRODUCTION (known passwords, generated key)",
            f"  Open http://{host}:{port}  (API: /docs)",
            f"  Users: {users}",
            f"  Password: {settings.demo_password.get_secret_value()}"
            "   (set TAMAS_DEMO_PASSWORD before the first start to change it)",
            f"  {', '.join(SIMULATED_AGENTS)} are simulated; sign in as agent1 to take calls.",
            rule,
        ]
    )


def run_server(settings: Settings, host: str, port: int) -> None:
    """Serve `settings`' database; in demo mode seed it first and say so loudly."""
    app = create_app(settings)
    if settings.demo_traffic:
        prepare_demo(settings)
        typer.secho(demo_banner(settings, host, port), fg="red", bold=True, err=True)
    else:
        open_checked(settings.database_url)[0].dispose()
        if settings.demo:
            typer.secho(
                "DEMO MODE: a generated secret key, not for production",
                fg="red",
                bold=True,
                err=True,
            )
    uvicorn.run(
        app,
        host=host,
        port=port,
        proxy_headers=True,
        log_level="info",
        timeout_graceful_shutdown=GRACE_S,
    )


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    db: DatabaseOption = None,
    demo: Annotated[
        bool,
        typer.Option(
            "--demo",
            help="Seed the demo center (users, queues, customers, a month of history) and "
            "keep simulated contacts flowing. Not for production.",
        ),
    ] = False,
) -> None:
    """Serve the JSON API (/api/v1, OpenAPI at /openapi.json, /healthz).

    Needs TAMAS_SECRET_KEY (or TAMAS_DEMO=1 for a demo, not for production); docs/api.md.
    """
    updates: dict[str, object] = {}
    if db is not None:
        updates["database_url"] = db
    if demo:
        updates |= {"demo": True, "demo_traffic": True}
    run_server(Settings().model_copy(update=updates), host, port)
