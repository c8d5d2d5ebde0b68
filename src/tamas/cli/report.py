"""`tamas report ...`: the center's figures, straight from files or from the event log."""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import polars as pl
import typer
from rich.console import Console

from tamas.cli.options import DatabaseOption, open_log
from tamas.connectors.asterisk import read_queue_log
from tamas.errors import InputError
from tamas.events import empty_frame
from tamas.kpi import KPI_COLUMNS, KpiDefinitions, kpi_report
from tamas.reports import render_table, to_json, write_csv, write_xlsx

app = typer.Typer(help="Reports on the center's KPIs.")

LINK_MARGIN = timedelta(days=1)
"""How far beyond --from/--to events are read from the database, at least, so that an
entry that starts inside the range is completed by events after its end, and agents'
logins and pauses that began shortly before the range are known. After --to, the margin
is also at least the FCR window, so that repeat calls are seen."""


class ReportFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"


def _parse_moment(option: str, text: str | None, tz: ZoneInfo) -> datetime | None:
    """A bound given as an ISO date or time; without an offset it is the center's local time."""
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InputError(
            f"{option}: expected an ISO date or time such as 2025-01-04 or "
            f"2025-01-04T08:30, got {text!r}"
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=tz)


def _events_from_files(paths: list[Path]) -> tuple[pl.DataFrame, int]:
    frames = [empty_frame()]
    skipped = 0
    console = Console(stderr=True)
    for path in paths:
        shown = 0
        for batch in read_queue_log(path, event_ids=False, columns=KPI_COLUMNS):
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
    try:
        zone = ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(f"--tz: unknown time zone {tz!r} (expected e.g. Asia/Tehran)") from None
    try:
        definitions = KpiDefinitions(
            sl_threshold_s=sl_threshold,
            short_abandon_s=short_abandon,
            fcr_window_s=fcr_window,
            interval_min=interval,
            tz=tz,
        )
    except ValueError as error:
        raise InputError(str(error)) from None
    first = _parse_moment("--from", start, zone)
    last = _parse_moment("--to", end, zone)
    if queue_log:
        events, skipped = _events_from_files(queue_log)
    else:
        after = max(LINK_MARGIN, timedelta(seconds=definitions.fcr_window_s))
        events = open_log(db).read(
            first - LINK_MARGIN if first else None,
            last + after if last else None,
            columns=KPI_COLUMNS,
        )
        skipped = 0
    report = kpi_report(events, definitions, start=first, end=last, queues=queue or None)
    figures = report.as_dict(skipped_lines=skipped)
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
