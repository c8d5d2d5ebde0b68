"""Reading a queue_log file: bad lines, bad files, ids, batches, encodings."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tamas.connectors.asterisk import BadLine, read_queue_log
from tamas.connectors.asterisk import lines as line_reader
from tamas.errors import InputError
from tamas.events import EVENT_SCHEMA, stable_event_id

from .conftest import read_all

ENTER = "1735707660|1735707660.3|support|NONE|ENTERQUEUE||09121110001|1"
CONNECT = "1735707672|1735707660.3|support|Ali|CONNECT|12|1735707666.4|6"


def write(tmp_path: Path, text: str | bytes, name: str = "queue_log") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    return path


def test_bad_lines_are_skipped_and_named_with_their_line_numbers(data_dir: Path):
    events, bad, lines_read = read_all(read_queue_log(data_dir / "queue_log-1.8"))
    assert lines_read == 54
    assert events.height == 50
    assert bad == [
        BadLine(
            21,
            "this is not a queue_log line",
            "not a queue_log line: expected time|callid|queuename|agent|event|data",
        ),
        BadLine(
            31,
            "1735708890|1735708890.25|support|NONE|ABANDON|1|1",
            "ABANDON needs at least 3 data fields (position|origposition|waittime), found 2",
        ),
        BadLine(
            36,
            "17357O9890|1735708890.26|support|NONE|ENTERQUEUE||09121110013|1",
            "time '17357O9890' is not a Unix time in whole seconds",
        ),
        BadLine(
            54,
            "1735708900|1735708900.27|support|Ali Rezaei|CONNECT|abc|1735708900.28|2",
            "CONNECT holdtime 'abc' is not a whole number",
        ),
    ]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("1735707660|1.1|q|NONE||x", "missing event name"),
        ("1735707660|1.1|q|NONE", "not a queue_log line"),
        ("99999999999999|1.1|q|NONE|ENTERQUEUE||0912|1", "is not a Unix time"),
        ("-5|1.1|q|NONE|ENTERQUEUE||0912|1", "is not a Unix time"),
        ("1735707660|1.1|q|NONE|ENTERQUEUE|", "ENTERQUEUE needs at least 2 data fields"),
        ("1735707660|1.1|q|a|COMPLETEAGENT|5", "COMPLETEAGENT needs at least 2 data fields"),
        ("1735707660|1.1|q|a|COMPLETEAGENT|5|x|1", "COMPLETEAGENT calltime 'x'"),
        ("1735707660|1.1|q|a|ATTENDEDTRANSFER|APP|5|6", "ATTENDEDTRANSFER needs at least 4"),
        ("1735707660|1.1|q|a|ATTENDEDTRANSFER|APP|Dial|5|6|x", "origposition 'x'"),
        ("1735707660|1.1|q|a|RINGNOANSWER|", "RINGNOANSWER ringtime_ms '' is not a whole"),
        ("1735707660|1.1|q|a|RINGNOANSWER|1.5", "RINGNOANSWER ringtime_ms '1.5'"),
        ("1735707660|1.1|q|NONE|EXITWITHKEY|5|1|1", "EXITWITHKEY needs at least 4"),
        ("1735707660|1.1|q|NONE|WITHDRAW|1|1|zz|info", "WITHDRAW waittime 'zz'"),
        ("1735707660|1.1|NONE|1001|AGENTLOGOFF|SIP/1-1|long", "AGENTLOGOFF logintime 'long'"),
    ],
)
def test_each_kind_of_bad_line_says_what_is_wrong(tmp_path: Path, line: str, problem: str):
    path = write(tmp_path, f"{ENTER}\n{line}\n")
    events, bad, _ = read_all(read_queue_log(path))
    assert events.height == 1
    assert len(bad) == 1
    assert bad[0].line_no == 2
    assert bad[0].text == line
    assert problem in bad[0].problem


def test_a_missing_file_is_an_input_error_naming_it(tmp_path: Path):
    path = tmp_path / "nowhere" / "queue_log"
    with pytest.raises(InputError, match=re.escape(f"{path}: cannot read the file: No such")):
        list(read_queue_log(path))


def test_a_directory_is_an_input_error(tmp_path: Path):
    with pytest.raises(InputError, match=f"{tmp_path}: cannot read the file"):
        list(read_queue_log(tmp_path))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", ": no queue_log line: the file is empty"),
        ("\n   \n\n", ": no queue_log line: the file has only blank lines"),
        ("hello\nworld\n", ":1: no valid queue_log line in the file; the first one: not a"),
    ],
)
def test_a_file_without_a_valid_line_is_an_input_error(tmp_path: Path, text: str, message: str):
    path = write(tmp_path, text)
    with pytest.raises(InputError, match=re.escape(f"{path}{message}")):
        list(read_queue_log(path))


def test_blank_lines_and_windows_line_ends_are_read(tmp_path: Path):
    path = write(tmp_path, f"\r\n{ENTER}\r\n\r\n{CONNECT}".encode())
    events, bad, lines_read = read_all(read_queue_log(path))
    assert (events.height, bad, lines_read) == (2, [], 4)
    assert events["event_id"].to_list() == [
        stable_event_id("asterisk.queue_log", ENTER, 0),
        stable_event_id("asterisk.queue_log", CONNECT, 0),
    ]


def test_bytes_that_are_not_utf8_are_replaced(tmp_path: Path):
    line = "1735707660|1.1|support|Ali\xff|PAUSE|n\xe4har"
    path = write(tmp_path, f"{ENTER}\n".encode() + line.encode("latin-1") + b"\n")
    events, bad, _ = read_all(read_queue_log(path))
    assert bad == []
    assert events["agent"][1] == "Ali\ufffd"
    assert events["reason"][1] == "n\ufffdhar"


def test_persian_text_is_kept(tmp_path: Path):
    path = write(tmp_path, f"{ENTER}\n1735707661|NONE|پشتیبانی|علی رضایی|PAUSE|ناهار\n")
    events, _, _ = read_all(read_queue_log(path))
    assert events.row(1, named=True)["queue"] == "پشتیبانی"
    assert events.row(1, named=True)["reason"] == "ناهار"


def test_events_have_the_event_schema(data_dir: Path):
    for batch in read_queue_log(data_dir / "queue_log-22"):
        assert batch.events.schema == pl.Schema(EVENT_SCHEMA)


def test_event_ids_are_the_python_function_of_line_and_occurrence(data_dir: Path):
    path = data_dir / "queue_log-16"
    events, bad, _ = read_all(read_queue_log(path))
    bad_numbers = {line.line_no for line in bad}
    lines = path.read_text().splitlines()
    expected = [
        stable_event_id("asterisk.queue_log", line, 0)
        for number, line in enumerate(lines, start=1)
        if number not in bad_numbers
    ]
    assert events["event_id"].to_list() == expected


def test_identical_lines_are_kept_with_their_occurrence_in_the_id(tmp_path: Path):
    pause = "1735708810|NONE|support|Ali Rezaei|PAUSE|lunch"
    path = write(tmp_path, f"{pause}\n{ENTER}\n{pause}\n{pause}\n")
    for batch_lines in (1, 2, 100):
        events, _, _ = read_all(read_queue_log(path, batch_lines=batch_lines))
        assert events["event_id"].to_list() == [
            stable_event_id("asterisk.queue_log", pause, 0),
            stable_event_id("asterisk.queue_log", ENTER, 0),
            stable_event_id("asterisk.queue_log", pause, 1),
            stable_event_id("asterisk.queue_log", pause, 2),
        ]


def test_reading_again_gives_the_same_events(data_dir: Path):
    path = data_dir / "queue_log-20"
    first, _, _ = read_all(read_queue_log(path))
    second, _, _ = read_all(read_queue_log(path))
    assert first.equals(second)


def test_without_event_ids_the_id_column_is_null(data_dir: Path):
    path = data_dir / "queue_log-20"
    with_ids, bad, _ = read_all(read_queue_log(path))
    without, bad_without, _ = read_all(read_queue_log(path, event_ids=False))
    assert without["event_id"].null_count() == without.height
    assert without.drop("event_id").equals(with_ids.drop("event_id"))
    assert bad_without == bad


@pytest.mark.parametrize("generation", ["1.8", "22"])
def test_only_the_columns_asked_for_are_made_and_every_line_is_still_checked(
    data_dir: Path, generation: str
):
    path = data_dir / f"queue_log-{generation}"
    whole, bad, lines_read = read_all(read_queue_log(path, event_ids=False))
    asked = ["ts", "type", "contact_id", "queue", "agent", "caller", "wait_s", "talk_s"]
    some, some_bad, some_read = read_all(read_queue_log(path, event_ids=False, columns=asked))
    assert some.schema == whole.schema
    assert some.select(asked).equals(whole.select(asked))
    others = [name for name in whole.columns if name not in asked]
    assert some.select(others).null_count().sum_horizontal().item() == some.height * len(others)
    assert (some_bad, some_read) == (bad, lines_read)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(batch_lines=st.integers(min_value=1, max_value=70), block=st.integers(16, 400))
def test_any_split_into_batches_and_blocks_gives_the_same_events(
    data_dir: Path, batch_lines: int, block: int, monkeypatch: pytest.MonkeyPatch
):
    path = data_dir / "queue_log-13"
    whole, whole_bad, whole_read = read_all(read_queue_log(path))
    monkeypatch.setattr(line_reader, "BLOCK_BYTES", block)
    batches = list(read_queue_log(path, batch_lines=batch_lines))
    assert all(batch.lines_read <= batch_lines for batch in batches)
    events, bad, lines_read = read_all(batches)
    assert events.equals(whole)
    assert (bad, lines_read) == (whole_bad, whole_read)


def test_batch_lines_must_be_positive(data_dir: Path):
    with pytest.raises(ValueError, match="batch_lines"):
        list(read_queue_log(data_dir / "queue_log-13", batch_lines=0))
