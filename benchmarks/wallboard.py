"""The wallboard's rebuild on a busy day: how long the KPI part of a snapshot takes, next
to the one report of today it is made of (its peer: what `GET /kpi?from=<midnight>` or
`tamas report kpi --from <today>` computes), and so how soon after an event a screen can
change.

A wallboard rebuilds its snapshot after events (`tamas.wallboard.WallboardFeed`): the
live part is a read of the router (microseconds); the KPI part reads today's events
from the log (without the day of margin a report reads: see `today_figures`) and runs
the KPI engine once per service-level threshold in use, plus once over the last
interval's events for the projection. The feed waits
at least twice a rebuild's time before the next one, so the rebuild time bounds how
soon a screen follows a busy center. This benchmark generates two days of the demo
center's queue_log at `--calls` a day (yesterday and today, in Tehran), imports them
into a fresh SQLite file and times, in one run:

  report_today    one KPI report of today over the log (the peer);
  wallboard_kpi   the wallboard's KPI part with every queue at one threshold;
  wallboard_mixed the same with each queue at its own threshold (4 reports).

It checks that the wallboard's queue figures are the report's, and prints wall and CPU
seconds (best of --repeat) and the ratios to the peer.

    .venv/bin/python benchmarks/wallboard.py [--calls 20000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tamas.connectors.asterisk import read_queue_log
from tamas.connectors.importer import import_file
from tamas.demo import generate_queue_log
from tamas.desk.today import local_midnight
from tamas.kpi import KpiDefinitions
from tamas.reports.kpi_query import KpiQuery
from tamas.store import SqlEventLog, open_database
from tamas.wallboard.snapshot import today_figures
from timing import best

TZ = "Asia/Tehran"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=float, default=20_000, help="calls a reference day")
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()

    now = datetime.now(ZoneInfo(TZ)).replace(hour=23, minute=0, second=0, microsecond=0)
    midnight = local_midnight(now, TZ)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "queue_log"
        with path.open("w") as out:
            generate_queue_log(
                out,
                first_day=(midnight - timedelta(days=1)).date(),
                days=2,
                calls_per_day=options.calls,
                tz=TZ,
            )
        engine = open_database(f"sqlite:///{folder}/tamas.sqlite")
        log = SqlEventLog(engine)
        summary = import_file(log, "asterisk.queue_log", path, read_queue_log(path))
        peer = KpiQuery(KpiDefinitions(tz=TZ), midnight, None, None)

        def report_today() -> dict:
            return peer.figures_of(peer.events_from(log))

        wall, cpu, report = best(options.repeat, report_today)
        queues = sorted(row["queue"] for row in report["by_queue"])
        one = dict.fromkeys(queues, 20)
        mixed = {queue: 15 + 5 * n for n, queue in enumerate(queues)}
        rows = {"report_today": (wall, cpu)}
        for name, thresholds in (("wallboard_kpi", one), ("wallboard_mixed", mixed)):
            w, c, figures = best(
                options.repeat, lambda t=thresholds: today_figures(log, TZ, now, t)
            )
            rows[name] = (w, c)
            if name == "wallboard_kpi":
                assert figures.by_queue == {row["queue"]: row for row in report["by_queue"]}
        engine.dispose()

    offered = report["totals"]["offered"]
    print(f"{summary.events_stored:,} events in the log, {offered:,} queue entries today")
    print(f"{'':16} {'wall s':>8} {'CPU s':>8} {'x peer':>7}")
    for name, (w, c) in rows.items():
        print(f"{name:16} {w:8.3f} {c:8.3f} {w / rows['report_today'][0]:7.2f}")
    print(
        json.dumps(
            {"events": summary.events_stored, "entries_today": offered}
            | {name: {"wall_s": round(w, 4), "cpu_s": round(c, 4)} for name, (w, c) in rows.items()}
        )
    )


if __name__ == "__main__":
    main()
