"""Workforce management: forecasting, staffing maths and scheduling.

`forecast` predicts the calls, `erlang` turns calls per interval into agents per
interval (`erlang_x`, imported as `tamas.wfm.erlang_x`, when callers who hang up call
again), and `schedule` (imported as `tamas.wfm.schedule`) covers the agents with
shifts and breaks; each step takes the previous one's output, so they stay separate.
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
