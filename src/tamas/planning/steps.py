"""The planner's chain, one function per step, each taking the previous step's output:
history → forecast (with its backtest) → staffing per interval → schedule.

These are the functions of `tamas wfm forecast`, `staff` and `schedule` applied to data
instead of files; what they return is the JSON the API answers (docs/api.md,
"Planner"). Problems a planner can fix raise `PlanningError`, which says what to do.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import polars as pl

from tamas.errors import InputError
from tamas.wfm import Target, Traffic, staff
from tamas.wfm.forecast import (
    ForecastInputError,
    ForecastOptions,
    SpecialDay,
    VolumeGrid,
    backtest,
    forecast_grid,
    history_from_events,
    parse_frequency,
    volume_grid,
)
from tamas.wfm.forecast.history import grid_frame
from tamas.wfm.forecast.model import MIN_HISTORY_DAYS
from tamas.wfm.schedule import Requirements, Schedule, ShiftFile, as_dict, schedule
from tamas.wfm.schedule.plain import iso_minute

Progress = Callable[[str, float], None]
"""Tells whoever waits which step is running (a code) and how far the job is (0 to 1)."""

SHOWN_HISTORY_DAYS = 14
"""Days of actual volume shown before the forecast, to compare its shape with."""
DECIMALS = 2


class PlanningError(InputError):
    """A step cannot run on these inputs; `code` and `values` let a page say it in the
    reader's language, the message says it in English."""

    def __init__(self, code: str, message: str, **values: Any) -> None:
        super().__init__(message)
        self.code = code
        self.values = values

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": str(self), "values": self.values}


@dataclass(frozen=True)
class ForecastRequest:
    freq: str
    horizon_days: int
    level: float
    countries: tuple[str, ...]
    special_days: tuple[SpecialDay, ...]
    history_until: date
    """The last day of history used; the forecast starts the day after."""
    backtest_windows: int
    queues: tuple[str, ...] = ()


def _rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    iso = "%Y-%m-%d" if frame.schema["ds"] == pl.Date else "%Y-%m-%dT%H:%M"
    values = [name for name in frame.columns if name not in {"ds", "note"}]
    return frame.with_columns(
        pl.col("ds").dt.to_string(iso), pl.col(values).round(DECIMALS)
    ).to_dicts()


def history_grid(events: pl.DataFrame, tz: str, request: ForecastRequest) -> VolumeGrid:
    """The volume of the log's queues on the forecast's grid, up to `history_until`."""
    try:
        frame = history_from_events(events, tz, request.queues)
    except ForecastInputError:
        raise PlanningError(
            "no_history",
            "no contacts in the event log for these queues: import history first",
        ) from None
    grid = volume_grid(frame, parse_frequency(request.freq))
    days = (min(request.history_until, grid.last_day) - grid.first_day).days + 1
    if days < MIN_HISTORY_DAYS:
        raise PlanningError(
            "history_too_short",
            f"not enough history: {max(days, 0)} days, need {MIN_HISTORY_DAYS}",
            days=max(days, 0),
            need=MIN_HISTORY_DAYS,
        )
    return grid


def forecast_step(
    events: pl.DataFrame, tz: str, request: ForecastRequest, progress: Progress
) -> dict[str, Any]:
    """The forecast after `history_until`, the actual volume around it, and the backtest."""
    progress("history", 0.05)
    whole = history_grid(events, tz, request)
    used = whole.head((request.history_until - whole.first_day).days + 1)
    options = ForecastOptions(
        horizon_days=request.horizon_days,
        level=request.level,
        countries=request.countries,
        special_days=request.special_days,
    )
    progress("forecast", 0.15)
    try:
        forecast = forecast_grid(used, options)
        progress("backtest", 0.45)
        windows = min(
            request.backtest_windows, (used.n_days - MIN_HISTORY_DAYS) // options.horizon_days
        )
        report = backtest(used, options, windows).as_dict() if windows >= 1 else None
    except ForecastInputError as error:
        raise PlanningError("forecast", f"cannot forecast this history: {error}") from None
    shown = max(0, used.n_days - SHOWN_HISTORY_DAYS)
    actual = whole.volumes[shown : used.n_days + request.horizon_days]
    days = [whole.first_day + timedelta(days=shown + n) for n in range(actual.shape[0])]
    progress("done", 1.0)
    return {
        "freq": whole.freq.label,
        "interval_min": whole.freq.minutes,
        "level": request.level,
        "history_days": used.n_days,
        "first_day": forecast.first_day.isoformat(),
        "forecast": _rows(forecast.frame()),
        "actual": _rows(grid_frame(days, {"y": actual}, whole.freq).drop_nans()),
        "backtest": report,
    }


