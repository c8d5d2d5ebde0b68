"""`tamas generate queue-log`: the generator's file, and one clear line for bad options."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from tamas.cli import app
from tamas.demo import generate_queue_log


def run(*args: str):
    return CliRunner().invoke(app, ["generate", "queue-log", *args])


def test_writes_the_generators_queue_log(tmp_path: Path) -> None:
    output = tmp_path / "queue_log"
    result = run("--days", "2", "--start", "2025-03-08", "--seed", "7", "--output", str(output))
    assert result.exit_code == 0, result.output
    expected = io.StringIO()
    summary = generate_queue_log(expected, first_day=date(2025, 3, 8), days=2, seed=7)
    assert output.read_text(encoding="utf-8") == expected.getvalue()
    assert f"{summary.lines:,} lines" in result.output
    assert list(tmp_path.iterdir()) == [output]


def test_calls_per_day_sets_the_volume(tmp_path: Path) -> None:
    quiet, busy = tmp_path / "quiet", tmp_path / "busy"
    assert run("--days", "1", "--calls-per-day", "100", "-o", str(quiet)).exit_code == 0
    assert run("--days", "1", "--calls-per-day", "1000", "-o", str(busy)).exit_code == 0
    entries = [path.read_text().count("|ENTERQUEUE|") for path in (quiet, busy)]
    assert 5 * entries[0] < entries[1]


def test_bad_options_get_one_line_and_exit_code_2(tmp_path: Path) -> None:
    cases = [
        (["--start", "2025-13-01"], "--start: expected an ISO date"),
        (["--tz", "Mars/Olympus"], "--tz: expected a time zone"),
    ]
    for options, message in cases:
        result = run(*options, "--output", str(tmp_path / "queue_log"))
        assert result.exit_code == 2
        assert result.output.startswith(f"tamas: {message}") and result.output.count("\n") == 1
    assert not list(tmp_path.iterdir())


def test_an_unwritable_output_is_named_and_nothing_is_left_behind(tmp_path: Path) -> None:
    output = tmp_path / "missing" / "queue_log"
    result = run("--days", "1", "--output", str(output))
    assert result.exit_code == 2
    assert result.output == f"tamas: cannot write {output}: No such file or directory\n"
    assert not list(tmp_path.iterdir())
