"""Reports: the KPI report shown at a terminal or written as JSON, CSV or Excel.

An adapter at the edge: it formats the figures `tamas.kpi` computed, and computes none.
"""

from tamas.reports.kpi_files import to_json, write_csv, write_xlsx
from tamas.reports.kpi_table import render_table

__all__ = ["render_table", "to_json", "write_csv", "write_xlsx"]
