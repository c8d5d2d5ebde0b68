import sqlite3
import tempfile
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import polars as pl
import pytest
from sqlalchemy import Engine, func, select

from tamas.connectors.importer import import_file
from tamas.errors import InputError
from tamas.events import Event, EventType, InMemoryEventLog, events_to_frame, frame_to_events
from tamas.store import SqlEventLog, open_database
from tamas.store.schema import imports
from tests.conftest import BACKENDS, backend_url

START = datetime(2025, 1, 1, 6, 0, tzinfo=UTC)


def _events(count: int, offset: int = 0) -> list[Event]:
    return [
        Event(
            f"e{i:06d}",
            START + timedelta(seconds=i),
            EventType.CONTACT_QUEUED if i % 2 else EventType.CONTACT_ABANDONED,
            "test",
            contact_id=f"c{i}",
            queue="support" if i % 3 else "billing",
            caller="+989121234567",
            wait_s=i / 4,
            position=i % 7,
            attrs={"n": i} if i % 5 == 0 else {},
        )
        for i in range(offset, offset + count)
    ]


@pytest.fixture(params=[*BACKENDS, "memory"])
def log(request: pytest.FixtureRequest):
    if request.param == "memory":
        yield InMemoryEventLog()
        return
    engine = open_database(backend_url(request, request.param))
    yield SqlEventLog(engine)
    engine.dispose()


def test_appending_the_same_events_twice_stores_them_once(log) -> None:
    first = log.append(events_to_frame(_events(50)))
    again = log.append(events_to_frame(_events(60)))
    assert (first.stored, first.duplicates) == (50, 0)
    assert (again.stored, again.duplicates) == (10, 50)
    assert log.read().height == 60


def test_a_batch_repeating_itself_is_stored_once(log) -> None:
    batch = events_to_frame(_events(5) + _events(5))
    result = log.append(batch)
    assert (result.stored, result.duplicates) == (5, 5)


def test_read_returns_what_was_written_in_time_order(log) -> None:
    written = _events(30)
    log.append(events_to_frame(list(reversed(written))))
    assert frame_to_events(log.read()) == written


def test_read_bounds_are_start_inclusive_end_exclusive_and_filter_queues(log) -> None:
    log.append(events_to_frame(_events(30)))
    window = log.read(START + timedelta(seconds=10), START + timedelta(seconds=20), ["billing"])
    assert window["event_id"].to_list() == ["e000012", "e000015", "e000018"]


def test_a_failed_transaction_stores_nothing(engine: Engine) -> None:
    log = SqlEventLog(engine)
    with pytest.raises(RuntimeError), log.transaction() as writer:
        writer.append(events_to_frame(_events(10)))
        raise RuntimeError("the import found a bad file")
    assert log.count() == 0


def test_empty_frame_is_a_no_op(engine: Engine) -> None:
    log = SqlEventLog(engine)
    assert log.append(events_to_frame([])).stored == 0
    assert log.read().schema == events_to_frame([]).schema
    assert isinstance(log.read(), pl.DataFrame)


def test_events_of_the_same_instant_come_back_in_the_order_they_were_appended(log) -> None:
    same_second = [
        Event(
            event_id,
            START,
            EventType.AGENT_LOGGED_OUT if i == 0 else EventType.AGENT_LOGGED_IN,
            "test",
            agent="Ali Rezaei",
            queue="support",
        )
        for i, event_id in enumerate(["ffff", "0000", "8888"])
    ]
    log.append(events_to_frame(same_second[:2]))
    log.append(events_to_frame(same_second[2:]))
    assert log.read()["event_id"].to_list() == ["ffff", "0000", "8888"]


def test_read_of_some_columns_returns_those_columns_of_the_same_rows(log) -> None:
    log.append(events_to_frame(_events(30)))
    whole = log.read(START + timedelta(seconds=10), None, ["billing"])
    some = log.read(START + timedelta(seconds=10), None, ["billing"], columns=["queue", "ts"])
    assert some.columns == ["queue", "ts"]
    assert some.equals(whole.select("queue", "ts"))
    with pytest.raises(ValueError, match="not event columns: colour"):
        log.read(columns=["ts", "colour"])


