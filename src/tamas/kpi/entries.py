"""Queue entries: each `contact.queued` joined with what became of it.

Every queue KPI counts queue entries, so the whole engine rests on linking a contact's
events to the right entry. The link is by contact and queue and by time, done with as-of
joins over columns rather than by walking each call's events:

- an entry's **outcome** is the first `contact.answered`, `contact.abandoned` or
  `contact.exited` of the same contact in the same queue at or after the entry and before
  that contact's next entry into that queue;
- its **end** (talk time) is the first `contact.ended` or `contact.transferred` of the same
  contact and queue at or after the answer;
- its **rings** are the `contact.ring_no_answer`, `contact.ring_canceled` and
  `contact.offered` events between the entry and the contact's next entry into the queue.

Events carry whole seconds in queue_log, so several of a contact's events often share a
second; linking by "latest entry at or before" keeps them with their own entry.
"""

from __future__ import annotations

import polars as pl

from tamas.events import EventType
from tamas.kpi.order import in_order_of

OUTCOMES = (EventType.CONTACT_ANSWERED, EventType.CONTACT_ABANDONED, EventType.CONTACT_EXITED)
ENDS = (EventType.CONTACT_ENDED, EventType.CONTACT_TRANSFERRED)
RINGS = (
    EventType.CONTACT_OFFERED,
    EventType.CONTACT_RING_NO_ANSWER,
    EventType.CONTACT_RING_CANCELED,
)
_SEPARATOR = "\x1f"
"""Joins contact id and queue into one linking key (one string column joins faster than
two); the unit separator appears in neither."""


def link_entries(events: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """All queue entries in the events, and the ring events linked to them.

    Entries: one row per `contact.queued`, in time order, with `entry` (its row number),
    contact_id, queue, queued_at, caller, outcome (the outcome's type, or null while still
    waiting), wait_s (the outcome's waiting time), agent (who answered), talk_s and end
    (the end's type). Rings: entry, type and agent of each ring event of an entry.
    """
    contact = events.filter(
        pl.col("contact_id").is_not_null() & pl.col("queue").is_not_null()
    ).with_columns(key=pl.concat_str("contact_id", "queue", separator=_SEPARATOR))
    entries = in_order_of(
        contact.filter(pl.col("type") == EventType.CONTACT_QUEUED).select(
            "key", "contact_id", "queue", pl.col("ts").alias("queued_at"), "caller"
        ),
        "queued_at",
    ).with_row_index("entry")
    later = in_order_of(
        contact.filter(pl.col("type").is_in([*OUTCOMES, *ENDS, *RINGS])).select(
            "key", "ts", "type", "agent", "wait_s", "talk_s"
        ),
        "ts",
    )
    linked = _latest_before(
        later.filter(pl.col("type").is_in([*OUTCOMES, *RINGS])),
        entries.select("key", "queued_at", "entry"),
        "queued_at",
    )

    outcomes = (
        linked.filter(pl.col("type").is_in(OUTCOMES) & pl.col("entry").is_not_null())
        .group_by("entry")
        .agg(
            pl.col("ts").first().alias("outcome_at"),
            pl.col("type").first().alias("outcome"),
            pl.col("agent").first(),
            pl.col("wait_s").first(),
        )
    )
    entries = entries.join(outcomes, on="entry", how="left", maintain_order="left")

    answers = (
        entries.filter(pl.col("outcome") == EventType.CONTACT_ANSWERED)
        .select("key", "outcome_at", pl.col("entry").alias("answered_entry"))
        .sort("outcome_at")
    )
    ends = (
        _latest_before(later.filter(pl.col("type").is_in(ENDS)), answers, "outcome_at")
        .filter(pl.col("answered_entry").is_not_null())
        .group_by("answered_entry")
        .agg(pl.col("type").first().alias("end"), pl.col("talk_s").first())
        .rename({"answered_entry": "entry"})
    )
    entries = entries.join(ends, on="entry", how="left", maintain_order="left").drop(
        "key", "outcome_at"
    )
    rings = linked.filter(pl.col("type").is_in(RINGS)).select("entry", "type", "agent")
    return entries, rings


def _latest_before(left: pl.DataFrame, right: pl.DataFrame, right_on: str) -> pl.DataFrame:
    """`left` with the columns of the latest `right` row of the same key (contact and
    queue) whose `right_on` time is at or before the row's `ts` (nulls when none is)."""
    return left.join_asof(
        right,
        left_on="ts",
        right_on=right_on,
        by="key",
        strategy="backward",
        check_sortedness=False,
    ).drop(right_on)
