"""queue_log lines onto the event model, a batch at a time, with column operations only.

Both queue_log sources, the file and the realtime table, come here as the same frame:
`line_no`, `line` (the line's text, for ids and error messages; a reader that makes no
ids may leave it out and name bad lines by number), `ts` (UTC), `problem` (what the
reader already found wrong, else null) and `parts`, the line cut at every `|`: time,
callid, queuename, agent, event, then the data fields. The batch is split by event name
and each group is mapped with its layout (queue_log_layout), so a line is read by its
event type, never by its column count.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import polars as pl

from tamas.connectors.asterisk.json_attrs import attrs_json
from tamas.connectors.asterisk.queue_log_layout import FIELDS, Kind, Layout, describe, layout_of
from tamas.events import EVENT_COLUMNS, SCHEMA_VERSION, Channel, EventType

SOURCE = "asterisk.queue_log"
HEAD = 5
"""time, callid, queuename, agent, event: the fields before the data."""

_CARRIED = ("line_no", "line", "n")
"""Columns of the input that mapped rows keep, those the input has."""
_parts = pl.col("parts")
_event = _parts.list.get(4, null_on_oob=True)
_data_count = (_parts.list.len() - HEAD).clip(lower_bound=0)


@dataclass(frozen=True, slots=True)
class MappedBatch:
    events: pl.DataFrame
    """Event columns (not yet conformed, no ids) plus `line_no`, `line` and `n` (those the
    input had)."""
    bad: pl.DataFrame
    """`line_no`, `line` (if the input had it), `problem` of the lines that could not be
    mapped."""


def _absent(value: pl.Expr) -> pl.Expr:
    """Asterisk writes NONE (or nothing) where a line has no call, queue or agent."""
    return pl.when(value.is_in(["NONE", ""]).not_()).then(value)


def _text(value: pl.Expr) -> pl.Expr:
    return pl.when(value != "").then(value)


def _raw_fields(layout: Layout) -> dict[str, pl.Expr]:
    """Each field's text as written, null where the line does not have it."""
    raw: dict[str, pl.Expr] = {
        name: _parts.list.get(HEAD + index, null_on_oob=True)
        for index, name in enumerate(layout.leading)
    }
    trailing = len(layout.trailing)
    for index, name in enumerate(layout.trailing):
        raw[name] = pl.when(_data_count >= len(layout.leading) + trailing).then(
            _parts.list.get(index - trailing, null_on_oob=True)
        )
    if layout.rest:
        length = _data_count - len(layout.leading) - trailing
        raw[layout.rest] = pl.when(length > 0).then(
            _parts.list.slice(HEAD + len(layout.leading), length).list.join("|")
        )
    return raw


def _value(name: str, text: pl.Expr) -> pl.Expr:
    kind = FIELDS[name].kind
    if kind is Kind.WHOLE:
        return text.cast(pl.Int64, strict=False)
    if kind is Kind.MILLISECONDS:
        return text.cast(pl.Int64, strict=False) / 1000
    if kind is Kind.FLAG:
        return pl.when(text != "").then(pl.lit(True))
    return _text(text)


def _is_number(name: str) -> bool:
    return FIELDS[name].kind in (Kind.WHOLE, Kind.MILLISECONDS)


def _problem(event: str, layout: Layout) -> pl.Expr:
    """Why a line of this event cannot be used, or null (over the raw and value columns)."""
    found = pl.when(pl.col("_count") < layout.required).then(
        pl.format(
            "{} needs at least {} data fields ({}), found {}",
            pl.lit(event),
            pl.lit(layout.required),
            pl.lit(describe(event)),
            pl.col("_count"),
        )
    )
    for name in filter(_is_number, layout.field_names):
        text = pl.col(f"_raw_{name}")
        found = found.when(text.is_not_null() & pl.col(f"_value_{name}").is_null()).then(
            pl.format("{} {} '{}' is not a whole number", pl.lit(event), pl.lit(name), text)
        )
    return found.otherwise(pl.lit(None, pl.String))


