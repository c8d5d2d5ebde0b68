"""Opening the database and bringing its schema to the newest migration."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

MIGRATIONS = Path(__file__).parent / "migrations"


class DatabaseUrlError(ValueError):
    """The database location given cannot be understood."""


def normalize_url(url_or_path: str) -> str:
    """A SQLAlchemy URL from what a person typed: a URL, or a path to a SQLite file.

    `postgresql://` is given the psycopg (v3) driver, the one Tamas ships with.
    """
    if "://" not in url_or_path:
        return f"sqlite:///{Path(url_or_path).expanduser()}"
    try:
        url = make_url(url_or_path)
    except ArgumentError as error:
        raise DatabaseUrlError(f"not a database URL: {url_or_path!r}") from error
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


def _tune_sqlite(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def async_url(url_or_path: str) -> str:
    """The URL of the same database for asyncio: aiosqlite for SQLite; psycopg (v3) serves
    both worlds, so a PostgreSQL URL stays as it is."""
    url = make_url(normalize_url(url_or_path))
    if url.get_backend_name() == "sqlite":
        url = url.set(drivername="sqlite+aiosqlite")
    return url.render_as_string(hide_password=False)


def open_async_engine(url_or_path: str) -> AsyncEngine:
    """An asyncio engine on a database (migrate it first with `open_database`)."""
    engine = create_async_engine(async_url(url_or_path), pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _tune_sqlite)
    return engine


def open_engine(url_or_path: str) -> Engine:
    url = normalize_url(url_or_path)
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _tune_sqlite)
    return engine


def migration_config(connection: Connection) -> Config:
    """Alembic's configuration for running Tamas's migrations on `connection`."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def migrate(engine: Engine) -> None:
    """Apply every migration not applied yet (a new database gets the whole schema)."""
    with engine.begin() as connection:
        command.upgrade(migration_config(connection), "head")


def open_database(url_or_path: str) -> Engine:
    """An engine on a database whose schema is current."""
    engine = open_engine(url_or_path)
    migrate(engine)
    return engine
