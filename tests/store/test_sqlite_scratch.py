"""The scratch file through which SQLite rows go in and out in bulk."""

import sqlite3
from pathlib import Path

import polars as pl
import pytest

from tamas.store.sqlite_scratch import ScratchFile


def test_rows_written_through_adbc_are_read_by_sqlite3_in_order(tmp_path: Path) -> None:
    scratch = ScratchFile()
    try:
        for start in (0, 3, 6):
            scratch.ingest("rows", pl.DataFrame({"n": [start, start + 1, start + 2]}))
        connection = sqlite3.connect(tmp_path / "log.sqlite")
        scratch.attach(connection.cursor())
        rows = connection.execute(f"SELECT n FROM {scratch.schema}.rows ORDER BY rowid")
        assert [n for (n,) in rows] == list(range(9))
        scratch.detach(connection.cursor())
        connection.close()
    finally:
        scratch.remove()
    assert not scratch.path.parent.exists()


def test_a_failed_background_write_is_raised_to_the_writer() -> None:
    scratch = ScratchFile()
    try:
        scratch.ingest("rows", pl.DataFrame({"n": [1]}))
        scratch.ingest("rows", pl.DataFrame({"other": ["a column the table lacks"]}))
        with pytest.raises(Exception, match="other"):
            scratch.ingest("rows", pl.DataFrame({"n": [2]}))
    finally:
        scratch.remove()
    assert not scratch.path.parent.exists()
