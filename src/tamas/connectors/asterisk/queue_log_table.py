"""The realtime `queue_log` table (MySQL/MariaDB or PostgreSQL), streamed and mapped
exactly like the file.

With `queue_log => <driver>,<database>` in extconfig.conf, Asterisk stores each queue_log
line as a row (main/logger.c): `time` (the server's local time as `%F %T.%6q`, or GMT
with `queue_log_realtime_use_gmt`), `callid`, `queuename`, `agent`, `event`, and the data
either split on `|` into `data1`..`data5` (the last one keeps any further fields, `|`
included) or whole in one `data` column. Rows are read in `id` order (else `time` order)
through a server-side cursor, turned back into the file's field list, and mapped by the
same code as the file.
"""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl
from sqlalchemy import MetaData, Table, create_engine, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchTableError, SQLAlchemyError

from tamas.connectors.asterisk.batch import ParsedBatch, source_batches
from tamas.connectors.asterisk.local_time import check_time_zone, local_to_utc
from tamas.connectors.asterisk.queue_log_mapping import map_lines
from tamas.errors import InputError

ID_SOURCE = "asterisk.queue_log_table"
"""Namespace of the ids of table rows; see docs/import-formats.md for why not the file's."""

HEAD_COLUMNS = ("callid", "queuename", "agent", "event")
SPLIT_DATA = ("data1", "data2", "data3", "data4", "data5")
DRIVERS = {
    "mysql": "mysql+pymysql",
    "mariadb": "mariadb+pymysql",
    "postgresql": "postgresql+psycopg",
}


def _engine_url(url: str) -> str:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise InputError(f"{url}: not a database URL (e.g. mysql://user@host/asterisk)") from None
    driver = DRIVERS.get(parsed.drivername, parsed.drivername)
    return parsed.set(drivername=driver).render_as_string(hide_password=False)


def _data_columns(table: Table, where: str) -> tuple[str, ...]:
    names = set(table.columns.keys())
    missing = [name for name in ("time", *HEAD_COLUMNS) if name not in names]
    if missing:
        raise InputError(f"{where}: not a queue_log table: no column {', '.join(missing)}")
    if "data1" in names:
        return tuple(name for name in SPLIT_DATA if name in names)
    if "data" in names:
        return ("data",)
    raise InputError(f"{where}: not a queue_log table: no data1..data5 nor data column")


def _utc_time(rows: pl.DataFrame, tz: str) -> pl.Expr:
    """The `time` column in UTC: a date-time column (with or without a zone), or text in
    Asterisk's `%F %T.%6q` for tables that keep it as text."""
    column = pl.col("time")
    dtype = rows.schema["time"]
    if isinstance(dtype, pl.Datetime):
        if dtype.time_zone is not None:
            return column.dt.convert_time_zone("UTC").dt.cast_time_unit("us")
        return local_to_utc(column.dt.cast_time_unit("us"), tz)
    text = column.cast(pl.String)
    return local_to_utc(
        text.str.to_datetime("%Y-%m-%d %H:%M:%S%.f", time_unit="us", strict=False), tz
    )


def _as_lines(rows: pl.DataFrame, tz: str) -> pl.DataFrame:
    """Rows as the mapping reads file lines: `line` (the row as text), `parts`, `ts`."""
    time_text = pl.col("time").cast(pl.String).fill_null("")
    head = [time_text, *(pl.col(name) for name in HEAD_COLUMNS)]
    # adaptive realtime pads with empty data columns that the file line does not have
    data = pl.col("data").str.replace(r"\|+$", "")
    ts = _utc_time(rows, tz)
    return rows.select(
        "line_no",
        pl.concat_str([*head, pl.col("data")], separator="|").alias("line"),
        pl.concat_list(head).list.concat(data.str.split("|")).alias("parts"),
        ts.alias("ts"),
        pl.when(ts.is_null())
        .then(pl.format("time '{}' is not a date and time", time_text))
        .alias("problem"),
    )


def _row_batches(url: str, table: str, batch_rows: int, where: str) -> Iterator[pl.DataFrame]:
    """The table's rows in reading order, `batch_rows` at a time, through a server-side
    cursor: `time`, the head columns and `data` (the row's data fields joined by |)."""
    engine = create_engine(_engine_url(url))
    try:
        with engine.connect() as connection:
            try:
                queue_log = Table(table, MetaData(), autoload_with=connection)
            except NoSuchTableError:
                raise InputError(f"{where}: no such table") from None
            data_columns = _data_columns(queue_log, where)
            names = ("time", *HEAD_COLUMNS, *data_columns)
            order = queue_log.c.id if "id" in queue_log.c else queue_log.c.time
            query = select(*(queue_log.c[name] for name in names)).order_by(order)
            result = connection.execution_options(stream_results=True).execute(query)
            for chunk in result.partitions(batch_rows):
                rows = pl.DataFrame(
                    [tuple(row) for row in chunk],
                    schema=list(names),
                    orient="row",
                    infer_schema_length=None,
                )
                yield rows.select(
                    "time",
                    *(pl.col(name).cast(pl.String).fill_null("") for name in HEAD_COLUMNS),
                    pl.concat_str(
                        [pl.col(name).cast(pl.String).fill_null("") for name in data_columns],
                        separator="|",
                    ).alias("data"),
                )
    except SQLAlchemyError as error:
        detail = getattr(error, "orig", None) or error
        raise InputError(f"{where}: cannot read: {detail}") from None
    finally:
        engine.dispose()


def read_queue_log_table(
    url: str,
    *,
    table: str = "queue_log",
    batch_rows: int = 50_000,
    event_ids: bool = True,
    tz: str = "Asia/Tehran",
) -> Iterator[ParsedBatch]:
    """The events of Asterisk's realtime queue_log table at `url` (a SQLAlchemy URL;
    `mysql://`, `mariadb://` and `postgresql://` use the drivers Tamas ships).

    `tz` is the zone the `time` column is written in (Asterisk's local time; "UTC" when
    `queue_log_realtime_use_gmt = yes`). Rows that cannot be mapped are reported in
    `bad_lines` with their row number in reading order.
    """
    check_time_zone(tz)
    where = f"{make_url(_engine_url(url)).render_as_string()} table {table}"
    with source_batches(
        where, "queue_log", id_source=ID_SOURCE if event_ids else None, container="table"
    ) as source:
        first_row = 1
        for rows in _row_batches(url, table, batch_rows, where):
            numbered = rows.with_row_index("line_no", offset=first_row)
            first_row += rows.height
            lines = _as_lines(numbered.with_columns(pl.col("line_no").cast(pl.Int64)), tz)
            mapped = map_lines(lines.with_columns(source.occurrences(lines["line"])))
            yield source.batch(mapped.events, mapped.bad, rows.height, ["line", "n"])
