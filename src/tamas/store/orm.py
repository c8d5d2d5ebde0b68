"""The ORM side of the system of record: one declarative base on the one `metadata`.

Models of every part (people and roles in `tamas.org`, customers and cases in `tamas.crm`,
the audit log in `tamas.audit`) derive from `Base`, so that the event log and everything
else live in one schema that one chain of Alembic migrations creates.

Times are stored like the event log's: integer microseconds since the epoch, UTC, the
same on SQLite and PostgreSQL; `UtcTime` turns them back into aware datetimes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Dialect, Enum
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

from tamas.store.schema import metadata


class UtcTime(TypeDecorator[datetime]):
    """An aware datetime stored as microseconds since the epoch (UTC)."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> int | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("times are stored in UTC: give a timezone-aware datetime")
        delta = value - datetime(1970, 1, 1, tzinfo=UTC)
        return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds

    def process_result_value(self, value: int | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return datetime.fromtimestamp(value // 1_000_000, UTC).replace(
            microsecond=value % 1_000_000
        )


def text_enum(enum: type[StrEnum], length: int) -> Enum:
    """A StrEnum stored as its text (VARCHAR, no database enum type), so that a new member
    needs no migration; the edges validate values before they get here."""
    return Enum(
        enum, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e]
    )


def utc_now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = metadata
