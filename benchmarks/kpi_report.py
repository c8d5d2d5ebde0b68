"""KPI report on a year of Asterisk queue_log: Tamas against plain Python and DuckDB SQL.

A manager points Tamas at a year of `queue_log` and expects the report in seconds. This
benchmark generates such a year with the project's own demo center (cached under
benchmarks/.cache/), then computes the same queue KPIs four ways in one run:

  plain_python     one straightforward pass over the lines, as a competent person would
                   write it without a library (the baseline);
  duckdb_sql       DuckDB's CSV reader and SQL over the same file;
  tamas_file       Tamas straight from the file: `read_queue_log` + `kpi_report`;
  tamas_sqlite     Tamas through its event log: import into a fresh SQLite file, read
                   it back and report.

It checks that all four agree on every figure (totals and by queue) and prints each time,
the ratios against the targets of issue 3 (baseline / tamas_file >= 4; tamas_sqlite /
baseline <= 1.5), as a table and as JSON.

    .venv/bin/python benchmarks/kpi_report.py [--days 365] [--repeat 3]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

import tamas.demo.center
import tamas.demo.queue_log
from tamas.connectors.asterisk import ParsedBatch, read_queue_log
from tamas.demo import generate_queue_log
from tamas.kpi import QUEUE_KPIS, KpiDefinitions, kpi_report
from tamas.store import SqlEventLog, open_database

CACHE = Path(__file__).parent / ".cache"
FIRST_DAY = date(2025, 3, 22)  # 1 Farvardin 1404, a Saturday
SL_THRESHOLD_S = 20
SHORT_ABANDON_S = 5
FIGURES = tuple(name for name in QUEUE_KPIS if name not in ("sl_asterisk", "sl2_asterisk", "fcr"))
"""The figures compared: the queue KPIs of docs/kpi.md but Asterisk's own SLs and FCR."""
COUNTS = FIGURES[: FIGURES.index("service_level")]
DECIMALS = 4
"""Places fractional figures are compared to: those of the report's JSON contract."""
TARGET_FROM_FILE = 4.0
TARGET_THROUGH_SQLITE = 1.5

Kpis = dict[str, Any]
"""{"totals": {figure: value}, "by_queue": {queue: {figure: value}}}"""
Stages = dict[str, float]
"""Seconds spent in the parts of a path; each path is called with one to fill (Tamas's do)."""


# -- the year of queue_log -------------------------------------------------------------------


