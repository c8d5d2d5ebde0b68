"""What-if: one day of the plan simulated on the production router, changed as asked.

The plan gives, per interval of the day, the calls expected and the agents on duty
(the schedule's coverage, or the staffing plan's agents). The change applies to every
interval: `agents_delta` more (or fewer) agents, `calls_pct` more calls, `aht_pct`
longer handling. Agents become the simulator's shifts by layers: the k-th agent works
every interval that has at least k agents, so the simulated center has exactly the
plan's agents in each interval. Calls arrive at the plan's rate per interval (Poisson),
handling and patience are exponential with the given means, as Erlang C and A assume,
so the simulation checks the plan against the same model without its approximations
(no breaks inside an interval, no steady state, abandonment by real waits).

The figures are the KPI engine's over the replications (`tamas.sim.replicated_kpis`),
with their 95% half-widths.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np

from tamas.kpi import KpiDefinitions
from tamas.planning.steps import PlanningError, Progress
from tamas.sim import Scenario, replicated_kpis, simulate
from tamas.sim.engine import Seed

QUEUE = "plan"
SEED = 7
"""Fixed, so that the same question gets the same answer and two what-ifs differ only
by their change (common random numbers)."""


@dataclass(frozen=True)
class WhatIf:
    day: date
    interval_min: int
    calls: tuple[float, ...]
    """Calls expected in each interval of the day, from local midnight."""
    agents: tuple[int, ...]
    aht_s: float
    patience_s: float | None
    sl_threshold_s: int
    tz: str
    agents_delta: int = 0
    calls_pct: float = 0.0
    aht_pct: float = 0.0
    replications: int = 10


def shift_layers(agents: tuple[int, ...], interval_min: int) -> list[tuple[int, list[dict]]]:
    """Groups of agents with the same shifts (count, shifts as local start and end) such
    that in every interval exactly `agents[i]` work."""
    layers: Counter[tuple[tuple[int, int], ...]] = Counter()
    for level in range(1, max(agents, default=0) + 1):
        spans, begin = [], None
        for i, need in enumerate((*agents, 0)):
            if need >= level and begin is None:
                begin = i
            elif need < level and begin is not None:
                spans.append((begin, i))
                begin = None
        layers[tuple(spans)] += 1
    return [
        (
            count,
            [
                {"start": _clock(a * interval_min), "end": _clock(b * interval_min)}
                for a, b in spans
            ],
        )
        for spans, count in layers.items()
    ]


def _clock(minutes: int) -> time:
    return time((minutes // 60) % 24, minutes % 60)


def scenario(what: WhatIf) -> Scenario:
    """The simulator's scenario for the day as changed."""
    per_hour = [calls * (1 + what.calls_pct / 100) * 60 / what.interval_min for calls in what.calls]
    peak = max(per_hour, default=0.0)
    if peak <= 0:
        raise PlanningError(
            "no_calls", f"the plan expects no calls on {what.day}", day=str(what.day)
        )
    agents = tuple(max(0, n + what.agents_delta) for n in what.agents)
    mean_aht = what.aht_s * (1 + what.aht_pct / 100)
    queue: dict[str, Any] = {
        "name": QUEUE,
        "arrival_rate_per_hour": peak,
        "profile": [rate / peak for rate in per_hour],
        "profile_interval_s": what.interval_min * 60,
        "service": {"distribution": "exponential", "mean_s": mean_aht},
        "sl_threshold_s": what.sl_threshold_s,
    }
    if what.patience_s is not None:
        queue["patience"] = {"distribution": "exponential", "mean_s": what.patience_s}
    start = datetime.combine(what.day, time(), tzinfo=ZoneInfo(what.tz))
    return Scenario.model_validate(
        {
            "simulation": {
                "duration_s": len(what.calls) * what.interval_min * 60,
                "seed": SEED,
                "start": start,
                "tz": what.tz,
            },
            "queue": [queue],
            "agents": [
                {"count": count, "skills": [QUEUE], "name": f"layer{n}", "shifts": shifts}
                for n, (count, shifts) in enumerate(shift_layers(agents, what.interval_min))
            ],
        }
    )


def what_if_step(what: WhatIf, progress: Progress, in_time: Callable[[], bool]) -> dict[str, Any]:
    """Service level and abandonment of the changed day, with 95% half-widths.

    Replications run one after the other; `in_time()` false stops them early (the job's
    time limit), keeping those done when there are at least two.
    """
    center = scenario(what)
    runs = []
    seeds: list[Seed] = list(np.random.SeedSequence(SEED).spawn(what.replications))
    for n, seed in enumerate(seeds):
        if not in_time():
            break
        progress("simulate", n / what.replications)
        runs.append(simulate(center, seed=seed, replication=n))
    if len(runs) < 2:
        raise PlanningError(
            "too_slow",
            "the time limit ended the simulation before two replications: simulate "
            "fewer or shorter days",
        )
    definitions = KpiDefinitions(
        sl_threshold_s=what.sl_threshold_s, interval_min=what.interval_min, tz=what.tz
    )
    figures = replicated_kpis(runs, definitions)
    totals = figures["totals"]
    progress("done", 1.0)
    return {
        "day": what.day.isoformat(),
        "replications": len(runs),
        "agents_delta": what.agents_delta,
        "calls_pct": what.calls_pct,
        "aht_pct": what.aht_pct,
        "totals": {
            name: {"value": totals[name], "half_width": totals["half_width"].get(name)}
            for name in ("offered", "service_level", "abandon_rate", "asa_s")
        },
        "by_interval": [
            {
                "start": row["start"],
                "service_level": row["service_level"],
                "half_width": row["half_width"].get("service_level"),
            }
            for row in figures["by_interval"]
        ],
    }
