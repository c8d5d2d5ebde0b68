"""Asterisk's CDR file `Master.csv` (cdr_csv), read in batches of records, onto events.

cdr/cdr_csv.c writes one record per call leg, every text field in double quotes (a
quote inside doubled), numbers bare, in this order: accountcode, src, dst, dcontext,
clid, channel, dstchannel, lastapp, lastdata, start, answer, end, duration, billsec,
disposition, amaflags; then `uniqueid` if `loguniqueid`, `userfield` if `loguserfield`,
and `peeraccount, linkedid, sequence` if `newcdrcolumns` (Asterisk 11+). Times are
`%Y-%m-%d %H:%M:%S` in the server's local time (GMT with `usegmtime`); an unset time
(a call never answered) is an empty field.

A record becomes `contact.arrived` at its start; an ANSWERED one also `contact.answered`
at its answer time and `contact.ended` at its end (talk = billsec); any other
disposition (NO ANSWER, BUSY, FAILED, CONGESTION, CANCEL) becomes an `other` event at its
end with the disposition as reason. A CDR has no queue, so none of this counts as a
queue entry in KPIs.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import polars as pl

from tamas.connectors.asterisk.batch import ParsedBatch, source_batches
from tamas.connectors.asterisk.json_attrs import attrs_json
from tamas.connectors.asterisk.local_time import check_time_zone, local_to_utc
from tamas.errors import InputError
from tamas.events import SCHEMA_VERSION, Channel, EventType

SOURCE = "asterisk.cdr"
BASE_COLUMNS = (
    "accountcode",
    "src",
    "dst",
    "dcontext",
    "clid",
    "channel",
    "dstchannel",
    "lastapp",
    "lastdata",
    "start",
    "answer",
    "end",
    "duration",
    "billsec",
    "disposition",
    "amaflags",
)
NEW_COLUMNS = ("peeraccount", "linkedid", "sequence")
MOST_COLUMNS = len(BASE_COLUMNS) + 2 + len(NEW_COLUMNS)
UNIQUEID = r"^([^\s\"]+-)?\d+\.\d+$"
"""An Asterisk uniqueid: `[systemname-]epoch.sequence`; tells `uniqueid` from `userfield`
when a record has exactly one of them."""
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
ATTRS = (
    "accountcode",
    "amaflags",
    "channel",
    "clid",
    "dcontext",
    "dst",
    "dstchannel",
    "lastapp",
    "lastdata",
    "linkedid",
    "peeraccount",
    "sequence",
    "userfield",
)


Record = tuple[int, str, list[str]]
"""First line number, the record's text, its fields."""


def _records(path: Path, batch_lines: int) -> Iterator[tuple[list[Record], int]]:
    """Batches of records (blank lines left out) and how many lines each batch read."""
    consumed: list[str] = []

    def remember(lines: Iterator[str]) -> Iterator[str]:
        for line in lines:
            consumed.append(line)
            yield line

    try:
        with path.open(encoding="utf-8", errors="replace", newline="") as file:
            reader = csv.reader(remember(file), strict=False)
            batch: list[Record] = []
            line_no = first_line = 1
            for fields in reader:
                if fields:
                    batch.append((line_no, "".join(consumed).rstrip("\r\n"), fields))
                line_no += len(consumed)
                consumed.clear()
                if len(batch) >= batch_lines:
                    yield batch, line_no - first_line
                    batch, first_line = [], line_no
            if batch or line_no > first_line:
                yield batch, line_no - first_line
    except OSError as error:
        raise InputError(f"{path}: cannot read the file: {error.strerror or error}") from None
    except csv.Error as error:
        raise InputError(f"{path}:{line_no}: not CSV: {error}") from None


def _frame(batch: list[Record]) -> pl.DataFrame:
    columns = {f"f{index}": [] for index in range(MOST_COLUMNS)}
    for _, _, fields in batch:
        for index, values in enumerate(columns.values()):
            values.append(fields[index] if index < len(fields) else None)
    return pl.DataFrame(
        {
            "line_no": [line_no for line_no, _, _ in batch],
            "record": [text for _, text, _ in batch],
            "count": [len(fields) for _, _, fields in batch],
            **columns,
        },
        schema={"line_no": pl.Int64, "record": pl.String, "count": pl.Int64}
        | {name: pl.String for name in columns},
    )


def _named(frame: pl.DataFrame) -> pl.DataFrame:
    """The record's fields by cdr_csv's names, the optional ones placed by the field count."""
    extra = pl.col("count") - len(BASE_COLUMNS)
    first_extra = pl.col(f"f{len(BASE_COLUMNS)}")
    has_uniqueid = (
        (extra == 5) | (extra == 2) | ((extra.is_in([1, 4])) & first_extra.str.contains(UNIQUEID))
    )
    has_userfield = (extra == 5) | (extra == 2) | ((extra.is_in([1, 4])) & ~has_uniqueid)
    new_start = len(BASE_COLUMNS) + has_uniqueid.cast(pl.Int32) + has_userfield.cast(pl.Int32)

    def field(index: pl.Expr) -> pl.Expr:
        return pl.concat_list(pl.col(f"f{i}") for i in range(MOST_COLUMNS)).list.get(
            index, null_on_oob=True
        )

    named = {name: pl.col(f"f{index}") for index, name in enumerate(BASE_COLUMNS)}
    named["uniqueid"] = pl.when(has_uniqueid).then(first_extra)
    named["userfield"] = pl.when(has_userfield).then(
        field(len(BASE_COLUMNS) + has_uniqueid.cast(pl.Int32))
    )
    for offset, name in enumerate(NEW_COLUMNS):
        named[name] = pl.when(extra >= 3).then(field(new_start + offset))
    return frame.select(
        "line_no",
        "record",
        "count",
        *(pl.when(value != "").then(value).alias(name) for name, value in named.items()),
    )


