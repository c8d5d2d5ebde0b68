"""The wallboard over HTTP: the live queue and today's figures (the KPI engine's, the
same as `GET /kpi`), targets and the alerts they raise, a supervisor's actions on its
agents (audited, scoped to its teams), messages on the agent's stream, and snapshots
pushed on the wallboard's stream when the center changes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest

from tamas.api import API_PREFIX
from tamas.events import Event, EventType, events_to_frame
from tamas.store import SqlEventLog, open_database
from tests.api.conftest import Api
from tests.api.streams import Stream
from tests.today import earlier_today

BOARD = f"{API_PREFIX}/wallboard"
QUEUE = "sales"
"""The queue of this module: agent1 (supervisor1's team) and agent2 serve it."""
SLOW_WAIT_S = 45.0


def _append(url: str, events: list[Event]) -> None:
    engine = open_database(url)
    try:
        SqlEventLog(engine).append(events_to_frame(events))
    finally:
        engine.dispose()


def _slow_call(contact_id: str, at: datetime) -> list[Event]:
    """A sales call answered by agent2 after 45 s of waiting, talked for 100 s."""
    call = {"source": "test", "contact_id": contact_id, "queue": QUEUE}
    answered = at + timedelta(seconds=SLOW_WAIT_S)
    return [
        Event(f"{contact_id}-q", at, EventType.CONTACT_QUEUED, caller="09120000000", **call),
        Event(
            f"{contact_id}-a",
            answered,
            EventType.CONTACT_ANSWERED,
            agent="agent2",
            wait_s=SLOW_WAIT_S,
            **call,
        ),
        Event(
            f"{contact_id}-e",
            answered + timedelta(seconds=100),
            EventType.CONTACT_ENDED,
            agent="agent2",
            wait_s=SLOW_WAIT_S,
            talk_s=100.0,
            reason="agent",
            **call,
        ),
    ]


def _serve(api: Api, queue: str, title: str = "") -> str:
    """A new queue that agent1 (supervisor1's team) and agent2 serve, and only it."""
    api.ok("admin", "POST", f"{API_PREFIX}/skills", json={"name": queue})
    api.ok("admin", "POST", f"{API_PREFIX}/queues", json={"name": queue, "title": title})
    for username in ("agent1", "agent2"):
        api.ok(
            "admin",
            "PATCH",
            f"{API_PREFIX}/users/{api.ids[username]}",
            json={"skills": {queue: 5}},
        )
    return queue


@pytest.fixture(scope="module")
def sales(api: Api) -> str:
    """The queue sales, with a call answered by agent2 after a long wait five minutes ago."""
    _serve(api, QUEUE, "Sales")
    _append(api.url, _slow_call("sales-earlier", earlier_today(timedelta(minutes=5))))
    return QUEUE


@pytest.fixture
def floor(api: Api, sales: str, request: pytest.FixtureRequest) -> Iterator[str]:
    """A queue of the test's own, with agent1 and agent2 logged out afterwards."""
    yield _serve(api, f"q-{request.node.name[5:40]}".replace("_", "-"))
    for username in ("agent1", "agent2"):
        api.ok(username, "POST", f"{API_PREFIX}/agents/me/state", json={"state": "logged_out"})


def _queue(board: dict, name: str) -> dict:
    return next(queue for queue in board["queues"] if queue["queue"] == name)


def test_the_board_shows_the_live_queue_and_todays_kpis(api: Api, floor: str) -> None:
    api.ok("agent2", "POST", f"{API_PREFIX}/agents/me/state", json={"state": "ready"})
    api.ok(
        "agent1",
        "POST",
        f"{API_PREFIX}/agents/me/state",
        json={"state": "paused", "reason": "lunch"},
    )
    assert _queue(api.ok("manager1", "GET", BOARD), floor)["today"]["offered"] == 0
    for _ in range(3):
        api.ok("admin", "POST", f"{API_PREFIX}/contacts", json={"queue": floor})

    board = api.ok("manager1", "GET", BOARD)
    sales = _queue(board, floor)
    assert sales["title"] == floor
    assert sales["waiting"] == 2, "one of three rings at agent2, two wait"
    assert sales["longest_wait_s"] >= 0 and sales["oldest_queued_at"] is not None
    assert sales["agents"] == {"ready": 0, "reserved": 1, "busy": 0, "wrap_up": 0, "paused": 1}
    assert sales["paused"] == {"lunch": 1}
    assert sales["today"]["offered"] == 3

    midnight = datetime.fromisoformat(board["day_start"])
    kpi = api.ok("manager1", "GET", f"{API_PREFIX}/kpi", params={"from": midnight.isoformat()})
    row = next(row for row in kpi["by_queue"] if row["queue"] == floor)
    assert sales["today"] == {name: row[name] for name in sales["today"]}
    agents = {row["agent"]: row for row in board["agents"]}
    assert agents["agent2"]["live"]["state"] == "reserved"
    assert agents["agent2"]["live"]["contacts"][0]["queue"] == floor
    assert agents["agent2"]["contacts_today"] == 1
    assert agents["agent1"]["live"]["reason"] == "lunch"
    assert agents["agent1"]["team"] == "red"


def test_a_missed_service_level_and_calls_nobody_serves_raise_alerts(api: Api, sales: str) -> None:
    sales = _queue(api.ok("supervisor1", "GET", BOARD), QUEUE)
    assert sales["title"] == "Sales"
    assert sales["today"]["service_level"] < 0.8
    assert sales["status"]["service_level"] == "missed"
    alerts = {alert["figure"]: alert for alert in sales["alerts"]}
    assert alerts["service_level"]["target"] == 0.8
    assert sales["status"]["aht_s"] == "on_target"
    assert "aht_s" not in alerts
    assert sales["agents"]["ready"] + sales["agents"]["reserved"] == 0
    assert sales["projected_service_level"] == 0.0, "calls arrived lately and nobody serves"
    assert alerts["projected_service_level"]["status"] == "at_risk"


def test_targets_have_defaults_and_changes_are_audited(api: Api, sales: str) -> None:
    found = {
        row["queue"]: row["targets"] for row in api.ok("supervisor1", "GET", f"{BOARD}/targets")
    }
    assert found[sales]["sl_threshold_s"] == 20
    changed = api.ok(
        "supervisor1", "PATCH", f"{BOARD}/targets/{sales}", json={"service_level": 0.9, "asa_s": 25}
    )
    assert (changed["service_level"], changed["asa_s"], changed["aht_s"]) == (0.9, 25, 300)
    entry = api.ok("admin", "GET", f"{API_PREFIX}/audit", params={"entity": "queue_targets"})[0]
    assert (entry["username"], entry["entity_id"]) == ("supervisor1", sales)
    bad = api.call("manager1", "PATCH", f"{BOARD}/targets/{sales}", json={"service_level": 80})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "service_level"]
    missing = api.call("manager1", "PATCH", f"{BOARD}/targets/nowhere", json={"asa_s": 9})
    assert missing.status_code == 422 and "nowhere" in missing.json()["detail"][0]["msg"]
    assert api.call("agent1", "GET", f"{BOARD}/targets").status_code == 403
    assert api.call("planner1", "PATCH", f"{BOARD}/targets/{sales}", json={}).status_code == 403
    api.ok("admin", "PATCH", f"{BOARD}/targets/{sales}", json={"service_level": 0.8, "asa_s": 30})