def queue_log(days: int, seed: int) -> Path:
    """The generated queue_log, made once per generator version, days and seed."""
    digest = hashlib.sha256()
    for module in (tamas.demo.center, tamas.demo.queue_log):
        digest.update(Path(module.__file__).read_bytes())
    path = CACHE / f"queue_log-{FIRST_DAY}-{days}d-seed{seed}-{digest.hexdigest()[:12]}.log"
    if not path.exists():
        CACHE.mkdir(exist_ok=True)
        partial = path.with_suffix(".partial")
        started = time.perf_counter()
        with partial.open("w", encoding="utf-8", newline="\n") as out:
            summary = generate_queue_log(out, first_day=FIRST_DAY, days=days, seed=seed)
        partial.rename(path)
        print(
            f"generated {path.name}: {summary.lines:,} lines, {summary.entries:,} queue "
            f"entries in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
    return path


# -- (a) the plain-Python baseline -----------------------------------------------------------


class _QueueTally:
    __slots__ = (
        "abandoned",
        "answered",
        "answered_within_threshold",
        "ended",
        "exited",
        "holdtime",
        "max_wait_s",
        "offered",
        "short_abandoned",
        "talk_time",
    )

    def __init__(self) -> None:
        self.offered = self.answered = self.abandoned = self.short_abandoned = 0
        self.exited = self.answered_within_threshold = self.ended = 0
        self.holdtime = self.talk_time = 0
        self.max_wait_s: int | None = None

    def waited(self, seconds: int) -> None:
        if self.max_wait_s is None or seconds > self.max_wait_s:
            self.max_wait_s = seconds


def plain_python(path: Path, stages: Stages) -> Kpis:
    """One pass over the lines, keeping each call's open queue entry by its uniqueid."""
    queues: dict[str, _QueueTally] = {}
    entry_of: dict[str, _QueueTally] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            fields = line.rstrip("\n").split("|")
            event = fields[4]
            if event == "ENTERQUEUE":
                tally = queues.get(fields[2])
                if tally is None:
                    tally = queues[fields[2]] = _QueueTally()
                tally.offered += 1
                entry_of[fields[1]] = tally
            elif event == "CONNECT":
                tally = entry_of.get(fields[1])
                if tally is not None:
                    holdtime = int(fields[5])
                    tally.answered += 1
                    tally.holdtime += holdtime
                    tally.answered_within_threshold += holdtime <= SL_THRESHOLD_S
                    tally.waited(holdtime)
            elif event in ("COMPLETECALLER", "COMPLETEAGENT") or event.endswith("TRANSFER"):
                tally = entry_of.pop(fields[1], None)
                if tally is not None:
                    tally.ended += 1
                    tally.talk_time += int(fields[-2])
            elif event == "ABANDON":
                tally = entry_of.pop(fields[1], None)
                if tally is not None:
                    wait = int(fields[7])
                    tally.abandoned += 1
                    tally.short_abandoned += wait < SHORT_ABANDON_S
                    tally.waited(wait)
            elif event in ("EXITWITHTIMEOUT", "EXITEMPTY", "WITHDRAW", "EXITWITHKEY"):
                tally = entry_of.pop(fields[1], None)
                if tally is not None:
                    tally.exited += 1
                    tally.waited(int(fields[8 if event == "EXITWITHKEY" else 7]))
    total = _QueueTally()
    for tally in queues.values():
        for name in (*COUNTS, "holdtime", "talk_time", "ended"):
            setattr(total, name, getattr(total, name) + getattr(tally, name))
        if tally.max_wait_s is not None:
            total.waited(tally.max_wait_s)
    return {
        "totals": _figures(total),
        "by_queue": {name: _figures(tally) for name, tally in queues.items()},
    }


def _ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def _figures(tally: _QueueTally) -> dict[str, Any]:
    counted = tally.offered - tally.short_abandoned
    return {
        **{name: getattr(tally, name) for name in COUNTS},
        "service_level": _ratio(tally.answered_within_threshold, counted),
        "abandon_rate": _ratio(tally.abandoned - tally.short_abandoned, counted),
        "asa_s": _ratio(tally.holdtime, tally.answered),
        "aht_s": _ratio(tally.talk_time, tally.ended),
        "max_wait_s": tally.max_wait_s,
    }


# -- (b) DuckDB SQL --------------------------------------------------------------------------

DUCKDB_SQL = f"""
-- a table keeps the file's order (rowid) when loaded unfiltered: lines are linked in it
CREATE TEMP TABLE lines AS
SELECT * FROM read_csv(?, delim = '|', header = false, quote = '', escape = '',
    null_padding = true, auto_detect = false, columns = {{
        'ts': 'BIGINT', 'callid': 'VARCHAR', 'queue': 'VARCHAR', 'agent': 'VARCHAR',
        'event': 'VARCHAR', 'd1': 'VARCHAR', 'd2': 'VARCHAR', 'd3': 'VARCHAR',
        'd4': 'VARCHAR', 'd5': 'VARCHAR', 'd6': 'VARCHAR'}});

WITH enters AS (
    SELECT rowid AS line, callid, queue FROM lines WHERE event = 'ENTERQUEUE'
),
outcomes AS (
    SELECT
        rowid AS line,
        callid,
        CASE WHEN event = 'CONNECT' THEN d1::INT END AS holdtime,
        -- calltime is second from the end: transfers' own fields vary in number
        CASE WHEN event IN ('COMPLETECALLER', 'COMPLETEAGENT') OR event LIKE '%TRANSFER'
            THEN list_filter([d1, d2, d3, d4, d5, d6], lambda x: x IS NOT NULL)[-2]::INT
            END AS talk_time,
        CASE WHEN event = 'ABANDON' THEN d3::INT END AS abandon_wait,
        CASE WHEN event = 'EXITWITHKEY' THEN d4::INT
             WHEN event IN ('EXITWITHTIMEOUT', 'EXITEMPTY', 'WITHDRAW') THEN d3::INT
            END AS exit_wait
    FROM lines
    WHERE event IN ('CONNECT', 'COMPLETECALLER', 'COMPLETEAGENT', 'TRANSFER',
                    'BLINDTRANSFER', 'ATTENDEDTRANSFER', 'ABANDON', 'EXITWITHTIMEOUT',
                    'EXITWITHKEY', 'EXITEMPTY', 'WITHDRAW')
),
linked AS (
    -- each outcome belongs to the entry its call's latest ENTERQUEUE before it began
    SELECT outcomes.*, enters.line AS entry
    FROM outcomes ASOF JOIN enters
        ON outcomes.callid = enters.callid AND outcomes.line >= enters.line
),
entries AS (
    SELECT
        enters.queue,
        max(holdtime) AS holdtime,
        max(talk_time) AS talk_time,
        max(abandon_wait) AS abandon_wait,
        max(exit_wait) AS exit_wait
    FROM enters LEFT JOIN linked ON linked.entry = enters.line
    GROUP BY enters.line, enters.queue
)
SELECT
    queue,
    count(*) AS offered,
    count(holdtime) AS answered,
    count(abandon_wait) AS abandoned,
    count(*) FILTER (WHERE abandon_wait < {SHORT_ABANDON_S}) AS short_abandoned,
    count(exit_wait) AS exited,
    count(*) FILTER (WHERE holdtime <= {SL_THRESHOLD_S}) AS answered_within_threshold,
    sum(holdtime) AS holdtime,
    sum(talk_time) AS talk_time,
    count(talk_time) AS ended,
    max(greatest(holdtime, abandon_wait, exit_wait)) AS max_wait_s
FROM entries
GROUP BY GROUPING SETS ((queue), ())
"""


def duckdb_sql(path: Path, stages: Stages) -> Kpis:
    with duckdb.connect() as connection:
        statements = DUCKDB_SQL.split(";", 1)
        connection.execute(statements[0], [str(path)])
        rows = connection.execute(statements[1]).fetchall()
        names = [column[0] for column in connection.description]
    result: Kpis = {"totals": {}, "by_queue": {}}
    for row in rows:
        values = dict(zip(names, row, strict=True))
        tally = _QueueTally()
        for name in (*COUNTS, "holdtime", "talk_time", "ended"):
            setattr(tally, name, values[name] or 0)
        tally.max_wait_s = values["max_wait_s"]
        if values["queue"] is None:
            result["totals"] = _figures(tally)
        else:
            result["by_queue"][values["queue"]] = _figures(tally)
    return result


# -- (c), (d) Tamas --------------------------------------------------------------------------


@contextmanager
def _stage(stages: Stages, name: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    stages[name] = stages.get(name, 0.0) + time.perf_counter() - started


def _tamas_kpis(events: pl.DataFrame, stages: Stages) -> Kpis:
    definitions = KpiDefinitions(sl_threshold_s=SL_THRESHOLD_S, short_abandon_s=SHORT_ABANDON_S)
    with _stage(stages, "kpi_report"):
        report = kpi_report(events, definitions).as_dict(0)
    return {
        "totals": {name: report["totals"][name] for name in FIGURES},
        "by_queue": {
            row["queue"]: {name: row[name] for name in FIGURES} for row in report["by_queue"]
        },
    }


def tamas_file(path: Path, stages: Stages) -> Kpis:
    with _stage(stages, "read_queue_log"):
        events = pl.concat(batch.events for batch in read_queue_log(path, event_ids=False))
    return _tamas_kpis(events, stages)


def _timed(batches: Iterable[ParsedBatch], stages: Stages) -> Iterator[ParsedBatch]:
    """The batches, with the time spent making them added to the stage `read_queue_log`."""
    batches = iter(batches)
    while True:
        with _stage(stages, "read_queue_log"):
            batch = next(batches, None)
        if batch is None:
            return
        yield batch


def tamas_sqlite(path: Path, stages: Stages) -> Kpis:
    with tempfile.TemporaryDirectory() as folder:
        engine = open_database(str(Path(folder) / "tamas.sqlite"))
        try:
            log = SqlEventLog(engine)
            started = time.perf_counter()
            with log.transaction() as writer:
                for batch in _timed(read_queue_log(path), stages):
                    writer.append(batch.events)
            imported = time.perf_counter() - started
            stages["append+commit"] = imported - stages["read_queue_log"]
            with _stage(stages, "read"):
                events = log.read()
            return _tamas_kpis(events, stages)
        finally:
            engine.dispose()


# -- running and comparing -------------------------------------------------------------------

PATHS: dict[str, Callable[[Path, Stages], Kpis]] = {
    "plain_python": plain_python,
    "duckdb_sql": duckdb_sql,
    "tamas_file": tamas_file,
    "tamas_sqlite": tamas_sqlite,
}
BASELINE = "plain_python"


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(round(a, DECIMALS), round(b, DECIMALS), abs_tol=10**-DECIMALS)


def disagreements(name: str, kpis: Kpis, expected: Kpis) -> list[str]:
    found = []
    scopes = [("totals", kpis["totals"], expected["totals"])]
    for queue in sorted(set(kpis["by_queue"]) | set(expected["by_queue"])):
        mine, theirs = kpis["by_queue"].get(queue), expected["by_queue"].get(queue)
        if mine is None or theirs is None:
            found.append(f"{name}: queue {queue!r} is missing from one side")
        else:
            scopes.append((f"by_queue[{queue}]", mine, theirs))
    for scope, mine, theirs in scopes:
        for figure in FIGURES:
            if not _same(mine[figure], theirs[figure]):
                found.append(
                    f"{name}: {scope}.{figure} = {mine[figure]!r}, "
                    f"{BASELINE} says {theirs[figure]!r}"
                )
    return found


@dataclass
class Timing:
    """The best of several runs of one path: wall and CPU seconds, and its parts."""

    seconds: float = math.inf
    cpu_seconds: float = math.inf
    """CPU time of all the process's threads during the best run (more than `seconds`
    when a library works on several cores, less when other work holds the machine)."""
    stages: Stages = field(default_factory=dict)


def measure(path: Path, repeat: int, only: list[str]) -> tuple[dict[str, Timing], dict[str, Kpis]]:
    """Best-of-`repeat` timing of each path, and what each computed."""
    timings: dict[str, Timing] = {}
    results: dict[str, Kpis] = {}
    for name in only:
        best = timings[name] = Timing()
        for _ in range(repeat):
            stages: Stages = {}
            started, started_cpu = time.perf_counter(), time.process_time()
            results[name] = PATHS[name](path, stages)
            seconds = time.perf_counter() - started
            if seconds < best.seconds:
                best.seconds, best.stages = seconds, stages
                best.cpu_seconds = time.process_time() - started_cpu
    return timings, results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    parser.add_argument("--only", nargs="+", choices=list(PATHS), default=list(PATHS))
    args = parser.parse_args()
    only = [BASELINE, *(name for name in args.only if name != BASELINE)]

    path = queue_log(args.days, args.seed)
    with path.open("rb") as stream:
        lines = sum(1 for _ in stream)
    timings, results = measure(path, args.repeat, only)

    problems = [
        problem
        for name in only[1:]
        for problem in disagreements(name, results[name], results[BASELINE])
    ]
    for problem in problems:
        print(f"DISAGREEMENT {problem}", file=sys.stderr)

    baseline = timings[BASELINE].seconds
    ratios = {}
    if "tamas_file" in timings:
        ratios["baseline_over_tamas_file"] = baseline / timings["tamas_file"].seconds
    if "tamas_sqlite" in timings:
        ratios["tamas_sqlite_over_baseline"] = timings["tamas_sqlite"].seconds / baseline
    totals = results[BASELINE]["totals"]
    load = os.getloadavg()[0]
    print(
        f"{path.name}: {lines:,} lines, {totals['offered']:,} queue entries; best of "
        f"{args.repeat}; load average {load:.1f} on {os.cpu_count()} cores"
    )
    print(f"{'path':<14} {'seconds':>8} {'cpu s':>7} {'x baseline':>11}  parts of the best run (s)")
    for name in only:
        timing = timings[name]
        parts = ", ".join(f"{part} {value:.2f}" for part, value in timing.stages.items())
        print(
            f"{name:<14} {timing.seconds:>8.2f} {timing.cpu_seconds:>7.2f} "
            f"{timing.seconds / baseline:>11.2f}  {parts}"
        )
    targets = {
        "baseline_over_tamas_file": (">=", TARGET_FROM_FILE),
        "tamas_sqlite_over_baseline": ("<=", TARGET_THROUGH_SQLITE),
    }
    for name, value in ratios.items():
        sign, target = targets[name]
        met = value >= target if sign == ">=" else value <= target
        print(f"{name}: {value:.2f} (target {sign} {target}: {'met' if met else 'NOT MET'})")
    print(
        json.dumps(
            {
                "benchmark": "kpi_report",
                "file": path.name,
                "lines": lines,
                "queue_entries": totals["offered"],
                "repeat": args.repeat,
                "load_average": round(load, 2),
                "cores": os.cpu_count(),
                "timings": {
                    name: {
                        "seconds": round(timing.seconds, 3),
                        "cpu_seconds": round(timing.cpu_seconds, 3),
                        **({"stages": _rounded(timing.stages)} if timing.stages else {}),
                    }
                    for name, timing in timings.items()
                },
                "ratios": _rounded(ratios),
                "figures_agree": not problems,
                "totals": totals,
            }
        )
    )
    return 1 if problems else 0


def _rounded(values: dict[str, float]) -> dict[str, float]:
    return {name: round(value, 3) for name, value in values.items()}


if __name__ == "__main__":
    sys.exit(main())
