"""Repeat calls, for first-contact resolution (FCR).

An entry is repeated when an entry of **another call** (another contact_id) from the same
caller starts after it (strictly later), within the FCR window. Only caller ids that are
phone numbers (digits with an optional leading +) identify a caller; "anonymous",
"unknown" or a name does not.

For each entry we need the first later entry of the same caller that belongs to another
call. With a caller's entries in time order, that is found from the first entry of the
next second ("slot"): it is that entry when it belongs to another call; otherwise it is
the first entry after the run of consecutive entries of the entry's own call that starts
there. Both are read with shifts and fills over sorted columns, so no call is ever walked
in Python.
"""

from __future__ import annotations

from datetime import timedelta

import polars as pl

PHONE_NUMBER = r"^\+?[0-9]+$"


def is_phone_number(caller: pl.Expr) -> pl.Expr:
    return caller.str.contains(PHONE_NUMBER).fill_null(False)


def next_other_call(entries: pl.DataFrame) -> pl.DataFrame:
    """`entry` and `next_other_at`: when the same caller's next other call enters a queue
    after this entry (null when it never does, or the caller is not a phone number).

    `entries` are in time order, as `link_entries` returns them.
    """
    caller_changes = (pl.col("caller") != pl.col("caller").shift(1)).fill_null(True)
    rows = (
        entries.filter(is_phone_number(pl.col("caller")))
        .select(
            "entry",
            # A number per distinct caller: sorting on it is much faster than on text.
            pl.col("caller").cast(pl.Categorical).to_physical(),
            "queued_at",
            "contact_id",
        )
        .sort("caller", maintain_order=True)  # by caller, then time
        .with_columns(
            new_slot=caller_changes | (pl.col("queued_at") != pl.col("queued_at").shift(1)),
            new_run=caller_changes | (pl.col("contact_id") != pl.col("contact_id").shift(1)),
        )
    )
    rows = rows.with_columns(
        run_next_at=_first_after("new_run", "queued_at"),
        run_next_caller=_first_after("new_run", "caller"),
    ).with_columns(
        _first_after("new_slot", column).alias(f"slot_{column}")
        for column in ("queued_at", "contact_id", "caller", "run_next_at", "run_next_caller")
    )
    same_caller = pl.col("slot_caller") == pl.col("caller")
    return rows.select(
        "entry",
        pl.when(same_caller & (pl.col("slot_contact_id") != pl.col("contact_id")))
        .then(pl.col("slot_queued_at"))
        .when(same_caller & (pl.col("slot_run_next_caller") == pl.col("caller")))
        .then(pl.col("slot_run_next_at"))
        .alias("next_other_at"),
    )


def _first_after(flag: str, column: str) -> pl.Expr:
    """`column` at the first later row where `flag` is true (null when there is none)."""
    return pl.when(flag).then(pl.col(column)).shift(-1).backward_fill()


def is_repeated(window_s: int) -> pl.Expr:
    """True when another call followed within the window (needs `next_other_at`)."""
    within = pl.col("next_other_at") - pl.col("queued_at") <= timedelta(seconds=window_s)
    return within.fill_null(False)
