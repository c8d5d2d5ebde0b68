"""KPI report on a year of Asterisk queue_log: Tamas against plain Python and DuckDB SQL.

A manager points Tamas at a year of `queue_log` and expects the report in seconds. This
benchmark generates such a year with the project's own demo center (cached under
benchmarks/.cache/), then makes the report several ways in one run, all on the same work:

  plain_python         the whole report (the JSON contract: totals, by_queue, by_agent,
                       by_interval) in one straightforward pass over the lines, as a
                       competent person would write it without a library, checking lines
                       as Tamas does (benchmarks/kpi_plain_python.py): the baseline;
  plain_python_queues  the queue figures only (11 figures of totals and by_queue, no line
                       checks): a smaller job, shown so that the ratios can be read
                       against it too;
  duckdb_sql           the whole report in DuckDB SQL over the same file, without line
                       checks (benchmarks/kpi_duckdb.py);
  tamas_file           Tamas straight from the file: `read_queue_log` + `kpi_report`;
  tamas_sqlite         Tamas through its event log: import into a fresh SQLite file, read
                       it back and report.

It checks that every path agrees with the baseline on every figure it makes (to the 4
decimals of the JSON contract; the full paths on every figure of every section) and
prints each time, the ratios against both plain-Python passes, and the targets of issue
3 (baseline / tamas_file >= 4; tamas_sqlite / baseline <= 1.5), as a table and as JSON.

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

import polars as pl

import tamas.demo.center
import tamas.demo.queue_log
from kpi_duckdb import duckdb_report
from kpi_plain_python import plain_report
from tamas.connectors.asterisk import ParsedBatch, read_queue_log
from tamas.connectors.importer import import_file
from tamas.demo import generate_queue_log
from tamas.kpi import KPI_COLUMNS, QUEUE_KPIS, KpiDefinitions, kpi_report
from tamas.store import SqlEventLog, open_database

CACHE = Path(__file__).parent / ".cache"
FIRST_DAY = date(2025, 3, 22)  # 1 Farvardin 1404, a Saturday
DEFINITIONS = KpiDefinitions()
"""The report's default settings (SL threshold 20 s, short abandon 5 s, FCR window a day,
30-minute intervals in Asia/Tehran), the same for every path."""
QUEUE_FIGURES = tuple(
    name for name in QUEUE_KPIS if name not in ("sl_asterisk", "sl2_asterisk", "fcr")
)
"""What the queue-only pass computes: the queue KPIs but Asterisk's own SLs and FCR."""
COUNTS = QUEUE_FIGURES[: QUEUE_FIGURES.index("service_level")]
DECIMALS = 4
"""Places fractional figures are compared to: those of the report's JSON contract."""
TARGET_FROM_FILE = 4.0
TARGET_THROUGH_SQLITE = 1.5

Report = dict[str, Any]
"""The report as the JSON contract of `tamas report kpi --format json`, or the part of it
that a path computes."""


@dataclass
class Part:
    """Wall and CPU seconds spent in one part of a path (CPU of all the process's threads,
    so a part also counts what a background thread did meanwhile)."""

    seconds: float = 0.0
    cpu_seconds: float = 0.0


Stages = dict[str, Part]
"""The parts of a path; each path is called with one to fill (Tamas's do)."""


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


# -- the plain-Python passes ------------------------------------------------------------------


def plain_python(path: Path, stages: Stages) -> Report:
    return plain_report(path, DEFINITIONS)


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


def plain_python_queues(path: Path, stages: Stages) -> Report:
    """Queue figures only: one pass over the lines, keeping each call's open queue entry by
    its uniqueid, reading the fields it needs without checking the lines."""
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
                    tally.answered_within_threshold += holdtime <= DEFINITIONS.sl_threshold_s
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
                    tally.short_abandoned += wait < DEFINITIONS.short_abandon_s
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
        "by_queue": [{"queue": name, **_figures(queues[name])} for name in sorted(queues)],
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


# -- DuckDB SQL -------------------------------------------------------------------------------


def duckdb_sql(path: Path, stages: Stages) -> Report:
    return duckdb_report(path, DEFINITIONS)


# -- Tamas ------------------------------------------------------------------------------------


@contextmanager
def _stage(stages: Stages, name: str) -> Iterator[None]:
    started, started_cpu = time.perf_counter(), time.process_time()
    yield
    part = stages.setdefault(name, Part())
    part.seconds += time.perf_counter() - started
    part.cpu_seconds += time.process_time() - started_cpu


def _tamas_report(events: pl.DataFrame, skipped_lines: int, stages: Stages) -> Report:
    with _stage(stages, "kpi_report"):
        return kpi_report(events, DEFINITIONS).as_dict(skipped_lines)


