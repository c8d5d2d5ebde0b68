"""CDR Master.csv of each cdr_csv column layout, onto events."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tamas.connectors.asterisk import BadLine, read_cdr
from tamas.errors import InputError
from tamas.events import stable_event_id

from .conftest import read_all

BASE = (
    '"","09121110001","200","from-trunk","""Hossein"" <09121110001>","SIP/trunk-01",'
    '"SIP/103-02","Queue","support","2025-01-01 08:31:00","2025-01-01 08:31:12",'
    '"2025-01-01 08:34:12",192,180,"ANSWERED","DOCUMENTATION"'
)


def write(tmp_path: Path, *records: str) -> Path:
    path = tmp_path / "Master.csv"
    path.write_text("".join(f"{record}\n" for record in records))
    return path


def rows(path: Path, **options) -> list[dict]:
    events, _, _ = read_all(read_cdr(path, **options))
    return events.to_dicts()


def test_a_base_record_answered(data_dir: Path):
    events, bad, lines_read = read_all(read_cdr(data_dir / "cdr-1.8-Master.csv"))
    assert lines_read == 6
    assert events["type"].to_list() == [
        "contact.arrived",
        "contact.answered",
        "contact.ended",
        "contact.arrived",
        "other",
        "contact.arrived",
        "other",
        "contact.arrived",
        "other",
        "contact.arrived",
        "contact.answered",
        "contact.ended",
    ]
    arrived, answered, ended = events.head(3).to_dicts()
    contact = "SIP/trunk-00000001@2025-01-01 08:31:00"
    assert arrived["contact_id"] == answered["contact_id"] == ended["contact_id"] == contact
    assert arrived["ts"] == datetime(2025, 1, 1, 5, 1, tzinfo=UTC)
    assert arrived["caller"] == "09121110001"
    assert json.loads(arrived["attrs"]) == {
        "amaflags": "DOCUMENTATION",
        "channel": "SIP/trunk-00000001",
        "clid": '"Hossein Moradi" <09121110001>',
        "dcontext": "from-trunk",
        "dst": "200",
        "dstchannel": "SIP/103-00000002",
        "lastapp": "Queue",
        "lastdata": "support,t,,,60",
    }
    assert (answered["ts"], answered["wait_s"]) == (datetime(2025, 1, 1, 5, 1, 12, tzinfo=UTC), 12)
    assert (ended["ts"], ended["talk_s"]) == (datetime(2025, 1, 1, 5, 4, 12, tzinfo=UTC), 180)
    assert events.filter(events["type"] == "other")["reason"].to_list() == [
        "NO ANSWER",
        "BUSY",
        "FAILED",
    ]
    assert bad == [
        BadLine(
            6,
            '"","09121110009","200","from-trunk","<09121110009>","SIP/trunk-0000000a","",'
            '"Queue","support","2025-01-01 08:43:20"',
            "expected 16 to 21 cdr_csv fields, found 10",
        )
    ]


def test_uniqueid_and_userfield(data_dir: Path):
    events, bad, _ = read_all(read_cdr(data_dir / "cdr-11-Master.csv"))
    arrived = events.filter(events["type"] == "contact.arrived")
    assert arrived["contact_id"].to_list() == [
        "1735707660.3",
        "1735707800.7",
        "1735708200.30",
        "1735708128.31",
        "1735708400.14",
    ]
    assert [json.loads(a).get("userfield") for a in arrived["attrs"]] == [
        None,
        "vip",
        None,
        "transferred",
        None,
    ]
    unanswered = events.filter(events["type"] == "other")
    assert unanswered["reason"].to_list() == ["NO ANSWER", "BUSY", "CONGESTION"]
    assert json.loads(unanswered["attrs"][0]) == {"duration_s": 3}
    assert [(line.line_no, line.problem) for line in bad] == [
        (6, "duration 'nine' is not a whole number")
    ]


def test_newcdrcolumns(data_dir: Path):
    events, bad, _ = read_all(read_cdr(data_dir / "cdr-18-Master.csv"))
    assert bad == []
    arrived = events.filter(events["type"] == "contact.arrived").to_dicts()
    attrs = json.loads(arrived[3]["attrs"])
    assert arrived[3]["contact_id"] == "1735708750.21"
    assert (attrs["userfield"], attrs["linkedid"], attrs["sequence"]) == (
        'callback "asked"',
        "1735708750.21",
        "20",
    )
    assert "peeraccount" not in attrs
    assert events.filter(events["type"] == "other")["reason"].to_list() == [
        "NO ANSWER",
        "BUSY",
        "CANCEL",
    ]


