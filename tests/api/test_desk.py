"""The live desk over HTTP: agents' states, a contact from offer to wrap-up with its
screen pop, transfers carrying their context, and who sees which live events."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from tamas.api import API_PREFIX
from tamas.events import EventType
from tamas.store import SqlEventLog, open_database
from tests.api.conftest import Api
from tests.api.streams import Stream

CALLER = "09123456789"
"""As a telephony system presents it; the customer's phone is written another way."""


@pytest.fixture(scope="module")
def center(api: Api) -> dict[str, int]:
    """Queues support (30 s wrap-up) and billing (none, in department billing); agent1
    serves support, agent2 billing; a customer with a note and an open case."""
    ids = {}
    for skill in ("support", "billing"):
        api.ok("admin", "POST", f"{API_PREFIX}/skills", json={"name": skill})
    for name in ("billing", "repairs"):
        ids[name] = api.ok("admin", "POST", f"{API_PREFIX}/departments", json={"name": name})["id"]
    support = api.ok(
        "admin", "POST", f"{API_PREFIX}/queues", json={"name": "support", "wrap_up_s": 30}
    )
    billing = api.ok(
        "admin",
        "POST",
        f"{API_PREFIX}/queues",
        json={"name": "billing", "department_id": ids["billing"]},
    )
    for queue, code in ((support, "solved"), (billing, "refund")):
        api.ok(
            "admin",
            "POST",
            f"{API_PREFIX}/queues/{queue['id']}/dispositions",
            json={"code": code, "title": code},
        )
    for username, skill in (("agent1", "support"), ("agent2", "billing")):
        api.ok(
            "admin",
            "PATCH",
            f"{API_PREFIX}/users/{api.ids[username]}",
            json={"skills": {skill: 5}},
        )
    customer = api.ok(
        "agent1",
        "POST",
        f"{API_PREFIX}/customers",
        json={"name": "Sara Tehrani", "identities": [{"kind": "phone", "value": "0912 345 6789"}]},
    )
    ids["customer"] = customer["id"]
    api.ok(
        "agent1",
        "POST",
        f"{API_PREFIX}/notes",
        json={"customer_id": customer["id"], "body": "prefers calls after 10"},
    )
    ids["case"] = api.ok(
        "agent1",
        "POST",
        f"{API_PREFIX}/cases",
        json={"customer_id": customer["id"], "title": "invoice 9 charged twice"},
    )["id"]
    return ids


@pytest.fixture
def desk(api: Api, center: dict[str, int]) -> Iterator[dict[str, int]]:
    """The center, with agent1 and agent2 logged out again afterwards."""
    yield center
    for username in ("agent1", "agent2"):
        api.ok(username, "POST", f"{API_PREFIX}/agents/me/state", json={"state": "logged_out"})


def state(api: Api, username: str, state: str, reason: str | None = None) -> dict:
    body = {"state": state, "reason": reason}
    return api.ok(username, "POST", f"{API_PREFIX}/agents/me/state", json=body)


def arrive(api: Api, queue: str, caller: str = CALLER) -> dict:
    return api.ok(
        "admin", "POST", f"{API_PREFIX}/contacts", json={"queue": queue, "caller": caller}
    )


def act(api: Api, username: str, contact_id: str, action: str, **kwargs) -> dict:
    return api.ok(username, "POST", f"{API_PREFIX}/contacts/{contact_id}/{action}", **kwargs)


