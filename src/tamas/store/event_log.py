"""The event log in SQL (SQLite or PostgreSQL): append-only, deduplicated by event id.

An import of a year of queue_log is close to a million rows, so rows never go through
Python one by one. A writer stages the batches of a transaction and moves them into
`events` with one `INSERT ... SELECT` in the transaction's connection, which keeps the
first of each event id, skips those already stored and numbers the new ones (`seq`) in
the order they were appended:

- PostgreSQL stages with COPY (CSV written by Polars) into a temporary table of the
  session;
- SQLite stages through ADBC (Arrow in, C binding) into a private scratch file that the
  transaction's connection then attaches: binding a million rows through Python's
  `sqlite3` costs several times more. The scratch file is ADBC's only SQLite file: two
  copies of the SQLite library in one process must never open the same database (their
  POSIX locks would undo each other), so the log itself is only ever opened by Python's
  `sqlite3`, and the scratch file is attached only after ADBC has closed it.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import adbc_driver_sqlite.dbapi as adbc_sqlite
import polars as pl
from sqlalchemy import Connection, Engine, func, select

from tamas.events.frame import EVENT_COLUMNS, EVENT_SCHEMA, conform, event_columns
from tamas.events.log import AppendResult
from tamas.store.schema import events

_STORED_COLUMNS = ["ts_us" if name == "ts" else name for name in EVENT_SCHEMA]
_COLUMN_LIST = ", ".join(_STORED_COLUMNS)
_STAGING = "tamas_staging"
"""Schema name under which a SQLite transaction attaches a scratch file (made unique)."""
_BULK_CACHE_KIB = 256 * 1024
"""SQLite page cache while moving staged rows: the `event_id` index takes new ids at
random places, and with the default 2 MiB cache most of those land on pages that have to
be read again."""


def _stored(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame as the `events` table's columns: time as integer microseconds."""
    return (
        conform(frame)
        .with_columns(pl.col("ts").dt.epoch("us"))
        .rename({"ts": "ts_us"})
        .select(_STORED_COLUMNS)
    )


