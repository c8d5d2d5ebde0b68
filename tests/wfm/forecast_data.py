"""Synthetic contact histories with a known weekly and intraday shape, for forecast tests."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import polars as pl

WEEKLY = {0: 1.3, 1: 1.1, 2: 1.0, 3: 0.9, 4: 0.0, 5: 1.2, 6: 1.2}
"""Day total relative to an average open day, Monday 0 ... Sunday 6; Friday closed."""
HOURS = np.array([0] * 8 + [4, 8, 10, 10, 9, 6, 7, 9, 9, 8, 6, 4, 3, 2, 1, 0], dtype=float)
INTRADAY = HOURS / HOURS.sum()
"""Share of the day per hour: closed at night, a morning peak and an afternoon one."""


def daily_totals(
    first: date, n_days: int, level: float = 1000.0, weekly: dict[int, float] = WEEKLY
) -> list[tuple[date, float]]:
    days = [first + timedelta(days=i) for i in range(n_days)]
    return [(day, level * weekly[day.weekday()]) for day in days]


def hourly_history(
    first: date, n_days: int, level: float = 1000.0, seed: int | None = 7
) -> pl.DataFrame:
    """`ds,y` per hour: Poisson counts around the known shape (exact shape when seed is None)."""
    rng = np.random.default_rng(seed)
    stamps, volumes = [], []
    for day, total in daily_totals(first, n_days, level):
        mean = total * INTRADAY
        counts = mean if seed is None else rng.poisson(mean).astype(float)
        for hour in range(24):
            stamps.append(datetime.combine(day, datetime.min.time()) + timedelta(hours=hour))
            volumes.append(float(counts[hour]))
    return pl.DataFrame({"ds": stamps, "y": volumes}, schema={"ds": pl.Datetime, "y": pl.Float64})


def daily_history(rows: list[tuple[date, float | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        {"ds": [d for d, _ in rows], "y": [y for _, y in rows]},
        schema={"ds": pl.Date, "y": pl.Float64},
    )
