"""The event log in SQL (SQLite or PostgreSQL): append-only, deduplicated by event id.

A year of queue_log is close to a million events, so rows never go through Python one
by one. A writer stages the batches of a transaction and moves them into `events` with
`INSERT ... SELECT` in the transaction's connection, which keeps the first of each
event id, skips those already stored and numbers the new ones (`seq`) in the order they
were appended. PostgreSQL stages with COPY (CSV written by Polars) into a temporary table
of the session; SQLite stages through ADBC into a scratch file (store/sqlite_scratch.py
says why and how), which is also the way a large read comes back from SQLite.

On SQLite, a flush into an empty log whose staged ids are all different stores the rows
with no index on the table and builds the indexes afterwards, in the same transaction:
CREATE INDEX sorts the keys and writes each index page once, where inserting a million
random event ids and callers one by one costs several times more. The indexes are
dropped and made again from their own definitions (`sqlite_schema`), so an error
anywhere in the transaction leaves the table and its indexes as they were. A log that
already holds events takes every row through its indexes (`INSERT OR IGNORE`).

That first import into an empty log also leaves write-ahead logging for its transaction
when it can (no other connection has the file open): in WAL mode every page of the new
table is written twice, to the WAL and again at the checkpoint, while a rollback journal
has nothing to save for pages that did not exist before. It asks for `synchronous=FULL`
meanwhile, as a rollback journal needs to survive a power cut, and goes back to WAL
after the transaction; another connection opened during that import waits for it
instead of reading alongside.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime

import polars as pl
import pyarrow as pa
from sqlalchemy import Connection, Engine, func, select

from tamas.events.frame import EVENT_COLUMNS, EVENT_SCHEMA, conform, event_columns
from tamas.events.log import AppendResult
from tamas.events.model import EventType
from tamas.store.schema import events
from tamas.store.sqlite_scratch import ScratchFile

_STORED_COLUMNS = ["ts_us" if name == "ts" else name for name in EVENT_SCHEMA]
_COLUMN_LIST = ", ".join(_STORED_COLUMNS)
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
        self._scratches: list[ScratchFile] = []
        """SQLite: one per flush (attached until the transaction ends), the last filling."""
        self._staged_ids: list[pl.Series] = []
        """SQLite: the ids staged for the next flush (are they all different?)."""
        self._staged_batches: list[tuple[str, dict[str, object]]] = []
        """SQLite: each batch staged for the next flush: its table in the scratch file, and
        the values every row of it shares, which were not staged (`_shared_values`)."""
        self._cache_size: int | None = None
        self._left_wal = False

    def append(self, frame: pl.DataFrame) -> None:
        """Stage the events; `flush` stores those not stored yet."""
        if frame.is_empty():
            return
        stored = _stored(frame)
        if self.dialect == "sqlite":
            if not self._scratches or self._scratches[-1].attached:
                self._scratches.append(ScratchFile())
            shared = _shared_values(stored)
            table = f"incoming_{len(self._staged_batches)}"
            self._scratches[-1].ingest(table, stored.drop(list(shared)))
            self._staged_batches.append((table, shared))
            self._staged_ids.append(stored.get_column("event_id"))
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
        driver = self.connection.connection.driver_connection
        cursor = driver.cursor()
        if self._cache_size is None:
            self._cache_size = cursor.execute("PRAGMA main.cache_size").fetchone()[0]
            cursor.execute(f"PRAGMA main.cache_size = -{_BULK_CACHE_KIB}")
        scratch.attach(cursor)
        if not driver.in_transaction:
            if _is_empty(cursor):
                self._left_wal = _leave_wal(cursor)
            # Writing from the start: no other writer can store events between the
            # look at the table below and the rows going in.
            cursor.execute("BEGIN IMMEDIATE")
        ids = pl.concat(self._staged_ids)
        batches = [_staged_rows(f"{scratch.schema}.{t}", v) for t, v in self._staged_batches]
        self._staged_ids.clear()
        self._staged_batches.clear()
        if _is_empty(cursor) and ids.n_unique() == ids.len():
            return _load_without_indexes(cursor, batches)
        return _insert_rows(cursor, "INSERT OR IGNORE", batches)

    def close(self) -> None:
        """After the transaction ended: scratch files cannot be detached inside it."""
        if self.dialect != "sqlite":
            return
        try:
            cursor = self.connection.connection.driver_connection.cursor()
            for scratch in self._scratches:
                scratch.detach(cursor)
            if self._cache_size is not None:
                cursor.execute(f"PRAGMA main.cache_size = {self._cache_size}")
            if self._left_wal:
                cursor.execute("PRAGMA main.journal_mode=WAL")
                cursor.execute("PRAGMA main.synchronous=NORMAL")
        except sqlite3.Error:
            # The pool must not hand out a connection still set up for this import.
            self.connection.invalidate()
        finally:
            for scratch in self._scratches:
                scratch.remove()
            self._scratches.clear()
            self._staged_ids.clear()
            self._staged_batches.clear()
            self._cache_size = None
            self._left_wal = False

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


def _is_empty(cursor: sqlite3.Cursor) -> bool:
    return bool(cursor.execute("SELECT NOT EXISTS (SELECT 1 FROM main.events)").fetchone()[0])


def _leave_wal(cursor: sqlite3.Cursor) -> bool:
    """Whether the file left WAL for a rollback journal. While another connection has
    the file open SQLite refuses at once (no busy wait: the import then keeps WAL)."""
    patience = cursor.execute("PRAGMA busy_timeout").fetchone()[0]
    cursor.execute("PRAGMA busy_timeout = 0")
    try:
        mode = cursor.execute("PRAGMA main.journal_mode=TRUNCATE").fetchone()[0]
    except sqlite3.OperationalError:
        return False
    finally:
        cursor.execute(f"PRAGMA busy_timeout = {patience}")
    if mode != "truncate":
        return False
    cursor.execute("PRAGMA main.synchronous=FULL")
    return True


def _shared_values(frame: pl.DataFrame) -> dict[str, object]:
    """The columns (but the id) in which every row of the frame has the same value or
    null, and that value: an import's source, channel and event version, a column no
    event of it fills. ADBC binds every value it stages one by one (a fifth of its work
    on a queue_log goes to these), while the INSERT that stores the rows can write one
    value in all of them for nothing."""
    shared: dict[str, object] = {}
    for column in frame.iter_columns():
        if column.name == "event_id":
            continue
        if column.null_count() == column.len():
            shared[column.name] = None
        elif column.null_count() == 0 and column[0] == column[-1] and (column == column[0]).all():
            shared[column.name] = column[0]
    return shared


_StagedRows = tuple[str, list[object]]
"""A SELECT of the event columns of one staged batch, in order, and its parameters."""


def _staged_rows(table: str, shared: dict[str, object]) -> _StagedRows:
    values = ", ".join("?" if name in shared else name for name in _STORED_COLUMNS)
    parameters = [shared[name] for name in _STORED_COLUMNS if name in shared]
    return f"SELECT {values} FROM {table} ORDER BY rowid", parameters


def _insert_rows(cursor: sqlite3.Cursor, insert: str, batches: list[_StagedRows]) -> int:
    """Store the batches' rows in order with `insert` (INSERT or INSERT OR IGNORE)."""
    stored = 0
    for rows, parameters in batches:
        cursor.execute(f"{insert} INTO main.events ({_COLUMN_LIST}) {rows}", parameters)
        stored += cursor.rowcount
    return stored


