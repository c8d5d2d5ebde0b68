"""The event log in SQL (SQLite or PostgreSQL): append-only, deduplicated by event id.

Bulk paths are used on purpose: an import of a year of queue_log is close to a million
rows, so SQLite gets one prepared `INSERT OR IGNORE` over tuples and PostgreSQL a COPY
into a staging table followed by one `INSERT ... ON CONFLICT DO NOTHING`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import polars as pl
from sqlalchemy import Connection, Engine, Select, func, select

from tamas.events.frame import EVENT_SCHEMA, conform
from tamas.events.log import AppendResult
from tamas.events.model import EventType
from tamas.store.schema import events

_STORED_COLUMNS = ["ts_us" if name == "ts" else name for name in EVENT_SCHEMA]
_COLUMN_LIST = ", ".join(_STORED_COLUMNS)


def _stored_rows(frame: pl.DataFrame) -> list[tuple]:
    stored = conform(frame).with_columns(pl.col("ts").dt.epoch("us").alias("ts"))
    return stored.rows()


def _datetime_us(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("bounds must be timezone-aware")
    return round(moment.timestamp() * 1_000_000)


class EventWriter:
    """Appends batches inside one open transaction; see `SqlEventLog.transaction`."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.stored = 0
        self.duplicates = 0

    def append(self, frame: pl.DataFrame) -> AppendResult:
        if frame.is_empty():
            return AppendResult(stored=0, duplicates=0)
        rows = _stored_rows(frame)
        dialect = self.connection.dialect.name
        if dialect == "postgresql":
            stored = self._append_postgresql(rows)
        elif dialect == "sqlite":
            stored = self._append_sqlite(rows)
        else:
            raise NotImplementedError(f"the event log runs on SQLite or PostgreSQL, not {dialect}")
        result = AppendResult(stored=stored, duplicates=len(rows) - stored)
        self.stored += result.stored
        self.duplicates += result.duplicates
        return result

    def _append_sqlite(self, rows: list[tuple]) -> int:
        placeholders = ", ".join("?" for _ in _STORED_COLUMNS)
        cursor = self.connection.connection.driver_connection.cursor()
        cursor.executemany(
            f"INSERT OR IGNORE INTO events ({_COLUMN_LIST}) VALUES ({placeholders})", rows
        )
        return cursor.rowcount

    def _append_postgresql(self, rows: list[tuple]) -> int:
        cursor = self.connection.connection.driver_connection.cursor()
        cursor.execute(
            "CREATE TEMPORARY TABLE IF NOT EXISTS events_incoming ON COMMIT DELETE ROWS AS "
            f"SELECT {_COLUMN_LIST} FROM events WITH NO DATA"
        )
        cursor.execute("TRUNCATE events_incoming")
        with cursor.copy(f"COPY events_incoming ({_COLUMN_LIST}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO events ({_COLUMN_LIST}) "
            f"SELECT {_COLUMN_LIST} FROM events_incoming WHERE ctid IN "
            "(SELECT min(ctid) FROM events_incoming GROUP BY event_id) ORDER BY ctid "
            "ON CONFLICT (event_id) DO NOTHING"
        )
        return cursor.rowcount


class SqlEventLog:
    """An `EventLog` in the `events` table of a migrated database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def transaction(self) -> Iterator[EventWriter]:
        """A writer whose appends are all kept when the block ends, or none on error."""
        with self.engine.begin() as connection:
            yield EventWriter(connection)

    def append(self, frame: pl.DataFrame) -> AppendResult:
        with self.transaction() as writer:
            return writer.append(frame)

    def count(self) -> int:
        with self.engine.connect() as connection:
            return connection.execute(select(func.count()).select_from(events)).scalar_one()

    def read(
        self,
        start: datetime | None = None,
        end: datetime | None = None,
        queues: list[str] | None = None,
    ) -> pl.DataFrame:
        query = select(*(events.c[name] for name in _STORED_COLUMNS))
        if start is not None:
            query = query.where(events.c.ts_us >= _datetime_us(start))
        if end is not None:
            query = query.where(events.c.ts_us < _datetime_us(end))
        if queues:
            query = query.where(events.c.queue.in_(queues))
        return self._frame(query)

    def read_answered_by(self, agent: str, start: datetime) -> pl.DataFrame:
        """The events since `start` of the contacts `agent` answered since then: what an
        agent's own figures are computed from, without reading the whole center's day."""
        since = _datetime_us(start)
        answered = select(events.c.contact_id).where(
            events.c.ts_us >= since,
            events.c.agent == agent,
            events.c.type == EventType.CONTACT_ANSWERED.value,
        )
        query = select(*(events.c[name] for name in _STORED_COLUMNS)).where(
            events.c.ts_us >= since, events.c.contact_id.in_(answered)
        )
        return self._frame(query)

    def _frame(self, query: Select) -> pl.DataFrame:
        query = query.order_by(events.c.ts_us, events.c.seq)
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        stored_schema = {
            stored: (pl.Int64() if name == "ts" else dtype)
            for stored, (name, dtype) in zip(_STORED_COLUMNS, EVENT_SCHEMA.items(), strict=True)
        }
        frame = pl.DataFrame(rows, schema=stored_schema, orient="row")
        return frame.rename({"ts_us": "ts"}).with_columns(
            pl.from_epoch("ts", time_unit="us").dt.replace_time_zone("UTC")
        )
