"""Staffing a week of quarter hours: Tamas against pyworkforce, same inputs, same answers.

Run: .venv/bin/python benchmarks/erlang.py

1. A week of 672 fifteen-minute intervals (a weekday/weekend intraday curve, 4 to ~450
   calls each), AHT 240 s, 80% in 20 s, max occupancy 85%, shrinkage 30%. pyworkforce's
   ErlangC.required_positions is called per interval, as its API is meant to be used;
   Tamas staffs the whole week in one call. Every interval's agents, scheduled agents,
   service level, occupancy and P(wait) are compared, then each side is timed (best of
   several runs) and the ratio printed.
2. A year of 15-minute intervals with thousands of calls each (no peer has this):
   Tamas's Erlang C and Erlang A, and the `tamas wfm staff` path from CSV to CSV.
3. Erlang X (retrials, `tamas.wfm.erlang_x`): one interval of 100 agents, and the week
   of (1) staffed. No peer: pyworkforce has Erlang C only, and we know of no Python
   library solving the retrial queue exactly, so these are Tamas's own timings.
"""

from __future__ import annotations

import math
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import polars as pl
from pyworkforce.queuing import ErlangC

from tamas.cli.wfm import read_forecast
from tamas.wfm import Target, Traffic, erlang_x, staff

AHT_S, THRESHOLD_S, TARGET_SL, MAX_OCCUPANCY, SHRINKAGE = 240, 20, 0.8, 0.85, 0.3
INTERVAL_MIN = 15


def week_of_calls() -> np.ndarray:
    """Calls per quarter hour, Saturday to Friday: two daily peaks, quieter weekend."""
    rng = np.random.default_rng(2026)
    hour = np.arange(96) / 4
    day_curve = (
        20 + 380 * np.exp(-(((hour - 10.5) / 2.2) ** 2)) + 260 * np.exp(-(((hour - 16) / 2.5) ** 2))
    )
    day_scale = np.array([0.55, 0.95, 1.1, 1.0, 1.0, 0.95, 0.45])
    expected = np.concatenate([day_curve * scale for scale in day_scale])
    return np.maximum(rng.poisson(expected), 4).astype(float)


def best_of(runs: int, work: Callable[[], object]) -> tuple[float, object]:
    best, result = math.inf, None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def pyworkforce_week(calls: np.ndarray) -> list[dict]:
    return [
        ErlangC(
            transactions=float(volume),
            aht=AHT_S / 60,
            asa=THRESHOLD_S / 60,
            interval=INTERVAL_MIN,
            shrinkage=SHRINKAGE,
        ).required_positions(service_level=TARGET_SL, max_occupancy=MAX_OCCUPANCY)
        for volume in calls
    ]


def tamas_week(calls: np.ndarray, patience_s: float | None = None):
    traffic = Traffic(calls, aht_s=AHT_S, interval_s=INTERVAL_MIN * 60, patience_s=patience_s)
    return staff(traffic, Target(TARGET_SL, THRESHOLD_S, MAX_OCCUPANCY), shrinkage=SHRINKAGE)


def compare_week() -> None:
    calls = week_of_calls()
    peer_time, peer = best_of(3, lambda: pyworkforce_week(calls))
    ours_time, ours = best_of(20, lambda: tamas_week(calls))
    print(
        f"week: {calls.size} x {INTERVAL_MIN}-min intervals, {calls.min():.0f}-{calls.max():.0f} "
        f"calls each, {calls.sum():.0f} in all"
    )
    theirs = {key: np.array([row[key] for row in peer], dtype=float) for key in peer[0]}
    same = theirs["raw_positions"] == ours.agents
    print(f"  agents            identical in {same.sum()}/{calls.size} intervals")
    for name, key in (
        ("service_level", "service_level"),
        ("occupancy", "occupancy"),
        ("p_wait", "waiting_probability"),
    ):
        gap = np.max(np.abs(theirs[key][same] - getattr(ours, name)[same]))
        print(f"  {name:17s} largest difference {gap:.1e} where agents agree")
    scheduled_same = theirs["positions"] == ours.agents_scheduled
    print(f"  agents_scheduled  identical in {scheduled_same.sum()}/{calls.size} intervals")
    for i in np.flatnonzero(~scheduled_same):
        agents, peer_count = int(ours.agents[i]), int(theirs["positions"][i])
        print(
            f"    interval {i}: {agents} agents at {1 - SHRINKAGE:.0%} productive: pyworkforce "
            f"ceil({agents / (1 - SHRINKAGE)!r}) = {peer_count}; Tamas "
            f"{ours.agents_scheduled[i]} ({ours.agents_scheduled[i]} x {1 - SHRINKAGE:g} "
            f"= {ours.agents_scheduled[i] * (1 - SHRINKAGE):g} covers {agents})"
        )
    print(f"  pyworkforce 0.5.1 ErlangC : {peer_time * 1000:9.1f} ms")
    print(f"  tamas.wfm.staff (Erlang C): {ours_time * 1000:9.2f} ms")
    print(f"  ratio: Tamas is {peer_time / ours_time:.0f}x faster")
    erlang_a_time, _ = best_of(20, lambda: tamas_week(calls, patience_s=120))
    print(f"  tamas.wfm.staff (Erlang A, patience 120 s, no peer): {erlang_a_time * 1000:.1f} ms")


