"""Fixtures shared by every test: databases on SQLite and on the local PostgreSQL server.

PostgreSQL tests get a fresh database of their own, dropped afterwards. The server is
expected at TAMAS_TEST_POSTGRES (default postgresql://postgres@127.0.0.1:5432/postgres);
when it cannot be reached the tests fail rather than pass silently, unless
TAMAS_TEST_SKIP_POSTGRES=1 is set on purpose.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine

from tamas.store import open_database

POSTGRES_ADMIN = os.environ.get(
    "TAMAS_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
)
DATA = Path(__file__).parent / "data"


@pytest.fixture
def data_dir() -> Path:
    return DATA


@contextmanager
def new_postgres_database() -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database, dropped when the block ends."""
    if os.environ.get("TAMAS_TEST_SKIP_POSTGRES") == "1":
        pytest.skip("TAMAS_TEST_SKIP_POSTGRES=1")
    name = f"tamas_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_ADMIN.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def postgres_url() -> Iterator[str]:
    with new_postgres_database() as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'tamas.sqlite'}"


BACKENDS = ["sqlite", "postgresql"]


def backend_url(request: pytest.FixtureRequest, backend: str) -> str:
    """An empty database's URL on `backend`, for fixtures parametrized over backends."""
    return request.getfixturevalue("sqlite_url" if backend == "sqlite" else "postgres_url")


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest) -> str:
    """An empty database on each backend the product supports."""
    return backend_url(request, request.param)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = open_database(database_url)
    yield engine
    engine.dispose()
