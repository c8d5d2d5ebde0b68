"""How long one routing decision takes in a large center.

Builds a center of `--agents` agents over `--skills` skills (one queue per skill, the
strategies taking turns), each agent with 1-5 skills at random levels, loads it to about
95% with Poisson arrivals, exponential handling and patience on the virtual clock, and
times every router call that decides something: a contact arriving (find the agent) and
an agent finishing (find the contact). Prints p50/p99 in milliseconds as JSON: of wall
time, and of the thread's CPU time, which leaves out the time the process waited for a
core on a shared machine (it also prints the load average).

    python benchmarks/acd.py --agents 5000 --skills 200
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import time
from collections.abc import Callable

import numpy as np

from tamas.acd import Acd, AcdListener, Agent, ColumnRecorder, Contact, QueueConfig, Strategy
from tamas.sim.calendar import Calendar

STRATEGIES = [
    Strategy.LONGEST_IDLE,
    Strategy.SKILL_LEVEL_FIRST,
    Strategy.LEAST_OCCUPIED,
    Strategy.ROUND_ROBIN,
]
MEAN_HANDLE_S = 300.0
MEAN_PATIENCE_S = 120.0


class Driver(AcdListener):
    """Ends each answered contact after an exponential handling time, timing the router."""

    def __init__(self, calendar: Calendar, rng: np.random.Generator) -> None:
        self.calendar = calendar
        self.rng = rng
        self.acd: Acd
        self.timings: list[int] | None = None
        self.cpu_timings: list[int] = []

    def answered(self, contact: Contact, agent: Agent) -> None:
        handle = self.rng.exponential(MEAN_HANDLE_S)
        self.calendar.call_at(self.calendar.now() + handle, self.end, contact.contact_id)

    def timed(self, action: Callable[..., object], *args: object) -> None:
        start, start_cpu = time.perf_counter_ns(), time.thread_time_ns()
        action(*args)
        if self.timings is not None:
            self.cpu_timings.append(time.thread_time_ns() - start_cpu)
            self.timings.append(time.perf_counter_ns() - start)

    def end(self, contact_id: str) -> None:
        self.timed(self.acd.end, contact_id)

    def abandon(self, contact_id: str) -> None:
        contact = self.acd.contact(contact_id)
        if contact is not None and contact.agent is None:
            self.acd.abandon(contact_id)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=5000)
    parser.add_argument("--skills", type=int, default=200)
    parser.add_argument("--decisions", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    calendar = Calendar(0.0)
    driver = Driver(calendar, rng)
    acd = driver.acd = Acd(calendar, ColumnRecorder("benchmark"), driver)
    skills = [f"skill{n}" for n in range(args.skills)]
    for n, skill in enumerate(skills):
        strategy = STRATEGIES[n % len(STRATEGIES)]
        acd.add_queue(QueueConfig(skill, strategy=strategy, auto_answer=True))
    for n in range(args.agents):
        chosen = rng.choice(args.skills, size=rng.integers(1, 6), replace=False)
        acd.login(f"agent{n}", {skills[s]: int(rng.integers(1, 11)) for s in chosen})

    rate = 0.95 * args.agents / MEAN_HANDLE_S
    arrivals = 0

    def arrive() -> None:
        nonlocal arrivals
        arrivals += 1
        contact_id = f"c{arrivals}"
        driver.timed(acd.enqueue, contact_id, skills[int(rng.integers(args.skills))])
        now = calendar.now()
        calendar.call_at(now + rng.exponential(MEAN_PATIENCE_S), driver.abandon, contact_id)
        calendar.call_at(now + rng.exponential(1 / rate), arrive)

    calendar.call_at(0.0, arrive)
    calendar.run(3 * MEAN_HANDLE_S)  # warm up to a loaded center
    gc.collect()
    gc.freeze()  # the center's set-up is not rescanned by every full collection (as tamas.live)
    driver.timings = []
    step = 60.0
    while len(driver.timings) < args.decisions:
        calendar.run(calendar.now() + step)
    timings_ms = np.array(driver.timings[: args.decisions]) / 1e6
    cpu_ms = np.array(driver.cpu_timings[: args.decisions]) / 1e6
    print(
        json.dumps(
            {
                "agents": args.agents,
                "skills": args.skills,
                "decisions": len(timings_ms),
                "waiting_now": len([c for c in acd.contacts() if c.agent is None]),
                "p50_ms": round(float(np.percentile(timings_ms, 50)), 4),
                "p99_ms": round(float(np.percentile(timings_ms, 99)), 4),
                "max_ms": round(float(timings_ms.max()), 4),
                "cpu_p50_ms": round(float(np.percentile(cpu_ms, 50)), 4),
                "cpu_p99_ms": round(float(np.percentile(cpu_ms, 99)), 4),
                "load_average": [round(load, 2) for load in os.getloadavg()],
            }
        )
    )


if __name__ == "__main__":
    main()