def test_an_agent_goes_ready_pauses_with_a_reason_and_logs_out(api: Api, desk) -> None:
    me = api.ok("agent2", "GET", f"{API_PREFIX}/agents/me")
    assert (me["agent"], me["state"], me["contacts"]) == ("agent2", "logged_out", [])
    assert "lunch" in me["pause_reasons"]
    assert me["today"] == {"contacts": 0, "talk_time_s": 0.0, "aht_s": None}
    wrong = api.call(
        "agent2", "POST", f"{API_PREFIX}/agents/me/state", json={"state": "paused", "reason": "nap"}
    )
    assert wrong.status_code == 422
    assert wrong.json()["detail"][0]["loc"] == ["body", "reason"]
    bad_state = api.call("agent2", "POST", f"{API_PREFIX}/agents/me/state", json={"state": "busy"})
    assert bad_state.json()["detail"][0]["loc"] == ["body", "state"]
    paused = state(api, "agent2", "paused", "lunch")
    assert (paused["state"], paused["reason"]) == ("paused", "lunch")
    assert state(api, "agent2", "paused", "prayer")["reason"] == "prayer"
    ready = state(api, "agent2", "ready")
    assert (ready["state"], ready["reason"]) == ("ready", None)
    assert datetime.fromisoformat(ready["since"]) > datetime.now(UTC) - timedelta(seconds=5)
    assert state(api, "agent2", "logged_out")["state"] == "logged_out"


def test_a_contact_from_offer_to_wrap_up(api: Api, desk) -> None:
    stream = Stream(api.client, api.auth("agent1"))
    try:
        state(api, "agent1", "ready")
        stream.next("agent.ready", agent="agent1")
        contact = arrive(api, "support")
        cid = contact["contact_id"]
        assert (contact["state"], contact["agents"]) == ("offered", ["agent1"])
        offered = stream.next("contact.offered", contact_id=cid)
        assert offered["pop_url"] == f"{API_PREFIX}/contacts/{cid}/pop"
        assert offered["queue"] == "support"

        pop = api.ok("agent1", "GET", offered["pop_url"])
        assert pop["customer"]["name"] == "Sara Tehrani"
        assert pop["contact"]["caller"] == CALLER
        assert [n["body"] for n in pop["notes"]] == ["prefers calls after 10"]
        assert [c["id"] for c in pop["open_cases"]] == [desk["case"]]
        assert api.call("agent2", "GET", offered["pop_url"]).status_code == 404
        assert api.call("agent2", "POST", f"{API_PREFIX}/contacts/{cid}/answer").status_code == 404

        assert act(api, "agent1", cid, "answer")["state"] == "busy"
        assert act(api, "agent1", cid, "hold")["contacts"][0]["held"] is True
        assert act(api, "agent1", cid, "unhold")["contacts"][0]["held"] is False
        early = api.call("agent1", "POST", f"{API_PREFIX}/contacts/{cid}/wrap-up", json={})
        assert early.status_code == 409
        after = act(api, "agent1", cid, "hangup")
        assert after["state"] == "wrap_up"
        assert after["contacts"][0]["wrap_up_until"] is not None

        wrong = api.call(
            "agent1", "POST", f"{API_PREFIX}/contacts/{cid}/wrap-up", json={"disposition": "nope"}
        )
        assert wrong.status_code == 422
        assert wrong.json()["detail"][0]["loc"] == ["body", "disposition"]
        due = (datetime.now(UTC) + timedelta(days=1)).isoformat()
        done = act(
            api,
            "agent1",
            cid,
            "wrap-up",
            json={
                "disposition": "solved",
                "note": "router reset, works again",
                "case": {"title": "router keeps dropping", "department": "repairs"},
                "follow_up": {"kind": "callback", "due_at": due, "note": "check it holds"},
            },
        )
        assert (done["in_time"], done["customer_id"]) == (True, desk["customer"])
        assert done["case"]["department_id"] == desk["repairs"]
        assert done["note"]["case_id"] == done["case"]["id"]
        assert done["follow_up"]["phone"] == "+989123456789"
        assert done["agent"]["state"] == "ready"
        wrapped = stream.next("contact.wrap_up_done", contact_id=cid)
        assert (wrapped["reason"], wrapped["source"]) == ("solved", "tamas.acd")
        stream.next("agent.ready", agent="agent1")
    finally:
        stream.close()

    timeline = api.ok("agent1", "GET", f"{API_PREFIX}/customers/{desk['customer']}/timeline")
    kinds = {item["kind"] for item in timeline}
    assert {"contact", "note", "case", "follow_up"} <= kinds
    contact_item = next(item for item in timeline if item["ref"] == cid)
    assert contact_item["detail"]["disposition"] == "solved"
    me = api.ok("agent1", "GET", f"{API_PREFIX}/agents/me")
    assert me["today"]["contacts"] == 1
    assert me["today"]["aht_s"] is not None
    audit = api.ok("admin", "GET", f"{API_PREFIX}/audit?entity=customers&username=agent1")
    assert any(cid in (entry["detail"] or "") for entry in audit)


