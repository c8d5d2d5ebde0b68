"""A center's history for the planner's tests: weeks of calls in one queue, open 08:00 to
20:00 (Tehran) Saturday to Thursday and closed on Fridays, busier in the late morning
and the afternoon, every call answered after a short wait."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import polars as pl

from tamas.events import Event, EventType, events_to_frame

TZ = "Asia/Tehran"
QUEUE = "sales"
OPEN_HOURS = range(8, 20)
FRIDAY = 4
HOURLY = np.array([0.5, 0.9, 1.2, 1.3, 1.0, 0.8, 0.9, 1.1, 1.2, 1.0, 0.7, 0.4])
"""Shape of the day, one factor per open hour."""


def history_events(
    last_day: date, days: int, calls_per_day: float = 150, seed: int = 5
) -> pl.DataFrame:
    """The events of `days` days of calls ending on `last_day` (local dates)."""
    rng = np.random.default_rng(seed)
    zone = ZoneInfo(TZ)
    shares = HOURLY / HOURLY.sum()
    events: list[Event] = []
    for offset in range(days):
        day = last_day - timedelta(days=days - 1 - offset)
        if day.weekday() == FRIDAY:
            continue
        for hour, share in zip(OPEN_HOURS, shares, strict=True):
            start = datetime.combine(day, time(hour), zone)
            for at in np.sort(rng.uniform(0, 3600, rng.poisson(calls_per_day * share))):
                events.extend(
                    _call(
                        f"{last_day:%Y%m%d}-{len(events)}",
                        start + timedelta(seconds=float(at)),
                        rng,
                    )
                )
    return events_to_frame(events)


def _call(n: str, at: datetime, rng: np.random.Generator) -> list[Event]:
    call = {"source": "test", "contact_id": f"h{n}", "queue": QUEUE}
    wait, talk = float(rng.uniform(0, 30)), float(rng.exponential(180))
    return [
        Event(f"h{n}q", at, EventType.CONTACT_QUEUED, **call),
        Event(
            f"h{n}a",
            at + timedelta(seconds=wait),
            EventType.CONTACT_ANSWERED,
            agent="agent1",
            wait_s=wait,
            **call,
        ),
        Event(
            f"h{n}e",
            at + timedelta(seconds=wait + talk),
            EventType.CONTACT_ENDED,
            agent="agent1",
            wait_s=wait,
            talk_s=talk,
            reason="agent",
            **call,
        ),
    ]
