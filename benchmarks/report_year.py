"""The reports page over a year of history (about 270k contacts): how long the server
takes to answer GET /reports for the whole year, the figures, breakdowns and chart data
included, against DuckDB SQL making the report's figures from the same queue_log.

The year is the demo center's (benchmarks/kpi_report.py generates and caches it), imported
once into a SQLite event log cached under benchmarks/.cache/. The page is asked in-process
(FastAPI's test client, signed in as a manager) for the year by month, week and day, and
its service level checked against DuckDB's; the stages of one answer (reading the log,
counting the entries, the figures and breakdowns, the HTML) are timed apart so that a
slow one is seen. Issue 7's target: the page within 2 s.

    .venv/bin/python benchmarks/report_year.py [--days 365] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient
from pydantic import SecretStr

from kpi_duckdb import duckdb_report
from kpi_report import CACHE, DEFINITIONS, FIRST_DAY, queue_log
from tamas.api import create_app
from tamas.audit import CommandLine
from tamas.cli.options import run_in_session
from tamas.config import Settings
from tamas.connectors.asterisk import read_queue_log
from tamas.connectors.importer import import_file
from tamas.kpi import Grouping, Period
from tamas.org.models import Role
from tamas.org.users import create_user
from tamas.reports.kpi_query import KpiQuery
from tamas.store import SqlEventLog, open_database
from tamas.web.report_view import report_figures
from timing import best

SECRET = "a benchmark signing key that is long enough"
PASSWORD = "benchmark password"
TARGET_S = 2.0
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def database(log: Path) -> Path:
    """The year imported into SQLite, with a manager to sign in as (made once)."""
    path = CACHE / f"report_year-{log.stem}.sqlite"
    if path.exists():
        return path
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    started = time.perf_counter()
    engine = open_database(str(partial))
    try:
        import_file(SqlEventLog(engine), "asterisk.queue_log", log, read_queue_log(log))
    finally:
        engine.dispose()

    async def manager(session: Any) -> None:
        fields = {"username": "manager1", "password": PASSWORD, "role": Role.MANAGER}
        await create_user(session, CommandLine("benchmark"), fields)

    run_in_session(str(partial), manager)
    partial.rename(path)
    print(f"imported {log.name} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    args = parser.parse_args()

    log = queue_log(args.days, args.seed)
    db = database(log)
    last_day = FIRST_DAY + timedelta(days=args.days - 1)
    url = f"sqlite:///{db}"
    settings = Settings(database_url=url, secret_key=SecretStr(SECRET), tz=DEFINITIONS.tz)
    app = create_app(settings)

    peer_wall, peer_cpu, peer = best(args.repeat, lambda: duckdb_report(log, DEFINITIONS))
    print(
        f"{log.name}: {peer['totals']['offered']:,} queue entries, {FIRST_DAY} to "
        f"{last_day}; best of {args.repeat}; load average {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores"
    )
    print(f"{'what':<40} {'wall s':>8} {'cpu s':>8}")
    print(f"{'duckdb_sql (figures from the file)':<40} {peer_wall:8.3f} {peer_cpu:8.3f}")

    stages = _stages(url, FIRST_DAY, last_day, args.repeat)
    for name, (wall, cpu) in stages.items():
        print(f"{'  stage: ' + name:<40} {wall:8.3f} {cpu:8.3f}")

    pages: dict[str, tuple[float, float]] = {}
    with TestClient(app, headers={"Accept-Language": "en"}) as client:
        token = CSRF.search(client.get("/sign-in").text).group(1)
        signed = client.post(
            "/sign-in",
            data={"username": "manager1", "password": PASSWORD, "csrf_token": token},
            follow_redirects=False,
        )
        assert signed.status_code == 303, signed.text
        for period in ("month", "week", "day"):
            address = f"/reports?from={FIRST_DAY}&to={last_day}&period={period}"

            def page(address: str = address) -> str:
                response = client.get(address)
                assert response.status_code == 200, response.text[-2000:]
                return response.text

            wall, cpu, html = best(args.repeat, page)
            pages[period] = (wall, cpu)
            print(f"{'GET /reports by ' + period:<40} {wall:8.3f} {cpu:8.3f}")
        shown = re.search(r'id="figure-service_level">.*?<dd>(.*?)</dd>', html, re.S)
    expected = f"{100 * peer['totals']['service_level']:.1f}%"
    agree = shown is not None and shown.group(1).strip() == expected
    print(
        f"service level on the page {shown.group(1).strip() if shown else '?'}, "
        f"DuckDB {expected}: {'agree' if agree else 'DISAGREE'}"
    )
    slowest, slowest_cpu = max(pages.values())
    print(
        f"slowest page {slowest:.3f} s (target {TARGET_S:.1f} s: "
        f"{'met' if slowest <= TARGET_S else 'NOT met'}; {slowest_cpu:.3f} s of CPU); "
        f"page / duckdb_sql = {slowest / peer_wall:.2f} wall, {slowest_cpu / peer_cpu:.2f} CPU"
    )
    return 0 if agree else 1


def _stages(url: str, first: date, last: date, repeat: int) -> dict[str, tuple[float, float]]:
    """The parts of one answer by month, outside the web app: reading the log, counting
    the entries, and the figures with their breakdowns."""
    zone = ZoneInfo(DEFINITIONS.tz)
    query = KpiQuery(
        definitions=DEFINITIONS,
        start=datetime.combine(first, clock(), zone),
        end=datetime.combine(last + timedelta(days=1), clock(), zone),
        queues=None,
        grouping=Grouping(Period.MONTH),
    )
    engine = open_database(url)
    try:
        log = SqlEventLog(engine)
        read = best(repeat, lambda: query.events_from(log))
        counted = best(repeat, lambda: query.counted_from(read[2]))
        figures = best(repeat, lambda: report_figures(query, None, log))
    finally:
        engine.dispose()
    return {
        "read the log (SQLite)": read[:2],
        "count entries": counted[:2],
        "all: read, count, figures, views": figures[:2],
    }


if __name__ == "__main__":
    sys.exit(main())
