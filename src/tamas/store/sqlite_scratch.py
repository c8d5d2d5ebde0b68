"""A private SQLite file through which Python's sqlite3 and ADBC hand each other rows.

Python's `sqlite3` moves rows between Python objects and SQLite one value at a time: a
million events cost seconds each way. ADBC's SQLite driver moves them between Arrow
columns and SQLite in C. But ADBC brings its own copy of the SQLite library, and two
copies of SQLite in one process must never have the same database open: POSIX locks
belong to the process, so one copy closing its file undoes the other's locks (SQLite's
"How To Corrupt" notes). So the event log is only ever opened by `sqlite3`, and ADBC
only opens a scratch file of its own, never while `sqlite3` has it attached:

- writing: ADBC fills the scratch file, closes it, then the log's connection attaches it
  and copies the rows with one `INSERT ... SELECT`;
- reading: the log's connection attaches the scratch file, copies the rows with one
  `CREATE TABLE ... AS SELECT`, detaches it, then ADBC reads it into Arrow.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import tempfile
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import adbc_driver_sqlite.dbapi as adbc_sqlite
import polars as pl
import pyarrow as pa

_BATCH_ROWS = "adbc.sqlite.query.batch_rows"
"""ADBC reads a result in batches and infers each column's type from the first one (a
column null there would be taken for integers), so a read is one batch of all rows."""


class ScratchFile:
    """One scratch SQLite file in a private temporary folder; `remove` deletes both."""

    def __init__(self) -> None:
        self._folder = Path(tempfile.mkdtemp(prefix="tamas-sqlite-"))
        self.path = self._folder / "scratch.sqlite"
        self.schema = f"tamas_scratch_{uuid.uuid4().hex}"
        """The name it is attached under (unique: a connection may have several)."""
        self.attached = False
        self._adbc: adbc_sqlite.AdbcSqliteConnection | None = None
        self._worker: ThreadPoolExecutor | None = None
        self._pending: Future | None = None

    def ingest(self, table: str, frame: pl.DataFrame) -> None:
        """Append the frame's rows to `table` (created by the first call) through ADBC.

        ADBC writes in the background (it lets go of the GIL), so the caller can read its
        next batch meanwhile; one batch is written at a time, in order."""
        if self.attached:
            raise RuntimeError("rows are added through ADBC only before the file is attached")
        self._wait()
        if self._worker is None:
            self._worker = ThreadPoolExecutor(1, thread_name_prefix="tamas-scratch")
        self._pending = self._worker.submit(self._write, table, frame.to_arrow())

    def _write(self, table: str, rows: pa.Table) -> None:
        if self._adbc is None:
            self._adbc = adbc_sqlite.connect(str(self.path), autocommit=True)
            with self._adbc.cursor() as cursor:
                cursor.execute("PRAGMA journal_mode=OFF")
                cursor.execute("PRAGMA synchronous=OFF")
        with self._adbc.cursor() as cursor:
            cursor.adbc_ingest(table, rows, mode="create_append")

    def _wait(self) -> None:
        """Until the batch being written is written (its error raised here)."""
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()

    def attach(self, cursor: sqlite3.Cursor, *, to_fill: bool = False) -> None:
        """Attach to a connection of Python's sqlite3, once ADBC has let the file go;
        `to_fill` (outside a transaction): the connection writes it, without a journal or
        syncing (the file is scratch)."""
        self._close_adbc()
        cursor.execute(f"ATTACH DATABASE ? AS {self.schema}", (str(self.path),))
        self.attached = True
        if to_fill:
            cursor.execute(f"PRAGMA {self.schema}.journal_mode=OFF")
            cursor.execute(f"PRAGMA {self.schema}.synchronous=OFF")

    def detach(self, cursor: sqlite3.Cursor) -> None:
        """Outside a transaction only: SQLite keeps a file the transaction read attached."""
        if self.attached:
            cursor.execute(f"DETACH DATABASE {self.schema}")
            self.attached = False

    def read(self, table: str, rows: int) -> pa.Table:
        """All of `table`, in the order it was written, through ADBC (file detached)."""
        if self.attached:
            raise RuntimeError("the scratch file is read through ADBC only once detached")
        with adbc_sqlite.connect(str(self.path)) as connection, connection.cursor() as cursor:
            cursor.adbc_statement.set_options(**{_BATCH_ROWS: str(max(rows, 1))})
            cursor.execute(f"SELECT * FROM {table} ORDER BY rowid")
            return cursor.fetch_arrow_table()

    def remove(self) -> None:
        # A background write's error no longer matters once the rows are given up.
        with contextlib.suppress(Exception):
            self._close_adbc()
        shutil.rmtree(self._folder, ignore_errors=True)

    def _close_adbc(self) -> None:
        try:
            self._wait()
        finally:
            if self._worker is not None:
                self._worker.shutdown()
                self._worker = None
            if self._adbc is not None:
                self._adbc.close()
                self._adbc = None
