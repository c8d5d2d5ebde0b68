"""The system of record: SQLAlchemy tables, Alembic migrations and the SQL event log."""

from tamas.store.database import DatabaseUrlError, migrate, normalize_url, open_database
from tamas.store.event_log import EventWriter, SqlEventLog

__all__ = [
    "DatabaseUrlError",
    "EventWriter",
    "SqlEventLog",
    "migrate",
    "normalize_url",
    "open_database",
]