def test_a_supervisor_sees_and_acts_on_its_teams_agents_only(api: Api, floor: str) -> None:
    board = api.ok("supervisor1", "GET", BOARD)
    assert [row["agent"] for row in board["agents"]] == ["agent1"]
    assert {row["agent"] for row in api.ok("admin", "GET", BOARD)["agents"]} >= {
        "agent1",
        "agent2",
    }
    stream = Stream(api.client, api.auth("agent1"))
    try:
        paused = api.ok(
            "supervisor1",
            "POST",
            f"{BOARD}/agents/agent1/state",
            json={"state": "paused", "reason": "training"},
        )
        assert (paused["state"], paused["reason"]) == ("paused", "training")
        assert stream.next("agent.logged_in", agent="agent1")
        assert api.ok("agent1", "GET", f"{API_PREFIX}/agents/me")["reason"] == "training"
        ready = api.ok(
            "supervisor1", "POST", f"{BOARD}/agents/agent1/state", json={"state": "ready"}
        )
        assert ready["state"] == "ready"
        assert stream.next("agent.ready", agent="agent1")
    finally:
        stream.close()
    entries = api.ok("admin", "GET", f"{API_PREFIX}/audit", params={"entity": "agent_state"})
    assert [(e["username"], e["entity_id"]) for e in entries[:2]] == [("supervisor1", "agent1")] * 2
    assert (
        '"to": "paused"' in entries[1]["detail"] and '"reason": "training"' in entries[1]["detail"]
    )

    other = api.call("supervisor1", "POST", f"{BOARD}/agents/agent2/state", json={"state": "ready"})
    assert other.status_code == 404
    assert (
        api.call(
            "agent1", "POST", f"{BOARD}/agents/agent1/state", json={"state": "ready"}
        ).status_code
        == 403
    )
    bad = api.call(
        "manager1",
        "POST",
        f"{BOARD}/agents/agent2/state",
        json={"state": "paused", "reason": "nap"},
    )
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "reason"]


def test_a_message_reaches_the_agents_stream(api: Api, sales: str) -> None:
    stream = Stream(api.client, api.auth("agent1"))
    try:
        sent = api.ok(
            "supervisor1",
            "POST",
            f"{BOARD}/agents/agent1/messages",
            json={"text": "لطفاً بعد از این تماس استراحت کنید"},
        )
        got = stream.next("other", reason="message")
    finally:
        stream.close()
    assert got["event_id"] == sent["event_id"]
    assert got["attrs"]["text"] == "لطفاً بعد از این تماس استراحت کنید"
    assert got["attrs"]["from"] == "supervisor1"
    entry = api.ok("admin", "GET", f"{API_PREFIX}/audit", params={"entity": "agent_messages"})[0]
    assert (entry["username"], entry["entity_id"]) == ("supervisor1", "agent1")
    empty = api.call("supervisor1", "POST", f"{BOARD}/agents/agent1/messages", json={"text": " "})
    assert empty.status_code == 422 and empty.json()["detail"][0]["loc"] == ["body", "text"]
    assert (
        api.call(
            "supervisor1", "POST", f"{BOARD}/agents/agent2/messages", json={"text": "hi"}
        ).status_code
        == 404
    )


def test_the_stream_pushes_a_new_snapshot_when_a_contact_arrives(api: Api, floor: str) -> None:
    stream = Stream(api.client, api.auth("supervisor1"), "/wallboard/stream", "wallboard.snapshot")
    try:
        waiting = _queue(stream.opened, floor)["waiting"]
        assert [row["agent"] for row in stream.opened["agents"]] == ["agent1"]
        api.ok("admin", "POST", f"{API_PREFIX}/contacts", json={"queue": floor})
        while (
            _queue(stream.next("wallboard.snapshot", timeout=2.0), floor)["waiting"] != waiting + 1
        ):
            pass
    finally:
        stream.close()
    assert api.call("planner1", "GET", BOARD).status_code == 403
    assert api.call(None, "GET", f"{BOARD}/stream").status_code == 401
