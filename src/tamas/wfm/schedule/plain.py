"""A schedule as plain data: the JSON of `tamas wfm schedule --format json` and of the
planner's API (docs/wfm.md, "Output"), one shape for both."""

from __future__ import annotations

from typing import Any

from tamas.wfm.schedule.model import Schedule


def iso_minute(value: Any) -> str:
    """A date-time as ISO text to the minute, as every time of the schedule is written."""
    return value.isoformat(timespec="minutes")


def as_dict(plan: Schedule, interval: int) -> dict[str, Any]:
    """The schedule as plain data, the shape of `--format json` (docs/wfm.md)."""
    return {
        "status": "optimal" if plan.optimal else "feasible",
        "seconds": round(plan.seconds, 3),
        "interval_min": interval,
        "totals": {
            "under_staffed": plan.under_staffed,
            "over_staffed": plan.over_staffed,
            "paid_hours": plan.paid_hours,
            "shifts": sum(s.count for s in plan.shifts),
        },
        "objectives": [
            {
                "name": level.name,
                "value": level.value,
                "bound": level.bound,
                "optimal": level.optimal,
                "gap": round(level.gap, 6),
            }
            for level in plan.levels
        ],
        "shifts": [
            {
                "template": s.template,
                "day": s.day.isoformat(),
                "start": iso_minute(s.start),
                "end": iso_minute(s.end),
                "count": s.count,
                "agent": s.agent,
                "breaks": [
                    {
                        "name": b.name,
                        "start": iso_minute(b.start),
                        "end": iso_minute(b.end),
                        "paid": b.paid,
                    }
                    for b in s.breaks
                ],
            }
            for s in plan.shifts
        ],
        "coverage": [
            {
                "ds": iso_minute(c.ds),
                "required": c.required,
                "scheduled": c.scheduled,
                "difference": c.difference,
            }
            for c in plan.coverage
        ],
    }
