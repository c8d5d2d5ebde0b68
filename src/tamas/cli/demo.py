"""`tamas demo`: the whole foundation in one command, on a simulated week.

It runs what a new user would run by hand — generate a queue_log, import it, report —
so the demo shows exactly the product's own paths. Re-running it is safe: the same
seed writes the same file, and the import stores nothing twice.
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

DEMO_TZ = "Asia/Tehran"


def demo(
    directory: Annotated[
        Path, typer.Option("--dir", help="Where the demo's queue_log and database go.")
    ] = Path("demo-data"),
    days: Annotated[int, typer.Option(min=1, help="How many days of traffic.")] = 7,
    seed: Annotated[int, typer.Option(help="The same seed makes the same week.")] = 1,
) -> None:
    """Generate a week of an Iranian contact center's queue_log, import it, report on it."""
    directory.mkdir(parents=True, exist_ok=True)
    queue_log = directory / "queue_log"
    database = directory / "tamas.sqlite"
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
