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
period. The state is swept over sorted columns: each slot's changes become +1/-1 steps
of the agent's "slots logged in" and "slots logged in and paused" counts.
"""

from __future__ import annotations

from datetime import datetime

import polars as pl

from tamas.events import EventType

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
    state = events.filter(
        pl.col("agent").is_not_null()
        & pl.col("type").is_in([*_LOGINS, *_PAUSES])
        & (pl.col("queue").is_null() | (pl.col("queue").is_in(queues) if queues else pl.lit(True)))
    ).select(
        "agent",
        "ts",
        "type",
        pl.col("queue").fill_null(_CENTER).alias("slot"),
        pl.int_range(pl.len()).alias("order"),
    )
    logins = state.filter(pl.col("type").is_in(_LOGINS))
    slots = logins.select("agent", "slot").unique()
    pauses = state.filter(pl.col("type").is_in(_PAUSES))
    steps = pl.concat(
        [
            logins,
            pauses.filter(pl.col("slot") != _CENTER).join(slots, on=["agent", "slot"]),
            pauses.filter(pl.col("slot") == _CENTER)
            .drop("slot")
            .join(slots, on="agent")
            .select(logins.columns),
        ]
    ).sort("agent", "slot", "ts", "order")

    is_login = pl.col("type").is_in(_LOGINS)
    logged = pl.when(is_login).then(pl.col("type") == EventType.AGENT_LOGGED_IN)
    paused = (
        pl.when(is_login)
        .then(False)
        .when(pl.col("type").is_in(_PAUSES))
        .then(pl.col("type") == EventType.AGENT_PAUSED)
    )
    slot_state = {
        "logged": logged.forward_fill().over("agent", "slot").fill_null(False),
        "paused": paused.forward_fill().over("agent", "slot").fill_null(False),
    }
    steps = steps.with_columns(
        logged=slot_state["logged"].cast(pl.Int32),
        paused=(slot_state["logged"] & slot_state["paused"]).cast(pl.Int32),
    )
    steps = steps.with_columns(
        (pl.col(c) - pl.col(c).shift(1, fill_value=0).over("agent", "slot")).alias(f"d_{c}")
        for c in ("logged", "paused")
    ).sort("agent", "ts", "order")

    n_logged = pl.col("d_logged").cum_sum().over("agent")
    n_paused = pl.col("d_paused").cum_sum().over("agent")
    next_ts = pl.col("ts").shift(-1).over("agent").fill_null(period_end)
    seconds = (
        next_ts.clip(period_start, period_end) - pl.col("ts").clip(period_start, period_end)
    ).dt.total_microseconds() / 1e6
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
