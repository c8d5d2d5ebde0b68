"""KPIs: every figure Tamas shows, computed from the event log under named definitions.

Pure: reads an event frame, returns figures; no I/O. Definitions in docs/kpi.md.
"""

from tamas.kpi.breakdown import (
    ContactFilter,
    busiest_hours,
    contacts,
    handle_time_spread,
    wait_curve,
)
from tamas.kpi.definitions import KpiDefinitions
from tamas.kpi.intervals import FIRST_WEEKDAY, INTERVALS, Calendar, Grouping, Period
from tamas.kpi.measures import INTERVAL_KPIS, QUEUE_KPIS
from tamas.kpi.report import (
    AGENT_KPIS,
    KPI_COLUMNS,
    CountedEntries,
    KpiReport,
    count_entries,
    kpi_report,
    summarise,
)

__all__ = [
    "AGENT_KPIS",
    "FIRST_WEEKDAY",
    "INTERVALS",
    "INTERVAL_KPIS",
    "KPI_COLUMNS",
    "QUEUE_KPIS",
    "Calendar",
    "ContactFilter",
    "CountedEntries",
    "Grouping",
    "KpiDefinitions",
    "KpiReport",
    "Period",
    "busiest_hours",
    "contacts",
    "count_entries",
    "handle_time_spread",
    "kpi_report",
    "summarise",
    "wait_curve",
]
