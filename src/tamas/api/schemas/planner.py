"""Bodies of the planner's API (docs/api.md, "Planner"). Every number has the bounds a
planner could mean, so a slip is a 422 naming the field, not a job that runs for ever.

Rows carry `ds`, the interval's start in the center's local time (ISO, no offset), the
way the forecast answers them, so each step takes the previous step's rows as they are.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from tamas.api.schemas.types import EventName, RequiredTitle
from tamas.planning.records import SpecialDayKind
from tamas.wfm.forecast import ForecastInputError, parse_lift

MAX_ROWS = 31 * 96
"""A month of 15-minute intervals."""
Interval = Literal[15, 30, 60]
"""Interval length, minutes: those the forecast makes."""
Share = Annotated[float, Field(gt=0, lt=1)]
Seconds = Annotated[float, Field(gt=0, le=86_400)]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SpecialDayIn(_Body):
    name: RequiredTitle
    kind: SpecialDayKind
    start: date
    end: date
    lift: float | str = Field(
        default=1.0,
        description="Expected volume against a normal day: a multiplier (1.5) or a change "
        "('+50%', '-30%'). A closed day is 0 whatever is given.",
    )

    @field_validator("lift")
    @classmethod
    def _lift(cls, value: float | str) -> float:
        try:
            lift = parse_lift(value) if isinstance(value, str) else float(value)
        except ForecastInputError as error:
            raise ValueError(str(error)) from None
        if not 0 <= lift <= 100:
            raise ValueError(f"expected a multiplier between 0 and 100, got {lift:g}")
        return lift

    @model_validator(mode="after")
    def _days(self) -> SpecialDayIn:
        if self.end < self.start:
            raise ValueError(f"end ({self.end}) is before start ({self.start})")
        if (self.end - self.start).days > 366:
            raise ValueError("a special day spans at most a year")
        if self.kind is SpecialDayKind.CLOSED:
            self.lift = 0.0
        return self


class BreakIn(_Body):
    name: RequiredTitle
    earliest: int | str = Field(description="From the shift's start: minutes or '2h', '1h30m'.")
    latest: int | str
    length: int | str
    paid: bool = True


class ShiftTemplateIn(_Body):
    """A shift template; checked as the shift file checks its `[[shift]]` tables."""

    name: Annotated[str, Field(min_length=1, max_length=64)]
    earliest_start: str = Field(description="Local time of day, HH:MM.")
    latest_start: str
    start_step: int | None = Field(default=None, description="Minutes between starts.")
    length: int | str
    days: list[str] = Field(default=["sat", "sun", "mon", "tue", "wed", "thu"])
    max_consecutive_work: int | str | None = None
    breaks: list[BreakIn] = Field(default=[], max_length=6)


class ForecastIn(_Body):
    queues: list[EventName] = Field(default=[], description="Only these queues; all when empty.")
    freq: Literal["15min", "30min", "60min"] = "30min"
    horizon_days: int = Field(default=7, ge=1, le=31)
    level: float = Field(default=80.0, gt=0, lt=100)
    holidays: list[Annotated[str, Field(min_length=2, max_length=3)]] = Field(
        default=[], description="Country codes whose public holidays count (IR, ...)."
    )
    history_until: date | None = Field(
        default=None, description="Last day of history used; default yesterday."
    )
    backtest_windows: int = Field(default=2, ge=0, le=8)
    time_limit_s: float = Field(default=120, ge=5, le=600)


class CallsRow(_Body):
    ds: datetime
    calls: float = Field(ge=0, le=1_000_000)


class _Traffic(_Body):
    """What the calls of a plan are like."""

    interval_min: Interval = 30
    aht_s: Seconds = 180
    patience_s: Seconds | None = Field(
        default=None, description="Callers' mean patience; none: nobody hangs up."
    )


class StaffingIn(_Traffic):
    rows: list[CallsRow] = Field(min_length=1, max_length=MAX_ROWS)
    model: Literal["erlang_c", "erlang_a"] = "erlang_c"
    """Erlang A needs `patience_s`; Erlang C ignores it."""
    target_sl: Share = 0.8
    threshold_s: float = Field(default=20, ge=0, le=3600)
    max_occupancy: float = Field(default=0.85, gt=0, le=1)
    shrinkage: float = Field(default=0.3, ge=0, lt=1)

    @model_validator(mode="after")
    def _patience(self) -> StaffingIn:
        if self.model == "erlang_a" and self.patience_s is None:
            raise ValueError("patience_s: Erlang A needs the callers' mean patience")
        return self


class AgentsRow(_Body):
    ds: datetime
    agents: int = Field(ge=0, le=10_000)


class ScheduleIn(_Body):
    rows: list[AgentsRow] = Field(min_length=2, max_length=MAX_ROWS)
    interval_min: Interval = 30
    time_limit_s: float = Field(default=30, ge=1, le=300)


MAX_SIMULATED_CALLS = 100_000
"""A day of a very large center; a replication cannot be stopped halfway, so a what-if
is kept to what one simulates in seconds."""


class PlanRow(_Body):
    ds: datetime
    calls: float = Field(ge=0, le=MAX_SIMULATED_CALLS)
    agents: int = Field(ge=0, le=10_000)


class WhatIfIn(_Traffic):
    day: date
    rows: list[PlanRow] = Field(min_length=1, max_length=96)
    threshold_s: int = Field(default=20, ge=1, le=3600)
    agents_delta: int = Field(default=0, ge=-1000, le=1000)
    calls_pct: float = Field(default=0, ge=-90, le=500)
    aht_pct: float = Field(default=0, ge=-90, le=500)
    replications: int = Field(default=10, ge=2, le=50)
    time_limit_s: float = Field(default=60, ge=5, le=600)

    @model_validator(mode="after")
    def _size(self) -> WhatIfIn:
        calls = sum(row.calls for row in self.rows) * (1 + self.calls_pct / 100)
        if calls > MAX_SIMULATED_CALLS:
            raise ValueError(
                f"rows: {calls:,.0f} calls in the day; a what-if simulates at most "
                f"{MAX_SIMULATED_CALLS:,}"
            )
        return self