def test_a_file_whose_second_batch_fails_stores_nothing_and_leaves_no_scratch(
    engine: Engine, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    log = SqlEventLog(engine)
    source = tmp_path / "queue_log"
    source.write_text("a file\n")

    def batches():
        yield SimpleNamespace(events=events_to_frame(_events(10)), lines_read=10, bad_lines=[])
        raise InputError(f"{source}:11: the second batch is bad")

    with pytest.raises(InputError):
        import_file(log, "test", source, batches())
    assert log.count() == 0
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(imports)).scalar_one() == 0
    assert list(scratch.iterdir()) == []


def test_flushes_within_one_transaction_count_what_each_stored(engine: Engine) -> None:
    log = SqlEventLog(engine)
    with log.transaction() as writer:
        writer.append(events_to_frame(_events(10)))
        writer.append(events_to_frame(_events(5, offset=8)))
        first = writer.flush()
        writer.append(events_to_frame(_events(20)))
        second = writer.flush()
        writer.append(events_to_frame(_events(3, offset=30)))
    assert (first.stored, first.duplicates) == (13, 2)
    assert (second.stored, second.duplicates) == (7, 13)
    assert (writer.stored, writer.duplicates) == (23, 15)
    stored = [*range(20), 30, 31, 32]
    assert log.read()["event_id"].to_list() == [f"e{i:06d}" for i in stored]
    with log.transaction() as writer:  # the pooled connection is clean for the next import
        writer.append(events_to_frame(_events(34)))
    assert (writer.stored, writer.duplicates) == (11, 23)


def test_texts_come_back_as_written_empty_texts_apart_from_nulls(log) -> None:
    texts = ["", 'a "quoted", comma', "line\nbreak\r\nand\\back", "علی رضایی", "NULL", "\\N"]
    written = [
        Event(f"t{i}", START, EventType.OTHER, "test", caller=text, reason=text, attrs={"t": text})
        for i, text in enumerate(texts)
    ]
    log.append(events_to_frame(written))
    assert frame_to_events(log.read()) == written


def test_a_column_null_in_its_first_thousands_of_rows_reads_back(log) -> None:
    """A bulk reader that guesses a column's type from its first rows must not guess."""
    written = [
        Event(f"n{i:05d}", START + timedelta(seconds=i), EventType.AGENT_READY, "test")
        for i in range(3000)
    ] + [
        Event(
            "late",
            START + timedelta(hours=1),
            EventType.CONTACT_ANSWERED,
            "test",
            caller="09121234567",
            wait_s=2.5,
            position=3,
        )
    ]
    log.append(events_to_frame(written))
    assert frame_to_events(log.read()) == written


def test_an_agents_answered_contacts_are_read_whole(engine: Engine) -> None:
    log = SqlEventLog(engine)

    def contact(n: int, agent: str, at: datetime) -> list[Event]:
        types = [EventType.CONTACT_QUEUED, EventType.CONTACT_ANSWERED, EventType.CONTACT_ENDED]
        return [
            Event(f"{n}-{k}", at + timedelta(seconds=k), type, "test", contact_id=f"c{n}",
                  queue="support", agent=None if k == 0 else agent)
            for k, type in enumerate(types)
        ]  # fmt: skip

    log.append(
        events_to_frame(
            contact(1, "ali", START - timedelta(hours=1))
            + contact(2, "ali", START)
            + contact(3, "sara", START)
        )
    )
    read = log.read_answered_by("ali", START)
    assert read.get_column("event_id").to_list() == ["2-0", "2-1", "2-2"]


def _sqlite_log(sqlite_url: str) -> SqlEventLog:
    return SqlEventLog(open_database(sqlite_url))


def _index_definitions(log: SqlEventLog) -> list[str]:
    with log.engine.connect() as connection:
        return (
            connection.exec_driver_sql(
                "SELECT sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'events' "
                "ORDER BY name"
            )
            .scalars()
            .all()
        )


def _statements_of_appending(log: SqlEventLog, events: list[Event]) -> list[str]:
    """The SQL statements the writer ran for one append (SQLite's trace)."""
    statements: list[str] = []
    with log.transaction() as writer:
        writer.connection.connection.driver_connection.set_trace_callback(statements.append)
        writer.append(events_to_frame(events))
        writer.flush()
        writer.connection.connection.driver_connection.set_trace_callback(None)
    return statements


