"""`tamas sim run`: a what-if day simulated on the production router, reported as KPIs.

The simulation and the figures are computed by `tamas.sim` and `tamas.kpi`; this module
reads the scenario file and the options and writes the report as JSON or a table.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import polars as pl
import typer
from rich.console import Console
from rich.table import Table

from tamas.cli import options
from tamas.cli.report import events_from_queue_logs
from tamas.errors import InputError
from tamas.events import conform
from tamas.kpi import KpiDefinitions
from tamas.reports import render_table, to_json
from tamas.reports.kpi_table import TOTALS
from tamas.sim import Scenario, parse_scenario, replicate, replicated_kpis

app = typer.Typer(help="Simulate the center: what-if days on the production router.")


class SimFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


@app.command("run")
def run(
    scenario_file: Annotated[Path, typer.Argument(metavar="SCENARIO.toml", show_default=False)],
    replications: Annotated[
        int, typer.Option(min=1, help="Independent runs; figures are their means.")
    ] = 1,
    seed: Annotated[
        int | None, typer.Option(help="Seed of the runs (default: the scenario's).")
    ] = None,
    sl_threshold: options.SlThresholdOption = None,
    short_abandon: options.ShortAbandonOption = KpiDefinitions.short_abandon_s,
    fcr_window: options.FcrWindowOption = KpiDefinitions.fcr_window_s,
    interval: options.IntervalOption = KpiDefinitions.interval_min,
    tz: options.TzOption = KpiDefinitions.tz,
    output_format: Annotated[
        SimFormat, typer.Option("--format", help="How to write the report.")
    ] = SimFormat.JSON,
) -> None:
    """Run SCENARIO.toml (docs/simulation.md) and print its KPIs with 95% half-widths.

    Without --sl-threshold each queue's row uses the queue's own sl_threshold_s.
    """
    try:
        text = scenario_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{scenario_file}: cannot read the scenario: {error}") from None
    scenario = parse_scenario(text, str(scenario_file))
    replay = _replay_events(scenario, scenario_file.parent)
    thresholds = {queue.name: queue.sl_threshold_s for queue in scenario.queue}
    if sl_threshold is None and len(set(thresholds.values())) == 1:
        sl_threshold = next(iter(thresholds.values()))
    definitions = options.kpi_query(
        sl_threshold=sl_threshold,
        short_abandon=short_abandon,
        fcr_window=fcr_window,
        interval=interval,
        tz=tz,
    ).definitions
    runs = replicate(scenario, replications, seed=seed, replay=replay)
    own = None if sl_threshold is not None else thresholds
    figures = replicated_kpis(runs, definitions, own)
    if output_format is SimFormat.JSON:
        typer.echo(to_json(figures))
        return
    console = Console()
    console.print(f"Means over {replications} replication(s).")
    render_table(figures, console)
    console.print(_half_widths(figures["totals"]["half_width"]))


def _replay_events(scenario: Scenario, folder: Path) -> pl.DataFrame | None:
    """The event logs the scenario's queues replay arrivals from, read into one frame.

    A log is an Asterisk queue_log file, or an event frame saved as Parquet (`.parquet`,
    the columns of tamas.events.EVENT_SCHEMA).
    """
    names = sorted({q.arrivals.replay for q in scenario.queue if q.arrivals is not None})
    if not names:
        return None
    frames = []
    for name in names:
        path = folder / name
        if path.suffix != ".parquet":
            frames.append(events_from_queue_logs([path])[0])
            continue
        try:
            frames.append(conform(pl.read_parquet(path)))
        except (OSError, pl.exceptions.PolarsError, ValueError) as error:
            raise InputError(f"{path}: cannot read the event log: {error}") from None
    return pl.concat(frames)


def _half_widths(half_widths: dict[str, float | None]) -> Table:
    table = Table(title="Totals: 95% half-width", show_header=False, title_justify="left")
    table.add_column("KPI")
    table.add_column("±", justify="right")
    for heading, key, show in TOTALS:
        if key in half_widths:
            table.add_row(heading, show(half_widths[key]))
    return table
