"""The KPI report of a simulation: the KPI engine's figures, averaged over replications,
with a 95% confidence half-width for every ratio and time.

Each replication is reported by `tamas.kpi.kpi_report`, exactly like a real day. The point
figure of a row is the mean over the replications that have that row; a row a replication
lacks (an interval without arrivals, an agent who answered nothing) counts as zero for its
counts and as absent for its ratios and times, which the KPI engine leaves null when they
are over nothing. The half-width is Student's t over the replications' values, so it is
null with fewer than two.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import polars as pl
from scipy import stats

from tamas.kpi import INTERVALS, KpiDefinitions, kpi_report
from tamas.kpi.report import DECIMALS

CONFIDENCE = 0.95
SECTIONS = {"by_queue": "queue", "by_agent": "agent", "by_interval": "start"}
"""The report's lists of rows, each with the key that names a row."""

Row = Mapping[str, Any]


def replicated_kpis(
    runs: Sequence[pl.DataFrame],
    definitions: KpiDefinitions,
    sl_thresholds: Mapping[str, int] | None = None,
) -> dict[str, Any]:
    """The KPI JSON of `tamas report kpi` over simulated runs, plus `replications` and a
    `half_width` object in every row.

    `sl_thresholds` gives a queue its own service-level threshold for its `by_queue` row
    (which then says `sl_threshold_s`); totals, agents and intervals use `definitions`.
    """
    if not runs:
        raise ValueError("no replications to report")
    reports = [_report(events, definitions, sl_thresholds or {}) for events in runs]
    summary: dict[str, Any] = {
        "definitions": definitions.as_dict(),
        "period": str(INTERVALS.period),
        "calendar": str(INTERVALS.calendar),
        "skipped_lines": 0,
        "replications": len(runs),
        "totals": _summarise([report["totals"] for report in reports]),
    }
    for section, key in SECTIONS.items():
        names = sorted({row[key] for report in reports for row in report[section]})
        by_name = [{row[key]: row for row in report[section]} for report in reports]
        summary[section] = [
            {key: name, **_summarise([rows.get(name) for rows in by_name])} for name in names
        ]
    if sl_thresholds:
        for row in summary["by_queue"]:
            row["sl_threshold_s"] = sl_thresholds.get(row["queue"], definitions.sl_threshold_s)
    return summary


def _report(
    events: pl.DataFrame, definitions: KpiDefinitions, sl_thresholds: Mapping[str, int]
) -> dict[str, Any]:
    report = kpi_report(events, definitions)
    figures: dict[str, Any] = {
        "totals": report.totals,
        "by_agent": report.by_agent,
        "by_interval": report.by_interval,
    }
    rows = {row["queue"]: row for row in report.by_queue}
    for threshold in set(sl_thresholds.values()) - {definitions.sl_threshold_s}:
        queues = [queue for queue, own in sl_thresholds.items() if own == threshold]
        own = kpi_report(events, replace(definitions, sl_threshold_s=threshold), queues=queues)
        rows.update((row["queue"], row) for row in own.by_queue)
    figures["by_queue"] = list(rows.values())
    return figures


def _summarise(rows: Sequence[Row | None]) -> dict[str, Any]:
    """The mean of each figure over the replications' rows (None: the row is missing),
    then `half_width` of the ratios and times."""
    present = [row for row in rows if row is not None]
    means: dict[str, Any] = {}
    half_widths: dict[str, float | None] = {}
    for name, sample in present[0].items():
        if isinstance(sample, str):
            continue
        if isinstance(sample, int) and not isinstance(sample, bool):
            counts = [row[name] if row is not None else 0 for row in rows]
            means[name] = round(sum(counts) / len(counts), DECIMALS)
            continue
        values = [row[name] for row in present if row[name] is not None]
        means[name] = round(sum(values) / len(values), DECIMALS) if values else None
        width = half_width(values)
        half_widths[name] = None if width is None else round(width, DECIMALS)
    return {**means, "half_width": half_widths}


def half_width(values: Sequence[float]) -> float | None:
    """Student's t half-width of the mean of `values` at `CONFIDENCE` (None under two)."""
    n = len(values)
    if n < 2:
        return None
    mean = sum(values) / n
    sd = math.sqrt(sum((value - mean) ** 2 for value in values) / (n - 1))
    quantile = float(stats.t.ppf(0.5 + CONFIDENCE / 2, n - 1))
    return quantile * sd / math.sqrt(n)
