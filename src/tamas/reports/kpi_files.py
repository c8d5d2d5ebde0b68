"""The KPI report as files: JSON (the contract), one CSV, an Excel workbook.

Each writer takes the report as `KpiReport.as_dict()` gives it, so a file always holds
exactly the figures and definitions of the JSON contract (docs/kpi.md), nothing
recomputed.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from tamas.kpi import AGENT_KPIS, INTERVAL_KPIS, QUEUE_KPIS

Report = Mapping[str, Any]

SECTIONS = {"queue": "by_queue", "agent": "by_agent", "interval": "by_interval"}
"""CSV section → the report's list of rows (the `totals` section is the one totals row)."""
DEFINITIONS = ("sl_threshold_s", "short_abandon_s", "fcr_window_s", "interval_min", "tz")
CSV_COLUMNS = (
    "section",
    "queue",
    "agent",
    "start",
    *QUEUE_KPIS,
    *(name for name in AGENT_KPIS if name not in QUEUE_KPIS),
    *DEFINITIONS,
    "period",
    "calendar",
    "skipped_lines",
)
"""One CSV, one row per figure row: `section` says which (totals, queue, agent, interval)
and the columns are the union of all sections'. The totals row also carries the
definitions, the period and calendar of the interval rows, and skipped_lines, so the file
says what its figures mean."""


def to_json(report: Report) -> str:
    """The report as JSON text (no final newline), names in their own script."""
    return json.dumps(report, ensure_ascii=False, indent=2)


def write_csv(report: Report, target: str | Path | TextIO) -> None:
    """The report as one CSV (UTF-8), to a path or an open text stream."""
    with _text_stream(target) as stream:
        writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in csv_rows(report):
            writer.writerow({name: "" if value is None else value for name, value in row.items()})


def csv_rows(report: Report) -> Iterator[dict[str, Any]]:
    yield {
        "section": "totals",
        **report["totals"],
        **_settings(report),
    }
    for section, key in SECTIONS.items():
        for row in report[key]:
            yield {"section": section, **row}


SHEETS = {
    "Queues": ("by_queue", ("queue", *QUEUE_KPIS)),
    "Agents": ("by_agent", ("agent", *AGENT_KPIS)),
    "Intervals": ("by_interval", ("start", *INTERVAL_KPIS)),
}
RATIOS = frozenset(
    {"service_level", "abandon_rate", "sl_asterisk", "sl2_asterisk", "fcr", "occupancy"}
)


def write_xlsx(report: Report, path: str | Path) -> None:
    """The report as a workbook: Totals, Queues, Agents, Intervals and Definitions sheets.

    Ratios are stored as fractions shown as percentages, times as seconds; an empty cell
    is a figure that does not exist (a ratio over nothing). Interval starts stay ISO 8601
    text with their UTC offset, as Excel has no time zones.
    """
    book = Workbook(write_only=True)
    totals = [{"kpi": name, "value": value} for name, value in report["totals"].items()]
    _add_sheet(book, "Totals", ("kpi", "value"), totals, format_by="kpi")
    for title, (key, columns) in SHEETS.items():
        _add_sheet(book, title, columns, report[key])
    rows = [{"setting": name, "value": value} for name, value in _settings(report).items()]
    _add_sheet(book, "Definitions", ("setting", "value"), rows)
    book.save(path)


def _settings(report: Report) -> dict[str, Any]:
    """What the figures mean: the definitions, the period of the rows over time, and how
    many lines the report skipped."""
    return {
        **report["definitions"],
        "period": report["period"],
        "calendar": report["calendar"],
        "skipped_lines": report["skipped_lines"],
    }


def _add_sheet(
    book: Workbook,
    title: str,
    columns: tuple[str, ...],
    rows: list[Mapping[str, Any]],
    format_by: str | None = None,
) -> None:
    """A sheet with a header row and one row per dict; each figure's number format comes
    from its column's name, or from the row's `format_by` cell (a name-value table)."""
    sheet = book.create_sheet(title)
    sheet.freeze_panes = "A2"
    for number, name in enumerate(columns, start=1):
        width = max([len(name), *(len(str(row[name])) for row in rows[:100])])
        sheet.column_dimensions[get_column_letter(number)].width = min(width + 2, 40)
    sheet.append(list(columns))
    for row in rows:
        cells = []
        for name in columns:
            cell = WriteOnlyCell(sheet, row[name])
            cell.number_format = _number_format(row[format_by] if format_by else name)
            cells.append(cell)
        sheet.append(cells)


def _number_format(name: str) -> str:
    if name in RATIOS:
        return "0.0%"
    if name.endswith("_s"):
        return "0.0"
    return "General"


@contextmanager
def _text_stream(target: str | Path | TextIO) -> Iterator[TextIO]:
    if isinstance(target, str | Path):
        with Path(target).open("w", encoding="utf-8", newline="") as stream:
            yield stream
    else:
        yield target