def _map_event(frame: pl.DataFrame, event: str, wanted: Collection[str]) -> pl.DataFrame:
    """Map the (so far good) lines of one event name; `problem` says which are bad. Only
    the `wanted` event columns are made (every number is still checked)."""
    layout = layout_of(event)
    needed = [
        name
        for name in layout.field_names
        if _is_number(name)
        or FIELDS[name].column in wanted
        or (FIELDS[name].attr and "attrs" in wanted)
    ]
    fields = frame.with_columns(
        _data_count.alias("_count"),
        *(
            text.alias(f"_raw_{name}")
            for name, text in _raw_fields(layout).items()
            if name in needed
        ),
    ).with_columns(_value(name, pl.col(f"_raw_{name}")).alias(f"_value_{name}") for name in needed)
    columns: dict[str, list[pl.Expr]] = {}
    members: dict[str, tuple[pl.Expr, bool]] = {}
    for name in needed:
        field, value = FIELDS[name], pl.col(f"_value_{name}")
        if field.column:
            columns.setdefault(field.column, []).append(value)
        if field.attr:
            members[field.attr] = (value, field.kind is Kind.TEXT)
    callid = _absent(_parts.list.get(1))
    if not layout.contact:
        members["callid"] = (callid, True)
    if layout.type is EventType.OTHER:
        columns["reason"] = [pl.lit(event)]
    elif layout.reason:
        columns["reason"] = [pl.lit(layout.reason)]
    made = {
        "type": pl.lit(str(layout.type)),
        "source": pl.lit(SOURCE),
        "contact_id": callid if layout.contact else pl.lit(None, pl.String),
        "queue": _absent(_parts.list.get(2)),
        "agent": _absent(_parts.list.get(3)),
        # two fields for one column only happens for a transfer target: extension@context
        **{
            column: values[0]
            if len(values) == 1
            else pl.concat_str(values, separator="@", ignore_nulls=True)
            for column, values in columns.items()
        },
        "channel": pl.lit(str(Channel.VOICE)),
        "attrs": attrs_json(members),
        "version": pl.lit(SCHEMA_VERSION),
    }
    return fields.select(
        *(name for name in _CARRIED if name in frame.columns),
        "ts",
        _problem(event, layout).alias("problem"),
        *(expr.alias(column) for column, expr in made.items() if column in wanted),
    )


def _head_problem() -> pl.Expr:
    return (
        pl.when(pl.col("problem").is_not_null())
        .then(pl.col("problem"))
        .when(_parts.list.len() < HEAD)
        .then(pl.lit("not a queue_log line: expected time|callid|queuename|agent|event|data"))
        .when(_event == "")
        .then(pl.lit("missing event name"))
    )


def map_lines(frame: pl.DataFrame, columns: Collection[str] = EVENT_COLUMNS) -> MappedBatch:
    """Map a batch (`line_no`, `line`, `n`, `ts`, `problem`, `parts`; `line` and `n` may be
    left out) onto events, making only the event `columns` asked for (a KPI report reads
    a few; the others are most of the mapping's work). Every line is checked whatever the
    columns."""
    checked = frame.with_columns(_head_problem().alias("problem"), _event.alias("event"))
    bad_columns = [name for name in ("line_no", "line", "problem") if name in frame.columns]
    bad_head = checked.filter(pl.col("problem").is_not_null())
    groups = checked.filter(pl.col("problem").is_null()).partition_by(
        "event", as_dict=True, maintain_order=False
    )
    mapped = [_map_event(group, str(key[0]), columns) for key, group in groups.items()]
    everything = pl.concat([bad_head.select(bad_columns), *mapped], how="diagonal_relaxed")
    everything = everything.sort("line_no")
    failed = pl.col("problem").is_not_null()
    return MappedBatch(
        events=everything.filter(~failed).drop("problem"),
        bad=everything.filter(failed).select(bad_columns),
    )