@pytest.mark.parametrize(
    ("extra", "uniqueid", "userfield", "linkedid"),
    [
        (',"1735707660.3"', "1735707660.3", None, None),
        (',"pbx1-1735707660.3"', "pbx1-1735707660.3", None, None),
        (',"vip"', None, "vip", None),
        (',"","1735707660.3",7', None, None, "1735707660.3"),
        (',"1735707660.3","","1735707660.1",7', "1735707660.3", None, "1735707660.1"),
        (',"vip","","1735707660.1",7', None, "vip", "1735707660.1"),
        (',"1735707660.3","vip","","1735707660.1",7', "1735707660.3", "vip", "1735707660.1"),
    ],
)
def test_optional_columns_are_placed_by_count_and_shape(
    tmp_path: Path, extra: str, uniqueid: str | None, userfield: str | None, linkedid: str | None
):
    arrived = rows(write(tmp_path, BASE + extra))[0]
    attrs = json.loads(arrived["attrs"])
    assert arrived["contact_id"] == (uniqueid or "SIP/trunk-01@2025-01-01 08:31:00")
    assert attrs.get("userfield") == userfield
    assert attrs.get("linkedid") == linkedid


def test_a_record_over_several_lines_keeps_line_numbers(tmp_path: Path):
    broken = BASE.replace('"support"', '"support\nsecond line"')
    path = write(tmp_path, broken, BASE.replace("ANSWERED", "BUSY"), "nonsense")
    events, bad, lines_read = read_all(read_cdr(path))
    assert lines_read == 4
    assert json.loads(events["attrs"][0])["lastdata"] == "support\nsecond line"
    assert bad == [BadLine(4, "nonsense", "expected 16 to 21 cdr_csv fields, found 1")]


def test_times_in_gmt_with_tz_utc(tmp_path: Path):
    arrived = rows(write(tmp_path, BASE), tz="UTC")[0]
    assert arrived["ts"] == datetime(2025, 1, 1, 8, 31, tzinfo=UTC)


def test_bad_times_and_numbers(tmp_path: Path):
    path = write(
        tmp_path,
        BASE,
        BASE.replace('"2025-01-01 08:31:00"', '"08:31"'),
        BASE.replace('"2025-01-01 08:31:12"', '"soon"'),
        BASE.replace(",192,", ",x,"),
    )
    _, bad, _ = read_all(read_cdr(path, event_ids=False))
    assert [(line.line_no, line.problem) for line in bad] == [
        (2, "start '08:31' is not a local time YYYY-MM-DD HH:MM:SS"),
        (3, "answer 'soon' is not a local time YYYY-MM-DD HH:MM:SS"),
        (4, "duration 'x' is not a whole number"),
    ]


def test_event_ids_are_the_python_function_of_record_occurrence_and_part(tmp_path: Path):
    busy = BASE.replace("ANSWERED", "BUSY")
    path = write(tmp_path, BASE, busy, busy)
    ids = [row["event_id"] for row in rows(path, batch_lines=1)]
    assert ids == [
        stable_event_id("asterisk.cdr", BASE, 0, "arrived"),
        stable_event_id("asterisk.cdr", BASE, 0, "answered"),
        stable_event_id("asterisk.cdr", BASE, 0, "ended"),
        stable_event_id("asterisk.cdr", busy, 0, "arrived"),
        stable_event_id("asterisk.cdr", busy, 0, "other"),
        stable_event_id("asterisk.cdr", busy, 1, "arrived"),
        stable_event_id("asterisk.cdr", busy, 1, "other"),
    ]


def test_batches_give_the_same_events(data_dir: Path):
    path = data_dir / "cdr-18-Master.csv"
    whole, _, _ = read_all(read_cdr(path))
    for batch_lines in (1, 2, 3):
        split, _, lines_read = read_all(read_cdr(path, batch_lines=batch_lines))
        assert split.equals(whole)
        assert lines_read == 5


def test_missing_empty_and_invalid_files_are_input_errors(tmp_path: Path):
    with pytest.raises(InputError, match="cannot read the file"):
        list(read_cdr(tmp_path / "Master.csv"))
    empty = write(tmp_path)
    with pytest.raises(InputError, match=re.escape(f"{empty}: no CDR line: the file is empty")):
        list(read_cdr(empty))
    invalid = write(tmp_path, "a,b,c")
    with pytest.raises(InputError, match=re.escape(f"{invalid}:1: no valid CDR line")):
        list(read_cdr(invalid))
