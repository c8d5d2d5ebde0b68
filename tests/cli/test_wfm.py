"""`tamas wfm erlang` and `tamas wfm staff` as a person runs them."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from tamas.cli import app
from tamas.wfm import Target, Traffic, erlang_x

runner = CliRunner()
ERLANG_KEYS = [
    "model",
    "agents",
    "agents_scheduled",
    "service_level",
    "asa_s",
    "occupancy",
    "p_wait",
    "abandon_rate",
]

STAFF_COLUMNS = [
    "ds",
    "calls",
    "agents",
    "agents_scheduled",
    "service_level",
    "asa_s",
    "occupancy",
]


def run(*args: str):
    return runner.invoke(app, ["wfm", *args])


def test_erlang_c_json() -> None:
    result = run(
        "erlang", "--calls", "100", "--aht", "180", "--shrinkage", "0.3", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert list(answer) == ERLANG_KEYS
    assert answer["model"] == "erlang_c"
    assert (answer["agents"], answer["agents_scheduled"]) == (14, 20)
    assert answer["abandon_rate"] is None
    assert answer["service_level"] == pytest.approx(0.8884, abs=1e-4)
    assert answer["occupancy"] == pytest.approx(100 * 180 / 1800 / 14)


def test_erlang_a_json_has_an_abandon_rate() -> None:
    result = run(
        "erlang", "--calls", "100", "--aht", "180", "--patience", "120", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["model"] == "erlang_a"
    assert 0 < answer["abandon_rate"] < 0.2
    assert answer["service_level"] >= 0.8
    assert answer["occupancy"] <= 0.85


def test_erlang_table_for_people() -> None:
    result = run("erlang", "--calls", "100", "--aht", "180")
    assert result.exit_code == 0
    assert "agents_scheduled" in result.stdout
    assert "14" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--calls", "-5", "--aht", "180"], "--calls: expected a number of calls >= 0, got -5"),
        (["--calls", "100", "--aht", "0"], "--aht: expected seconds > 0, got 0"),
        (["--calls", "100", "--aht", "180", "--target-sl", "1.2"], "--target-sl"),
        (["--calls", "100", "--aht", "180", "--shrinkage", "1"], "--shrinkage"),
        (["--calls", "100", "--aht", "180", "--patience", "0"], "--patience"),
        (["--calls", "100", "--aht", "180", "--max-occupancy", "0"], "--max-occupancy"),
    ],
)
def test_erlang_bad_options_get_one_line_and_exit_2(args: list[str], message: str) -> None:
    result = run("erlang", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip().count("\n") == 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def run_staff(forecast: Path, *options: str):
    """Staff a forecast at AHT 180 s; later options (e.g. another --interval) win."""
    return run("staff", "--forecast", str(forecast), "--aht", "180", "--interval", "30", *options)


def test_staff_csv_one_row_per_interval(tmp_path: Path) -> None:
    forecast = write(
        tmp_path / "f.csv",
        "ds,yhat,yhat_lo,yhat_hi\n2026-03-21 08:00,100,80,120\n2026-03-21 08:30,0,0,3\n"
        "2026-03-21 09:00,412.5,380,450\n",
    )
    result = run_staff(forecast)
    assert result.exit_code == 0, result.output
    rows = pl.read_csv(result.stdout.encode())
    assert rows.columns == STAFF_COLUMNS
    assert rows["ds"].to_list() == ["2026-03-21 08:00", "2026-03-21 08:30", "2026-03-21 09:00"]
    assert rows["agents"].to_list()[:2] == [14, 0]
    assert (rows["service_level"] >= 0.8).all()


def test_staff_json_with_patience_to_a_file(tmp_path: Path) -> None:
    forecast = write(tmp_path / "f.csv", "ds,y\n2026-03-21T08:00:00,100\n2026-03-21T08:15:00,50\n")
    output = tmp_path / "staff.json"
    result = run_staff(
        forecast,
        "--interval",
        "15",
        "--patience",
        "90",
        "--shrinkage",
        "0.35",
        "--format",
        "json",
        "--output",
        str(output),
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    rows = json.loads(output.read_text(encoding="utf-8"))
    assert [row["ds"] for row in rows] == ["2026-03-21T08:00:00", "2026-03-21T08:15:00"]
    assert list(rows[0]) == [*STAFF_COLUMNS, "abandon_rate"]
    assert all(row["agents_scheduled"] * 0.65 >= row["agents"] for row in rows)
    assert all(0 < row["abandon_rate"] < 1 for row in rows)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "ds,yhat\n2026-03-21 08:00,100\n2026-03-21 08:30,-3\n",
            "f.csv:3: column yhat: expected a number of calls >= 0, got '-3'",
        ),
        (
            "ds,yhat\n2026-03-21 08:00,ten\n",
            "f.csv:2: column yhat: expected a number of calls >= 0, got 'ten'",
        ),
        ("ds,yhat\n2026-03-21 08:00,\n", "f.csv:2: column yhat"),
        ("ds,calls\n2026-03-21 08:00,100\n", "f.csv:1: missing column yhat (or y)"),
        ("when,y\n2026-03-21 08:00,100\n", "f.csv:1: missing column ds"),
        (
            "ds,y\n2026-03-21 08:00,1\nsoon,2\n",
            "f.csv:3: column ds: expected a date-time, got 'soon'",
        ),
        ("ds,y\n", "f.csv: no intervals"),
    ],
)
def test_staff_bad_file_names_line_and_column(tmp_path: Path, text: str, message: str) -> None:
    forecast = write(tmp_path / "f.csv", text)
    output = tmp_path / "out.csv"
    result = run_staff(forecast, "--output", str(output))
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert not output.exists()


def test_staff_bad_options_and_missing_file(tmp_path: Path) -> None:
    forecast = write(tmp_path / "f.csv", "ds,y\n2026-03-21 08:00,100\n")
    result = run_staff(forecast, "--aht", "0")
    assert (result.exit_code, result.stderr.strip()) == (
        2,
        "tamas: --aht: expected seconds > 0, got 0",
    )
    result = run_staff(tmp_path / "none.csv")
    assert result.exit_code == 2
    assert "none.csv: no such file" in result.stderr


# --- Erlang X: --retrial-probability [--retrial-delay] [--lines] ----------------------

RETRIAL_KEYS = [
    *ERLANG_KEYS,
    "first_attempt_service_level",
    "blocked_rate",
    "lost_rate",
    "attempts",
    "effective_load",
]


def test_erlang_x_json_matches_the_library() -> None:
    result = run(
        "erlang",
        *("--calls", "100", "--aht", "180", "--patience", "120"),
        *("--retrial-probability", "0.6", "--retrial-delay", "120", "--shrinkage", "0.25"),
        *("--format", "json"),
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert list(answer) == RETRIAL_KEYS
    assert answer["model"] == "erlang_x"
    expected = erlang_x.staff(
        Traffic([100], aht_s=180, interval_s=1800, patience_s=120),
        erlang_x.Retrials(0.6, delay_s=120),
        Target(),
        shrinkage=0.25,
    )
    assert answer["agents"] == expected.agents[0]
    assert answer["agents_scheduled"] == expected.agents_scheduled[0]
    for name in RETRIAL_KEYS[3:]:
        if name != "blocked_rate":
            assert answer[name] == pytest.approx(getattr(expected, name)[0], rel=1e-12), name
    assert answer["blocked_rate"] is None
    assert answer["attempts"] > 100


def test_erlang_x_default_delay_and_lines() -> None:
    result = run(
        "erlang",
        *("--calls", "300", "--aht", "180", "--patience", "120", "--retrial-probability", "0.6"),
        *("--lines", "40", "--format", "json"),
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    expected = erlang_x.staff(
        Traffic([300], aht_s=180, interval_s=1800, patience_s=120),
        erlang_x.Retrials(0.6, delay_s=300, lines=40),
        Target(),
    )
    assert answer["agents"] == expected.agents[0] <= 40
    assert answer["blocked_rate"] == pytest.approx(expected.blocked_rate[0], rel=1e-12)
    assert answer["blocked_rate"] > 0


def test_erlang_x_without_retrials_staffs_like_erlang_a() -> None:
    options = ("--calls", "250", "--aht", "200", "--patience", "90", "--format", "json")
    erlang_a = json.loads(run("erlang", *options).stdout)
    no_retrials = json.loads(run("erlang", *options, "--retrial-probability", "0").stdout)
    assert no_retrials["model"] == "erlang_x"
    assert no_retrials["agents"] == erlang_a["agents"]
    assert no_retrials["service_level"] == pytest.approx(erlang_a["service_level"], abs=1e-9)
    assert no_retrials["attempts"] == pytest.approx(250)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--retrial-probability", "0.5"],
            "--retrial-probability: needs --patience (callers who never hang up never call again)",
        ),
        (
            ["--patience", "60", "--retrial-delay", "60"],
            "--retrial-delay: needs --retrial-probability (0 if nobody calls again)",
        ),
        (["--patience", "60", "--lines", "40"], "--lines: needs --retrial-probability"),
        (
            ["--patience", "60", "--retrial-probability", "1"],
            "--retrial-probability: expected a share in [0, 1), got 1",
        ),
        (
            ["--patience", "60", "--retrial-probability", "0.5", "--retrial-delay", "0"],
            "--retrial-delay: expected seconds > 0, got 0",
        ),
        (
            ["--patience", "60", "--retrial-probability", "0.5", "--lines", "0"],
            "--lines: expected a number of lines >= 1, got 0",
        ),
        (
            ["--patience", "60", "--retrial-probability", "0.5", "--lines", "10"],
            "--lines: even 10 agents on 10 lines answer only",
        ),
    ],
)
def test_erlang_x_bad_options_get_one_line_and_exit_2(args: list[str], message: str) -> None:
    result = run("erlang", "--calls", "300", "--aht", "180", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip().count("\n") == 0
    assert message in result.stderr


def test_staff_with_retrials_csv(tmp_path: Path) -> None:
    forecast = write(tmp_path / "f.csv", "ds,yhat\n2026-03-21 08:00,100\n2026-03-21 08:30,0\n")
    result = run_staff(forecast, "--patience", "120", "--retrial-probability", "0.7")
    assert result.exit_code == 0, result.output
    rows = pl.read_csv(result.stdout.encode())
    assert rows.columns == [
        *STAFF_COLUMNS,
        "abandon_rate",
        "first_attempt_service_level",
        "lost_rate",
        "attempts",
        "effective_load",
    ]
    assert rows["agents"][1] == 0
    assert rows["attempts"][0] > 100
    assert (rows["service_level"] >= 0.8).all()


def test_staff_with_too_few_lines_names_the_line(tmp_path: Path) -> None:
    forecast = write(tmp_path / "f.csv", "ds,y\n2026-03-21 08:00,20\n2026-03-21 08:30,300\n")
    output = tmp_path / "out.csv"
    result = run_staff(
        forecast,
        *("--patience", "60", "--retrial-probability", "0.5", "--lines", "12"),
        *("--output", str(output)),
    )
    assert result.exit_code == 2
    assert "f.csv:3: even 12 agents on 12 lines answer only" in result.stderr
    assert not output.exists()


def test_erlang_x_too_large_a_chain_is_refused_in_one_line() -> None:
    result = run(
        "erlang",
        *("--calls", "1e9", "--aht", "180", "--patience", "60", "--retrial-probability", "0.5"),
    )
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "cannot staff these inputs: calls[0] on" in result.stderr
    assert "the inputs are extreme" in result.stderr
