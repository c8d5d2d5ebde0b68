"""The realtime queue_log table on MariaDB and PostgreSQL, filled as Asterisk fills it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tamas.connectors.asterisk import read_queue_log, read_queue_log_table
from tamas.errors import InputError

from .conftest import read_all, run_sql

TEHRAN = ZoneInfo("Asia/Tehran")
DATA = ("data1", "data2", "data3", "data4", "data5")
HEAD = ("time", "callid", "queuename", "agent", "event")


def create_table(url: str, table: str, data_columns: tuple[str, ...] = DATA) -> None:
    """The table of Asterisk's contrib/ast-db-manage queue_log migration."""
    key = (
        "id SERIAL PRIMARY KEY"
        if url.startswith("postgresql")
        else ("id BIGINT AUTO_INCREMENT PRIMARY KEY")
    )
    data = ", ".join(f"{name} VARCHAR(100)" for name in data_columns)
    run_sql(
        url,
        f"CREATE TABLE {table} ({key}, time TIMESTAMP NULL, callid VARCHAR(80), "
        f"queuename VARCHAR(256), agent VARCHAR(80), event VARCHAR(32), {data})",
    )


def as_row(line: str, tz: ZoneInfo, split: bool = True) -> dict:
    """A queue_log file line as logger.c stores it in realtime: local time, and the data
    either cut into data1..data5 (the fifth keeps the rest) or whole in `data`."""
    seconds, callid, queue, agent, event, data = line.split("|", 5)
    moment = datetime.fromtimestamp(int(seconds), UTC).astimezone(tz)
    head = (moment.strftime("%Y-%m-%d %H:%M:%S.%f"), callid, queue, agent, event)
    row = dict(zip(HEAD, head, strict=True))
    if not split:
        return row | {"data": data}
    fields = data.split("|", 4)
    return row | {name: fields[i] if i < len(fields) else "" for i, name in enumerate(DATA)}


def insert(url: str, table: str, rows: list[dict]) -> None:
    names = list(rows[0])
    run_sql(
        url,
        f"INSERT INTO {table} ({', '.join(names)}) "
        f"VALUES ({', '.join(':' + name for name in names)})",
        rows=rows,
    )