def _times(frame: pl.DataFrame, tz: str) -> pl.DataFrame:
    def moment(name: str) -> pl.Expr:
        return local_to_utc(
            pl.col(name).str.to_datetime(TIME_FORMAT, time_unit="us", strict=False), tz
        )

    return frame.with_columns(
        moment("start").alias("start_ts"),
        moment("answer").alias("answer_ts"),
        moment("end").alias("end_ts"),
        pl.col("duration").cast(pl.Int64, strict=False).alias("duration_s"),
        pl.col("billsec").cast(pl.Int64, strict=False).alias("billsec_s"),
    )


def _problem() -> pl.Expr:
    def unreadable(name: str, parsed: str) -> pl.Expr:
        return pl.col(name).is_not_null() & pl.col(parsed).is_null()

    low, high = len(BASE_COLUMNS), MOST_COLUMNS
    return (
        pl.when(~pl.col("count").is_between(low, high))
        .then(pl.format(f"expected {low} to {high} cdr_csv fields, found {{}}", pl.col("count")))
        .when(pl.col("start_ts").is_null())
        .then(pl.format("start '{}' is not a local time YYYY-MM-DD HH:MM:SS", pl.col("start")))
        .when(unreadable("answer", "answer_ts"))
        .then(pl.format("answer '{}' is not a local time YYYY-MM-DD HH:MM:SS", pl.col("answer")))
        .when(unreadable("end", "end_ts"))
        .then(pl.format("end '{}' is not a local time YYYY-MM-DD HH:MM:SS", pl.col("end")))
        .when(pl.col("duration_s").is_null())
        .then(pl.format("duration '{}' is not a whole number", pl.col("duration")))
        .when(pl.col("billsec_s").is_null())
        .then(pl.format("billsec '{}' is not a whole number", pl.col("billsec")))
    )


def _events(records: pl.DataFrame) -> pl.DataFrame:
    contact = pl.coalesce(
        "uniqueid", pl.concat_str([pl.col("channel"), pl.lit("@"), pl.col("start")])
    )
    answered = pl.col("disposition") == "ANSWERED"
    answer_ts = pl.coalesce(
        "answer_ts", pl.col("end_ts") - pl.duration(seconds=pl.col("billsec_s"))
    )
    common = [
        "line_no",
        "record",
        "n",
        pl.lit(SOURCE).alias("source"),
        contact.alias("contact_id"),
        pl.lit(str(Channel.VOICE)).alias("channel"),
        pl.lit(SCHEMA_VERSION).alias("version"),
    ]
    arrived = records.select(
        *common,
        pl.lit("arrived").alias("part"),
        pl.col("start_ts").alias("ts"),
        pl.lit(str(EventType.CONTACT_ARRIVED)).alias("type"),
        pl.col("src").alias("caller"),
        attrs_json({name: (pl.col(name), True) for name in ATTRS}).alias("attrs"),
    )
    answers = records.filter(answered)
    answer = answers.select(
        *common,
        pl.lit("answered").alias("part"),
        answer_ts.alias("ts"),
        pl.lit(str(EventType.CONTACT_ANSWERED)).alias("type"),
        (pl.col("duration_s") - pl.col("billsec_s")).cast(pl.Float64).alias("wait_s"),
    )
    ended = answers.select(
        *common,
        pl.lit("ended").alias("part"),
        pl.coalesce("end_ts", answer_ts + pl.duration(seconds=pl.col("billsec_s"))).alias("ts"),
        pl.lit(str(EventType.CONTACT_ENDED)).alias("type"),
        pl.col("billsec_s").cast(pl.Float64).alias("talk_s"),
    )
    unanswered = records.filter(~answered).select(
        *common,
        pl.lit("other").alias("part"),
        pl.coalesce("end_ts", "start_ts").alias("ts"),
        pl.lit(str(EventType.OTHER)).alias("type"),
        pl.col("disposition").alias("reason"),
        attrs_json({"duration_s": (pl.col("duration_s"), False)}).alias("attrs"),
    )
    return pl.concat([arrived, answer, ended, unanswered], how="diagonal_relaxed").sort(
        "line_no", "ts", maintain_order=True
    )


def read_cdr(
    path: Path,
    *,
    batch_lines: int = 100_000,
    event_ids: bool = True,
    tz: str = "Asia/Tehran",
) -> Iterator[ParsedBatch]:
    """The events of a cdr_csv `Master.csv`, one batch per `batch_lines` records.

    `tz` is the zone Asterisk wrote the times in ("UTC" if cdr.conf has `usegmtime=yes`).
    Records that cannot be read are skipped and described in `bad_lines` (line number of
    the record's first line). Raises `InputError` if the file cannot be read or has no
    valid record.
    """
    path = Path(path)
    check_time_zone(tz)
    with source_batches(path, "CDR", id_source=SOURCE if event_ids else None) as source:
        for batch, lines_read in _records(path, batch_lines):
            frame = _times(_named(_frame(batch)), tz)
            frame = frame.with_columns(
                source.occurrences(frame["record"]), _problem().alias("problem")
            )
            failed = pl.col("problem").is_not_null()
            yield source.batch(
                _events(frame.filter(~failed)),
                frame.filter(failed).rename({"record": "line"}),
                lines_read,
                ["record", "n", "part"],
            )
