"""How a report's figures are named, explained and written for a person: each KPI's label
and its definition in words (from docs/kpi.md, through the catalog), each value formatted
as the page shows it; and the PDF export made of the same.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from babel.dates import get_day_names

from tamas.kpi import FIRST_WEEKDAY, Calendar
from tamas.reports.kpi_pdf import PdfReport, PdfTable
from tamas.web.formatting import Formatter
from tamas.web.i18n import N_
from tamas.web.pages import Viewer
from tamas.web.report_view import PERIODS, ReportForm

LABELS = {
    "offered": N_("Offered"),
    "answered": N_("Answered"),
    "abandoned": N_("Abandoned"),
    "short_abandoned": N_("Short abandons"),
    "exited": N_("Left the queue"),
    "answered_within_threshold": N_("Answered in time"),
    "service_level": N_("Service level"),
    "abandon_rate": N_("Abandon rate"),
    "asa_s": N_("ASA"),
    "aht_s": N_("AHT"),
    "max_wait_s": N_("Longest wait"),
    "fcr": N_("FCR"),
    "talk_time_s": N_("Talk time"),
    "ring_no_answer": N_("Rings not answered"),
    "transfers": N_("Transfers"),
    "logged_in_s": N_("Logged in"),
    "paused_s": N_("Paused"),
    "occupancy": N_("Occupancy"),
}
"""What the page calls each figure of the report."""
DEFINITIONS = {
    "offered": N_("Queue entries: every time a contact joined a queue."),
    "answered": N_("Entries an agent answered."),
    "abandoned": N_("Entries the caller gave up while waiting."),
    "short_abandoned": N_(
        "Abandons after less waiting than the short-abandon time: too quick to have been "
        "served; left out of service level and abandon rate."
    ),
    "exited": N_("Entries the queue let go unanswered: timeout, key pressed, no agents."),
    "answered_within_threshold": N_("Answers after no more waiting than the threshold."),
    "service_level": N_(
        "Share of entries answered within the threshold, short abandons left out: "
        "answered in time ÷ (offered − short abandons)."
    ),
    "abandon_rate": N_(
        "Share of entries abandoned, short abandons left out: "
        "(abandoned − short abandons) ÷ (offered − short abandons)."
    ),
    "asa_s": N_("Average speed of answer: the mean wait of answered entries."),
    "aht_s": N_("Average handle time: the mean talk time of answered entries that ended."),
    "max_wait_s": N_("The longest wait of any entry, answered or not."),
    "fcr": N_(
        "First-contact resolution: share of answered calls after which the same number "
        "did not call again within the FCR window."
    ),
    "talk_time_s": N_("Total talk time of the agent's answered entries."),
    "ring_no_answer": N_("Times a contact rang at the agent and was not answered."),
    "transfers": N_("Answered entries the agent transferred."),
    "logged_in_s": N_("Time logged in within the range."),
    "paused_s": N_("Time logged in and paused within the range."),
    "occupancy": N_("Talk time ÷ (logged in − paused), never more than all of it."),
}
"""Each figure's definition in a sentence (docs/kpi.md has the whole of it)."""
AGENT_FIGURES = frozenset(
    {"talk_time_s", "ring_no_answer", "transfers", "logged_in_s", "paused_s", "occupancy"}
)
QUEUE_DOCS = "docs/kpi.md#queue-kpis-totals-each-row-of-by_queue"
AGENT_DOCS = "docs/kpi.md#agent-figures-by_agent"
SUMMARY = (
    "offered",
    "answered",
    "abandoned",
    "service_level",
    "abandon_rate",
    "asa_s",
    "aht_s",
    "max_wait_s",
    "fcr",
)
"""The figures at the top of the page, in this order."""
PERIOD_COLUMNS = ("offered", "answered", "abandoned", "service_level", "asa_s", "aht_s")
AGENT_COLUMNS = (
    "answered",
    "aht_s",
    "talk_time_s",
    "ring_no_answer",
    "transfers",
    "occupancy",
)
RATIOS = frozenset({"service_level", "abandon_rate", "fcr", "occupancy"})


def docs_of(name: str) -> str:
    """Where docs/kpi.md defines the figure."""
    return AGENT_DOCS if name in AGENT_FIGURES else QUEUE_DOCS


def value(fmt: Formatter, name: str, figure: Any) -> str:
    """A figure as the page writes it: a ratio as a percentage, seconds as a duration,
    a count as a number."""
    if name in RATIOS:
        return fmt.percent(figure)
    if name.endswith("_s"):
        return fmt.duration(figure)
    return fmt.number(figure)


def period_label(fmt: Formatter, period: str, start: str) -> str:
    """A period's start as the reader reads it: the date, or date and time for intervals."""
    moment = datetime.fromisoformat(start)
    return fmt.datetime(moment) if period == "interval" else fmt.date(moment)