def _load_without_indexes(cursor: sqlite3.Cursor, batches: list[_StagedRows]) -> int:
    """Store the batches into `events` (empty, the rows' ids all different) with its
    indexes dropped, then build them again as they were defined; inside the open
    transaction."""
    indexes = cursor.execute(
        "SELECT name, sql FROM main.sqlite_schema "
        "WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL"
    ).fetchall()
    for name, _ in indexes:
        cursor.execute(f'DROP INDEX main."{name}"')
    stored = _insert_rows(cursor, "INSERT", batches)
    for _, definition in indexes:
        cursor.execute(definition)
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
        conditions: list[tuple[str, list]] = []
        if start is not None:
            conditions.append(("ts_us >= {}", [_datetime_us(start)]))
        if end is not None:
            conditions.append(("ts_us < {}", [_datetime_us(end)]))
        if queues:
            conditions.append((f"queue IN ({', '.join('{}' for _ in queues)})", list(queues)))
        return self._select(columns, conditions)

    def read_answered_by(self, agent: str, start: datetime) -> pl.DataFrame:
        """The events since `start` of the contacts `agent` answered since then: what an
        agent's own figures are computed from, without reading the whole center's day."""
        since = _datetime_us(start)
        answered = "SELECT contact_id FROM events WHERE ts_us >= {} AND agent = {} AND type = {}"
        return self._select(
            None,
            [
                ("ts_us >= {}", [since]),
                (f"contact_id IN ({answered})", [since, agent, EventType.CONTACT_ANSWERED.value]),
            ],
        )

    def _select(
        self, columns: Sequence[str] | None, conditions: list[tuple[str, list]]
    ) -> pl.DataFrame:
        """The event columns asked for of the rows meeting every condition (SQL with `{}`
        for each of its parameters), in log order."""
        names = list(EVENT_COLUMNS) if columns is None else event_columns(columns)
        stored = ["ts_us" if name == "ts" else name for name in names]
        with self.engine.connect() as connection:
            mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
            clauses = [text.format(*(mark for _ in values)) for text, values in conditions]
            parameters = [value for _, values in conditions for value in values]
            where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
            query = f"SELECT {', '.join(stored)} FROM events{where} ORDER BY ts_us, seq"
            cursor = connection.connection.driver_connection.cursor()
            schema = {
                stored_name: pl.Int64() if name == "ts" else EVENT_SCHEMA[name]
                for stored_name, name in zip(stored, names, strict=True)
            }
            if connection.dialect.name == "sqlite":
                arrow = _read_sqlite(cursor, query, parameters)
                frame = pl.DataFrame(arrow).cast(schema)
            else:
                cursor.execute(query, parameters)
                frame = pl.DataFrame(cursor.fetchall(), schema=schema, orient="row")
        if "ts" not in names:
            return frame
        return frame.rename({"ts_us": "ts"}).with_columns(
            pl.from_epoch("ts", time_unit="us").dt.replace_time_zone("UTC")
        )


def _read_sqlite(cursor: sqlite3.Cursor, query: str, parameters: list) -> pa.Table:
    """The query's rows through a scratch file: SQLite copies them there (in C), ADBC
    reads them into Arrow (in C); fetching them as Python objects costs twice as much."""
    scratch = ScratchFile()
    try:
        scratch.attach(cursor, to_fill=True)
        try:
            cursor.execute(f"CREATE TABLE {scratch.schema}.events AS {query}", parameters)
            rows = cursor.execute(f"SELECT count(*) FROM {scratch.schema}.events").fetchone()[0]
        finally:
            scratch.detach(cursor)
        return scratch.read("events", rows)
    finally:
        scratch.remove()
