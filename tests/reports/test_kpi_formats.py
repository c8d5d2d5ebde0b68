"""The report's files and terminal table hold exactly the engine's figures."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import polars as pl
import pytest
from openpyxl import load_workbook
from rich.console import Console

from tamas.kpi import KpiDefinitions, kpi_report
from tamas.reports import render_table, to_json, write_csv, write_xlsx
from tamas.reports.kpi_files import CSV_COLUMNS
from tests.kpi.builders import abandoned_call, frame, login, logout, pause, ready
from tests.kpi.scenarios import morning


@pytest.fixture
def report() -> dict:
    agents = frame(login(-100, "Ali"), pause(500, "Ali"), ready(800, "Ali"), logout(3000, "Ali"))
    events = pl.concat([morning(), agents]).sort("ts")
    return kpi_report(events, KpiDefinitions()).as_dict(skipped_lines=2)


def parse(text: str) -> object:
    """A CSV cell back as the JSON value it was written from."""
    if text == "":
        return None
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def test_json_is_the_dict_and_keeps_persian_names_readable(report: dict) -> None:
    report["by_agent"][0]["agent"] = "علی رضایی"
    text = to_json(report)
    assert json.loads(text) == report
    assert "علی رضایی" in text


def test_csv_round_trips_every_figure(report: dict, tmp_path: Path) -> None:
    path = tmp_path / "kpi.csv"
    write_csv(report, path)
    with path.open(encoding="utf-8", newline="") as stream:
        rows = [{k: parse(v) for k, v in row.items() if v != ""} for row in csv.DictReader(stream)]
    assert list(rows[0]) == [c for c in CSV_COLUMNS if rows[0].get(c) is not None]
    totals, *rest = rows
    assert totals.pop("section") == "totals"
    assert totals.pop("skipped_lines") == 2
    for name, value in report["definitions"].items():
        assert totals.pop(name) == value
    assert (totals.pop("period"), totals.pop("calendar")) == ("interval", "gregorian")
    assert totals == {k: v for k, v in report["totals"].items() if v is not None}
    sections = {"queue": "by_queue", "agent": "by_agent", "interval": "by_interval"}
    for section, key in sections.items():
        written = [
            {k: v for k, v in row.items() if k != "section"}
            for row in rest
            if row["section"] == section
        ]
        assert written == [{k: v for k, v in r.items() if v is not None} for r in report[key]]


def test_csv_to_a_stream(report: dict) -> None:
    stream = io.StringIO()
    write_csv(report, stream)
    lines = stream.getvalue().splitlines()
    # Header, totals, 2 queues, 3 agents, 2 intervals.
    assert len(lines) == 1 + 1 + 2 + 3 + 2
    assert lines[0].startswith("section,queue,agent,start,offered,answered,")


def sheet_rows(book: object, title: str) -> list[dict]:
    header, *rows = book[title].iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_xlsx_round_trips_every_figure(report: dict, tmp_path: Path) -> None:
    path = tmp_path / "kpi.xlsx"
    write_xlsx(report, path)
    book = load_workbook(path)
    assert book.sheetnames == ["Totals", "Queues", "Agents", "Intervals", "Definitions"]
    assert {row["kpi"]: row["value"] for row in sheet_rows(book, "Totals")} == report["totals"]
    assert sheet_rows(book, "Queues") == report["by_queue"]
    assert sheet_rows(book, "Agents") == report["by_agent"]
    assert sheet_rows(book, "Intervals") == report["by_interval"]
    settings = {row["setting"]: row["value"] for row in sheet_rows(book, "Definitions")}
    assert settings == {
        **report["definitions"],
        "period": "interval",
        "calendar": "gregorian",
        "skipped_lines": 2,
    }
    assert book["Queues"]["H2"].number_format == "0.0%"  # service_level
    assert book["Queues"]["L2"].number_format == "0.0"  # asa_s


def rendered(report: dict) -> str:
    console = Console(file=io.StringIO(), width=140, color_system=None)
    render_table(report, console)
    return console.file.getvalue()


def test_table_shows_definitions_totals_queues_agents_and_intervals(report: dict) -> None:
    text = rendered(report)
    assert "answered within 20 s" in text
    assert "within 24 h" in text
    assert "2 bad lines skipped" in text
    assert "Service level" in text and "37.5%" in text  # 3 / 8
    assert "support" in text and "28.6%" in text  # 2 / 7
    assert "1:57" in text  # AHT 116.67 s
    assert "Reza" in text and "—" in text  # Reza has no login: no occupancy
    assert "2025-01-01T09:00:00+03:30" in text


def test_a_long_report_shows_its_first_and_last_intervals() -> None:
    events = frame(*(abandoned_call(n * 1800, f"c{n}", wait=10) for n in range(100)))
    text = rendered(kpi_report(events, KpiDefinitions()).as_dict())
    assert "2025-01-01T08:30:00+03:30" in text  # the first
    assert "2025-01-03T10:00:00+03:30" in text  # the 100th: 08:30 + 99 x 30 min
    assert "… 52 more intervals …" in text
    assert "2025-01-02T08:30:00+03:30" not in text
