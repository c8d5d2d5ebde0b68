"""Options and resources several commands share, defined once."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import typer
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tamas.config import Settings
from tamas.errors import InputError
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
