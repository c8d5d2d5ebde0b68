"""Tables of the system of record. Alembic migrations (store/migrations) create them.

Event time is stored as integer microseconds since the Unix epoch (UTC): the same on
SQLite and PostgreSQL, exact, compact, and read back into columns without parsing text.
Events are numbered in the order they were stored (`seq`), so that events of the same
instant come back in the order their source wrote them (a logout and a login in the same
second of a queue_log, say).

The event id's uniqueness is a unique index rather than a table constraint, and the
caller index covers only events that carry a caller: an import into an empty log drops
the indexes and builds them again once the rows are in (store/event_log.py says why).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Double,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    text,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

events = Table(
    "events",
    metadata,
    Column("seq", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("event_id", String(32), nullable=False),
    Column("ts_us", BigInteger, nullable=False, index=True),
    Column("type", String(40), nullable=False),
    Column("source", String(60), nullable=False),
    Column("contact_id", String(150), index=True),
    Column("queue", String(128)),
    Column("agent", String(128)),
    Column("caller", String(80)),
    Column("wait_s", Double),
    Column("talk_s", Double),
    Column("ring_s", Double),
    Column("position", Integer),
    Column("original_position", Integer),
    Column("reason", String(255)),
    Column("target", String(255)),
    Column("channel", String(16), nullable=False),
    Column("attrs", Text),
    Column("version", SmallInteger, nullable=False),
    Index("uq_events_event_id", "event_id", unique=True),
    Index(
        "ix_events_caller",
        "caller",
        sqlite_where=text("caller IS NOT NULL"),
        postgresql_where=text("caller IS NOT NULL"),
    ),
)

imports = Table(
    "imports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(40), nullable=False),
    Column("path", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("started_us", BigInteger, nullable=False),
    Column("finished_us", BigInteger, nullable=False),
    Column("lines_read", Integer, nullable=False),
    Column("events_stored", Integer, nullable=False),
    Column("duplicates", Integer, nullable=False),
    Column("bad_lines", Integer, nullable=False),
)
