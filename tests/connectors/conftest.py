"""Fixtures for the connector tests: the local MariaDB, SQL helpers, whole sources read."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Iterator

import polars as pl
import pytest
from sqlalchemy import create_engine, text

from tamas.connectors.asterisk import ParsedBatch

MARIADB = os.environ.get("TAMAS_TEST_MARIADB", "mysql+pymysql://root@127.0.0.1:3306/test")


def run_sql(url: str, *statements: str, rows: list[dict] | None = None) -> None:
    """Run statements in one transaction; `rows` are the parameters of the last one."""
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            for statement in statements[:-1]:
                connection.execute(text(statement))
            connection.execute(text(statements[-1]), rows or {})
    finally:
        engine.dispose()


@pytest.fixture
def mariadb_url() -> str:
    """The MariaDB test database; tests fail if it is unreachable, unless
    TAMAS_TEST_SKIP_MARIADB=1 is set on purpose."""
    if os.environ.get("TAMAS_TEST_SKIP_MARIADB") == "1":
        pytest.skip("TAMAS_TEST_SKIP_MARIADB=1")
    return MARIADB


@pytest.fixture
def mariadb_table(mariadb_url: str) -> Iterator[str]:
    """A fresh table name in the MariaDB test database, dropped afterwards."""
    name = f"queue_log_{uuid.uuid4().hex[:10]}"
    yield name
    run_sql(mariadb_url, f"DROP TABLE IF EXISTS {name}")


def read_all(batches: Iterable[ParsedBatch]) -> tuple[pl.DataFrame, list, int]:
    """Every batch of a source joined: events, bad lines, lines read."""
    batches = list(batches)
    events = pl.concat([batch.events for batch in batches])
    bad = [line for batch in batches for line in batch.bad_lines]
    return events, bad, sum(batch.lines_read for batch in batches)