@pytest.fixture(params=["mariadb", "postgresql"])
def database(request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    """(url, table name) of an empty place for a queue_log table on each server."""
    if request.param == "mariadb":
        yield request.getfixturevalue("mariadb_url"), request.getfixturevalue("mariadb_table")
    else:
        yield request.getfixturevalue("postgres_url"), "queue_log"


def good_lines(path: Path) -> list[str]:
    bad = {line.line_no for batch in read_queue_log(path) for line in batch.bad_lines}
    return [line for n, line in enumerate(path.read_text().splitlines(), 1) if n not in bad]


@pytest.mark.parametrize("generation", ["1.8", "16", "22"])
def test_the_table_gives_the_events_the_file_gives(
    database: tuple[str, str], data_dir: Path, generation: str, tmp_path: Path
):
    url, table = database
    lines = good_lines(data_dir / f"queue_log-{generation}")
    create_table(url, table)
    insert(url, table, [as_row(line, TEHRAN) for line in lines])
    (tmp_path / "queue_log").write_text("\n".join(lines) + "\n")
    from_file, _, _ = read_all(read_queue_log(tmp_path / "queue_log"))
    from_table, bad, rows = read_all(read_queue_log_table(url, table=table, batch_rows=7))
    assert (bad, rows) == ([], len(lines))
    assert from_table.drop("event_id").equals(from_file.drop("event_id"))
    assert from_table["event_id"].n_unique() == from_table.height


def test_the_single_data_column_of_non_adaptive_realtime(postgres_url: str, data_dir: Path):
    lines = good_lines(data_dir / "queue_log-16")
    create_table(postgres_url, "queue_log", ("data",))
    insert(postgres_url, "queue_log", [as_row(line, TEHRAN, split=False) for line in lines])
    events, bad, _ = read_all(read_queue_log_table(postgres_url))
    from_file, _, _ = read_all(read_queue_log(data_dir / "queue_log-16"))
    assert bad == []
    assert events.drop("event_id").equals(from_file.drop("event_id"))


def test_times_written_in_gmt_are_read_with_tz_utc(database: tuple[str, str]):
    url, table = database
    line = "1735707660|1735707660.3|support|NONE|ENTERQUEUE||09121110001|1"
    create_table(url, table)
    insert(url, table, [as_row(line, ZoneInfo("UTC"))])
    events, _, _ = read_all(read_queue_log_table(url, table=table, tz="UTC"))
    assert events["ts"].to_list() == [datetime(2025, 1, 1, 5, 1, tzinfo=UTC)]


def test_bad_rows_are_named_by_row_number(database: tuple[str, str]):
    url, table = database
    create_table(url, table)
    rows = [
        as_row("1735707660|1735707660.3|support|NONE|ENTERQUEUE||0912|1", TEHRAN),
        as_row("1735707700|1735707660.3|support|NONE|ABANDON|1|1", TEHRAN),
        as_row("1735707700|1735707660.3|support|NONE|ABANDON|1|1|x", TEHRAN),
    ]
    insert(url, table, rows)
    _, bad, _ = read_all(read_queue_log_table(url, table=table))
    assert [(line.line_no, line.problem) for line in bad] == [
        (2, "ABANDON needs at least 3 data fields (position|origposition|waittime), found 2"),
        (3, "ABANDON waittime 'x' is not a whole number"),
    ]
    assert bad[0].text == "2025-01-01 08:31:40.000000|1735707660.3|support|NONE|ABANDON|1|1|||"


def test_identical_rows_are_kept_and_ids_are_stable(database: tuple[str, str]):
    url, table = database
    create_table(url, table)
    row = as_row("1735708810|NONE|support|Ali Rezaei|PAUSE|lunch", TEHRAN)
    insert(url, table, [row, row])
    first, _, _ = read_all(read_queue_log_table(url, table=table, batch_rows=1))
    again, _, _ = read_all(read_queue_log_table(url, table=table))
    assert first.height == 2
    assert first["event_id"].n_unique() == 2
    assert first.equals(again)


def test_a_missing_table_is_an_input_error(database: tuple[str, str]):
    url, table = database
    with pytest.raises(InputError, match=f"table {table}: no such table"):
        list(read_queue_log_table(url, table=table))


def test_an_empty_table_is_an_input_error(database: tuple[str, str]):
    url, table = database
    create_table(url, table)
    with pytest.raises(InputError, match="no queue_log line: the table is empty"):
        list(read_queue_log_table(url, table=table))


def test_a_table_that_is_not_a_queue_log_is_an_input_error(postgres_url: str):
    run_sql(postgres_url, "CREATE TABLE queue_log (id SERIAL, callid TEXT)")
    with pytest.raises(InputError, match="not a queue_log table: no column time"):
        list(read_queue_log_table(postgres_url))


def test_an_unreachable_server_is_an_input_error():
    url = "postgresql://postgres@127.0.0.1:1/asterisk"
    with pytest.raises(InputError, match=re.escape("127.0.0.1:1/asterisk table queue_log")):
        list(read_queue_log_table(url))


def test_an_unknown_time_zone_is_an_input_error(postgres_url: str):
    with pytest.raises(InputError, match="unknown time zone 'Asia/Nowhere'"):
        list(read_queue_log_table(postgres_url, tz="Asia/Nowhere"))


def test_a_time_kept_as_text(postgres_url: str):
    run_sql(
        postgres_url,
        "CREATE TABLE queue_log (time VARCHAR(26), callid TEXT, queuename TEXT, agent TEXT, "
        "event TEXT, data TEXT)",
    )
    line = "1735707660|1735707660.3|support|NONE|ENTERQUEUE||09121110001|1"
    bad = "1735707660|1735707660.4|support|NONE|ENTERQUEUE||09121110002|1"
    insert(
        postgres_url,
        "queue_log",
        [as_row(line, TEHRAN, split=False), as_row(bad, TEHRAN, split=False) | {"time": "x"}],
    )
    events, bad_rows, _ = read_all(read_queue_log_table(postgres_url))
    assert events["ts"].to_list() == [datetime(2025, 1, 1, 5, 1, tzinfo=UTC)]
    assert [(row.line_no, row.problem) for row in bad_rows] == [
        (2, "time 'x' is not a date and time")
    ]