def year_case() -> None:
    rng = np.random.default_rng(7)
    intervals = 365 * 96
    calls = rng.uniform(1000, 5000, intervals).round()
    print(f"year: {intervals} x {INTERVAL_MIN}-min intervals, 1000-5000 calls each")
    for label, patience in (("Erlang C", None), ("Erlang A, patience 120 s", 120.0)):
        seconds, result = best_of(3, lambda patience=patience: tamas_week(calls, patience))
        print(
            f"  tamas.wfm.staff ({label}): {seconds * 1000:7.1f} ms "
            f"(agents {result.agents.min()}-{result.agents.max()})"
        )
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "forecast.csv", Path(folder) / "staff.csv"
        start = np.datetime64("2026-03-21T00:00")
        stamps = start + np.arange(intervals) * np.timedelta64(INTERVAL_MIN, "m")
        pl.DataFrame({"ds": stamps.astype(str), "yhat": calls}).write_csv(source)

        def csv_to_csv() -> None:
            ds, volume = read_forecast(source)
            result = tamas_week(volume)
            pl.DataFrame(
                {
                    "ds": ds,
                    "calls": volume,
                    "agents": result.agents,
                    "agents_scheduled": result.agents_scheduled,
                    "service_level": result.service_level,
                    "asa_s": result.asa_s,
                    "occupancy": result.occupancy,
                }
            ).write_csv(target)

        seconds, _ = best_of(3, csv_to_csv)
        print(f"  read CSV + staff (Erlang C) + write CSV: {seconds * 1000:7.1f} ms")


def erlang_x_case() -> None:
    print("Erlang X (patience 120 s, AHT 240 s; no peer)")
    hour = Traffic([1500], aht_s=AHT_S, interval_s=3600, patience_s=120)
    for probability, delay, lines in ((0.5, 300, None), (0.5, 300, 110), (0.8, 60, None)):
        retrials = erlang_x.Retrials(probability, delay_s=delay, lines=lines)
        seconds, result = best_of(
            5, lambda retrials=retrials: erlang_x.performance([100], hour, retrials, threshold_s=20)
        )
        print(
            f"  one interval, 100 agents, 100 erlangs, retrial probability {probability}, "
            f"delay {delay} s, lines {lines or 'unlimited'}: {seconds * 1000:6.1f} ms "
            f"(attempts {result.attempts[0]:.0f} for 1500 calls)"
        )
    calls = week_of_calls()
    traffic = Traffic(calls, aht_s=AHT_S, interval_s=INTERVAL_MIN * 60, patience_s=120)
    target = Target(TARGET_SL, THRESHOLD_S, MAX_OCCUPANCY)
    erlang_a = staff(traffic, target).agents
    for probability, delay in ((0.5, 300), (0.8, 60)):
        retrials = erlang_x.Retrials(probability, delay_s=delay)
        seconds, result = best_of(
            1, lambda retrials=retrials: erlang_x.staff(traffic, retrials, target)
        )
        extra = result.agents - erlang_a
        print(
            f"  week ({calls.size} intervals), retrial probability {probability}, delay "
            f"{delay} s: {seconds:5.2f} s; {extra.sum()} agent-intervals more than Erlang A "
            f"(up to {extra.max()} in one interval)"
        )


if __name__ == "__main__":
    compare_week()
    year_case()
    erlang_x_case()
