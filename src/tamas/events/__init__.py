"""Events: the one log every figure in Tamas is computed from."""

from tamas.events.frame import (
    EVENT_COLUMNS,
    EVENT_SCHEMA,
    conform,
    empty_frame,
    event_columns,
    events_to_frame,
    frame_to_events,
)
from tamas.events.log import AppendResult, EventLog, InMemoryEventLog, select_events
from tamas.events.model import SCHEMA_VERSION, Channel, Event, EventType, stable_event_id

__all__ = [
    "EVENT_COLUMNS",
    "EVENT_SCHEMA",
    "SCHEMA_VERSION",
    "AppendResult",
    "Channel",
    "Event",
    "EventLog",
    "EventType",
    "InMemoryEventLog",
    "conform",
    "empty_frame",
    "event_columns",
    "events_to_frame",
    "frame_to_events",
    "select_events",
    "stable_event_id",
]
