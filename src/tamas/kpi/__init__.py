"""KPIs: every figure Tamas shows, computed from the event log under named definitions.

Pure: reads an event frame, returns figures; no I/O. Definitions in docs/kpi.md.
"""

from tamas.kpi.definitions import KpiDefinitions
from tamas.kpi.measures import INTERVAL_KPIS, QUEUE_KPIS
from tamas.kpi.report import AGENT_KPIS, KPI_COLUMNS, KpiReport, kpi_report

__all__ = [
    "AGENT_KPIS",
    "INTERVAL_KPIS",
    "KPI_COLUMNS",
    "QUEUE_KPIS",
    "KpiDefinitions",
    "KpiReport",
    "kpi_report",
]
