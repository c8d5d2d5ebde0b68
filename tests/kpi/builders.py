"""Small builders of event frames for KPI tests, one function per kind of event.

Times are seconds after T0 (2025-01-01 08:30 in Tehran, 05:00 UTC), so a test reads like
a queue_log: `queued(0, "c1")`, `answered(12, "c1", "Ali", wait=12)`...
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import polars as pl

from tamas.events import EventType, conform, empty_frame

T0 = datetime(2025, 1, 1, 5, 0, tzinfo=UTC)
CALLER = "09121234567"
QUEUE = "support"

Event = dict[str, Any]


def at(seconds: float, t0: datetime = T0) -> datetime:
    return t0 + timedelta(seconds=seconds)


def event(type_: EventType, t: float, **fields: Any) -> Event:
    return {"ts": at(t), "type": str(type_), "source": "test", **fields}


def queued(t: float, call: str, queue: str = QUEUE, caller: str | None = CALLER) -> Event:
    return event(EventType.CONTACT_QUEUED, t, contact_id=call, queue=queue, caller=caller)


def answered(t: float, call: str, agent: str, *, wait: float, queue: str = QUEUE) -> Event:
    return event(
        EventType.CONTACT_ANSWERED, t, contact_id=call, queue=queue, agent=agent, wait_s=wait
    )


def ended(
    t: float, call: str, agent: str, *, wait: float, talk: float, queue: str = QUEUE
) -> Event:
    """COMPLETECALLER."""
    return _after_talk(EventType.CONTACT_ENDED, "caller", t, call, agent, wait, talk, queue)


def transferred(
    t: float, call: str, agent: str, *, wait: float, talk: float, queue: str = QUEUE
) -> Event:
    """BLINDTRANSFER."""
    return _after_talk(EventType.CONTACT_TRANSFERRED, "blind", t, call, agent, wait, talk, queue)


def _after_talk(type_: EventType, reason: str, *args: Any) -> Event:
    t, call, agent, wait, talk, queue = args
    fields = {"contact_id": call, "queue": queue, "agent": agent, "wait_s": wait, "talk_s": talk}
    return event(type_, t, **fields, reason=reason)


def abandoned(t: float, call: str, *, wait: float, queue: str = QUEUE) -> Event:
    return event(EventType.CONTACT_ABANDONED, t, contact_id=call, queue=queue, wait_s=wait)


def exited(t: float, call: str, *, wait: float | None, queue: str = QUEUE) -> Event:
    return event(
        EventType.CONTACT_EXITED, t, contact_id=call, queue=queue, wait_s=wait, reason="timeout"
    )


def ring_no_answer(t: float, call: str, agent: str, ring: float = 15, queue: str = QUEUE) -> Event:
    return event(
        EventType.CONTACT_RING_NO_ANSWER, t, contact_id=call, queue=queue, agent=agent, ring_s=ring
    )


def agent_event(type_: EventType, t: float, agent: str, queue: str | None = None) -> Event:
    return event(type_, t, agent=agent, queue=queue)


def login(t: float, agent: str, queue: str | None = QUEUE) -> Event:
    return agent_event(EventType.AGENT_LOGGED_IN, t, agent, queue)


def logout(t: float, agent: str, queue: str | None = QUEUE) -> Event:
    return agent_event(EventType.AGENT_LOGGED_OUT, t, agent, queue)


def pause(t: float, agent: str, queue: str | None = None) -> Event:
    return agent_event(EventType.AGENT_PAUSED, t, agent, queue)


def ready(t: float, agent: str, queue: str | None = None) -> Event:
    return agent_event(EventType.AGENT_READY, t, agent, queue)


def answered_call(
    t: float,
    call: str,
    agent: str,
    *,
    wait: float,
    talk: float,
    queue: str = QUEUE,
    caller: str | None = CALLER,
) -> list[Event]:
    """ENTERQUEUE at t, CONNECT after `wait`, COMPLETECALLER after `talk`."""
    return [
        queued(t, call, queue, caller),
        answered(t + wait, call, agent, wait=wait, queue=queue),
        ended(t + wait + talk, call, agent, wait=wait, talk=talk, queue=queue),
    ]


def abandoned_call(
    t: float, call: str, *, wait: float, queue: str = QUEUE, caller: str | None = CALLER
) -> list[Event]:
    return [queued(t, call, queue, caller), abandoned(t + wait, call, wait=wait, queue=queue)]


def frame(*parts: Event | list[Event]) -> pl.DataFrame:
    """The events (single ones or lists of them) as an event frame, sorted by time."""
    rows: list[Event] = []
    for part in parts:
        rows.extend(part if isinstance(part, list) else [part])
    if not rows:
        return empty_frame()
    return conform(pl.DataFrame(rows)).sort("ts", maintain_order=True)
