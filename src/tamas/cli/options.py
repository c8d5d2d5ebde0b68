"""Options and resources several commands share, defined once."""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer
from sqlalchemy.exc import SQLAlchemyError

from tamas.config import Settings
from tamas.errors import InputError
from tamas.kpi import KpiDefinitions
from tamas.store import DatabaseUrlError, SqlEventLog, open_database

DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL or SQLite file path [default: TAMAS_DATABASE_URL or tamas.sqlite].",
        show_default=False,
    ),
]


def open_log(db: str | None) -> SqlEventLog:
    """The event log of the database named on the command line, or in the settings."""
    url = db or Settings().database_url
    try:
        return SqlEventLog(open_database(url))
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


def kpi_definitions(
    sl_threshold: int | None, short_abandon: int, fcr_window: int, interval: int, tz: str
) -> KpiDefinitions:
    """The definitions the KPI options ask for; no threshold means the usual one."""
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(f"--tz: unknown time zone {tz!r} (expected e.g. Asia/Tehran)") from None
    try:
        return KpiDefinitions(
            sl_threshold_s=KpiDefinitions.sl_threshold_s if sl_threshold is None else sl_threshold,
            short_abandon_s=short_abandon,
            fcr_window_s=fcr_window,
            interval_min=interval,
            tz=tz,
        )
    except ValueError as error:
        raise InputError(str(error)) from None
