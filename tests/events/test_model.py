from datetime import UTC, datetime, timedelta, timezone

import duckdb
import pytest

from tamas.events import Event, EventType, events_to_frame, frame_to_events, stable_event_id

TEHRAN = timezone(timedelta(hours=3, minutes=30))


def test_event_time_is_kept_in_utc() -> None:
    local = datetime(2025, 3, 20, 12, 0, tzinfo=TEHRAN)
    event = Event("x", local, EventType.CONTACT_QUEUED, "test")
    assert event.ts == datetime(2025, 3, 20, 8, 30, tzinfo=UTC)


def test_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        Event("x", datetime(2025, 1, 1), EventType.CONTACT_QUEUED, "test")


def test_event_id_is_stable_and_depends_on_every_part() -> None:
    first = stable_event_id("asterisk.queue_log", "1700000000|1.1|q|NONE|ENTERQUEUE||0912", 0)
    assert first == stable_event_id(
        "asterisk.queue_log", "1700000000|1.1|q|NONE|ENTERQUEUE||0912", 0
    )
    assert first != stable_event_id(
        "asterisk.queue_log", "1700000000|1.1|q|NONE|ENTERQUEUE||0912", 1
    )
    assert first != stable_event_id("asterisk.cdr", "1700000000|1.1|q|NONE|ENTERQUEUE||0912", 0)
    assert len(first) == 32


def test_events_survive_the_column_table() -> None:
    events = [
        Event(
            "a",
            datetime(2025, 1, 1, 8, 0, tzinfo=UTC),
            EventType.CONTACT_ANSWERED,
            "test",
            contact_id="1.1",
            queue="support",
            agent="Ali Rezaei",
            wait_s=12.5,
            attrs={"bridged": "1.2"},
        ),
        Event("b", datetime(2025, 1, 1, 8, 1, tzinfo=UTC), EventType.AGENT_PAUSED, "test"),
    ]
    assert frame_to_events(events_to_frame(events)) == events


def test_event_id_is_the_md5_of_the_joined_identity() -> None:
    line = "1700000000|1.1|support|NONE|ENTERQUEUE||09121234567|1"
    vectorised = duckdb.sql(
        f"SELECT md5('asterisk.queue_log' || chr(31) || '{line}' || chr(31) || '0')"
    ).fetchall()[0][0]
    assert stable_event_id("asterisk.queue_log", line, 0) == vectorised