def tamas_file(path: Path, stages: Stages) -> Report:
    with _stage(stages, "read_queue_log"):
        batches = list(read_queue_log(path, event_ids=False, columns=KPI_COLUMNS))
        events = pl.concat(batch.events for batch in batches)
    return _tamas_report(events, sum(len(batch.bad_lines) for batch in batches), stages)


def _timed(batches: Iterable[ParsedBatch], stages: Stages) -> Iterator[ParsedBatch]:
    """The batches, with the time spent making them added to the stage `read_queue_log`."""
    batches = iter(batches)
    while True:
        with _stage(stages, "read_queue_log"):
            batch = next(batches, None)
        if batch is None:
            return
        yield batch


def tamas_sqlite(path: Path, stages: Stages) -> Report:
    with tempfile.TemporaryDirectory() as folder:
        engine = open_database(str(Path(folder) / "tamas.sqlite"))
        try:
            log = SqlEventLog(engine)
            started, started_cpu = time.perf_counter(), time.process_time()
            batches = _timed(read_queue_log(path), stages)
            summary = import_file(log, "asterisk.queue_log", path, batches)
            parsing = stages["read_queue_log"]
            stages["store+commit"] = Part(
                time.perf_counter() - started - parsing.seconds,
                time.process_time() - started_cpu - parsing.cpu_seconds,
            )
            with _stage(stages, "read"):
                events = log.read(columns=KPI_COLUMNS)
            return _tamas_report(events, summary.bad_lines, stages)
        finally:
            engine.dispose()


# -- running and comparing -------------------------------------------------------------------


SECTIONS = ("definitions", "skipped_lines", "totals", "by_queue", "by_agent", "by_interval")
"""The sections of the report's JSON contract."""
ROW_KEYS = {"by_queue": "queue", "by_agent": "agent", "by_interval": "start"}


@dataclass(frozen=True)
class Way:
    """One way of making the report, and what of the report it makes: the figures it makes
    are checked against the baseline's."""

    run: Callable[[Path, Stages], Report]
    sections: tuple[str, ...] = SECTIONS
    figures: tuple[str, ...] | None = None
    """The figures of each row it makes (None: all of the baseline's)."""


WAYS: dict[str, Way] = {
    "plain_python": Way(plain_python),
    "plain_python_queues": Way(
        plain_python_queues, sections=("totals", "by_queue"), figures=QUEUE_FIGURES
    ),
    "duckdb_sql": Way(duckdb_sql, sections=tuple(s for s in SECTIONS if s != "skipped_lines")),
    "tamas_file": Way(tamas_file),
    "tamas_sqlite": Way(tamas_sqlite),
}
BASELINE = "plain_python"
QUEUES_ONLY = "plain_python_queues"


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, str) or isinstance(b, str) or a is None or b is None:
        return a == b
    return math.isclose(round(a, DECIMALS), round(b, DECIMALS), abs_tol=10**-DECIMALS)


def disagreements(name: str, report: Report, expected: Report) -> list[str]:
    """Where `report` differs from the baseline's report in what its way makes."""
    way, found = WAYS[name], []

    def compare(scope: str, mine: dict[str, Any], theirs: dict[str, Any]) -> None:
        names = way.figures if way.figures is not None else tuple(theirs)
        if way.figures is None and set(mine) != set(theirs):
            found.append(f"{name}: {scope} has other figures: {sorted(mine)}")
        for figure in names:
            if not _same(mine.get(figure), theirs.get(figure)):
                found.append(
                    f"{name}: {scope}.{figure} = {mine.get(figure)!r}, "
                    f"{BASELINE} says {theirs.get(figure)!r}"
                )

    for section in way.sections:
        mine, theirs = report.get(section), expected[section]
        if section not in ROW_KEYS:
            if isinstance(theirs, dict):
                compare(section, mine or {}, theirs)
            elif not _same(mine, theirs):
                found.append(f"{name}: {section} = {mine!r}, {BASELINE} says {theirs!r}")
            continue
        key = ROW_KEYS[section]
        my_keys, their_keys = [row[key] for row in mine or []], [row[key] for row in theirs]
        if my_keys != their_keys:
            found.append(
                f"{name}: {section} rows differ from {BASELINE}'s (or their order): "
                f"{sorted(set(my_keys) ^ set(their_keys))[:5]}"
            )
            continue
        for my_row, their_row in zip(mine, theirs, strict=True):
            compare(f"{section}[{my_row[key]}]", my_row, their_row)
    return found