def _datetime_us(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("bounds must be timezone-aware")
    return round(moment.timestamp() * 1_000_000)


class _SqliteScratch:
    """A private SQLite file that ADBC fills with staged rows, attached for the move."""

    def __init__(self, schema: str) -> None:
        self.schema = schema
        self._folder = Path(tempfile.mkdtemp(prefix="tamas-import-"))
        self.path = self._folder / "staging.sqlite"
        self._adbc = adbc_sqlite.connect(str(self.path), autocommit=True)
        with self._adbc.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=OFF")
            cursor.execute("PRAGMA synchronous=OFF")
        self.attached = False

    def add(self, frame: pl.DataFrame) -> None:
        if self._adbc is None:
            raise RuntimeError("rows are staged after the scratch file was attached")
        with self._adbc.cursor() as cursor:
            cursor.adbc_ingest("incoming", frame.to_arrow(), mode="create_append")

    def close_adbc(self) -> None:
        """Ends ADBC's use of the file: only then may Python's sqlite3 open it."""
        if self._adbc is not None:
            self._adbc.close()
            self._adbc = None

    def remove(self) -> None:
        if self._adbc is not None:
            self._adbc.close()
            self._adbc = None
        shutil.rmtree(self._folder, ignore_errors=True)


class EventWriter:
    """Stages the batches of one open transaction and moves them into the log at `flush`
    (`SqlEventLog.transaction` flushes at the end of its block)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.dialect = connection.dialect.name
        if self.dialect not in ("sqlite", "postgresql"):
            raise NotImplementedError(
                f"the event log runs on SQLite or PostgreSQL, not {self.dialect}"
            )
        self.stored = 0
        self.duplicates = 0
        self._staged = 0
        self._scratches: list[_SqliteScratch] = []
        """SQLite: one per flush (attached until the transaction ends), the last filling."""
        self._cache_size: int | None = None

    def append(self, frame: pl.DataFrame) -> None:
        """Stage the events; `flush` stores those not stored yet."""
        if frame.is_empty():
            return
        stored = _stored(frame)
        if self.dialect == "sqlite":
            if not self._scratches or self._scratches[-1].attached:
                self._scratches.append(_SqliteScratch(f"{_STAGING}_{uuid.uuid4().hex}"))
            self._scratches[-1].add(stored)
        else:
            self._stage_postgresql(stored)
        self._staged += stored.height

    def flush(self) -> AppendResult:
        """Store the staged events not stored yet, in the order they were appended; what
        this flush stored and skipped (totals in `stored`, `duplicates`)."""
        if not self._staged:
            return AppendResult(stored=0, duplicates=0)
        stored = self._move_sqlite() if self.dialect == "sqlite" else self._move_postgresql()
        result = AppendResult(stored=stored, duplicates=self._staged - stored)
        self._staged = 0
        self.stored += result.stored
        self.duplicates += result.duplicates
        return result

    def _move_sqlite(self) -> int:
        scratch = self._scratches[-1]
        scratch.close_adbc()
        cursor = self.connection.connection.driver_connection.cursor()
        if self._cache_size is None:
            self._cache_size = cursor.execute("PRAGMA main.cache_size").fetchone()[0]
            cursor.execute(f"PRAGMA main.cache_size = -{_BULK_CACHE_KIB}")
        cursor.execute(f"ATTACH DATABASE ? AS {scratch.schema}", (str(scratch.path),))
        scratch.attached = True
        cursor.execute(
            f"INSERT OR IGNORE INTO main.events ({_COLUMN_LIST}) "
            f"SELECT {_COLUMN_LIST} FROM {scratch.schema}.incoming ORDER BY rowid"
        )
        return cursor.rowcount

    def close(self) -> None:
        """After the transaction ended: scratch files cannot be detached inside it."""
        if self.dialect != "sqlite":
            return
        try:
            cursor = self.connection.connection.driver_connection.cursor()
            for scratch in self._scratches:
                if scratch.attached:
                    cursor.execute(f"DETACH DATABASE {scratch.schema}")
            if self._cache_size is not None:
                cursor.execute(f"PRAGMA main.cache_size = {self._cache_size}")
        except sqlite3.Error:
            # The pool must not hand out a connection still set up for this import.
            self.connection.invalidate()
        finally:
            for scratch in self._scratches:
                scratch.remove()
            self._scratches.clear()
            self._cache_size = None

    def _stage_postgresql(self, frame: pl.DataFrame) -> None:
        cursor = self.connection.connection.driver_connection.cursor()
        cursor.execute(
            "CREATE TEMPORARY TABLE IF NOT EXISTS events_incoming ON COMMIT DELETE ROWS AS "
            f"SELECT {_COLUMN_LIST} FROM events WITH NO DATA"
        )
        # CSV made by Polars: every text quoted, so an empty text differs from a null.
        csv = frame.write_csv(include_header=False, quote_style="non_numeric")
        with cursor.copy(f"COPY events_incoming ({_COLUMN_LIST}) FROM STDIN (FORMAT csv)") as copy:
            copy.write(csv)

    def _move_postgresql(self) -> int:
        cursor = self.connection.connection.driver_connection.cursor()
        cursor.execute(
            f"INSERT INTO events ({_COLUMN_LIST}) "
            f"SELECT {_COLUMN_LIST} FROM events_incoming WHERE ctid IN "
            "(SELECT min(ctid) FROM events_incoming GROUP BY event_id) ORDER BY ctid "
            "ON CONFLICT (event_id) DO NOTHING"
        )
        stored = cursor.rowcount
        cursor.execute("TRUNCATE events_incoming")
        return stored


class SqlEventLog:
    """An `EventLog` in the `events` table of a migrated database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def transaction(self) -> Iterator[EventWriter]:
        """A writer whose appends are all kept when the block ends, or none on error."""
        with self.engine.connect() as connection:
            writer = EventWriter(connection)
            try:
                with connection.begin():
                    yield writer
                    writer.flush()
            finally:
                writer.close()

    def append(self, frame: pl.DataFrame) -> AppendResult:
        with self.transaction() as writer:
            writer.append(frame)
            return writer.flush()

    def count(self) -> int:
        with self.engine.connect() as connection:
            return connection.execute(select(func.count()).select_from(events)).scalar_one()

    def read(
        self,
        start: datetime | None = None,
        end: datetime | None = None,
        queues: list[str] | None = None,
        columns: Sequence[str] | None = None,
    ) -> pl.DataFrame:
        """See `EventLog.read`; `columns` (default: all) are the event columns returned."""
        names = list(EVENT_COLUMNS) if columns is None else event_columns(columns)
        stored = ["ts_us" if name == "ts" else name for name in names]
        with self.engine.connect() as connection:
            mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
            conditions, parameters = [], []
            if start is not None:
                conditions.append(f"ts_us >= {mark}")
                parameters.append(_datetime_us(start))
            if end is not None:
                conditions.append(f"ts_us < {mark}")
                parameters.append(_datetime_us(end))
            if queues:
                conditions.append(f"queue IN ({', '.join(mark for _ in queues)})")
                parameters.extend(queues)
            where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
            # The driver's own cursor: no per-row processing, a million rows in a second.
            cursor = connection.connection.driver_connection.cursor()
            cursor.execute(
                f"SELECT {', '.join(stored)} FROM events{where} ORDER BY ts_us, seq", parameters
            )
            rows = cursor.fetchall()
        schema = {
            stored_name: pl.Int64() if name == "ts" else EVENT_SCHEMA[name]
            for stored_name, name in zip(stored, names, strict=True)
        }
        frame = pl.DataFrame(rows, schema=schema, orient="row")
        if "ts" not in names:
            return frame
        return frame.rename({"ts_us": "ts"}).with_columns(
            pl.from_epoch("ts", time_unit="us").dt.replace_time_zone("UTC")
        )