@dataclass(frozen=True)
class StaffingRequest:
    ds: Sequence[datetime]
    calls: Sequence[float]
    interval_min: int
    aht_s: float
    target: Target
    shrinkage: float
    patience_s: float | None
    """Callers' mean patience: Erlang A when given, Erlang C when not."""


def staffing_step(request: StaffingRequest) -> dict[str, Any]:
    """Agents needed per interval to meet the target, and the service they give."""
    traffic = Traffic(
        list(request.calls),
        aht_s=request.aht_s,
        interval_s=request.interval_min * 60,
        patience_s=request.patience_s,
    )
    try:
        result = staff(traffic, request.target, shrinkage=request.shrinkage)
    except ArithmeticError as error:
        raise PlanningError("cannot_staff", f"cannot staff these inputs: {error}") from None
    columns = {
        "calls": np.asarray(request.calls, dtype=float),
        "agents": result.agents,
        "agents_scheduled": result.agents_scheduled,
        "service_level": result.service_level,
        "asa_s": result.asa_s,
        "occupancy": result.occupancy,
        "abandon_rate": result.abandon_rate,
    }
    rows = [
        {"ds": moment.isoformat(timespec="minutes")}
        | {name: round(float(values[i]), 4) for name, values in columns.items()}
        for i, moment in enumerate(request.ds)
    ]
    for row in rows:
        row["agents"], row["agents_scheduled"] = int(row["agents"]), int(row["agents_scheduled"])
    return {"model": result.model, "interval_min": request.interval_min, "rows": rows}


def requirements(ds: Sequence[datetime], agents: Sequence[int], interval_min: int) -> Requirements:
    """Agents per interval on a regular grid, as the scheduler needs them."""
    if not ds:
        raise PlanningError("no_intervals", "the staffing plan has no intervals")
    for i, moment in enumerate(ds):
        expected = ds[0] + timedelta(minutes=interval_min * i)
        if moment != expected:
            raise InputError(
                f"intervals: row {i + 1} starts at {moment:%Y-%m-%dT%H:%M}, expected "
                f"{expected:%Y-%m-%dT%H:%M} ({interval_min} min after the row before)",
                field="rows",
            )
    return Requirements(start=ds[0], interval=interval_min, agents=tuple(agents))


def positions(plan: Schedule) -> list[dict[str, Any]]:
    """The schedule's shifts dealt to people, for a Gantt chart per agent: each shift
    goes to the first person free since at least the previous day (one shift a day),
    in order of start. Named agents keep their own row."""
    rows: list[dict[str, Any]] = []
    free_from: list[date] = []
    for shift in sorted(plan.shifts, key=lambda s: (s.start, s.template)):
        for _ in range(shift.count):
            if shift.agent is not None:
                person = next((n for n, r in enumerate(rows) if r["agent"] == shift.agent), None)
            else:
                person = next((n for n, day in enumerate(free_from) if day <= shift.day), None)
            if person is None:
                person = len(rows)
                rows.append({"agent": shift.agent, "shifts": []})
                free_from.append(shift.day)
            free_from[person] = shift.day + timedelta(days=1)
            rows[person]["shifts"].append(
                {
                    "template": shift.template,
                    "start": iso_minute(shift.start),
                    "end": iso_minute(shift.end),
                    "breaks": [
                        {
                            "name": b.name,
                            "start": iso_minute(b.start),
                            "end": iso_minute(b.end),
                        }
                        for b in shift.breaks
                    ],
                }
            )
    return rows


def schedule_step(
    need: Requirements, rules: ShiftFile, time_limit_s: float, progress: Progress
) -> dict[str, Any]:
    """Shifts and breaks covering `need` (least under-staffing, then paid hours)."""
    progress("solve", 0.1)
    plan = schedule(need, rules, time_limit=time_limit_s, workers=1)
    progress("done", 1.0)
    return as_dict(plan, need.interval) | {"positions": positions(plan)}