@dataclass
class Timing:
    """The best of several runs of one path: wall and CPU seconds, and its parts."""

    seconds: float = math.inf
    cpu_seconds: float = math.inf
    """CPU time of all the process's threads during the best run (more than `seconds`
    when a library works on several cores, less when other work holds the machine)."""
    stages: Stages = field(default_factory=dict)


def measure(
    path: Path, repeat: int, only: list[str]
) -> tuple[dict[str, Timing], dict[str, Report]]:
    """Best-of-`repeat` timing of each path, and what each computed.

    The paths take turns (every path once, then every path again...), so that when other
    work on a shared machine comes and goes, every path's best run has had the same
    chances of a quiet moment."""
    timings = {name: Timing() for name in only}
    results: dict[str, Report] = {}
    for _ in range(repeat):
        for name in only:
            best = timings[name]
            stages: Stages = {}
            started, started_cpu = time.perf_counter(), time.process_time()
            results[name] = WAYS[name].run(path, stages)
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
    parser.add_argument("--only", nargs="+", choices=list(WAYS), default=list(WAYS))
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
    references = {BASELINE: baseline}
    if QUEUES_ONLY in timings:
        references[QUEUES_ONLY] = timings[QUEUES_ONLY].seconds
    ratios, cpu_ratios = {}, {}
    for reference, seconds in references.items():
        cpu = timings[reference].cpu_seconds
        if "tamas_file" in timings:
            ratios[f"{reference}_over_tamas_file"] = seconds / timings["tamas_file"].seconds
            cpu_ratios[f"{reference}_over_tamas_file"] = cpu / timings["tamas_file"].cpu_seconds
        if "tamas_sqlite" in timings:
            ratios[f"tamas_sqlite_over_{reference}"] = timings["tamas_sqlite"].seconds / seconds
            cpu_ratios[f"tamas_sqlite_over_{reference}"] = timings["tamas_sqlite"].cpu_seconds / cpu
    totals = results[BASELINE]["totals"]
    load = os.getloadavg()[0]
    print(
        f"{path.name}: {lines:,} lines, {totals['offered']:,} queue entries; best of "
        f"{args.repeat}; load average {load:.1f} on {os.cpu_count()} cores"
    )
    print(
        f"baseline: {BASELINE} (the whole report); {QUEUES_ONLY}: queue figures only "
        "(11 figures of totals and by_queue, no line checks)"
    )
    print(
        f"{'path':<20} {'seconds':>8} {'cpu s':>7} {'x baseline':>11} {'x queues-only':>14}"
        "  parts of the best run (s)"
    )
    for name in only:
        timing = timings[name]
        parts = ", ".join(
            f"{name} {part.seconds:.2f} ({part.cpu_seconds:.2f} cpu)"
            for name, part in timing.stages.items()
        )
        against_queues = (
            f"{timing.seconds / references[QUEUES_ONLY]:>14.2f}"
            if QUEUES_ONLY in references
            else f"{'':>14}"
        )
        print(
            f"{name:<20} {timing.seconds:>8.2f} {timing.cpu_seconds:>7.2f} "
            f"{timing.seconds / baseline:>11.2f} {against_queues}  {parts}"
        )
    targets = {
        f"{BASELINE}_over_tamas_file": (">=", TARGET_FROM_FILE),
        f"tamas_sqlite_over_{BASELINE}": ("<=", TARGET_THROUGH_SQLITE),
    }
    for name, value in ratios.items():
        in_cpu = f"; in CPU time {cpu_ratios[name]:.2f}"
        if name in targets:
            sign, target = targets[name]
            met = value >= target if sign == ">=" else value <= target
            print(
                f"{name}: {value:.2f} (target {sign} {target}: {'met' if met else 'NOT MET'}"
                f"{in_cpu})"
            )
        else:
            print(f"{name}: {value:.2f} (for reading only: a smaller job than the report{in_cpu})")
    if load > (os.cpu_count() or 1) / 2 + 1:
        print(
            f"note: load average {load:.1f} (this benchmark counts about 1): other work shares "
            "the cores, so wall times and their ratios move with it; the CPU-time ratios "
            "move less (a library's threads waiting for a core still add some CPU time)"
        )
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
                        **(
                            {
                                "stages": {
                                    name: {
                                        "seconds": round(part.seconds, 3),
                                        "cpu_seconds": round(part.cpu_seconds, 3),
                                    }
                                    for name, part in timing.stages.items()
                                }
                            }
                            if timing.stages
                            else {}
                        ),
                    }
                    for name, timing in timings.items()
                },
                "ratios": _rounded(ratios),
                "cpu_ratios": _rounded(cpu_ratios),
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
