"""The migrations build exactly the schema the models describe, and can be undone."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, insert, inspect, select
from sqlalchemy.exc import IntegrityError

import tamas.audit
import tamas.crm.models
import tamas.org.models
import tamas.planning.records
import tamas.wallboard.targets  # noqa: F401  (the models add their tables to the one metadata)
from tamas.events import Event, EventType, events_to_frame
from tamas.store import SqlEventLog
from tamas.store.database import migration_config, open_engine
from tamas.store.schema import events, metadata


def test_the_migrated_schema_is_the_models_schema(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)
    assert differences == []


def test_every_table_of_the_models_is_created(engine: Engine) -> None:
    assert set(inspect(engine).get_table_names()) >= set(metadata.tables)


START = datetime(2025, 1, 1, 6, 0, tzinfo=UTC)
EVENTS = [
    Event(
        f"{i:032x}",
        START + timedelta(seconds=i),
        EventType.CONTACT_QUEUED if i % 2 else EventType.AGENT_READY,
        "test",
        contact_id=f"c{i}" if i % 2 else None,
        caller=f"0912{i:07d}" if i % 2 else None,
        agent=None if i % 2 else "Sara Ahmadi",
    )
    for i in range(40)
]


@pytest.fixture
def at_0003(database_url: str) -> Iterator[Engine]:
    """A database migrated to 0003 holding events, as a log written before 0004 is."""
    engine = open_engine(database_url)
    _migrate(engine, command.upgrade, "0003")
    frame = events_to_frame(EVENTS)
    stored = frame.with_columns(ts_us=frame["ts"].dt.epoch("us")).drop("ts")
    with engine.begin() as connection:
        connection.execute(insert(events), stored.to_dicts())
    yield engine
    engine.dispose()


def _migrate(engine: Engine, step, revision: str) -> None:
    with engine.begin() as connection:
        step(migration_config(connection), revision)


def _rows(engine: Engine) -> list[tuple]:
    with engine.connect() as connection:
        return list(connection.execute(select(events).order_by(events.c.seq)).all())


def _event_indexes(engine: Engine) -> dict[str, tuple[list[str], bool, str | None]]:
    """Each index of `events`: its columns, whether unique, and its condition if partial."""
    found = {}
    for index in inspect(engine).get_indexes("events"):
        conditions = [
            str(v) for k, v in index.get("dialect_options", {}).items() if k.endswith("_where")
        ]
        condition = conditions[0].strip("()") if conditions else None
        found[index["name"]] = (index["column_names"], bool(index["unique"]), condition)
    return found


def test_0004_keeps_every_event_and_the_ids_unique_up_and_down(at_0003: Engine) -> None:
    before = _rows(at_0003)
    assert len(before) == len(EVENTS)
    _migrate(at_0003, command.upgrade, "0004")
    assert _rows(at_0003) == before
    assert _event_indexes(at_0003) == {
        "uq_events_event_id": (["event_id"], True, None),
        "ix_events_ts_us": (["ts_us"], False, None),
        "ix_events_contact_id": (["contact_id"], False, None),
        "ix_events_caller": (["caller"], False, "caller IS NOT NULL"),
    }
    again = SqlEventLog(at_0003).append(events_to_frame(EVENTS[:10]))
    assert (again.stored, again.duplicates) == (0, 10)
    with pytest.raises(IntegrityError), at_0003.begin() as connection:
        connection.execute(insert(events), [{**before[0]._asdict(), "seq": None}])

    _migrate(at_0003, command.downgrade, "0003")
    assert _rows(at_0003) == before
    assert [c["name"] for c in inspect(at_0003).get_unique_constraints("events")] == [
        "uq_events_event_id"
    ]
    assert _event_indexes(at_0003)["ix_events_caller"] == (["caller"], False, None)
    _migrate(at_0003, command.upgrade, "head")
    assert _rows(at_0003) == before


def test_a_lookup_by_callers_is_served_by_the_caller_index(engine: Engine) -> None:
    """The customer timeline's query (tamas.crm.timeline): the partial index on callers
    must serve `caller IN (...)`, on both backends."""
    SqlEventLog(engine).append(events_to_frame(EVENTS))
    lookup = select(events.c.contact_id).where(
        events.c.caller.in_(["09120000001", "+989120000001"]), events.c.contact_id.is_not(None)
    )
    with engine.connect() as connection:
        compiled = lookup.compile(connection, compile_kwargs={"literal_binds": True})
        if connection.dialect.name == "sqlite":
            plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").all()
        else:
            connection.exec_driver_sql("SET enable_seqscan = off")
            plan = connection.exec_driver_sql(f"EXPLAIN {compiled}").all()
    assert "ix_events_caller" in " ".join(str(row) for row in plan)
