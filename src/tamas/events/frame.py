"""The event log as a column table (Polars), the form KPIs and WFM history read.

A year of a busy center is millions of events; computing on columns instead of objects
is what makes a report take a second instead of a minute. Every producer of frames
(file parsers, the store, the simulator) builds exactly this schema.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC

import polars as pl

from tamas.events.model import Channel, Event, EventType

EVENT_SCHEMA: dict[str, pl.DataType] = {
    "event_id": pl.String(),
    "ts": pl.Datetime("us", "UTC"),
    "type": pl.String(),
    "source": pl.String(),
    "contact_id": pl.String(),
    "queue": pl.String(),
    "agent": pl.String(),
    "caller": pl.String(),
    "wait_s": pl.Float64(),
    "talk_s": pl.Float64(),
    "ring_s": pl.Float64(),
    "position": pl.Int32(),
    "original_position": pl.Int32(),
    "reason": pl.String(),
    "target": pl.String(),
    "channel": pl.String(),
    "attrs": pl.String(),
    "version": pl.Int16(),
}
"""Column name → type. `attrs` holds the event's extra fields as a JSON object text."""

EVENT_COLUMNS: tuple[str, ...] = tuple(EVENT_SCHEMA)


def event_columns(names: Iterable[str]) -> list[str]:
    """The names, checked to be event columns (a `read` of some columns takes them)."""
    names = list(names)
    unknown = [name for name in names if name not in EVENT_SCHEMA]
    if unknown:
        raise ValueError(f"not event columns: {', '.join(unknown)}")
    return names


def empty_frame() -> pl.DataFrame:
    return pl.DataFrame(schema=EVENT_SCHEMA)


def conform(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with exactly the event columns, in order and of the schema's types.

    Missing columns are added as nulls, so a producer only builds what it knows.
    """
    if frame.width == 0:
        return empty_frame()
    unknown = set(frame.columns) - set(EVENT_SCHEMA)
    if unknown:
        raise ValueError(f"not event columns: {', '.join(sorted(unknown))}")
    return frame.select(
        [
            pl.col(name).cast(dtype) if name in frame.columns else pl.lit(None, dtype).alias(name)
            for name, dtype in EVENT_SCHEMA.items()
        ]
    )


def events_to_frame(events: Iterable[Event]) -> pl.DataFrame:
    rows = [
        (
            e.event_id,
            e.ts,
            str(e.type),
            e.source,
            e.contact_id,
            e.queue,
            e.agent,
            e.caller,
            e.wait_s,
            e.talk_s,
            e.ring_s,
            e.position,
            e.original_position,
            e.reason,
            e.target,
            str(e.channel),
            json.dumps(e.attrs, ensure_ascii=False, sort_keys=True) if e.attrs else None,
            e.version,
        )
        for e in events
    ]
    return pl.DataFrame(rows, schema=EVENT_SCHEMA, orient="row")


def frame_to_events(frame: pl.DataFrame) -> list[Event]:
    events = []
    for row in conform(frame).iter_rows(named=True):
        events.append(
            Event(
                event_id=row["event_id"],
                ts=row["ts"].astimezone(UTC),
                type=EventType(row["type"]),
                source=row["source"],
                contact_id=row["contact_id"],
                queue=row["queue"],
                agent=row["agent"],
                caller=row["caller"],
                wait_s=row["wait_s"],
                talk_s=row["talk_s"],
                ring_s=row["ring_s"],
                position=row["position"],
                original_position=row["original_position"],
                reason=row["reason"],
                target=row["target"],
                channel=Channel(row["channel"] or Channel.VOICE),
                attrs=json.loads(row["attrs"]) if row["attrs"] else {},
                version=row["version"],
            )
        )
    return events
