"""The foundation end to end: Asterisk files → event log → the KPI report, by the CLI.

The expected figures were computed by hand from each file (tests/data/README.md), so
these tests check the parser and the KPI engine together against a person's arithmetic.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from tamas.cli import app
from tamas.store import open_database
from tamas.store.schema import events, imports
from tests.conftest import DATA

runner = CliRunner()
GENERATIONS = ["1.8", "11", "13", "16", "18", "20", "22"]


def run(*args: object):
    return runner.invoke(app, [str(arg) for arg in args])


def expected(generation: str) -> dict:
    return json.loads((DATA / f"queue_log-{generation}.expected.json").read_text())


def assert_row(actual: dict, wanted: dict, where: str) -> None:
    for key, value in wanted.items():
        if isinstance(value, float):
            assert actual[key] == pytest.approx(value, abs=5e-5), f"{where}: {key}"
        else:
            assert actual[key] == value, f"{where}: {key}"


def assert_figures(actual: dict, wanted: dict) -> None:
    assert_row(actual["totals"], wanted["totals"], "totals")
    assert [row["queue"] for row in actual["by_queue"]] == [
        row["queue"] for row in wanted["by_queue"]
    ]
    for row, wanted_row in zip(actual["by_queue"], wanted["by_queue"], strict=True):
        assert_row(row, wanted_row, row["queue"])


@pytest.mark.parametrize("generation", GENERATIONS)
def test_report_straight_from_each_asterisk_generation_matches_the_hand_count(
    generation: str,
) -> None:
    result = run(
        "report", "kpi", "--queue-log", DATA / f"queue_log-{generation}", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["skipped_lines"] == expected(generation)["skipped_lines"]
    assert report["definitions"] == expected(generation)["definitions"]
    assert_figures(report, expected(generation))
    assert f"queue_log-{generation}:" in result.stderr  # the bad lines are named


@pytest.mark.parametrize("generation", ["1.8", "22"])
def test_import_then_report_from_the_database_gives_the_same_figures(
    generation: str, database_url: str
) -> None:
    path = DATA / f"queue_log-{generation}"
    first = run("import", "queue-log", path, "--db", database_url)
    assert first.exit_code == 0, first.output
    lines = sum(1 for line in path.read_text().splitlines() if line.strip())
    bad = expected(generation)["skipped_lines"]
    assert f"{lines:,} lines read, {lines - bad:,} events stored, 0 duplicates skipped" in (
        first.stdout
    )
    again = run("import", "queue-log", path, "--db", database_url)
    assert f"0 events stored, {lines - bad:,} duplicates skipped" in again.stdout
    report = run("report", "kpi", "--db", database_url, "--format", "json")
    assert report.exit_code == 0, report.output
    assert_figures(json.loads(report.stdout), expected(generation))
    engine = open_database(database_url)
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(imports)).scalar_one() == 2
    engine.dispose()


def test_a_file_with_no_valid_line_stores_nothing_and_names_the_file(
    tmp_path: Path, sqlite_url: str
) -> None:
    good = DATA / "queue_log-18"
    junk = tmp_path / "queue_log.junk"
    junk.write_text("this is not\na queue_log\n")
    result = run("import", "queue-log", good, junk, "--db", sqlite_url)
    assert result.exit_code == 2
    assert "queue_log.junk" in result.stderr
    assert "Traceback" not in result.output
    engine = open_database(sqlite_url)
    with engine.connect() as connection:
        stored = connection.execute(select(func.count()).select_from(events)).scalar_one()
        recorded = connection.execute(select(imports.c.path)).scalars().all()
    engine.dispose()
    assert recorded == [str(good)]  # the good file before it is kept, whole
    assert stored > 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "queue-log", "missing.log"], "missing.log: no such file"),
        (["report", "kpi"], "give either --queue-log FILE... or --db URL"),
        (["report", "kpi", "--queue-log", DATA / "queue_log-18", "--from", "yesterday"], "--from"),
        (["report", "kpi", "--queue-log", DATA / "queue_log-18", "--tz", "Mars/Olympus"], "--tz"),
        (["report", "kpi", "--queue-log", DATA / "queue_log-18", "--interval", "7"], "interval"),
        (["report", "kpi", "--queue-log", DATA / "queue_log-18", "--format", "xlsx"], "--output"),
        (["report", "kpi", "--db", "postgresql://nobody@127.0.0.1:1/none"], "cannot open"),
    ],
)
def test_bad_input_gets_one_line_and_exit_code_2(
    args: list, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert result.stderr.startswith("tamas: ")
    assert result.stderr.strip().count("\n") == 0


def test_csv_and_xlsx_reports_are_written_to_files(tmp_path: Path) -> None:
    source = DATA / "queue_log-20"
    csv_file, xlsx_file = tmp_path / "kpi.csv", tmp_path / "kpi.xlsx"
    for output, kind in ((csv_file, "csv"), (xlsx_file, "xlsx")):
        result = run("report", "kpi", "--queue-log", source, "--format", kind, "--output", output)
        assert result.exit_code == 0, result.output
    assert csv_file.read_text().startswith("section,")
    workbook = openpyxl.load_workbook(xlsx_file)
    assert {"Totals", "Queues", "Agents", "Intervals"} <= set(workbook.sheetnames)


def test_report_range_and_queue_filter(tmp_path: Path) -> None:
    source = DATA / "queue_log-18"
    whole = json.loads(run("report", "kpi", "--queue-log", source, "--format", "json").stdout)
    support = json.loads(
        run("report", "kpi", "--queue-log", source, "--queue", "support", "--format", "json").stdout
    )
    (row,) = [row for row in whole["by_queue"] if row["queue"] == "support"]
    assert support["totals"]["offered"] == row["offered"]
    empty = json.loads(
        run(
            "report", "kpi", "--queue-log", source, "--from", "2030-01-01", "--format", "json"
        ).stdout
    )
    assert empty["totals"]["offered"] == 0
    assert empty["totals"]["service_level"] is None


def test_rows_by_jalali_month_add_up_to_the_totals() -> None:
    log = DATA / "queue_log-22"
    result = run(
        "report", "kpi", "--queue-log", log, "--period", "month", "--calendar", "jalali",
        "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["period"], report["calendar"]) == ("month", "jalali")
    assert sum(row["offered"] for row in report["by_interval"]) == report["totals"]["offered"]
    assert all(row["start"].endswith("T00:00:00+03:30") for row in report["by_interval"])
    refused = run("report", "kpi", "--queue-log", log, "--period", "fortnight")
    assert refused.exit_code == 2 and "fortnight" in refused.output