def test_a_transfer_to_a_department_carries_the_context(api: Api, desk) -> None:
    receiver = Stream(api.client, api.auth("agent2"))
    try:
        state(api, "agent2", "ready")
        state(api, "agent1", "ready")
        cid = arrive(api, "support")["contact_id"]
        act(api, "agent1", cid, "answer")
        two = api.call(
            "agent1",
            "POST",
            f"{API_PREFIX}/contacts/{cid}/transfer",
            json={"queue": "billing", "agent": "agent2"},
        )
        assert two.status_code == 422
        moved = act(
            api,
            "agent1",
            cid,
            "transfer",
            json={"department": "billing", "note": "wants a refund", "case_id": desk["case"]},
        )
        assert moved["state"] == "wrap_up"
        offered = receiver.next("contact.offered", contact_id=cid)
        pop = api.ok("agent2", "GET", offered["pop_url"])
        assert pop["contact"]["queue"] == "billing"
        assert pop["contact"]["context"] == {
            "from_agent": "agent1",
            "customer_id": desk["customer"],
            "case_id": desk["case"],
            "notes": ["wants a refund"],
        }
        case = api.ok("agent2", "GET", f"{API_PREFIX}/cases/{desk['case']}")
        assert case["department_id"] == desk["billing"]
        assert "wants a refund" in [n["body"] for n in pop["notes"]]

        act(api, "agent2", cid, "answer")
        assert act(api, "agent2", cid, "hangup")["state"] == "ready"
        late = act(api, "agent2", cid, "wrap-up", json={"disposition": "refund"})
        assert late["in_time"] is False
        wrapped = receiver.next("contact.wrap_up_done", contact_id=cid)
        assert (wrapped["reason"], wrapped["source"]) == ("refund", "tamas.desktop")
        assert act(api, "agent1", cid, "wrap-up", json={})["agent"]["state"] == "ready"
    finally:
        receiver.close()
    log = SqlEventLog(open_database(api.url)).read()
    done = log.filter(
        (log["contact_id"] == cid) & (log["type"] == EventType.CONTACT_WRAP_UP_DONE.value)
    )
    assert sorted(done["agent"].to_list()) == ["agent1", "agent2"]


def test_a_contact_not_in_hand_cannot_be_acted_on(api: Api, desk) -> None:
    for action in ("answer", "hold", "unhold", "hangup"):
        response = api.call("agent1", "POST", f"{API_PREFIX}/contacts/nope/{action}")
        assert response.status_code == 404, action
    transfer = api.call(
        "agent1", "POST", f"{API_PREFIX}/contacts/nope/transfer", json={"queue": "billing"}
    )
    assert transfer.status_code == 404
    missing = api.call("admin", "POST", f"{API_PREFIX}/contacts", json={"queue": "nowhere"})
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"] == ["body", "queue"]


def test_each_role_sees_its_own_live_events(api: Api, desk) -> None:
    streams = {name: Stream(api.client, api.auth(name)) for name in ("agent1", "supervisor1")}
    streams["manager1"] = Stream(api.client, api.auth("manager1"))
    try:
        assert [s.opened["scope"] for s in streams.values()] == ["own", "teams", "all"]
        state(api, "agent2", "paused", "break")
        state(api, "agent1", "paused", "break")
        streams["manager1"].next("agent.paused", agent="agent2")
        for name in ("agent1", "supervisor1", "manager1"):
            streams[name].next("agent.paused", agent="agent1")
        seen = {
            name: {(kind, data["agent"]) for kind, data in streams[name].pending()}
            for name in ("agent1", "supervisor1")
        }
        assert all(("agent.paused", "agent2") not in events for events in seen.values())
    finally:
        for stream in streams.values():
            stream.close()