def test_sqlite_fills_an_empty_log_first_and_indexes_it_after(sqlite_url: str) -> None:
    log = _sqlite_log(sqlite_url)
    indexes = _index_definitions(log)
    first = _statements_of_appending(log, _events(50))
    assert sum(s.startswith("DROP INDEX") for s in first) == len(indexes) == 4
    assert _index_definitions(log) == indexes
    second = _statements_of_appending(log, _events(60))
    assert not any(s.startswith("DROP INDEX") for s in second)
    assert log.read()["event_id"].to_list() == [f"e{i:06d}" for i in range(60)]
    log.engine.dispose()


def _journal_mode(log: SqlEventLog) -> str:
    with log.engine.connect() as connection:
        return connection.exec_driver_sql("PRAGMA journal_mode").scalar_one()


def test_sqlite_fills_an_empty_log_with_a_rollback_journal_and_goes_back_to_wal(
    sqlite_url: str,
) -> None:
    log = _sqlite_log(sqlite_url)
    first = _statements_of_appending(log, _events(50))
    assert "PRAGMA main.journal_mode=TRUNCATE" in first
    assert first.index("PRAGMA main.journal_mode=TRUNCATE") < first.index("BEGIN IMMEDIATE")
    assert "PRAGMA main.journal_mode=WAL" not in first, "only after the transaction"
    assert _journal_mode(log) == "wal"
    second = _statements_of_appending(log, _events(60))
    assert "PRAGMA main.journal_mode=TRUNCATE" not in second
    assert log.count() == 60
    log.engine.dispose()


def test_sqlite_keeps_wal_while_another_connection_has_the_log_open(sqlite_url: str) -> None:
    log = _sqlite_log(sqlite_url)
    with sqlite3.connect(log.engine.url.database) as reader:
        reader.execute("SELECT count(*) FROM events").fetchone()
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM events").fetchone()
        assert log.append(events_to_frame(_events(20))).stored == 20
        assert reader.execute("SELECT count(*) FROM events").fetchone() == (0,)
        reader.execute("COMMIT")
    assert _journal_mode(log) == "wal"
    assert log.count() == 20
    log.engine.dispose()


def test_sqlite_takes_repeated_ids_into_an_empty_log_through_its_indexes(sqlite_url: str):
    log = _sqlite_log(sqlite_url)
    statements = _statements_of_appending(log, _events(5) + _events(5))
    assert not any(s.startswith("DROP INDEX") for s in statements)
    assert log.count() == 5
    log.engine.dispose()


def test_a_failed_import_into_an_empty_sqlite_log_leaves_it_empty_and_indexed(sqlite_url: str):
    log = _sqlite_log(sqlite_url)
    indexes = _index_definitions(log)
    with pytest.raises(RuntimeError), log.transaction() as writer:
        writer.append(events_to_frame(_events(10)))
        assert writer.flush().stored == 10
        raise RuntimeError("the file's last line is bad")
    assert log.count() == 0
    assert _index_definitions(log) == indexes
    assert log.append(events_to_frame(_events(10) + _events(3))).stored == 10
    log.engine.dispose()


def test_values_a_whole_batch_shares_come_back_batch_by_batch(engine: Engine) -> None:
    """The SQLite writer does not stage a value every row of a batch shares (it writes
    it in the INSERT): batches sharing different values, and a batch of one event."""
    batches = [
        [
            Event(f"s{n}-{i}", START + timedelta(seconds=10 * n + i), type, source,
                  queue="support", wait_s=float(n))
            for i in range(size)
        ]
        for n, (size, type, source) in enumerate(
            [(3, EventType.CONTACT_QUEUED, "a"), (1, EventType.AGENT_READY, "b"),
             (2, EventType.CONTACT_QUEUED, "a")]
        )
    ]  # fmt: skip
    log = SqlEventLog(engine)
    with log.transaction() as writer:
        for batch in batches:
            writer.append(events_to_frame(batch))
    assert frame_to_events(log.read()) == [event for batch in batches for event in batch]
