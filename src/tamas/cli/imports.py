"""`tamas import ...`: bring a telephony system's records into the event log."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from tamas.cli import import_customers
from tamas.cli.options import DatabaseOption, open_log, show_skipped
from tamas.connectors.asterisk import read_cdr, read_queue_log
from tamas.connectors.importer import ImportSummary, import_file
from tamas.errors import InputError

app = typer.Typer(help="Import records from a telephony system into the event log.")
import_customers.register(app)
PathsArgument = Annotated[
    list[Path], typer.Argument(help="Files to import, in any order; each one is all-or-nothing.")
]


def _count_lines(path: Path) -> int:
    with path.open("rb") as stream:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: stream.read(1 << 20), b""))


def _import_files(
    kind: str, paths: list[Path], db: str, read: Callable[[Path], Iterator]
) -> list[ImportSummary]:
    log = open_log(db)
    console = Console(stderr=True)
    summaries = []
    for path in paths:
        if not path.is_file():
            raise InputError(f"{path}: no such file")
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        ) as progress:
            task = progress.add_task(path.name, total=_count_lines(path) or None)
            summary = import_file(
                log,
                kind,
                path,
                read(path),
                on_batch=lambda batch, task=task: progress.advance(task, batch.lines_read),
            )
        show_skipped(console, path, summary.first_bad_lines)
        typer.echo(summary.line())
        summaries.append(summary)
    return summaries


@app.command("queue-log")
def import_queue_log(paths: PathsArgument, db: DatabaseOption = None) -> None:
    """Import Asterisk queue_log files (any Asterisk from 1.8 to 22)."""
    _import_files("asterisk.queue_log", paths, db, read_queue_log)


@app.command("cdr")
def import_cdr(
    paths: PathsArgument,
    db: DatabaseOption = None,
    tz: Annotated[
        str, typer.Option(help="Time zone of the Asterisk server that wrote the CDR times.")
    ] = "Asia/Tehran",
) -> None:
    """Import Asterisk CDR files (cdr_csv's Master.csv)."""
    _import_files("asterisk.cdr", paths, db, lambda path: read_cdr(path, tz=tz))
