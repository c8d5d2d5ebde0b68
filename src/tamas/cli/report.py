"""`tamas report ...`: the center's figures, straight from files or from the event log."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import polars as pl
import typer
from rich.console import Console

from tamas.cli.options import DatabaseOption, open_log
from tamas.connectors.asterisk import read_queue_log
from tamas.errors import InputError
from tamas.events import empty_frame
from tamas.reports import render_table, to_json, write_csv, write_xlsx
from tamas.reports.kpi_query import KpiQuery

app = typer.Typer(help="Reports on the center's KPIs.")

OPTION_LABELS = {
    name: f"--{name.replace('_', '-')}"
    for name in ("from", "to", "sl_threshold", "short_abandon", "fcr_window", "interval", "tz")
}


class ReportFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"


def _events_from_files(paths: list[Path]) -> tuple[pl.DataFrame, int]:
    frames = [empty_frame()]
    skipped = 0
    console = Console(stderr=True)
    for path in paths:
        shown = 0
        for batch in read_queue_log(path, event_ids=False):
            frames.append(batch.events)
            skipped += len(batch.bad_lines)
            for bad in batch.bad_lines[: max(0, 5 - shown)]:
                console.print(f"{path}:{bad.line_no}: skipped: {bad.problem}", highlight=False)
                shown += 1
    return pl.concat(frames), skipped


@app.command("kpi")
def report_kpi(
    queue_log: Annotated[
        list[Path] | None,
        typer.Option(help="Report straight from these Asterisk queue_log files."),
    ] = None,
    db: DatabaseOption = None,
    start: Annotated[
        str | None, typer.Option("--from", help="First moment counted (ISO; local time).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Moment the report stops (ISO; excluded).")
    ] = None,
    sl_threshold: Annotated[
        int, typer.Option(help="Service-level threshold: answered within this many seconds.")
    ] = 20,
    short_abandon: Annotated[
        int, typer.Option(help="Abandons shorter than this many seconds are short abandons.")
    ] = 5,
    fcr_window: Annotated[
        int, typer.Option(help="A repeat call within this many seconds is not first-contact.")
    ] = 86400,
    interval: Annotated[int, typer.Option(help="Interval length in minutes.")] = 30,
    tz: Annotated[str, typer.Option(help="The center's time zone.")] = "Asia/Tehran",
    queue: Annotated[
        list[str] | None, typer.Option(help="Only these queues (repeat for several).")
    ] = None,
    output_format: Annotated[
        ReportFormat, typer.Option("--format", help="How to write the report.")
    ] = ReportFormat.TABLE,
    output: Annotated[
        Path | None, typer.Option(help="Write to this file instead of the terminal.")
    ] = None,
) -> None:
    """Service level, abandonment, ASA, AHT, FCR and occupancy, per queue, agent and interval.

    Definitions: docs/kpi.md.
    """
    if bool(queue_log) == (db is not None):
        raise InputError("give either --queue-log FILE... or --db URL (one of them)")
    if output_format is ReportFormat.XLSX and output is None:
        raise InputError("--format xlsx writes a file: give --output FILE.xlsx")
    query = KpiQuery.parse(
        start=start,
        end=end,
        sl_threshold=sl_threshold,
        short_abandon=short_abandon,
        fcr_window=fcr_window,
        interval=interval,
        tz=tz,
        queues=queue,
        labels=OPTION_LABELS,
    )
    if queue_log:
        events, skipped = _events_from_files(queue_log)
    else:
        events, skipped = query.events_from(open_log(db)), 0
    figures = query.figures_of(events, skipped)
    if output_format is ReportFormat.TABLE:
        if output:
            with output.open("w", encoding="utf-8") as stream:
                render_table(figures, Console(file=stream, width=120))
        else:
            render_table(figures, Console())
    elif output_format is ReportFormat.JSON:
        text = to_json(figures)
        if output:
            output.write_text(text + "\n", encoding="utf-8")
        else:
            typer.echo(text)
    elif output_format is ReportFormat.CSV:
        if output:
            with output.open("w", newline="", encoding="utf-8") as stream:
                write_csv(figures, stream)
        else:
            write_csv(figures, sys.stdout)
    else:
        write_xlsx(figures, output)
