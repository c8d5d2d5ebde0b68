"""`tamas sim run` as a person runs it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from tamas.cli import app
from tamas.demo import generate_queue_log
from tamas.kpi import QUEUE_KPIS
from tamas.sim import parse_scenario, simulate
from tests.sim.scenarios import TWO_QUEUES as DAY

runner = CliRunner()


def scenario(tmp_path: Path, text: str = DAY) -> Path:
    path = tmp_path / "day.toml"
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str):
    return runner.invoke(app, ["sim", "run", *args])


def test_json_has_the_kpis_replications_and_half_widths(tmp_path: Path) -> None:
    result = run(str(scenario(tmp_path)), "--replications", "3", "--short-abandon", "3")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["replications"] == 3
    assert report["definitions"]["short_abandon_s"] == 3
    assert list(report["totals"]) == [*QUEUE_KPIS, "half_width"]
    assert report["totals"]["half_width"]["service_level"] > 0
    rows = {row["queue"]: row for row in report["by_queue"]}
    assert (rows["support"]["sl_threshold_s"], rows["sales"]["sl_threshold_s"]) == (15, 40)
    assert rows["support"]["half_width"]["asa_s"] >= 0
    assert report["by_interval"] and report["by_agent"]


def test_the_threshold_option_overrides_the_queues(tmp_path: Path) -> None:
    result = run(str(scenario(tmp_path)), "--sl-threshold", "25", "--seed", "9")
    report = json.loads(result.stdout)
    assert report["definitions"]["sl_threshold_s"] == 25
    assert all("sl_threshold_s" not in row for row in report["by_queue"])


def test_contacts_of_the_warm_up_are_not_counted(tmp_path: Path) -> None:
    warm = json.loads(run(str(scenario(tmp_path))).stdout)
    cold = json.loads(run(str(scenario(tmp_path, DAY.replace("warmup_s = 600", "")))).stdout)
    assert 0 < warm["totals"]["offered"] < cold["totals"]["offered"]


def test_table_format_shows_the_half_widths(tmp_path: Path) -> None:
    result = run(str(scenario(tmp_path)), "--replications", "2", "--format", "table")
    assert result.exit_code == 0, result.output
    assert "Means over 2 replication(s)" in result.stdout
    assert "95% half-width" in result.stdout


@pytest.mark.parametrize(
    ("change", "args", "message"),
    [
        (("mean_s = 60", "mean_s = 0"), (), "day.toml: queue[0].patience.mean_s"),
        (("count = 8", "count = eight"), (), "day.toml: not valid TOML"),
        ((), ("--tz", "Mars/Olympus"), "--tz: expected an IANA time zone"),
        ((), ("--interval", "7"), "--interval: expected a number of minutes"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, change: tuple[str, str], args: tuple[str, ...], message: str
) -> None:
    text = DAY.replace(*change) if change else DAY
    result = run(str(scenario(tmp_path, text)), *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_a_missing_scenario_is_named(tmp_path: Path) -> None:
    result = run(str(tmp_path / "none.toml"))
    assert result.exit_code == 2
    assert "none.toml: cannot read the scenario" in result.stderr


def test_arrivals_replay_an_event_log_beside_the_scenario(tmp_path: Path) -> None:
    history = simulate(parse_scenario(DAY))
    history.write_parquet(tmp_path / "last_week.parquet")
    arrived = history.filter((pl.col("type") == "contact.queued") & (pl.col("queue") == "support"))
    replay = DAY.replace(
        "arrival_rate_per_hour = 240",
        'arrivals = { replay = "last_week.parquet" }',
    )
    result = run(str(scenario(tmp_path, replay)), "--sl-threshold", "20")
    assert result.exit_code == 0, result.output
    support = next(r for r in json.loads(result.stdout)["by_queue"] if r["queue"] == "support")
    assert support["offered"] == arrived.height
    bad = DAY.replace("arrival_rate_per_hour = 240", 'arrivals = { replay = "q.log" }')
    result = run(str(scenario(tmp_path, bad)))
    assert result.exit_code == 2
    assert "q.log: cannot read the file" in result.stderr


def test_arrivals_replay_an_asterisk_queue_log(tmp_path: Path) -> None:
    with (tmp_path / "queue_log").open("w") as stream:
        generate_queue_log(stream, first_day=date(2025, 1, 4), days=1, seed=3)
    first_queue: dict[str, str] = {}  # call → the queue it entered first: its arrival
    for line in (tmp_path / "queue_log").read_text().splitlines():
        _, call, queue, _, event, *_ = line.split("|")
        if event == "ENTERQUEUE":
            first_queue.setdefault(call, queue)
    arrivals = sum(queue == "support" for queue in first_queue.values())
    # The demo center opens at 08:00 in Tehran (04:30 UTC); the run covers the whole day.
    replay = DAY.replace("seed = 7", "seed = 7\nstart = 2025-01-03T20:30:00Z")
    replay = replay.replace("duration_s = 7200", "duration_s = 86400").replace(
        "warmup_s = 600", "warmup_s = 0"
    )
    replay = replay.replace(
        "arrival_rate_per_hour = 240", 'arrivals = { replay = "queue_log", queue = "support" }'
    )
    result = run(str(scenario(tmp_path, replay)), "--sl-threshold", "20")
    assert result.exit_code == 0, result.output
    support = next(r for r in json.loads(result.stdout)["by_queue"] if r["queue"] == "support")
    assert support["offered"] == arrivals > 100
