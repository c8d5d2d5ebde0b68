"""An agent's own figures of the day — contacts answered, talk time, average handle time —
from the KPI engine over today's events, so the desktop shows the numbers the reports
will show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from tamas.kpi import KpiDefinitions, kpi_report
from tamas.store import SqlEventLog


@dataclass(frozen=True)
class DayFigures:
    contacts: int
    """Queue entries the agent answered today (the KPI report's `answered`)."""
    talk_time_s: float
    aht_s: float | None
    """Average talk time of those contacts (the report's `aht_s`); None before the first."""


def local_midnight(now: datetime, tz: str) -> datetime:
    return now.astimezone(ZoneInfo(tz)).replace(hour=0, minute=0, second=0, microsecond=0)


def day_figures(log: SqlEventLog, agent: str, now: datetime, tz: str) -> DayFigures:
    """The agent's figures for the entries that started since local midnight, from the
    events of the contacts it answered (blocking: run it in a thread)."""
    start = local_midnight(now, tz)
    events = log.read_answered_by(agent, start)
    report = kpi_report(events, KpiDefinitions(tz=tz), start=start)
    row = next((row for row in report.by_agent if row["agent"] == agent), None)
    if row is None:
        return DayFigures(0, 0.0, None)
    return DayFigures(row["answered"], row["talk_time_s"], row["aht_s"])
