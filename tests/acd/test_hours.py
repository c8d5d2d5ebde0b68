"""Business hours, holiday closures and leaving an empty queue."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tamas.acd import BusinessHours, ContactState, QueueConfig
from tamas.events import EventType
from tests.acd.conftest import Center, make_center

TEHRAN = BusinessHours.weekly(
    "Asia/Tehran",
    {
        "sat": "08:00-17:00",
        "sun": "08:00-17:00",
        "wed": "08:00-12:00, 13:00-17:00",
        "thu": "08:00-13:00",
    },
    closed=[date(2025, 3, 21)],
)


def at(text: str) -> float:
    return datetime.fromisoformat(text).timestamp()


@pytest.mark.parametrize(
    ("moment", "open_"),
    [
        ("2025-01-04T08:00+03:30", True),  # Saturday opening
        ("2025-01-04T07:59:59+03:30", False),
        ("2025-01-04T16:59:59+03:30", True),
        ("2025-01-04T17:00+03:30", False),
        ("2025-01-04T04:30+00:00", True),  # the same opening, in UTC
        ("2025-01-08T12:30+03:30", False),  # Wednesday lunch
        ("2025-01-08T13:00+03:30", True),
        ("2025-01-03T10:00+03:30", False),  # Friday
        ("2025-03-22T10:00+03:30", True),  # a Saturday after Nowruz
        ("2025-03-21T10:00+03:30", False),  # Nowruz, a Friday anyway
    ],
)
def test_hours_are_read_in_the_queues_time_zone(moment: str, open_: bool) -> None:
    assert TEHRAN.is_open(at(moment)) is open_


def test_a_closed_date_closes_an_open_weekday() -> None:
    hours = BusinessHours.weekly("Asia/Tehran", {"sat": "00:00-24:00"}, [date(2025, 3, 22)])
    assert hours.is_open(at("2025-03-29T23:59+03:30"))
    assert not hours.is_open(at("2025-03-22T12:00+03:30"))


@pytest.mark.parametrize(
    ("days", "tz", "message"),
    [
        ({"sat": "8-17"}, "Asia/Tehran", "a time like 08:30"),
        ({"sat": "08:00"}, "Asia/Tehran", "an open span like 08:00-17:00"),
        ({"sat": "17:00-08:00"}, "Asia/Tehran", "run forward"),
        ({"sat": "08:00-24:30"}, "Asia/Tehran", "00:00 to 24:00"),
        ({"shanbe": "08:00-17:00"}, "Asia/Tehran", "unknown weekday 'shanbe'"),
        ({}, "Tehran", "unknown time zone"),
    ],
)
def test_bad_hours_say_what_is_wrong(days: dict[str, str], tz: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        BusinessHours.weekly(tz, days)


def test_a_contact_arriving_when_closed_exits_to_the_destination() -> None:
    center = make_center()
    center.calendar.run(at("2025-01-03T10:00+03:30"))  # a Friday
    center.acd.add_queue(QueueConfig("support", hours=TEHRAN, closed_destination="voicemail"))
    center.acd.login("ali", {"support": 5})
    assert center.acd.enqueue("c1", "support").state is ContactState.EXITED
    exited = center.events(EventType.CONTACT_EXITED)[0]
    assert (exited.reason, exited.target, exited.wait_s) == ("closed", "voicemail", 0.0)
    center.calendar.run(at("2025-01-04T08:00+03:30"))
    assert center.acd.enqueue("c2", "support").state is ContactState.OFFERED


def test_a_queue_nobody_can_serve_turns_contacts_away(center: Center) -> None:
    center.acd.add_queue(QueueConfig("support", exit_when_empty=True, empty_destination="sales"))
    center.acd.add_queue(QueueConfig("sales"))
    center.acd.enqueue("c1", "support")
    exited = center.events(EventType.CONTACT_EXITED)[0]
    assert (exited.reason, exited.target) == ("empty", "sales")
    assert center.acd.contact("c1").queue == "sales"
    center.acd.login("ali", {"support": 5})
    center.acd.pause("ali", "break")
    assert center.acd.enqueue("c2", "support").state is ContactState.WAITING


def test_the_last_agent_leaving_empties_the_queue_but_callbacks_stay(center: Center) -> None:
    center.acd.add_queue(QueueConfig("support", exit_when_empty=True))
    center.acd.login("ali", {"support": 5})
    center.acd.login("sara", {"support": 5})
    center.acd.pause("ali", "break")
    center.acd.pause("sara", "break")
    for n in range(3):
        center.acd.enqueue(f"c{n}", "support")
    center.acd.request_callback("c1")
    center.acd.logout("ali")
    assert len(center.acd.waiting("support")) == 3
    center.later(30)
    center.acd.logout("sara")
    assert [c.contact_id for c in center.acd.waiting("support")] == ["c1-callback"]
    exits = [(e.contact_id, e.reason, e.position) for e in center.events(EventType.CONTACT_EXITED)]
    assert exits == [("c1", "callback", 2), ("c0", "empty", 1), ("c2", "empty", 2)]