def pdf_report(figures: dict[str, Any], form: ReportForm, viewer: Viewer) -> PdfReport:
    """The report's tables as the page shows them, in the viewer's language."""
    fmt, _ = viewer.fmt, viewer.gettext
    assert form.first_day is not None and form.last_day is not None

    def label(name: str) -> str:
        return _(LABELS[name])

    period = form.values["period"]
    lines = [
        _(
            "From %(first)s to %(last)s",
            first=fmt.date(form.first_day),
            last=fmt.date(form.last_day),
        ),
        _("Queue: %(queue)s", queue=form.values["queue"] or _("All queues")),
        _(
            "Service level threshold: %(seconds)s seconds",
            seconds=fmt.number(figures["definitions"]["sl_threshold_s"]),
        ),
    ]
    totals = PdfTable(
        _("Summary"),
        [_("Figure"), _("Value")],
        [[label(name), value(fmt, name, figures["totals"][name])] for name in SUMMARY],
    )
    queues = PdfTable(
        _("By queue"),
        [_("Queue"), *map(label, PERIOD_COLUMNS)],
        [
            [row["queue"], *(value(fmt, n, row[n]) for n in PERIOD_COLUMNS)]
            for row in figures["by_queue"]
        ],
    )
    over_time = PdfTable(
        _(PERIODS[period]),
        [_(PERIODS[period]), *map(label, PERIOD_COLUMNS)],
        [
            [
                period_label(fmt, period, row["start"]),
                *(value(fmt, n, row[n]) for n in PERIOD_COLUMNS),
            ]
            for row in figures["by_interval"]
        ],
    )
    agents = PdfTable(
        _("Agents"),
        [_("Agent"), *map(label, AGENT_COLUMNS)],
        [
            [row["agent"], *(value(fmt, n, row[n]) for n in AGENT_COLUMNS)]
            for row in figures["by_agent"]
        ],
    )
    return PdfReport(
        title=_("Contact center report"),
        lines=lines,
        tables=[totals, queues, over_time, agents],
        rtl=viewer.language.rtl,
        language=viewer.language.code,
    )


BAND = N_("%(from)s–%(to)s s")
OPEN_BAND = N_("%(from)s s or more")
HEAT_LEVELS = 4
"""How many shades the busiest-hours table uses (level 0: no entries)."""


def band_label(viewer: Viewer, row: dict[str, Any]) -> str:
    """A wait or talk-time band as the reader reads it: 10–20 s, or 300 s or more."""
    fmt = viewer.fmt
    if row["to_s"] is None:
        return viewer.gettext(OPEN_BAND, **{"from": fmt.number(row["from_s"])})
    bounds = {"from": fmt.number(row["from_s"]), "to": fmt.number(row["to_s"])}
    return viewer.gettext(BAND, **bounds)


def weekday_names(viewer: Viewer, calendar: str) -> list[str]:
    """The names of the days of the week in the reader's language, from the calendar's
    first day (Saturday for Jalali, Monday for Gregorian)."""
    names = get_day_names("wide", locale=viewer.language.code)  # Monday is 0
    first = FIRST_WEEKDAY[Calendar(calendar)] - 1
    return [names[(first + day) % 7] for day in range(7)]


def heatmap(figures: dict[str, Any], viewer: Viewer) -> list[tuple[str, list[dict[str, Any]]]]:
    """The busiest-hours table: one row per weekday, 24 cells of offered, service level
    and shade (0 without entries, up to HEAT_LEVELS for the busiest hour)."""
    found = {(row["weekday"], row["hour"]): row for row in figures["views"]["busiest_hours"]}
    busiest = max((row["offered"] for row in found.values()), default=0)
    rows = []
    for weekday, name in enumerate(weekday_names(viewer, figures["calendar"])):
        cells = []
        for hour in range(24):
            row = found.get((weekday, hour))
            offered = row["offered"] if row else 0
            level = math.ceil(HEAT_LEVELS * offered / busiest) if busiest else 0
            cells.append(
                {
                    "offered": offered,
                    "service_level": row["service_level"] if row else None,
                    "level": level,
                }
            )
        rows.append((name, cells))
    return rows


def chart_data(figures: dict[str, Any], viewer: Viewer) -> dict[str, Any]:
    """What static/js/reports.js draws: the same rows as the tables, labelled."""
    fmt, period = viewer.fmt, figures["period"]
    views = figures["views"]
    return {
        "over_time": {
            "labels": [period_label(fmt, period, row["start"]) for row in figures["by_interval"]],
            "offered": [row["offered"] for row in figures["by_interval"]],
            "service_level": [_percent(row["service_level"]) for row in figures["by_interval"]],
        },
        "wait_curve": {
            "labels": [band_label(viewer, row) for row in views["wait_curve"]],
            "abandoned": [row["abandoned"] for row in views["wait_curve"]],
            "abandoned_by": [_percent(row["abandoned_by"]) for row in views["wait_curve"]],
        },
        "handle_time": {
            "labels": [band_label(viewer, row) for row in views["handle_time"]],
            "answered": [row["answered"] for row in views["handle_time"]],
        },
        "agents": {
            "labels": [row["agent"] for row in figures["by_agent"]],
            "answered": [row["answered"] for row in figures["by_agent"]],
            "aht_s": [row["aht_s"] for row in figures["by_agent"]],
        },
    }


def chart_locale(viewer: Viewer) -> str:
    """The locale the charts write numbers in: Persian digits only where the reader
    chose them (as the desktop's figures)."""
    code = viewer.language.code
    return f"{code}-u-nu-latn" if code == "fa" and viewer.fmt.digits("0") == "0" else code


def _percent(fraction: float | None) -> float | None:
    return None if fraction is None else round(100 * fraction, 1)
