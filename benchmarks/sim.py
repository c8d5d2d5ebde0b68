"""The same M/M/n+M day simulated by SimPy, Ciw and Tamas: contacts simulated per second.

One queue, Poisson arrivals, exponential handling and patience, `--agents` agents, a day
of `--hours` hours; each tool runs it `--repeat` times and the best time counts (wall and
CPU time of this process, with the load average, as the machine is shared). What each
side does is printed with its figures (`includes`): SimPy and Ciw only count outcomes;
Tamas runs its production router and writes the whole event log (a Polars frame with
stable ids), and `tamas_with_kpis` also reports it with the KPI engine, as
`tamas sim run` does. Prints JSON.

    python benchmarks/sim.py
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable

import ciw
import numpy as np
import simpy

from tamas.kpi import KpiDefinitions
from tamas.sim import Scenario, parse_scenario, replicated_kpis, simulate


def simpy_day(args: argparse.Namespace, seed: int) -> int:
    """The day in SimPy, in its usual style: a process per caller, a shared resource."""
    rng = np.random.default_rng(seed)
    horizon = args.hours * 3600.0
    expected = int(args.rate_per_hour * args.hours * 1.2) + 100
    gaps = iter(rng.exponential(3600.0 / args.rate_per_hour, expected).tolist())
    handles = iter(rng.exponential(args.handle_s, expected).tolist())
    patiences = iter(rng.exponential(args.patience_s, expected).tolist())
    env = simpy.Environment()
    agents = simpy.Resource(env, capacity=args.agents)
    outcomes: list[tuple[float, bool]] = []

    def caller(arrived: float, handle: float, patience: float):
        with agents.request() as request:
            got = yield request | env.timeout(patience)
            outcomes.append((env.now - arrived, request in got))
            if request in got:
                yield env.timeout(handle)

    def arrivals():
        while True:
            yield env.timeout(next(gaps))
            env.process(caller(env.now, next(handles), next(patiences)))

    env.process(arrivals())
    env.run(until=horizon)
    return len(outcomes)


def ciw_day(args: argparse.Namespace, seed: int) -> int:
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(args.rate_per_hour / 3600.0)],
        service_distributions=[ciw.dists.Exponential(1 / args.handle_s)],
        number_of_servers=[args.agents],
        reneging_time_distributions=[ciw.dists.Exponential(1 / args.patience_s)],
    )
    ciw.seed(seed)
    simulation = ciw.Simulation(network)
    simulation.simulate_until_max_time(args.hours * 3600.0)
    return len(simulation.get_all_records())


def _scenario(args: argparse.Namespace) -> Scenario:
    return parse_scenario(
        f"""
        [simulation]
        duration_s = {args.hours * 3600.0}
        drain = false
        [[queue]]
        name = "support"
        arrival_rate_per_hour = {args.rate_per_hour}
        service = {{ distribution = "exponential", mean_s = {args.handle_s} }}
        patience = {{ distribution = "exponential", mean_s = {args.patience_s} }}
        [[agents]]
        count = {args.agents}
        skills = ["support"]
        """
    )


def tamas_day(args: argparse.Namespace, seed: int) -> int:
    events = simulate(_scenario(args), seed=seed)
    return int((events.get_column("type") == "contact.queued").sum())


def tamas_day_with_kpis(args: argparse.Namespace, seed: int) -> int:
    events = simulate(_scenario(args), seed=seed)
    report = replicated_kpis([events], KpiDefinitions())
    return int(report["totals"]["offered"])


INCLUDES = {
    "simpy": "arrivals, patience racing a shared resource, service; outcomes counted",
    "ciw": "arrivals, reneging, service; Ciw's records of every customer",
    "tamas": "production router (tamas.acd) on the virtual clock; every event of the "
    "log in a Polars frame (EVENT_SCHEMA, stable ids)",
    "tamas_with_kpis": "as tamas, then the KPI report of `tamas sim run` (tamas.kpi)",
}


def measure(day: Callable[[argparse.Namespace, int], int], args: argparse.Namespace) -> dict:
    best = best_cpu = float("inf")
    contacts = 0
    for repeat in range(args.repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        contacts = day(args, args.seed + repeat)
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - start_cpu)
    return {
        "contacts": contacts,
        "seconds": round(best, 3),
        "cpu_seconds": round(best_cpu, 3),
        "per_second": round(contacts / best),
        "per_cpu_second": round(contacts / best_cpu),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=20)
    parser.add_argument("--rate-per-hour", type=float, default=360.0)
    parser.add_argument("--handle-s", type=float, default=180.0)
    parser.add_argument("--patience-s", type=float, default=120.0)
    parser.add_argument("--hours", type=float, default=24.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    days = {
        "simpy": simpy_day,
        "ciw": ciw_day,
        "tamas": tamas_day,
        "tamas_with_kpis": tamas_day_with_kpis,
    }
    results: dict = {"load_average": [round(load, 2) for load in os.getloadavg()]}
    for name, day in days.items():
        results[name] = {**measure(day, args), "includes": INCLUDES[name]}
    for tamas in ("tamas", "tamas_with_kpis"):
        for peer in ("simpy", "ciw"):
            results[f"ratio_{tamas}_to_{peer}"] = {
                basis: round(results[tamas][basis] / results[peer][basis], 2)
                for basis in ("per_second", "per_cpu_second")
            }
    results["load_average_after"] = [round(load, 2) for load in os.getloadavg()]
    print(json.dumps(results))


if __name__ == "__main__":
    main()
