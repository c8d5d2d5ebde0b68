from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest
import typer
from typer.testing import CliRunner

from tamas.cli import app as tamas_app
from tamas.events import Event, EventType, events_to_frame
from tamas.store import SqlEventLog, open_database
from tests.wfm.forecast_data import hourly_history

runner = CliRunner()


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    return tamas_app


@pytest.fixture(scope="module")
def history_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("history") / "history.csv"
    hourly_history(date(2025, 1, 6), 35).with_columns(
        pl.col("ds").dt.to_string("%Y-%m-%d %H:%M")
    ).write_csv(path)
    return path


def run(app: typer.Typer, *args: str):
    return runner.invoke(app, ["wfm", *map(str, args)])


def test_forecast_csv_is_what_staffing_reads(
    app: typer.Typer, history_csv: Path, tmp_path: Path
) -> None:
    output = tmp_path / "forecast.csv"
    result = run(
        app, "forecast", "--history", history_csv, "--horizon", 2, "--freq", "30min",
        "--format", "csv", "--output", output,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    with output.open() as stream:
        rows = list(csv.DictReader(stream))
    assert list(rows[0]) == ["ds", "yhat", "yhat_lo", "yhat_hi"]
    assert len(rows) == 2 * 48
    assert rows[0]["ds"] == "2025-02-10T00:00:00"
    assert rows[19]["ds"] == "2025-02-10T09:30:00"
    assert float(rows[18]["yhat"]) > 0  # hourly history: all in the first half-hour
    assert float(rows[19]["yhat"]) == 0


def test_forecast_json_per_day(app: typer.Typer, history_csv: Path) -> None:
    result = run(app, "forecast", "--history", history_csv, "--horizon", 7, "--level", 95)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [row["ds"] for row in rows[:2]] == ["2025-02-10", "2025-02-11"]
    assert set(rows[0]) == {"ds", "yhat", "yhat_lo", "yhat_hi"}
    assert rows[4]["yhat"] == 0  # Friday, closed
    assert all(row["yhat_lo"] <= row["yhat"] <= row["yhat_hi"] for row in rows)


def test_forecast_table_in_the_jalali_calendar(
    app: typer.Typer, history_csv: Path, tmp_path: Path
) -> None:
    events = tmp_path / "events.toml"
    events.write_text('[[day]]\ndate = "1403-11-23"\nname = "Launch"\nlift = "+50%"\n')
    result = run(
        app, "forecast", "--history", history_csv, "--horizon", 3, "--events", events,
        "--format", "table", "--calendar", "jalali",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "1403/11/22 دوشنبه" in result.stdout  # Monday 10 February 2025
    assert "Launch ×1.5" in result.stdout


def test_forecast_from_the_event_log(app: typer.Typer, sqlite_url: str) -> None:
    start = datetime(2025, 1, 5, 20, 30, tzinfo=UTC)  # Monday 6 January, 00:00 in Tehran
    events = [
        Event(
            event_id=f"e{day}-{n}",
            ts=start + timedelta(days=day, hours=8 + n % 9),
            type=EventType.CONTACT_QUEUED,
            source="test",
            queue="sales" if n % 4 else "support",
        )
        for day in range(21)
        for n in range(40 + 10 * (day % 7 == 0))
    ]
    engine = open_database(sqlite_url)
    SqlEventLog(engine).append(events_to_frame(events))
    engine.dispose()
    result = run(app, "forecast", "--db", sqlite_url, "--queue", "sales", "--horizon", 7)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows[0]["ds"] == "2025-01-27"
    assert rows[0]["yhat"] == pytest.approx(37, abs=2)  # Mondays: 50 entries, 37 of them sales
    assert rows[1]["yhat"] == pytest.approx(30, abs=2)


def test_backtest_scores_each_model(app: typer.Typer, history_csv: Path) -> None:
    result = run(
        app, "backtest", "--history", history_csv, "--horizon", 7, "--windows", 2,
        "--freq", "60min", "--holidays", "IR",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["windows"] == 2
    assert report["freq"] == "60min"
    assert report["daily_model"] == "auto_arima"
    assert set(report["scores"]) == {"tamas", "auto_ets", "seasonal_naive"}
    assert all(set(score) == {"wape", "mase"} for score in report["scores"].values())
    table = run(
        app, "backtest", "--history", history_csv, "--horizon", 7, "--windows", 3,
        "--format", "table",
    )  # fmt: skip
    assert table.exit_code == 0, table.output
    assert "seasonal_naive" in table.stdout


def write(tmp_path: Path, text: str, name: str = "history.csv") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("day,calls\n2025-01-01,3\n", ":1: expected a header with the columns ds,y"),
        ("ds,y\n2025-01-01,3\n2025-01-02,many\n", ":3: y: expected a number of contacts"),
        ("ds,y\n2025-01-01,-4\n", ":2: y: volumes cannot be negative"),
        ("ds,y\nyesterday,4\n", ":2: ds: expected an ISO date or time"),
        ("ds,y\n2025-01-01,4\n", "the history covers 1 days; at least 14 are needed"),
    ],
)
def test_bad_history_is_one_line_and_exit_2(
    app: typer.Typer, tmp_path: Path, content: str, message: str
) -> None:
    path = write(tmp_path, content)
    result = run(app, "forecast", "--history", path, "--horizon", 7)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith(f"tamas: {path}")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--horizon", "0"], "--horizon: expected a number of days of at least 1"),
        (["--horizon", "7", "--holidays", "XX"], "--holidays: unknown holiday country 'XX'"),
        (["--horizon", "7", "--freq", "7min"], "--freq: an interval must divide a day"),
        (["--horizon", "7", "--level", "120"], "--level: expected a percentage"),
        (["--horizon", "7", "--tz", "Mars/Base"], "--tz: unknown time zone"),
        (["--horizon", "7", "--queue", "sales"], "--queue selects queues of the event log"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(
    app: typer.Typer, history_csv: Path, args: list[str], message: str
) -> None:
    result = run(app, "forecast", "--history", history_csv, *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_neither_or_both_histories_are_refused(app: typer.Typer, history_csv: Path) -> None:
    result = run(app, "forecast", "--horizon", 7)
    assert result.exit_code == 2
    assert "give either --history FILE.csv or --db URL" in result.stderr


def test_bad_special_days_name_their_line(
    app: typer.Typer, history_csv: Path, tmp_path: Path
) -> None:
    events = write(tmp_path, "date,name,lift\n2025-02-11,Launch,50%\n", "events.csv")
    result = run(app, "forecast", "--history", history_csv, "--horizon", 7, "--events", events)
    assert result.exit_code == 2
    assert f"{events}:2: write a change in per cent with its sign (+50% or -50%)" in result.stderr


def test_too_many_backtest_windows_are_refused(app: typer.Typer, history_csv: Path) -> None:
    result = run(app, "backtest", "--history", history_csv, "--horizon", 7, "--windows", 5)
    assert result.exit_code == 2
    assert "at most 3 windows" in result.stderr
