"""Where the router's events go: `Event` objects for live use, columns for the simulator.

The router describes each event once, through `Recorder.record`. The live service wants
`tamas.events.Event` objects to append one by one; the simulator writes hundreds of
thousands per simulated day and wants one Polars frame at the end, without building an
object per event on the way. Both recorders give every event the same stable id, so a
simulated day is the same log whichever way it was recorded.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from hashlib import md5
from typing import Any, NamedTuple, Protocol

import numpy as np
import polars as pl

from tamas.events import (
    EVENT_SCHEMA,
    SCHEMA_VERSION,
    Channel,
    Event,
    EventType,
)

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def to_microseconds(at: float) -> int:
    """A clock reading (seconds since the Unix epoch) as the log's whole microseconds."""
    return round(at * 1_000_000)


def router_event_id(source: str, entity: str, type: EventType, ts_us: int, seq: int) -> str:
    """The id of a router event: the contact or agent it is about, its type, time and rank.

    `entity` is `contact:<id>` or `agent:<name>`; `seq` counts that entity's events, so two
    events of one contact at the same microsecond still differ, and the time keeps ids
    unique when a restarted router counts again from zero. It equals
    `stable_event_id(source, entity, type, ts_us, seq)`, spelled out because the simulator
    computes hundreds of thousands of them.
    """
    text = f"{source}\x1f{entity}\x1f{type}\x1f{ts_us}\x1f{seq}"
    return md5(text.encode(), usedforsecurity=False).hexdigest()


class RouterEvent(NamedTuple):
    """One router decision, in plain values: what recorders turn into log rows."""

    at: float
    """Clock reading, seconds since the Unix epoch."""
    type: EventType
    entity: str
    """`contact:<id>` or `agent:<name>`: whose event it is (part of the id)."""
    seq: int
    """The entity's event count, this event included (part of the id)."""
    contact_id: str | None
    queue: str | None
    agent: str | None
    channel: Channel
    caller: str | None = None
    wait_s: float | None = None
    talk_s: float | None = None
    ring_s: float | None = None
    position: int | None = None
    original_position: int | None = None
    reason: str | None = None
    target: str | None = None
    attrs: Mapping[str, Any] | None = None
    """Extra fields (docs/events.md), JSON-serialisable."""

    def event_id(self, source: str) -> str:
        return router_event_id(source, self.entity, self.type, to_microseconds(self.at), self.seq)


Row = tuple[Any, ...]
"""A router event as the router hands it over: a plain tuple in `RouterEvent`'s field order
(a tuple costs the router a fraction of a named one, on a path it takes a million times)."""


class Recorder(Protocol):
    def record(self, row: Row) -> None: ...


class EventRecorder:
    """Keeps the router's events as `Event` objects, in the order they happened."""

    def __init__(self, source: str = "tamas.acd") -> None:
        self.source = source
        self.events: list[Event] = []

    def record(self, row: Row) -> None:
        event = RouterEvent._make(row)
        self.events.append(
            Event(
                event_id=event.event_id(self.source),
                ts=EPOCH + timedelta(microseconds=to_microseconds(event.at)),
                type=event.type,
                source=self.source,
                contact_id=event.contact_id,
                queue=event.queue,
                agent=event.agent,
                caller=event.caller,
                wait_s=event.wait_s,
                talk_s=event.talk_s,
                ring_s=event.ring_s,
                position=event.position,
                original_position=event.original_position,
                reason=event.reason,
                target=event.target,
                channel=event.channel,
                attrs=dict(event.attrs) if event.attrs else {},
            )
        )


class ColumnRecorder:
    """Keeps the router's events as the rows it hands over and builds one frame at the end:
    recording an event is one list append."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.rows: list[Row] = []
        self.record = self.rows.append

    def frame(self) -> pl.DataFrame:
        """The recorded events in the log's column layout (`tamas.events.EVENT_SCHEMA`)."""
        count = len(self.rows)
        if not count:
            return pl.DataFrame(schema=EVENT_SCHEMA)
        columns = RouterEvent._make(zip(*self.rows, strict=True))
        ts_us = np.rint(np.asarray(columns.at, dtype=np.float64) * 1_000_000).astype(np.int64)
        names = pl.DataFrame(
            {
                "type": pl.Series(columns.type).cast(pl.String),
                "entity": pl.Series(columns.entity, dtype=pl.String),
                "ts_us": ts_us,
                "seq": pl.Series(columns.seq, dtype=pl.Int64),
            }
        )
        identities = names.select(
            pl.concat_str(
                pl.lit(self.source),
                "entity",
                "type",
                pl.col("ts_us").cast(pl.String),
                pl.col("seq").cast(pl.String),
                separator="\x1f",
            ).cast(pl.Binary)
        ).to_series()
        data = {
            "event_id": [
                md5(text, usedforsecurity=False).hexdigest() for text in identities.to_list()
            ],
            "ts": pl.Series(ts_us, dtype=pl.Int64).cast(pl.Datetime("us", "UTC")),
            "type": names.get_column("type"),
            "source": pl.repeat(self.source, count, eager=True),
            "contact_id": columns.contact_id,
            "queue": columns.queue,
            "agent": columns.agent,
            "caller": columns.caller,
            "wait_s": columns.wait_s,
            "talk_s": columns.talk_s,
            "ring_s": columns.ring_s,
            "position": columns.position,
            "original_position": columns.original_position,
            "reason": columns.reason,
            "target": columns.target,
            "channel": pl.Series(columns.channel).cast(pl.String),
            "attrs": [
                json.dumps(attrs, ensure_ascii=False, sort_keys=True) if attrs else None
                for attrs in columns.attrs
            ],
            "version": pl.repeat(SCHEMA_VERSION, count, eager=True),
        }
        return pl.DataFrame(
            [pl.Series(name, data[name], dtype=dtype) for name, dtype in EVENT_SCHEMA.items()]
        )
