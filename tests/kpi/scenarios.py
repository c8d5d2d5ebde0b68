"""A small, hand-checked log shared by the KPI and report tests."""

from __future__ import annotations

import polars as pl

from tests.kpi.builders import (
    abandoned_call,
    answered,
    answered_call,
    ended,
    exited,
    frame,
    queued,
    ring_no_answer,
)


def caller(n: int) -> str:
    return f"0912000000{n}"


def morning() -> pl.DataFrame:
    """Half an hour of `support` and one call in `sales` (T0 = 08:30 Tehran)."""
    return frame(
        answered_call(0, "c1", "Ali", wait=12, talk=100, caller=caller(1)),
        queued(30, "c2", caller=caller(2)),
        ring_no_answer(40, "c2", "Reza"),
        answered(60, "c2", "Sara", wait=30),
        ended(260, "c2", "Sara", wait=30, talk=200),
        abandoned_call(40, "c3", wait=3, caller=caller(3)),  # short abandon
        abandoned_call(50, "c4", wait=45, caller=caller(1)),  # c1's caller again
        abandoned_call(60, "c5", wait=15, caller=caller(5)),
        queued(70, "c6", caller=caller(6)),
        exited(370, "c6", wait=300),
        queued(80, "c7", caller=caller(7)),
        answered(85, "c7", "Ali", wait=5),  # no COMPLETE line follows
        queued(1700, "c8", caller=caller(8)),  # still waiting when the data ends
        answered_call(1900, "c9", "Sara", wait=10, talk=50, queue="sales", caller="anonymous"),
    )
