"""The system of record: SQLAlchemy tables, Alembic migrations and the SQL event log."""

from tamas.store.database import (
    DatabaseUrlError,
    async_url,
    migrate,
    normalize_url,
    open_async_engine,
    open_database,
)
from tamas.store.event_log import EventWriter, SqlEventLog

__all__ = [
    "DatabaseUrlError",
    "EventWriter",
    "SqlEventLog",
    "async_url",
    "migrate",
    "normalize_url",
    "open_async_engine",
    "open_database",
]
