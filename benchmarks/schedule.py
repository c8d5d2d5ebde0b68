"""Scheduling a week of quarter hours: Tamas against pyworkforce's MinAbsDifference.

Run: .venv/bin/python benchmarks/schedule.py [--time-limit 30]

Requirements: a generated forecast of calls per 15-minute interval (672 intervals, two
daily peaks and an evening one, a quieter weekend, a thin night), staffed with Tamas's
Erlang C (AHT 240 s, 80% in 20 s, max occupancy 85%): agents needed per interval.

Shifts, the same for both: 8-hour shifts starting every 15 minutes from 00:00 to 16:00,
and 4-hour shifts every 15 minutes from 00:00 to 20:00, any day. pyworkforce expresses a
shift as a 0/1 coverage row over one day's 96 periods, the same every day, so it cannot
have breaks, shifts across midnight, per-template day rules, named agents or limits per
template; the shift set above stays within what it can express.

Each solver gets the same time limit on 2 cores (pyworkforce's CP-SAT runs with its
default workers, i.e. all cores). Their objectives differ, which is the point of the
comparison: pyworkforce minimises the sum of |scheduled - required|, so it may leave an
interval short to save surplus elsewhere; Tamas minimises under-staffing first, then paid
hours. Both solutions are scored the same way from their shifts:

- |diff|: sum over intervals of |scheduled - required| (pyworkforce's own objective)
- under: agent-intervals short of the requirement
- over: agent-intervals beyond it
- paid h: paid hours

Two more rows schedule the same week with breaks (two paid 15-minute breaks and an unpaid
30-minute lunch in the 8-hour shift, one 15-minute break in the 4-hour shift, at most
2h30 of work in a row), which pyworkforce cannot express: its coverage counts every agent
as working the whole shift. One of them has a 5-second limit, to show how good the
schedule is after a few seconds.
"""

from __future__ import annotations

import argparse
import time
from datetime import datetime

import numpy as np
from pyworkforce.scheduling import MinAbsDifference

from tamas.wfm import Target, Traffic, staff
from tamas.wfm.schedule import Requirements, Schedule, parse_shift_file, schedule
from tamas.wfm.schedule.rules import clock

INTERVAL_MIN = 15
PERIODS = 24 * 60 // INTERVAL_MIN
DAYS = 7
START = datetime(2025, 3, 22)  # a Saturday, the first day of the Iranian week
SHIFTS = {"full": (0, 16 * 60, 8 * 60), "part": (0, 20 * 60, 4 * 60)}
"""Template: earliest start, latest start, length (minutes); starts every 15 minutes."""

BREAKS = {
    "full": """max_consecutive_work = "2h30m"
[[shift.break]]
name = "break"
earliest = "1h30m"
latest = "2h30m"
length = "15m"
[[shift.break]]
name = "lunch"
earliest = "3h30m"
latest = "5h"
length = "30m"
paid = false
[[shift.break]]
name = "break2"
earliest = "5h30m"
latest = "6h30m"
length = "15m"
""",
    "part": """[[shift.break]]
name = "break"
earliest = "1h30m"
latest = "2h30m"
length = "15m"
""",
}


def week_of_agents() -> np.ndarray:
    """Agents needed per quarter hour, from a generated week of calls via Erlang C.

    The calls are a forecast's expected values (a smooth curve), not a noisy sample: a
    schedule is built against a forecast.
    """
    hour = np.arange(PERIODS) / 4
    day_curve = (
        6
        + 150 * np.exp(-(((hour - 10.5) / 2.2) ** 2))
        + 110 * np.exp(-(((hour - 16) / 2.5) ** 2))
        + 40 * np.exp(-(((hour - 20.5) / 1.5) ** 2))
    )
    day_scale = np.array([1.0, 1.1, 1.05, 1.0, 0.95, 0.8, 0.45])
    calls = np.concatenate([day_curve * scale for scale in day_scale])
    traffic = Traffic(calls, aht_s=240, interval_s=INTERVAL_MIN * 60)
    return staff(traffic, Target(service_level=0.8, threshold_s=20, max_occupancy=0.85)).agents


def shift_file(with_breaks: bool) -> str:
    parts = []
    for name, (earliest, latest, length) in SHIFTS.items():
        parts.append(
            f'[[shift]]\nname = "{name}"\nearliest_start = "{clock(earliest)}"\n'
            f'latest_start = "{clock(latest)}"\nstart_step = "15m"\nlength = "{length}m"\n'
            + (BREAKS[name] if with_breaks else "")
        )
    return "\n".join(parts)


def coverage_rows() -> dict[str, list[int]]:
    """pyworkforce's shift set: one 0/1 row over the day per template and start."""
    rows = {}
    for name, (earliest, latest, length) in SHIFTS.items():
        for start in range(earliest, latest + 1, INTERVAL_MIN):
            first, last = start // INTERVAL_MIN, (start + length) // INTERVAL_MIN
            rows[f"{name}@{start}"] = [int(first <= p < last) for p in range(PERIODS)]
    return rows


