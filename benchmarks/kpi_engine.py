"""How long the KPI engine takes on a year of a busy center's events.

Builds a synthetic event frame the size of a year of queue_log (by default 230k calls,
~830k events: entries, answers, ends, abandons, exits, rings, transfers into a second queue,
agents' logins and pauses) and times `kpi_report` on it, best of a few runs. It measures
the engine alone; benchmarks/kpi_report.py measures the whole path from the file. Other
work on the machine slows the wall time; the CPU time and load average say how much.

    .venv/bin/python benchmarks/kpi_engine.py [calls]
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import UTC, datetime

import polars as pl

from tamas.events import EventType, conform
from tamas.kpi import KpiDefinitions, kpi_report

QUEUES = ("support", "sales", "billing", "vip")
AGENTS = tuple(f"Agent {n:02d}" for n in range(60))
YEAR_START = datetime(2025, 1, 1, 4, 30, tzinfo=UTC)


def synthetic_year(calls: int, seed: int = 7) -> pl.DataFrame:
    rng = random.Random(seed)
    rows: list[dict] = []

    def add(t: float, type_: EventType, **fields: object) -> None:
        rows.append({"ts": t, "type": str(type_), **fields})

    seconds_per_call = 365 * 86400 / calls
    for n in range(calls):
        t = n * seconds_per_call + rng.random() * seconds_per_call
        caller = "anonymous" if rng.random() < 0.05 else f"0912{rng.randrange(80_000):07d}"
        call = {"contact_id": f"{1735700000 + int(t)}.{n}", "queue": rng.choice(QUEUES)}
        for _transfer in range(2 if rng.random() < 0.03 else 1):
            add(t, EventType.CONTACT_QUEUED, **call, caller=caller)
            wait = rng.expovariate(1 / 25)
            fate = rng.random()
            if fate < 0.2:
                agent = rng.choice(AGENTS)
                add(t + wait / 2, EventType.CONTACT_RING_NO_ANSWER, **call, agent=agent)
            if fate < 0.8:
                agent, talk = rng.choice(AGENTS), rng.expovariate(1 / 180)
                add(t + wait, EventType.CONTACT_ANSWERED, **call, agent=agent, wait_s=wait)
                end = EventType.CONTACT_TRANSFERRED if fate < 0.03 else EventType.CONTACT_ENDED
                add(t + wait + talk, end, **call, agent=agent, wait_s=wait, talk_s=talk)
                t, call["queue"] = t + wait + talk, rng.choice(QUEUES)
            else:
                outcome = EventType.CONTACT_ABANDONED if fate < 0.95 else EventType.CONTACT_EXITED
                add(t + wait, outcome, **call, wait_s=wait)
                break
    for day in range(365):
        for agent in AGENTS[: 40 + day % 20]:
            shift = day * 86400 + 3600 * rng.randrange(0, 10)
            for queue in QUEUES[: 1 + rng.randrange(len(QUEUES))]:
                add(shift, EventType.AGENT_LOGGED_IN, queue=queue, agent=agent)
                add(shift + 8 * 3600, EventType.AGENT_LOGGED_OUT, queue=queue, agent=agent)
            add(shift + 4 * 3600, EventType.AGENT_PAUSED, agent=agent)
            add(shift + 4.5 * 3600, EventType.AGENT_READY, agent=agent)

    frame = pl.DataFrame(rows, infer_schema_length=None).with_columns(
        ts=pl.lit(YEAR_START) + pl.duration(microseconds=(pl.col("ts") * 1e6).cast(pl.Int64)),
        source=pl.lit("benchmark"),
    )
    return conform(frame).sort("ts")


def main() -> None:
    calls = int(sys.argv[1]) if len(sys.argv) > 1 else 230_000
    events = synthetic_year(calls)
    definitions = KpiDefinitions()
    wall, cpu = [], []
    for _ in range(7):
        began, began_cpu = time.perf_counter(), time.process_time()
        report = kpi_report(events, definitions)
        wall.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    totals = report.totals
    print(
        f"kpi_report on {events.height:,} events ({totals['offered']:,} queue entries, "
        f"{len(report.by_interval):,} intervals, {len(report.by_agent)} agents): "
        f"best {min(wall):.3f} s, median {sorted(wall)[len(wall) // 2]:.3f} s "
        f"(CPU of all threads: best {min(cpu):.3f} s; load average now "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )


if __name__ == "__main__":
    main()
