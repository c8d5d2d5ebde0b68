"""What the data fields of each Asterisk queue_log event mean, as data.

Asterisk writes `time|callid|queuename|agent|event|data...`, where the data fields are
joined by `|` without any escaping (apps/app_queue.c calls `ast_queue_log` with a
printf format per event; main/logger.c prefixes the head). A line can therefore only
be read by its event type: each layout below names the fields in Asterisk's order,
says which of them every line has, and which fields are counted from the end of the
line (ATTENDEDTRANSFER, whose middle part varies with the transfer method).

The layouts are the same for Asterisk 1.8 to 22; fields added by later generations are
optional at the end (ENTERQUEUE's caller name, WITHDRAW's info), fields dropped after
1.8 are optional (EXITWITHTIMEOUT of 1.8 sometimes wrote only the position).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from tamas.events import EventType


class Kind(Enum):
    """How a field's text becomes a value."""

    TEXT = "text"
    WHOLE = "whole"
    """An integer written with %d/%ld: positions, seconds."""
    MILLISECONDS = "milliseconds"
    """An integer number of milliseconds, stored as seconds."""
    FLAG = "flag"
    """True when the field is not empty (ADDMEMBER's `PAUSED`)."""


@dataclass(frozen=True, slots=True)
class Field:
    """Where one named data field goes: an event column, or a key of `attrs`."""

    column: str | None
    kind: Kind = Kind.TEXT
    attr: str | None = None


FIELDS: dict[str, Field] = {
    "url": Field(None, attr="url"),
    "callerid": Field("caller"),
    "callername": Field(None, attr="caller_name"),
    "position": Field("position", Kind.WHOLE),
    "origposition": Field("original_position", Kind.WHOLE),
    "holdtime": Field("wait_s", Kind.WHOLE),
    "waittime": Field("wait_s", Kind.WHOLE),
    "calltime": Field("talk_s", Kind.WHOLE),
    "ringtime": Field("ring_s", Kind.WHOLE),
    "ringtime_ms": Field("ring_s", Kind.MILLISECONDS),
    "bridgedchanneluniqueid": Field(None, attr="bridged_uniqueid"),
    "extension": Field("target"),
    "context": Field("target"),
    "method": Field(None, attr="method"),
    "destination": Field("target"),
    "key": Field(None, attr="key"),
    "withdrawinfo": Field(None, attr="withdraw_info"),
    "reason": Field("reason"),
    "paused": Field(None, Kind.FLAG, attr="paused"),
    "channel": Field(None, attr="channel"),
    "logintime": Field(None, Kind.WHOLE, attr="logged_in_s"),
    "data": Field(None, attr="data"),
}
"""Every data field name used below and where it goes."""


@dataclass(frozen=True, slots=True)
class Layout:
    """The data fields of one queue_log event and the event they make."""

    type: EventType
    leading: tuple[str, ...] = ()
    """Fields counted from the start of the data."""
    rest: str | None = None
    """The field that takes every data field between `leading` and `trailing`, joined by |."""
    trailing: tuple[str, ...] = ()
    """Fields counted from the end of the line."""
    required: int = 0
    """How many data fields a valid line has at least."""
    reason: str | None = None
    """The event's fixed reason, if the layout gives one."""
    contact: bool = True
    """Whether the callid names a contact; if not (member events), it goes to attrs.callid."""

    @property
    def field_names(self) -> tuple[str, ...]:
        return (*self.leading, *((self.rest,) if self.rest else ()), *self.trailing)


_COMPLETE = ("holdtime", "calltime", "origposition")
_LEFT = ("position", "origposition", "waittime")
_MEMBER = {"contact": False}

LAYOUTS: dict[str, Layout] = {
    "ENTERQUEUE": Layout(
        EventType.CONTACT_QUEUED,
        ("url", "callerid", "position", "callername"),
        required=2,
    ),
    "CONNECT": Layout(
        EventType.CONTACT_ANSWERED,
        ("holdtime", "bridgedchanneluniqueid", "ringtime"),
        required=1,
    ),
    "COMPLETEAGENT": Layout(EventType.CONTACT_ENDED, _COMPLETE, required=2, reason="agent"),
    "COMPLETECALLER": Layout(EventType.CONTACT_ENDED, _COMPLETE, required=2, reason="caller"),
    "TRANSFER": Layout(
        EventType.CONTACT_TRANSFERRED,
        ("extension", "context", *_COMPLETE),
        required=4,
        reason="transfer",
    ),
    "BLINDTRANSFER": Layout(
        EventType.CONTACT_TRANSFERRED,
        ("extension", "context", *_COMPLETE),
        required=4,
        reason="blind",
    ),
    "ATTENDEDTRANSFER": Layout(
        EventType.CONTACT_TRANSFERRED,
        ("method",),
        rest="destination",
        trailing=_COMPLETE,
        required=4,
        reason="attended",
    ),
    "ABANDON": Layout(EventType.CONTACT_ABANDONED, _LEFT, required=3),
    "EXITWITHTIMEOUT": Layout(EventType.CONTACT_EXITED, _LEFT, required=1, reason="timeout"),
    "EXITWITHKEY": Layout(EventType.CONTACT_EXITED, ("key", *_LEFT), required=4, reason="key"),
    "EXITEMPTY": Layout(EventType.CONTACT_EXITED, _LEFT, required=3, reason="empty"),
    "WITHDRAW": Layout(
        EventType.CONTACT_EXITED, _LEFT, rest="withdrawinfo", required=3, reason="withdraw"
    ),
    "RINGNOANSWER": Layout(EventType.CONTACT_RING_NO_ANSWER, ("ringtime_ms",), required=1),
    "RINGCANCELED": Layout(EventType.CONTACT_RING_CANCELED, ("ringtime_ms",), required=1),
    "ADDMEMBER": Layout(EventType.AGENT_LOGGED_IN, rest="paused", **_MEMBER),
    "REMOVEMEMBER": Layout(EventType.AGENT_LOGGED_OUT, **_MEMBER),
    "AGENTLOGIN": Layout(EventType.AGENT_LOGGED_IN, rest="channel", **_MEMBER),
    "AGENTLOGOFF": Layout(
        EventType.AGENT_LOGGED_OUT, ("channel", "logintime"), required=1, **_MEMBER
    ),
    "PAUSE": Layout(EventType.AGENT_PAUSED, rest="reason", **_MEMBER),
    "PAUSEALL": Layout(EventType.AGENT_PAUSED, rest="reason", **_MEMBER),
    "UNPAUSE": Layout(EventType.AGENT_READY, rest="reason", **_MEMBER),
    "UNPAUSEALL": Layout(EventType.AGENT_READY, rest="reason", **_MEMBER),
}
"""The queue_log events Tamas understands, by Asterisk's event name."""

OTHER = Layout(EventType.OTHER, rest="data")
"""Any other event (CONFIGRELOAD, QUEUESTART, DID, SYSCOMPAT, AGENTDUMP, PENALTY...):
kept with its name as reason and its data text in attrs.data."""


def layout_of(event: str) -> Layout:
    return LAYOUTS.get(event, OTHER)


def describe(event: str) -> str:
    """The data fields of an event as Asterisk writes them, e.g. `position|origposition|...`."""
    layout = layout_of(event)
    names = [*layout.leading]
    if layout.rest:
        names.append(f"{layout.rest}...")
    names.extend(layout.trailing)
    return "|".join(names)
