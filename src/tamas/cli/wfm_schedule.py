"""`tamas wfm schedule`: shifts and breaks that cover the required agents per interval.

Registered on the `tamas wfm` group by `register`; reading files and writing the result
live here, the scheduling itself in `tamas.wfm.schedule`.
"""

from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from rich.console import Console
from rich.table import Table

from tamas.errors import InputError
from tamas.wfm.schedule import (
    PlannedShift,
    Schedule,
    as_dict,
    parse_requirements,
    parse_shift_file,
    schedule,
)
from tamas.wfm.schedule.plain import iso_minute


class ScheduleFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def _read(option: str, path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise InputError(f"{option}: cannot read {path}: {reason}") from None


def _breaks_text(shift: PlannedShift) -> str:
    return "; ".join(f"{b.name} {b.start:%H:%M}-{b.end:%H:%M}" for b in shift.breaks)


SHIFT_COLUMNS = ("template", "day", "start", "end", "count", "agent", "breaks")
COVERAGE_COLUMNS = ("ds", "required", "scheduled", "difference")


def _shift_row(shift: PlannedShift) -> list[Any]:
    return [
        shift.template,
        shift.day.isoformat(),
        iso_minute(shift.start),
        iso_minute(shift.end),
        shift.count,
        shift.agent or "",
        _breaks_text(shift),
    ]


def write_shifts_csv(plan: Schedule, stream: TextIO) -> None:
    """One row per shift; breaks as "name HH:MM-HH:MM" joined by "; "."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(SHIFT_COLUMNS)
    writer.writerows(_shift_row(s) for s in plan.shifts)


def write_coverage_csv(plan: Schedule, stream: TextIO) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(COVERAGE_COLUMNS)
    for c in plan.coverage:
        writer.writerow([iso_minute(c.ds), c.required, f"{c.scheduled:g}", f"{c.difference:g}"])


def render_table(plan: Schedule, console: Console) -> None:
    shifts = Table(*SHIFT_COLUMNS, title="Shifts")
    for shift in plan.shifts:
        shifts.add_row(*(str(cell) for cell in _shift_row(shift)))
    console.print(shifts)
    coverage = Table(*COVERAGE_COLUMNS, title="Coverage")
    for c in plan.coverage:
        coverage.add_row(
            iso_minute(c.ds), str(c.required), f"{c.scheduled:g}", f"{c.difference:+g}"
        )
    console.print(coverage)
    totals = Table("objective", "value", "bound", "gap", "proven", title="Totals")
    for level in plan.levels:
        totals.add_row(
            level.name,
            f"{level.value:g}",
            f"{level.bound:g}",
            f"{level.gap:.1%}",
            "yes" if level.optimal else "no",
        )
    console.print(totals)
    console.print(
        f"{'optimal' if plan.optimal else 'best found'} in {plan.seconds:.1f} s; "
        f"{sum(s.count for s in plan.shifts)} shifts"
    )


def schedule_command(
    requirements: Annotated[
        Path,
        typer.Option(
            help="CSV of required agents per interval: ds,agents (as `tamas wfm staff` writes)."
        ),
    ],
    shifts: Annotated[Path, typer.Option(help="TOML shift file (docs/wfm.md, Scheduling).")],
    column: Annotated[
        str, typer.Option(help="Column of the requirements holding the agents needed.")
    ] = "agents",
    time_limit: Annotated[
        float, typer.Option(help="Seconds the solver may search; the best schedule found is kept.")
    ] = 30.0,
    workers: Annotated[int, typer.Option(help="Solver threads.")] = 2,
    output_format: Annotated[
        ScheduleFormat, typer.Option("--format", help="json, table, or csv (the shifts).")
    ] = ScheduleFormat.TABLE,
    output: Annotated[
        Path | None, typer.Option(help="Write to this file instead of the terminal.")
    ] = None,
    coverage_csv: Annotated[
        Path | None, typer.Option(help="Also write the coverage per interval to this CSV file.")
    ] = None,
) -> None:
    """Choose shifts and place breaks: least under-staffing first, then fewest paid hours."""
    if workers < 1:
        raise InputError(f"--workers: expected at least 1, got {workers}")
    need = parse_requirements(_read("--requirements", requirements), str(requirements), column)
    rules = parse_shift_file(_read("--shifts", shifts), str(shifts))
    plan = schedule(need, rules, time_limit=time_limit, workers=workers)
    stream = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        if output_format is ScheduleFormat.JSON:
            stream.write(
                json.dumps(as_dict(plan, need.interval), ensure_ascii=False, indent=2) + "\n"
            )
        elif output_format is ScheduleFormat.CSV:
            write_shifts_csv(plan, stream)
        else:
            render_table(plan, Console(file=stream, width=160))
    finally:
        if output:
            stream.close()
    if coverage_csv:
        with coverage_csv.open("w", encoding="utf-8", newline="") as handle:
            write_coverage_csv(plan, handle)


def register(wfm_app: typer.Typer) -> None:
    """Add `schedule` to the `tamas wfm` group."""
    wfm_app.command("schedule")(schedule_command)
