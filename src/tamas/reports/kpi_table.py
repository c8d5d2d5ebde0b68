"""The KPI report for people at a terminal (rich): definitions, totals, queues, agents,
intervals.

It shows the figures of `KpiReport.as_dict()` as they are, only formatted: ratios as
percentages, times as m:ss, a figure that does not exist (a ratio over nothing) as "—".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

Report = Mapping[str, Any]
MISSING = "—"
INTERVAL_ROWS = 48
"""Intervals shown at most; a longer report shows its first and last ones (the files
hold them all)."""


def count(value: int | None) -> str:
    return MISSING if value is None else f"{value:,}"


def percent(value: float | None) -> str:
    return MISSING if value is None else f"{value:.1%}"


def duration(value: float | None) -> str:
    """Seconds as m:ss, or h:mm:ss from an hour on."""
    if value is None:
        return MISSING
    minutes, seconds = divmod(round(value), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


Column = tuple[str, str, Callable[[Any], str]]
"""(heading, the row's key, formatter)."""
TOTALS: Sequence[Column] = (
    ("Offered (queue entries)", "offered", count),
    ("Answered", "answered", count),
    ("Answered within threshold", "answered_within_threshold", count),
    ("Abandoned", "abandoned", count),
    ("  of which short", "short_abandoned", count),
    ("Exited (timeout, key, empty, withdraw)", "exited", count),
    ("Service level", "service_level", percent),
    ("Abandon rate", "abandon_rate", percent),
    ("SL as Asterisk (answered only)", "sl_asterisk", percent),
    ("SL2 as Asterisk", "sl2_asterisk", percent),
    ("ASA (average speed of answer)", "asa_s", duration),
    ("AHT (talk time; no wrap-up in queue_log)", "aht_s", duration),
    ("Longest wait", "max_wait_s", duration),
    ("First-contact resolution", "fcr", percent),
)
QUEUES: Sequence[Column] = (
    ("Queue", "queue", str),
    ("Offered", "offered", count),
    ("Answered", "answered", count),
    ("Abandoned", "abandoned", count),
    ("Short", "short_abandoned", count),
    ("Exited", "exited", count),
    ("SL", "service_level", percent),
    ("Aband. rate", "abandon_rate", percent),
    ("ASA", "asa_s", duration),
    ("AHT", "aht_s", duration),
    ("Max wait", "max_wait_s", duration),
    ("FCR", "fcr", percent),
)
AGENTS: Sequence[Column] = (
    ("Agent", "agent", str),
    ("Answered", "answered", count),
    ("Talk time", "talk_time_s", duration),
    ("AHT", "aht_s", duration),
    ("Ring no answer", "ring_no_answer", count),
    ("Transfers", "transfers", count),
    ("Logged in", "logged_in_s", duration),
    ("Paused", "paused_s", duration),
    ("Occupancy", "occupancy", percent),
)
INTERVALS: Sequence[Column] = (
    ("Start", "start", str),
    ("Offered", "offered", count),
    ("Answered", "answered", count),
    ("Abandoned", "abandoned", count),
    ("SL", "service_level", percent),
    ("ASA", "asa_s", duration),
    ("AHT", "aht_s", duration),
)


def render_table(report: Report, console: Console) -> None:
    """Print the report (as `KpiReport.as_dict()` gives it) to a rich console."""
    console.print(definitions_line(report))
    totals = Table(title="Totals", show_header=False, title_justify="left")
    totals.add_column("KPI")
    totals.add_column("value", justify="right")
    for heading, key, show in TOTALS:
        totals.add_row(heading, show(report["totals"][key]))
    console.print(totals)
    console.print(_table("By queue", QUEUES, report["by_queue"]))
    console.print(_table("By agent", AGENTS, report["by_agent"]))
    intervals = report["by_interval"]
    period = report["period"]
    title = f"By {period}" + ("" if period == "interval" else f" ({report['calendar']} calendar)")
    if len(intervals) <= INTERVAL_ROWS:
        console.print(_table(title, INTERVALS, intervals))
        return
    half = INTERVAL_ROWS // 2
    table = _table(title, INTERVALS, intervals[:half])
    table.add_row(f"… {len(intervals) - 2 * half:,} more {period}s …", style="dim")
    for row in intervals[-half:]:
        table.add_row(*(show(row[key]) for _, key, show in INTERVALS))
    console.print(table)


def definitions_line(report: Report) -> str:
    d = report["definitions"]
    line = (
        f"Service level: answered within {d['sl_threshold_s']} s, over offered less "
        f"abandons under {d['short_abandon_s']} s · FCR: no other call from the number "
        f"within {_window(d['fcr_window_s'])} · intervals of {d['interval_min']} min in "
        f"{d['tz']}"
    )
    skipped = report["skipped_lines"]
    return line + (f" · {skipped:,} bad lines skipped" if skipped else "")


def _window(seconds: int) -> str:
    return f"{seconds // 3600} h" if seconds % 3600 == 0 else f"{seconds:,} s"


def _table(title: str, columns: Sequence[Column], rows: Sequence[Mapping[str, Any]]) -> Table:
    table = Table(title=title, title_justify="left")
    for number, (heading, _, _) in enumerate(columns):
        table.add_column(heading, justify="left" if number == 0 else "right")
    for row in rows:
        table.add_row(*(show(row[key]) for _, key, show in columns))
    if not rows:
        table.add_row("(none)", *([""] * (len(columns) - 1)), style="dim")
    return table