def score(required: np.ndarray, scheduled: np.ndarray, paid_hours: float) -> dict[str, float]:
    diff = scheduled - required
    return {
        "|diff|": float(np.abs(diff).sum()),
        "under": float(np.clip(-diff, 0, None).sum()),
        "over": float(np.clip(diff, 0, None).sum()),
        "paid h": paid_hours,
    }


def run_pyworkforce(required: np.ndarray, time_limit: float) -> tuple[dict, float, str]:
    rows = coverage_rows()
    top = int(required.max())
    solver = MinAbsDifference(
        num_days=DAYS,
        periods=PERIODS,
        shifts_coverage=rows,
        required_resources=required.reshape(DAYS, PERIODS).tolist(),
        max_period_concurrency=3 * top,
        max_shift_concurrency=top,
        max_search_time=float(time_limit),
        num_search_workers=2,
    )
    started = time.perf_counter()
    solution = solver.solve()
    seconds = time.perf_counter() - started
    scheduled = np.zeros(DAYS * PERIODS)
    paid = 0.0
    for entry in solution["resources_shifts"]:
        count = entry["resources"]
        if count:
            day, row = entry["day"], np.array(rows[entry["shift"]])
            scheduled[day * PERIODS : (day + 1) * PERIODS] += count * row
            paid += count * SHIFTS[entry["shift"].split("@")[0]][2] / 60
    return score(required, scheduled, paid), seconds, solution["status"]


def run_tamas(
    required: np.ndarray, time_limit: float, with_breaks: bool
) -> tuple[dict, float, Schedule]:
    need = Requirements(START, INTERVAL_MIN, tuple(int(a) for a in required))
    rules = parse_shift_file(shift_file(with_breaks), "benchmark shifts")
    started = time.perf_counter()
    plan = schedule(need, rules, time_limit=time_limit, workers=2)
    seconds = time.perf_counter() - started
    scheduled = np.array([c.scheduled for c in plan.coverage])
    return score(required, scheduled, plan.paid_hours), seconds, plan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=30.0)
    args = parser.parse_args()
    required = week_of_agents()
    print(
        f"week of {required.size} x {INTERVAL_MIN} min from {START:%Y-%m-%d}: required agents "
        f"{int(required.min())}..{int(required.max())}, {required.sum() / 4:.0f} agent-hours; "
        f"{len(coverage_rows())} shift starts a day; time limit {args.time_limit:g} s each"
    )
    header = f"{'solver':38} {'status':10} {'seconds':>8} {'|diff|':>8} {'under':>7} "
    header += f"{'over':>7} {'paid h':>8}"
    print(header)

    def line(name: str, status: str, seconds: float, figures: dict) -> None:
        print(
            f"{name:38} {status:10} {seconds:8.1f} {figures['|diff|']:8.0f} "
            f"{figures['under']:7.0f} {figures['over']:7.0f} {figures['paid h']:8.1f}"
        )

    peer, peer_seconds, peer_status = run_pyworkforce(required, args.time_limit)
    line("pyworkforce MinAbsDifference", peer_status, peer_seconds, peer)
    ours, our_seconds, plan = run_tamas(required, args.time_limit, with_breaks=False)
    line("tamas (same shifts, no breaks)", _status(plan), our_seconds, ours)
    quick, quick_seconds, quick_plan = run_tamas(required, 5.0, with_breaks=True)
    line("tamas (with breaks, 5 s limit)", _status(quick_plan), quick_seconds, quick)
    broken, broken_seconds, broken_plan = run_tamas(required, args.time_limit, with_breaks=True)
    line("tamas (with breaks)", _status(broken_plan), broken_seconds, broken)
    for label, result in (("5 s", quick_plan), (f"{args.time_limit:g} s", broken_plan)):
        levels = {level.name: level for level in result.levels}
        paid = levels["paid_hours"]
        print(
            f"with breaks, {label}: paid hours {paid.value:.1f}, lower bound {paid.bound:.1f} "
            f"(gap {paid.gap:.1%}); under-staffing proven minimal: "
            f"{levels['under_staffed'].optimal}"
        )
    print(
        f"no breaks, tamas vs pyworkforce: under-staffing {ours['under']:.0f} vs "
        f"{peer['under']:.0f} agent-intervals, paid hours {ours['paid h']:.1f} vs "
        f"{peer['paid h']:.1f}, solve time ratio {peer_seconds / our_seconds:.1f}x"
    )


def _status(plan: Schedule) -> str:
    return "OPTIMAL" if plan.optimal else "FEASIBLE"


if __name__ == "__main__":
    main()
