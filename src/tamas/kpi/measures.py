"""The queue KPIs as Polars aggregations over linked entries (see docs/kpi.md).

Each entry is first marked with what it counts for (`mark_entries`); one set of
aggregations over the marks then serves the totals, each queue and each interval, so a
figure means the same thing wherever it is shown.
"""

from __future__ import annotations

import polars as pl

from tamas.events import EventType
from tamas.kpi.definitions import KpiDefinitions
from tamas.kpi.repeats import is_phone_number, is_repeated

QUEUE_KPIS = (
    "offered",
    "answered",
    "abandoned",
    "short_abandoned",
    "exited",
    "answered_within_threshold",
    "service_level",
    "abandon_rate",
    "sl_asterisk",
    "sl2_asterisk",
    "asa_s",
    "aht_s",
    "max_wait_s",
    "fcr",
)
INTERVAL_KPIS = ("offered", "answered", "abandoned", "service_level", "asa_s", "aht_s")
_COUNTS = QUEUE_KPIS[1:6]


def ratio(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    """numerator / denominator, null when the denominator is 0."""
    return pl.when(denominator > 0).then(numerator / denominator)


def mark_entries(entries: pl.DataFrame, definitions: KpiDefinitions) -> pl.DataFrame:
    """Entries (from `link_entries`, with `next_other_at`) with a boolean column for each
    count they take part in."""
    wait = pl.col("wait_s")
    is_answered = pl.col("outcome") == EventType.CONTACT_ANSWERED
    is_abandoned = pl.col("outcome") == EventType.CONTACT_ABANDONED
    within = wait <= definitions.sl_threshold_s
    fcr_eligible = is_answered & is_phone_number(pl.col("caller"))
    marks = {
        "answered": is_answered,
        "abandoned": is_abandoned,
        "short_abandoned": is_abandoned & (wait < definitions.short_abandon_s),
        "exited": pl.col("outcome") == EventType.CONTACT_EXITED,
        "answered_within_threshold": is_answered & within,
        "abandoned_within_threshold": is_abandoned & within,
        "fcr_eligible": fcr_eligible,
        "fcr_resolved": fcr_eligible & ~is_repeated(definitions.fcr_window_s),
    }
    return entries.with_columns(
        expr.fill_null(False).alias(f"is_{name}") for name, expr in marks.items()
    )


def queue_kpis() -> list[pl.Expr]:
    """Aggregations, in QUEUE_KPIS order, over entries marked by `mark_entries`."""

    def count(name: str) -> pl.Expr:
        return pl.col(f"is_{name}").sum().cast(pl.Int64)

    n = {"offered": pl.len().cast(pl.Int64)} | {name: count(name) for name in _COUNTS}
    considered = n["offered"] - n["short_abandoned"]
    answered = pl.col("is_answered")
    return [
        *(expr.alias(name) for name, expr in n.items()),
        ratio(n["answered_within_threshold"], considered).alias("service_level"),
        ratio(n["abandoned"] - n["short_abandoned"], considered).alias("abandon_rate"),
        ratio(n["answered_within_threshold"], n["answered"]).alias("sl_asterisk"),
        ratio(
            n["answered_within_threshold"] + count("abandoned_within_threshold"),
            n["answered"] + n["abandoned"],
        ).alias("sl2_asterisk"),
        pl.col("wait_s").filter(answered).mean().alias("asa_s"),
        pl.col("talk_s").filter(answered).mean().alias("aht_s"),
        pl.col("wait_s").max().alias("max_wait_s"),
        ratio(count("fcr_resolved"), count("fcr_eligible")).alias("fcr"),
    ]
