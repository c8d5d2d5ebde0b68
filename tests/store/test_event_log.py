from datetime import UTC, datetime, timedelta

import polars as pl
import pytest
from sqlalchemy import Engine

from tamas.events import Event, EventType, InMemoryEventLog, events_to_frame, frame_to_events
from tamas.store import SqlEventLog, open_database
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
