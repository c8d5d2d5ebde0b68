"""Workforce management: staffing maths now; forecasting and scheduling come beside it.

`erlang` turns calls per interval into agents per interval. Later, `forecast` will
predict the calls and `schedule` will cover the agents with shifts and breaks; each
step takes the previous one's arrays, so the three stay separate modules.
"""

from tamas.wfm.erlang import (
    TIE,
    Model,
    Performance,
    Staffing,
    Target,
    Traffic,
    erlang_b,
    erlang_c,
    performance,
    required_agents,
    scheduled_agents,
    staff,
)

__all__ = [
    "TIE",
    "Model",
    "Performance",
    "Staffing",
    "Target",
    "Traffic",
    "erlang_b",
    "erlang_c",
    "performance",
    "required_agents",
    "scheduled_agents",
    "staff",
]
