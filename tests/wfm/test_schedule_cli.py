"""`tamas wfm schedule`, driven through the root app."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from tamas.cli import app

SHIFTS = """
[[shift]]
name = "four"
earliest_start = "08:00"
latest_start = "10:00"
length = "4h"
[[shift.break]]
name = "tea"
earliest = "1h"
latest = "2h"
length = "30m"
"""

REQUIREMENTS = "ds,calls,agents\n" + "".join(
    f"2025-01-06T{8 + h // 2:02d}:{30 * (h % 2):02d}:00,10,{need}\n"
    for h, need in enumerate([1, 1, 2, 2, 2, 2, 1, 1])
)


@pytest.fixture
def wfm_app() -> typer.Typer:
    return app


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    requirements = tmp_path / "need.csv"
    requirements.write_text(REQUIREMENTS, encoding="utf-8")
    shifts = tmp_path / "shifts.toml"
    shifts.write_text(SHIFTS, encoding="utf-8")
    return requirements, shifts


def _run(wfm_app: typer.Typer, *args: str) -> object:
    return CliRunner().invoke(wfm_app, ["wfm", "schedule", *args])


def test_json(wfm_app: typer.Typer, files: tuple[Path, Path]) -> None:
    need, shifts = files
    result = _run(wfm_app, "--requirements", str(need), "--shifts", str(shifts), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["status"] == "optimal" and data["interval_min"] == 30
    assert data["totals"]["under_staffed"] == 0
    assert data["totals"]["paid_hours"] == 4 * data["totals"]["shifts"]
    first = data["shifts"][0]
    assert set(first) == {"template", "day", "start", "end", "count", "agent", "breaks"}
    assert first["breaks"][0]["name"] == "tea" and first["agent"] is None
    assert [row["required"] for row in data["coverage"]] == [1, 1, 2, 2, 2, 2, 1, 1]
    assert all(row["difference"] >= 0 for row in data["coverage"])
    assert [o["name"] for o in data["objectives"]] == [
        "under_staffed",
        "paid_hours",
        "over_staffed",
    ]


def test_csv_and_coverage_files(
    wfm_app: typer.Typer, files: tuple[Path, Path], tmp_path: Path
) -> None:
    need, shifts = files
    out, coverage = tmp_path / "shifts.csv", tmp_path / "coverage.csv"
    result = _run(
        wfm_app,
        *("--requirements", str(need), "--shifts", str(shifts), "--format", "csv"),
        *("--output", str(out), "--coverage-csv", str(coverage)),
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows and rows[0]["breaks"].startswith("tea ")
    cover = list(csv.DictReader(coverage.open(encoding="utf-8")))
    assert [row["ds"] for row in cover][:2] == ["2025-01-06T08:00", "2025-01-06T08:30"]


def test_table(wfm_app: typer.Typer, files: tuple[Path, Path]) -> None:
    need, shifts = files
    result = _run(wfm_app, "--requirements", str(need), "--shifts", str(shifts))
    assert result.exit_code == 0, result.output
    assert "Shifts" in result.stdout and "Coverage" in result.stdout
    assert "optimal in" in result.stdout


@pytest.mark.parametrize(
    ("shifts_text", "expected"),
    [
        (
            SHIFTS.replace('latest = "2h"', 'latest = "4h"'),
            'shifts.toml: shift "four": break "tea" window is outside the shift',
        ),
        (SHIFTS.replace('length = "4h"', 'length = "30h"'), "longer than a day"),
        (
            SHIFTS.replace('earliest_start = "08:00"', 'earliest_start = "09:00"'),
            "shifts: no shift template covers 2025-01-06T08:00:00",
        ),
    ],
)
def test_bad_shift_files_exit_2_with_one_line(
    wfm_app: typer.Typer, files: tuple[Path, Path], shifts_text: str, expected: str
) -> None:
    need, shifts = files
    shifts.write_text(shifts_text, encoding="utf-8")
    result = _run(wfm_app, "--requirements", str(need), "--shifts", str(shifts))
    assert result.exit_code == 2
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_a_missing_file(wfm_app: typer.Typer, files: tuple[Path, Path], tmp_path: Path) -> None:
    _, shifts = files
    missing = tmp_path / "nope.csv"
    result = _run(wfm_app, "--requirements", str(missing), "--shifts", str(shifts))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"tamas: --requirements: cannot read {missing}")
