"""Every queue_log event of every Asterisk generation, mapped with the right fields.

Each expectation is a line as it stands in tests/data/queue_log-<generation>, with the
event it must become (fields not named must be null). The coverage test makes sure every
event name found in a generation's file has an expectation for that generation.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tamas.connectors.asterisk import read_queue_log
from tamas.events import stable_event_id

from .conftest import read_all

GENERATIONS = ["1.8", "11", "13", "16", "18", "20", "22"]
ALL = set(GENERATIONS)
SINCE_13 = {"13", "16", "18", "20", "22"}
SINCE_16 = {"16", "18", "20", "22"}
BEFORE_13 = {"1.8", "11"}
BEFORE_20 = {"1.8", "11", "13", "16", "18"}
SIP_ERA = {"1.8", "11", "13"}

SALES_TRANSFER = {
    "type": "contact.transferred",
    "contact_id": "1735708000.9",
    "queue": "sales",
    "agent": "Sara Ahmadi",
    "target": "300@from-internal",
    "wait_s": 8.0,
    "talk_s": 120.0,
    "original_position": 1,
}

EXPECTED: list[tuple[set[str], str, dict]] = [
    (ALL, "1735707600|NONE|NONE|NONE|QUEUESTART|", {"type": "other", "reason": "QUEUESTART"}),
    (
        ALL,
        "1735708870|NONE|NONE|NONE|CONFIGRELOAD|",
        {"type": "other", "reason": "CONFIGRELOAD"},
    ),
    (
        ALL,
        "1735708880|1735708880.20|NONE|NONE|DID|02188776655",
        {
            "type": "other",
            "reason": "DID",
            "contact_id": "1735708880.20",
            "attrs": {"data": "02188776655"},
        },
    ),
    (
        BEFORE_20,
        "1735707660|1735707660.3|support|NONE|ENTERQUEUE||09121110001|1",
        {
            "type": "contact.queued",
            "contact_id": "1735707660.3",
            "queue": "support",
            "caller": "09121110001",
            "position": 1,
        },
    ),
    (
        {"20", "22"},
        "1735707660|1735707660.3|support|NONE|ENTERQUEUE||09121110001|1|Hossein Moradi",
        {
            "type": "contact.queued",
            "contact_id": "1735707660.3",
            "queue": "support",
            "caller": "09121110001",
            "position": 1,
            "attrs": {"caller_name": "Hossein Moradi"},
        },
    ),
    (
        BEFORE_20,
        "1735708800|1735708800.19|support|NONE|ENTERQUEUE|||1",
        {
            "type": "contact.queued",
            "contact_id": "1735708800.19",
            "queue": "support",
            "position": 1,
        },
    ),
    (
        {"20", "22"},
        "1735708800|1735708800.19|support|NONE|ENTERQUEUE|||1|",
        {
            "type": "contact.queued",
            "contact_id": "1735708800.19",
            "queue": "support",
            "position": 1,
        },
    ),
    (
        ALL,
        "1735707666|1735707660.3|support|Ali Rezaei|RINGNOANSWER|5000",
        {
            "type": "contact.ring_no_answer",
            "contact_id": "1735707660.3",
            "queue": "support",
            "agent": "Ali Rezaei",
            "ring_s": 5.0,
        },
    ),
    (
        SINCE_16,
        "1735707803|1735707800.7|support|Ali Rezaei|RINGCANCELED|2500",
        {
            "type": "contact.ring_canceled",
            "contact_id": "1735707800.7",
            "queue": "support",
            "agent": "Ali Rezaei",
            "ring_s": 2.5,
        },
    ),
    (
        ALL,
        "1735707672|1735707660.3|support|Reza Karimi|CONNECT|12|1735707666.4|6",
        {
            "type": "contact.answered",
            "contact_id": "1735707660.3",
            "queue": "support",
            "agent": "Reza Karimi",
            "wait_s": 12.0,
            "ring_s": 6.0,
            "attrs": {"bridged_uniqueid": "1735707666.4"},
        },
    ),
    (
        ALL,
        "1735707852|1735707660.3|support|Reza Karimi|COMPLETECALLER|12|180|1",
        {
            "type": "contact.ended",
            "contact_id": "1735707660.3",
            "queue": "support",
            "agent": "Reza Karimi",
            "wait_s": 12.0,
            "talk_s": 180.0,
            "original_position": 1,
            "reason": "caller",
        },
    ),
    (
        ALL,
        "1735708035|1735707700.5|support|Ali Rezaei|COMPLETEAGENT|35|300|2",
        {
            "type": "contact.ended",
            "contact_id": "1735707700.5",
            "queue": "support",
            "agent": "Ali Rezaei",
            "wait_s": 35.0,
            "talk_s": 300.0,
            "original_position": 2,
            "reason": "agent",
        },
    ),
    (
        BEFORE_13,
        "1735708128|1735708000.9|sales|Sara Ahmadi|TRANSFER|300|from-internal|8|120|1",
        {**SALES_TRANSFER, "reason": "transfer"},
    ),
    (
        SINCE_13,
        "1735708128|1735708000.9|sales|Sara Ahmadi|BLINDTRANSFER|300|from-internal|8|120|1",
        {**SALES_TRANSFER, "reason": "blind"},
    ),
    (
        {"13"},
        "1735708858|1735708750.21|support|Ali Rezaei|ATTENDEDTRANSFER|BRIDGE|"
        "5f8ab6c2-3e1d-4c55-9d0e-0b6f0d8f2a11|18|90|1",
        {
            "type": "contact.transferred",
            "contact_id": "1735708750.21",
            "queue": "support",
            "agent": "Ali Rezaei",
            "target": "5f8ab6c2-3e1d-4c55-9d0e-0b6f0d8f2a11",
            "wait_s": 18.0,
            "talk_s": 90.0,
            "original_position": 1,
            "reason": "attended",
            "attrs": {"method": "BRIDGE"},
        },
    ),
    (
        SINCE_16,
        "1735708858|1735708750.21|support|Ali Rezaei|ATTENDEDTRANSFER|LINK|"
        "Local/300@from-internal-00000004;1|Local/300@from-internal-00000004;2|18|90|1",
        {
            "type": "contact.transferred",
            "contact_id": "1735708750.21",
            "queue": "support",
            "agent": "Ali Rezaei",
            "target": "Local/300@from-internal-00000004;1|Local/300@from-internal-00000004;2",
            "wait_s": 18.0,
            "talk_s": 90.0,
            "original_position": 1,
            "reason": "attended",
            "attrs": {"method": "LINK"},
        },
    ),
    (
        ALL,
        "1735707945|1735707900.8|support|NONE|ABANDON|1|1|45",
        {
            "type": "contact.abandoned",
            "contact_id": "1735707900.8",
            "queue": "support",
            "position": 1,
            "original_position": 1,
            "wait_s": 45.0,
        },
    ),
    (
        ALL,
        "1735708609|1735708600.17|sales|Sara Ahmadi|AGENTDUMP|",
        {
            "type": "other",
            "reason": "AGENTDUMP",
            "contact_id": "1735708600.17",
            "queue": "sales",
            "agent": "Sara Ahmadi",
        },
    ),
    (
        ALL,
        "1735708702|1735708700.18|sales|Sara Ahmadi|SYSCOMPAT|",
        {
            "type": "other",
            "reason": "SYSCOMPAT",
            "contact_id": "1735708700.18",
            "queue": "sales",
            "agent": "Sara Ahmadi",
        },
    ),
    (
        ALL,
        "1735708160|1735708100.11|sales|NONE|EXITWITHTIMEOUT|1|1|60",
        {
            "type": "contact.exited",
            "contact_id": "1735708100.11",
            "queue": "sales",
            "position": 1,
            "original_position": 1,
            "wait_s": 60.0,
            "reason": "timeout",
        },
    ),
    (
        {"1.8"},
        "1735708230|1735708200.12|sales|NONE|EXITWITHTIMEOUT|1",
        {
            "type": "contact.exited",
            "contact_id": "1735708200.12",
            "queue": "sales",
            "position": 1,
            "reason": "timeout",
        },
    ),
    (
        ALL,
        "1735708310|1735708300.13|sales|NONE|EXITWITHKEY|5|1|1|10",
        {
            "type": "contact.exited",
            "contact_id": "1735708300.13",
            "queue": "sales",
            "position": 1,
            "original_position": 1,
            "wait_s": 10.0,
            "reason": "key",
            "attrs": {"key": "5"},
        },
    ),
    (
        ALL,
        "1735708400|1735708400.14|support|NONE|EXITEMPTY|1|1|0",
        {
            "type": "contact.exited",
            "contact_id": "1735708400.14",
            "queue": "support",
            "position": 1,
            "original_position": 1,
            "wait_s": 0.0,
            "reason": "empty",
        },
    ),
    (
        SINCE_16,
        "1735708785|1735708760.23|sales|NONE|WITHDRAW|1|1|25|moved to callback",
        {
            "type": "contact.exited",
            "contact_id": "1735708760.23",
            "queue": "sales",
            "position": 1,
            "original_position": 1,
            "wait_s": 25.0,
            "reason": "withdraw",
            "attrs": {"withdraw_info": "moved to callback"},
        },
    ),
    (
        SIP_ERA,
        "1735707601|REALTIME|support|SIP/101|ADDMEMBER|",
        {
            "type": "agent.logged_in",
            "queue": "support",
            "agent": "SIP/101",
            "attrs": {"callid": "REALTIME"},
        },
    ),
    (
        SINCE_16,
        "1735707602|MANAGER|sales|PJSIP/102|ADDMEMBER|PAUSED",
        {
            "type": "agent.logged_in",
            "queue": "sales",
            "agent": "PJSIP/102",
            "attrs": {"callid": "MANAGER", "paused": True},
        },
    ),
    (
        SIP_ERA,
        "1735707603|1735707603.1|support|SIP/103|ADDMEMBER|",
        {
            "type": "agent.logged_in",
            "queue": "support",
            "agent": "SIP/103",
            "attrs": {"callid": "1735707603.1"},
        },
    ),
    (
        SIP_ERA,
        "1735708860|CLI|support|SIP/103|REMOVEMEMBER|",
        {
            "type": "agent.logged_out",
            "queue": "support",
            "agent": "SIP/103",
            "attrs": {"callid": "CLI"},
        },
    ),
    (
        SINCE_16,
        "1735708860|CLI|support|PJSIP/103|REMOVEMEMBER|",
        {
            "type": "agent.logged_out",
            "queue": "support",
            "agent": "PJSIP/103",
            "attrs": {"callid": "CLI"},
        },
    ),
    (
        BEFORE_13,
        "1735707605|1735707605.2|NONE|Agent/1001|AGENTLOGIN|SIP/104-00000001",
        {
            "type": "agent.logged_in",
            "agent": "Agent/1001",
            "attrs": {"callid": "1735707605.2", "channel": "SIP/104-00000001"},
        },
    ),
    (
        SINCE_16,
        "1735707605|1735707605.2|NONE|1001|AGENTLOGIN|PJSIP/104-00000001",
        {
            "type": "agent.logged_in",
            "agent": "1001",
            "attrs": {"callid": "1735707605.2", "channel": "PJSIP/104-00000001"},
        },
    ),
    (
        {"13"},
        "1735707605|1735707605.2|NONE|1001|AGENTLOGIN|SIP/104-00000001",
        {
            "type": "agent.logged_in",
            "agent": "1001",
            "attrs": {"callid": "1735707605.2", "channel": "SIP/104-00000001"},
        },
    ),
    (
        SINCE_16,
        "1735708850|1735707605.2|NONE|1001|AGENTLOGOFF|PJSIP/104-00000001|1245",
        {
            "type": "agent.logged_out",
            "agent": "1001",
            "attrs": {
                "callid": "1735707605.2",
                "channel": "PJSIP/104-00000001",
                "logged_in_s": 1245,
            },
        },
    ),
    (
        {"13"},
        "1735708850|1735707605.2|NONE|1001|AGENTLOGOFF|SIP/104-00000001|1245",
        {
            "type": "agent.logged_out",
            "agent": "1001",
            "attrs": {"callid": "1735707605.2", "channel": "SIP/104-00000001", "logged_in_s": 1245},
        },
    ),
    (
        BEFORE_13,
        "1735708850|1735707605.2|NONE|Agent/1001|AGENTLOGOFF|SIP/104-00000001|1245",
        {
            "type": "agent.logged_out",
            "agent": "Agent/1001",
            "attrs": {"callid": "1735707605.2", "channel": "SIP/104-00000001", "logged_in_s": 1245},
        },
    ),
    (
        ALL,
        "1735708810|NONE|support|Ali Rezaei|PAUSE|lunch",
        {"type": "agent.paused", "queue": "support", "agent": "Ali Rezaei", "reason": "lunch"},
    ),
    (
        ALL,
        "1735708830|NONE|sales|Sara Ahmadi|UNPAUSE|",
        {"type": "agent.ready", "queue": "sales", "agent": "Sara Ahmadi"},
    ),
    (
        {"20", "22"},
        "1735708835|NONE|support|Ali Rezaei|UNPAUSE|Auto-Unpause",
        {
            "type": "agent.ready",
            "queue": "support",
            "agent": "Ali Rezaei",
            "reason": "Auto-Unpause",
        },
    ),
    (
        BEFORE_13,
        "1735708820|NONE|NONE|SIP/102|PAUSEALL|",
        {"type": "agent.paused", "agent": "SIP/102"},
    ),
    (
        {"13"},
        "1735708820|NONE|NONE|Sara Ahmadi|PAUSEALL|",
        {"type": "agent.paused", "agent": "Sara Ahmadi"},
    ),
    (
        SINCE_16,
        "1735708820|NONE|NONE|Sara Ahmadi|PAUSEALL|meeting",
        {"type": "agent.paused", "agent": "Sara Ahmadi", "reason": "meeting"},
    ),
    (
        SINCE_13,
        "1735708830|NONE|NONE|Sara Ahmadi|UNPAUSEALL|",
        {"type": "agent.ready", "agent": "Sara Ahmadi"},
    ),
    (
        BEFORE_13,
        "1735708830|NONE|NONE|SIP/102|UNPAUSEALL|",
        {"type": "agent.ready", "agent": "SIP/102"},
    ),
    (
        SIP_ERA,
        "1735708840|NONE|support|SIP/101|PENALTY|2",
        {
            "type": "other",
            "reason": "PENALTY",
            "queue": "support",
            "agent": "SIP/101",
            "attrs": {"data": "2"},
        },
    ),
    (
        SINCE_16,
        "1735708840|NONE|support|PJSIP/101|PENALTY|2",
        {
            "type": "other",
            "reason": "PENALTY",
            "queue": "support",
            "agent": "PJSIP/101",
            "attrs": {"data": "2"},
        },
    ),
    (
        {"11", "13"},
        "1735708845|NONE|support|SIP/101|RINGINUSE|0",
        {
            "type": "other",
            "reason": "RINGINUSE",
            "queue": "support",
            "agent": "SIP/101",
            "attrs": {"data": "0"},
        },
    ),
    (
        SINCE_16,
        "1735708845|NONE|support|PJSIP/101|RINGINUSE|0",
        {
            "type": "other",
            "reason": "RINGINUSE",
            "queue": "support",
            "agent": "PJSIP/101",
            "attrs": {"data": "0"},
        },
    ),
    (
        SINCE_16,
        "1735708885|1735708885.24|sales|Sara Ahmadi|OUTCALL|ANSWER|42|campaign-7",
        {
            "type": "other",
            "reason": "OUTCALL",
            "contact_id": "1735708885.24",
            "queue": "sales",
            "agent": "Sara Ahmadi",
            "attrs": {"data": "ANSWER|42|campaign-7"},
        },
    ),
]

FIELDS = [
    "type",
    "contact_id",
    "queue",
    "agent",
    "caller",
    "wait_s",
    "talk_s",
    "ring_s",
    "position",
    "original_position",
    "reason",
    "target",
    "attrs",
]


def _file(generation: str, data_dir: Path) -> Path:
    return data_dir / f"queue_log-{generation}"


def _cases():
    for generations, line, expected in EXPECTED:
        for generation in sorted(generations):
            yield pytest.param(generation, line, expected, id=f"{generation}:{line[11:60]}")


@pytest.mark.parametrize(("generation", "line", "expected"), list(_cases()))
def test_line_becomes_its_event(generation: str, line: str, expected: dict, data_dir: Path):
    path = _file(generation, data_dir)
    lines = path.read_text().splitlines()
    assert line in lines, f"the {generation} file should have this line"
    events, _, _ = read_all(read_queue_log(path))
    event = events.filter(events["event_id"] == stable_event_id("asterisk.queue_log", line, 0))
    assert event.height == 1
    row = event.row(0, named=True)
    got = {name: row[name] for name in FIELDS}
    got["attrs"] = json.loads(row["attrs"]) if row["attrs"] else None
    want = {name: expected.get(name) for name in FIELDS}
    assert got == want
    assert row["ts"] == datetime.fromtimestamp(int(line.split("|", 1)[0]), UTC)
    assert (row["source"], row["channel"], row["version"]) == ("asterisk.queue_log", "voice", 1)


@pytest.mark.parametrize("generation", GENERATIONS)
def test_every_event_name_of_a_generation_has_an_expectation(generation: str, data_dir: Path):
    names = set()
    for line in _file(generation, data_dir).read_text().splitlines():
        parts = line.split("|")
        if len(parts) > 4 and parts[0].isdigit() and parts[4]:
            names.add(parts[4])
    covered = {line.split("|")[4] for gens, line, _ in EXPECTED if generation in gens}
    assert names <= covered, f"no expectation for {sorted(names - covered)} in {generation}"
