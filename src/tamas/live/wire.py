"""An event as JSON: how live events travel between server processes (the bus) and to
browsers (the SSE stream). The same fields as `tamas.events.Event`, the time in ISO 8601
UTC with microseconds, so that a consumer reads one shape wherever it listens."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from tamas.events import Channel, Event, EventType


def event_json(event: Event) -> dict[str, Any]:
    return {
        "event_id": event.event_id,
        "ts": event.ts.isoformat(),
        "type": event.type.value,
        "source": event.source,
        "contact_id": event.contact_id,
        "queue": event.queue,
        "agent": event.agent,
        "caller": event.caller,
        "wait_s": event.wait_s,
        "talk_s": event.talk_s,
        "ring_s": event.ring_s,
        "position": event.position,
        "original_position": event.original_position,
        "reason": event.reason,
        "target": event.target,
        "channel": event.channel.value,
        "attrs": event.attrs,
    }


def encode(event: Event) -> bytes:
    return json.dumps(event_json(event), ensure_ascii=False, separators=(",", ":")).encode()


def decode(data: bytes) -> Event:
    """The event `encode` wrote; ValueError (or KeyError) when `data` is not one."""
    fields = json.loads(data)
    return Event(
        **{
            **fields,
            "ts": datetime.fromisoformat(fields["ts"]),
            "type": EventType(fields["type"]),
            "channel": Channel(fields["channel"]),
        }
    )
