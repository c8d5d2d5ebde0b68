"""The normalized event: one shape for every contact and agent happening, whatever its source.

Every source (Asterisk queue_log, CDR, AMI, the live router, the simulator, chat, e-mail)
maps what it saw onto these events, and every figure Tamas shows is computed from them.
Keeping the vocabulary small and flat lets the log be stored as one table and analysed
column by column.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

SCHEMA_VERSION = 1
"""Version of the event layout; stored with every event so later layouts can be migrated."""


class EventType(StrEnum):
    """What happened. `contact.*` follow one contact through a queue; `agent.*` an agent."""

    CONTACT_ARRIVED = "contact.arrived"
    """The contact reached the center (a CDR start, a chat opened), before any queue."""
    CONTACT_QUEUED = "contact.queued"
    """The contact entered a queue: one queue entry, the unit that queue KPIs count."""
    CONTACT_OFFERED = "contact.offered"
    """An agent's phone started ringing (or a chat was offered) for the contact."""
    CONTACT_RING_NO_ANSWER = "contact.ring_no_answer"
    """The offer timed out or was refused; `ring_s` says for how long it rang."""
    CONTACT_RING_CANCELED = "contact.ring_canceled"
    """The offer was withdrawn before the agent answered (caller hung up or another answered)."""
    CONTACT_ANSWERED = "contact.answered"
    """An agent answered; `wait_s` is the time the contact waited in the queue."""
    CONTACT_HELD = "contact.held"
    CONTACT_UNHELD = "contact.unheld"
    CONTACT_TRANSFERRED = "contact.transferred"
    """The agent passed the contact on; `target` says where, `talk_s` how long they talked."""
    CONTACT_ABANDONED = "contact.abandoned"
    """The caller gave up while waiting in the queue."""
    CONTACT_EXITED = "contact.exited"
    """The queue let the contact go unanswered (timeout, key pressed, no agents, withdrawn)."""
    CONTACT_ENDED = "contact.ended"
    """An answered contact ended; `talk_s` is its talk time, `reason` who hung up."""
    CONTACT_WRAP_UP_DONE = "contact.wrap_up_done"
    AGENT_LOGGED_IN = "agent.logged_in"
    """The agent joined a queue (`queue` set) or the center (`queue` empty)."""
    AGENT_LOGGED_OUT = "agent.logged_out"
    AGENT_READY = "agent.ready"
    """The agent came back from a pause and takes contacts again."""
    AGENT_PAUSED = "agent.paused"
    """The agent stopped taking contacts; `reason` is the pause reason code."""
    AGENT_BUSY = "agent.busy"
    AGENT_WRAP_UP = "agent.wrap_up"
    OTHER = "other"
    """A source event with no meaning for KPIs (config reload, queue start...), kept as seen."""


class Channel(StrEnum):
    VOICE = "voice"
    CHAT = "chat"
    EMAIL = "email"
    SMS = "sms"


@dataclass(frozen=True, slots=True)
class Event:
    """One happening, as stored in the append-only log.

    Times are seconds; `ts` is timezone-aware UTC. Fields a source does not know stay None;
    what fits no column goes to `attrs` (JSON-serialisable values only).
    """

    event_id: str
    ts: datetime
    type: EventType
    source: str
    contact_id: str | None = None
    queue: str | None = None
    agent: str | None = None
    caller: str | None = None
    wait_s: float | None = None
    talk_s: float | None = None
    ring_s: float | None = None
    position: int | None = None
    original_position: int | None = None
    reason: str | None = None
    target: str | None = None
    channel: Channel = Channel.VOICE
    attrs: dict[str, Any] = field(default_factory=dict)
    version: int = SCHEMA_VERSION

    def __post_init__(self) -> None:
        if self.ts.tzinfo is None:
            raise ValueError("event time must be timezone-aware (UTC)")
        if self.ts.utcoffset() != UTC.utcoffset(None):
            object.__setattr__(self, "ts", self.ts.astimezone(UTC))


def stable_event_id(source: str, *identity: object) -> str:
    """A deterministic id for an event from what identifies it at its source.

    The same source line, row or router decision always gets the same id, so importing it
    twice stores it once. The id is the MD5 (as 32 hex digits) of the source and the
    identity parts joined by the unit separator U+001F: MD5 because columnar engines
    (DuckDB's `md5`) compute exactly the same id over a million lines without a Python
    loop. It is an identity, not a security measure.
    """
    text = "\x1f".join([source, *(str(part) for part in identity)])
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()
