"""Options and resources several commands share, defined once."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tamas.config import Settings
from tamas.connectors.importer import BadLineLike
from tamas.errors import InputError
from tamas.kpi import Calendar, KpiDefinitions, Period
from tamas.reports.kpi_query import QUESTION_PARTS, KpiQuery
from tamas.store import DatabaseUrlError, SqlEventLog, open_async_engine, open_database

T = TypeVar("T")

DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL or SQLite file path [default: TAMAS_DATABASE_URL or tamas.sqlite].",
        show_default=False,
    ),
]


def open_checked(db: str | None) -> tuple[Engine, str]:
    """The migrated database named on the command line or in the settings, and its URL."""
    url = db or Settings().database_url
    try:
        return open_database(url), url
    except DatabaseUrlError as error:
        raise InputError(f"--db: {error}") from None
    except (SQLAlchemyError, OSError) as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise InputError(f"cannot open the database {url!r}: {reason}") from None


SlThresholdOption = Annotated[
    int | None,
    typer.Option(help="Service-level threshold: answered within this many seconds."),
]
ShortAbandonOption = Annotated[
    int, typer.Option(help="Abandons shorter than this many seconds are short abandons.")
]
FcrWindowOption = Annotated[
    int, typer.Option(help="A repeat call within this many seconds is not first-contact.")
]
IntervalOption = Annotated[int, typer.Option(help="Interval length in minutes.")]
TzOption = Annotated[str, typer.Option(help="The center's time zone.")]
"""The KPI definition options (docs/kpi.md), for every command that reports KPIs."""


OPTION_LABELS = {name: f"--{name.replace('_', '-')}" for name in QUESTION_PARTS}
"""How the command line names each part of a KPI question, for its error messages."""


def kpi_query(
    *,
    start: str | None = None,
    end: str | None = None,
    sl_threshold: int | None,
    short_abandon: int,
    fcr_window: int,
    interval: int,
    tz: str,
    queues: list[str] | None = None,
    period: str = Period.INTERVAL,
    calendar: str = Calendar.GREGORIAN,
) -> KpiQuery:
    """The KPI question the options ask; no threshold means the usual one."""
    return KpiQuery.parse(
        start=start,
        end=end,
        sl_threshold=KpiDefinitions.sl_threshold_s if sl_threshold is None else sl_threshold,
        short_abandon=short_abandon,
        fcr_window=fcr_window,
        interval=interval,
        tz=tz,
        queues=queues,
        labels=OPTION_LABELS,
        period=period,
        calendar=calendar,
    )


def open_log(db: str | None) -> SqlEventLog:
    """The event log of the database named on the command line, or in the settings."""
    return SqlEventLog(open_checked(db)[0])


def run_in_session(db: str | None, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Run `work` in one session on the database, committing what it did if it succeeds
    (the services are asynchronous, like the server that mostly calls them)."""
    engine, url = open_checked(db)
    engine.dispose()

    async def run() -> T:
        async_engine = open_async_engine(url)
        try:
            async with async_sessionmaker(async_engine, expire_on_commit=False)() as session:
                result = await work(session)
                await session.commit()
                return result
        finally:
            await async_engine.dispose()

    return asyncio.run(run())


def show_skipped(console: Console, path: Path, bad_lines: Iterable[BadLineLike]) -> None:
    """Name a file's skipped lines, one per line, the way every command that reads files
    does (`path:line: skipped: problem`)."""
    for bad in bad_lines:
        console.print(f"{path}:{bad.line_no}: skipped: {bad.problem}", highlight=False)
