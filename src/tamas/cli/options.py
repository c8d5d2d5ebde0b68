"""Options and resources several commands share, defined once."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy.exc import SQLAlchemyError

from tamas.config import Settings
from tamas.errors import InputError
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
