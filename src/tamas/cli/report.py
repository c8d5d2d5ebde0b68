"""`tamas report ...`: the center's figures, straight from files or from the event log."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import polars as pl
import typer
from rich.console import Console

from tamas.cli.options import (
    DatabaseOption,
    FcrWindowOption,
    IntervalOption,
    ShortAbandonOption,
    SlThresholdOption,
    TzOption,
    kpi_query,
    open_log,
    show_skipped,
)
from tamas.connectors.asterisk import BadLine, read_queue_log
from tamas.connectors.importer import SHOWN_BAD_LINES
from tamas.errors import InputError
from tamas.events import empty_frame
from tamas.kpi import KPI_COLUMNS, Calendar, KpiDefinitions, Period
from tamas.reports import render_table, to_json, write_csv, write_xlsx

app = typer.Typer(help="Reports on the center's KPIs.")


class ReportFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"


def events_from_queue_logs(paths: list[Path]) -> tuple[pl.DataFrame, int]:
    """The events of Asterisk queue_log files and how many lines were skipped; the first
    few skipped lines of each file are named on stderr."""
    frames = [empty_frame()]
    skipped = 0
    console = Console(stderr=True)
    for path in paths:
        shown: list[BadLine] = []
        for batch in read_queue_log(path, event_ids=False, columns=KPI_COLUMNS):
            frames.append(batch.events)
            skipped += len(batch.bad_lines)
            shown.extend(batch.bad_lines[: SHOWN_BAD_LINES - len(shown)])
        show_skipped(console, path, shown)
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
    sl_threshold: SlThresholdOption = KpiDefinitions.sl_threshold_s,
    short_abandon: ShortAbandonOption = KpiDefinitions.short_abandon_s,
    fcr_window: FcrWindowOption = KpiDefinitions.fcr_window_s,
    interval: IntervalOption = KpiDefinitions.interval_min,
    tz: TzOption = KpiDefinitions.tz,
    queue: Annotated[
        list[str] | None, typer.Option(help="Only these queues (repeat for several).")
    ] = None,
    period: Annotated[
        Period, typer.Option(help="Rows over time by interval, day, week or month.")
    ] = Period.INTERVAL,
    calendar: Annotated[
        Calendar,
        typer.Option(help="Weeks and months of this calendar (Jalali weeks start on Saturday)."),
    ] = Calendar.GREGORIAN,
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
    query = kpi_query(
        start=start,
        end=end,
        sl_threshold=sl_threshold,
        short_abandon=short_abandon,
        fcr_window=fcr_window,
        interval=interval,
        tz=tz,
        queues=queue,
        period=period,
        calendar=calendar,
    )
    if queue_log:
        events, skipped = events_from_queue_logs(queue_log)
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
