from __future__ import annotations

from tamas.acd import Acd, ColumnRecorder, EventRecorder, QueueConfig, router_event_id
from tamas.events import EventType, InMemoryEventLog, events_to_frame, stable_event_id
from tamas.sim.calendar import Calendar
from tests.acd.conftest import START


def run_day(recorder: EventRecorder | ColumnRecorder) -> None:
    calendar = Calendar(START)
    acd = Acd(calendar, recorder)
    acd.add_queue(QueueConfig("support", wrap_up_s=10.5))
    acd.login("ali", {"support": 5})
    acd.enqueue("c1", "support", caller="0912")
    acd.enqueue("c2", "support")
    calendar.run(START + 3.25)
    acd.answer("c1", "ali")
    calendar.run(START + 60)
    acd.end("c1")
    acd.abandon("c2")
    calendar.run(START + 100)


def test_both_recorders_write_the_same_log() -> None:
    objects = EventRecorder("tamas.sim")
    columns = ColumnRecorder("tamas.sim")
    run_day(objects)
    run_day(columns)
    assert columns.frame().equals(events_to_frame(objects.events))


def test_the_same_day_recorded_twice_is_stored_once() -> None:
    first, second = ColumnRecorder("tamas.sim"), ColumnRecorder("tamas.sim")
    run_day(first)
    run_day(second)
    log = InMemoryEventLog()
    assert log.append(first.frame()).stored == len(first.rows)
    assert log.append(second.frame()).stored == 0


def test_an_empty_recording_is_an_empty_frame() -> None:
    assert ColumnRecorder("tamas.sim").frame().height == 0


def test_router_event_ids_are_stable_event_ids() -> None:
    for type in (EventType.CONTACT_QUEUED, EventType.AGENT_READY):
        assert router_event_id("tamas.sim", "contact:1.7", type, 1_735_689_600_250_000, 3) == (
            stable_event_id("tamas.sim", "contact:1.7", type, 1_735_689_600_250_000, 3)
        )
