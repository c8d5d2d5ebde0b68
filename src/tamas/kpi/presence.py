"""How long each agent was logged in and paused, from the agent.* events.

Asterisk logs an agent in and out per queue (ADDMEMBER/REMOVEMEMBER) or for the whole
center (AGENTLOGIN/AGENTLOGOFF, no queue), and pauses per queue or everywhere (PAUSE
without a queue, PAUSEALL). We keep one state per agent and **slot**: each queue it was
logged into, plus the center when it logged in without a queue. A login or logout changes
its own slot; a pause changes its queue's slot, or every slot of the agent when it names
no queue. The agent is

- **logged in** while at least one slot is logged in, and
- **paused** while logged in and paused in every slot it is logged into (paused in one
  queue but taking calls in another is working).

A login or logout resets the slot's pause. Before an agent's first login event its state
is unknown and counts as logged out; a login never logged out lasts to the end of the
period. Events of the same time are taken in the frame's order. The state is swept over
time-ordered columns: each slot's changes become +1/-1 steps of the agent's "slots logged
in" and "slots logged in and paused" counts.
"""

from __future__ import annotations

from datetime import datetime

import polars as pl

from tamas.events import EventType
from tamas.kpi.order import in_order_of

_LOGINS = (EventType.AGENT_LOGGED_IN, EventType.AGENT_LOGGED_OUT)
_PAUSES = (EventType.AGENT_PAUSED, EventType.AGENT_READY)
_CENTER = ""


def presence(
    events: pl.DataFrame,
    period_start: datetime,
    period_end: datetime,
    queues: list[str] | None = None,
) -> pl.DataFrame:
    """`agent`, `logged_in_s`, `paused_s` within [period_start, period_end), for every agent
    with a login or logout event (in `queues`, or for the whole center)."""
    in_queues = pl.col("queue").is_null() | (pl.col("queue").is_in(queues) if queues else True)
    state = in_order_of(
        events.filter(
            pl.col("agent").is_not_null() & pl.col("type").is_in([*_LOGINS, *_PAUSES]) & in_queues
        ).select("agent", "ts", "type", pl.col("queue").fill_null(_CENTER).alias("slot")),
        "ts",
    ).with_row_index("order")
    logins = state.filter(pl.col("type").is_in(_LOGINS))
    slots = logins.select("agent", "slot").unique()
    columns = ["order", "agent", "ts", "type", "slot"]
    pauses = state.filter(pl.col("type").is_in(_PAUSES))
    steps = pl.concat(
        [
            logins.select(columns),
            pauses.filter(pl.col("slot") != _CENTER)
            .join(slots, on=["agent", "slot"])
            .select(columns),
            pauses.filter(pl.col("slot") == _CENTER)
            .drop("slot")
            .join(slots, on="agent")
            .select(columns),
        ]
    ).sort("order", maintain_order=True)

    # Windows over numbers: much faster than over the agent's and queue's names.
    steps = steps.with_columns(
        who=pl.col("agent").cast(pl.Categorical).to_physical(),
        where=pl.concat_str("agent", "slot", separator="\x1f").cast(pl.Categorical).to_physical(),
    )
    # Each row's slot state after the row's event. A pause row pauses, any other row
    # (ready, login, logout) leaves the slot unpaused.
    steps = steps.with_columns(
        logged=pl.when(pl.col("type").is_in(_LOGINS))
        .then(pl.col("type") == EventType.AGENT_LOGGED_IN)
        .forward_fill()
        .over("where")
        .fill_null(False)
    ).with_columns(paused=pl.col("logged") & (pl.col("type") == EventType.AGENT_PAUSED))

    # Summed over the agent's slots in time order: how many are logged in, and paused.
    def running_total(state: str) -> pl.Expr:
        now = pl.col(state).cast(pl.Int32)
        return (now - now.shift(1, fill_value=0).over("where")).cum_sum().over("who")

    next_ts = pl.col("ts").shift(-1).over("who").fill_null(pl.lit(period_end))
    seconds = (
        next_ts.clip(period_start, period_end) - pl.col("ts").clip(period_start, period_end)
    ).dt.total_microseconds() / 1e6
    n_logged, n_paused = running_total("logged"), running_total("paused")
    return (
        steps.with_columns(seconds=seconds, logged_in=n_logged > 0, all_paused=n_paused == n_logged)
        .group_by("agent")
        .agg(
            pl.col("seconds").filter("logged_in").sum().alias("logged_in_s"),
            pl.col("seconds")
            .filter(pl.col("logged_in") & pl.col("all_paused"))
            .sum()
            .alias("paused_s"),
        )
    )
