"""`tamas generate ...`: demo data, so Tamas can be tried without a contact center's logs."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from tamas.demo import CALLS_PER_DAY, generate_queue_log
from tamas.errors import InputError

app = typer.Typer(help="Make demo data: the logs of a simulated Iranian contact center.")


def _first_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(
            f"--start: expected an ISO date such as 2025-01-04, got {text!r}"
        ) from None


def _zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(f"--tz: expected a time zone such as Asia/Tehran, got {name!r}") from None
    return name


@app.command("queue-log")
def queue_log(
    *,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The queue_log file to write (replaced).")
    ],
    days: Annotated[int, typer.Option(min=1, help="How many days to simulate.")] = 7,
    start: Annotated[
        str, typer.Option(help="The first day (ISO date); days begin at local midnight.")
    ] = "2025-01-04",
    seed: Annotated[int, typer.Option(help="The same seed makes the same file.")] = 1,
    calls_per_day: Annotated[
        float,
        typer.Option(min=1, help="Calls on a reference working day; the week shapes the rest."),
    ] = CALLS_PER_DAY,
    tz: Annotated[str, typer.Option(help="The center's time zone.")] = "Asia/Tehran",
) -> None:
    """Write an Asterisk queue_log of a simulated Iranian contact center.

    Four queues (support, billing, sales, repairs), agents on shifts who pause for breaks,
    prayer and lunch, callers who wait, give up and call again; the Iranian week
    (Saturday to Wednesday, a half Thursday, Friday nearly closed). A year at the default
    volume is about 270,000 calls.
    """
    first_day = _first_day(start)
    zone = _zone(tz)
    partial = output.with_name(output.name + ".partial")
    console = Console(stderr=True)
    progress = Progress(
        TextColumn("generating"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("days"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )
    try:
        with progress, partial.open("w", encoding="utf-8", newline="\n") as out:
            task = progress.add_task("generating", total=days)
            summary = generate_queue_log(
                out,
                first_day=first_day,
                days=days,
                seed=seed,
                calls_per_day=calls_per_day,
                tz=zone,
                on_day=lambda day: progress.update(task, completed=day),
            )
            progress.update(task, completed=days)
        os.replace(partial, output)
    except OSError as error:
        raise InputError(f"cannot write {output}: {error.strerror or error}") from None
    finally:
        partial.unlink(missing_ok=True)
    console.print(
        f"{output}: {summary.lines:,} lines, {summary.entries:,} queue entries, "
        f"{summary.agents} agents, {days} days from {first_day}",
        highlight=False,
        soft_wrap=True,
    )
