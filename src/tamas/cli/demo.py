"""`tamas demo`: the product running, on a demo center, in one command.

By default it starts `tamas serve --demo` on a SQLite file under `demo-data/`: users of
every role, queues, customers and a month of history, with simulated contacts flowing
(docs/demo.md). `--report-only` runs instead what a new user would run by hand on a
simulated week — generate a queue_log, import it, report — showing the product's own
paths. Re-running either is safe: records are found again, imports store nothing twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from tamas.cli.generate import queue_log as generate_queue_log
from tamas.cli.imports import import_queue_log
from tamas.cli.report import report_kpi
from tamas.cli.serve import run_server
from tamas.config import Settings

DEMO_TZ = "Asia/Tehran"


def demo(
    directory: Annotated[
        Path, typer.Option("--dir", help="Where the demo's database (and queue_log) go.")
    ] = Path("demo-data"),
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    report_only: Annotated[
        bool,
        typer.Option(
            "--report-only",
            help="Generate, import and report a simulated week instead of serving.",
        ),
    ] = False,
    days: Annotated[int, typer.Option(min=1, help="--report-only: days of traffic.")] = 7,
    seed: Annotated[int, typer.Option(help="--report-only: the same seed, the same week.")] = 1,
) -> None:
    """Serve the demo center at http://127.0.0.1:8000 (or, with --report-only, generate a
    week of an Iranian contact center's queue_log, import it and report on it)."""
    directory.mkdir(parents=True, exist_ok=True)
    database = directory / "tamas.sqlite"
    if not report_only:
        settings = Settings(
            database_url=str(database),
            demo=True,
            demo_traffic=True,
            secret_key_file=directory / "tamas-secret.key",
        )
        run_server(settings, host, port)
        return
    queue_log = directory / "queue_log"
    first_day = datetime.now(ZoneInfo(DEMO_TZ)).date() - timedelta(days=days)
    typer.secho("Tamas demo: generating, importing and reporting a simulated week.", bold=True)
    generate_queue_log(
        output=queue_log, days=days, start=first_day.isoformat(), seed=seed, tz=DEMO_TZ
    )
    import_queue_log(paths=[queue_log], db=str(database))
    report_kpi(db=str(database), tz=DEMO_TZ)
    typer.echo(
        f"\nTry it yourself:\n"
        f"  .venv/bin/tamas report kpi --db {database} --queue support --interval 60\n"
        f"  .venv/bin/tamas report kpi --db {database} --format xlsx --output demo.xlsx\n"
        f"  .venv/bin/tamas wfm erlang --calls 120 --aht 240 --patience 90"
    )
