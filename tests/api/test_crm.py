"""Customers, cases, notes, follow-ups and the timeline, as the desktop will use them."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from tamas.events import Event, EventType, events_to_frame
from tamas.store import SqlEventLog, open_database
from tests.api.conftest import Api


def _customer(api: Api, name: str, *identities: tuple[str, str]) -> dict:
    return api.ok(
        "agent1",
        "POST",
        "/api/v1/customers",
        json={"name": name, "identities": [{"kind": k, "value": v} for k, v in identities]},
    )


def test_a_phone_is_stored_in_e164_and_found_in_any_format(api: Api) -> None:
    customer = _customer(
        api, "Maryam Karimi", ("phone", "0912 111 2233"), ("email", "M@Example.com")
    )
    assert {(i["kind"], i["value"]) for i in customer["identities"]} == {
        ("phone", "+989121112233"),
        ("email", "m@example.com"),
    }
    for text in ("09121112233", "+98 912 111 2233", "00989121112233", "karimi", "m@example.com"):
        found = api.ok("agent1", "GET", "/api/v1/customers", params={"q": text})
        assert [c["id"] for c in found] == [customer["id"]], text


def test_an_identity_belongs_to_one_customer(api: Api) -> None:
    _customer(api, "First", ("phone", "09121112244"))
    response = api.call(
        "agent1",
        "POST",
        "/api/v1/customers",
        json={"name": "Second", "identities": [{"kind": "phone", "value": "+989121112244"}]},
    )
    assert response.status_code == 409
    bad = api.call(
        "agent1",
        "POST",
        "/api/v1/customers",
        json={"name": "Third", "identities": [{"kind": "phone", "value": "12"}]},
    )
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", "identities"]


def test_a_case_moves_only_along_allowed_statuses_and_keeps_its_history(api: Api) -> None:
    customer = _customer(api, "Case Owner", ("national_id", "0012345678"))
    repairs = api.ok("admin", "POST", "/api/v1/departments", json={"name": "repairs"})
    case = api.ok(
        "agent1",
        "POST",
        "/api/v1/cases",
        json={"customer_id": customer["id"], "title": "Router broken", "priority": "urgent"},
    )
    assert case["status"] == "open" and case["number"] == f"C-{case['id']:06d}"
    due = datetime.fromisoformat(case["sla_due_at"]) - datetime.fromisoformat(case["created_at"])
    assert due == timedelta(hours=4)
    path = f"/api/v1/cases/{case['id']}"
    api.ok(
        "agent1",
        "PATCH",
        path,
        json={
            "department_id": repairs["id"],
            "status": "escalated",
            "comment": "needs a technician",
        },
    )
    api.ok("supervisor1", "PATCH", path, json={"status": "resolved"})
    api.ok("supervisor1", "PATCH", path, json={"status": "closed"})
    reopened = api.call("agent1", "PATCH", path, json={"status": "open"})
    assert reopened.status_code == 409
    assert "closed case cannot become open" in reopened.json()["detail"]
    history = api.ok("agent1", "GET", f"{path}/history")
    assert [h["comment"] for h in history] == ["opened", "needs a technician", "", ""]
    assert history[1]["changes"]["status"] == ["open", "escalated"]
    assert history[1]["changes"]["department_id"] == [None, repairs["id"]]
    found = api.ok("agent1", "GET", "/api/v1/customers", params={"q": case["number"]})
    assert [c["id"] for c in found] == [customer["id"]]


def test_overdue_cases_and_follow_ups_are_listed(api: Api) -> None:
    customer = _customer(api, "Late", ("phone", "09121112255"))
    past = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    late = api.ok(
        "agent1",
        "POST",
        "/api/v1/cases",
        json={"customer_id": customer["id"], "title": "late", "sla_due_at": past},
    )
    assert late["id"] in [c["id"] for c in api.ok("manager1", "GET", "/api/v1/cases?overdue=true")]
    callback = api.ok(
        "agent2",
        "POST",
        "/api/v1/follow-ups",
        json={"customer_id": customer["id"], "kind": "callback", "due_at": past},
    )
    assert (callback["phone"], callback["owner_id"]) == ("+989121112255", api.ids["agent2"])
    overdue = api.ok("agent2", "GET", "/api/v1/follow-ups?overdue=true")
    assert [f["id"] for f in overdue] == [callback["id"]]
    assert callback["id"] not in [f["id"] for f in api.ok("agent1", "GET", "/api/v1/follow-ups")]
    api.ok("agent2", "PATCH", f"/api/v1/follow-ups/{callback['id']}", json={"done": True})
    assert api.ok("agent2", "GET", "/api/v1/follow-ups?overdue=true") == []


def test_naive_times_are_refused_with_the_field_named(api: Api) -> None:
    customer = _customer(api, "Naive")
    response = api.call(
        "agent1",
        "POST",
        "/api/v1/follow-ups",
        json={"customer_id": customer["id"], "due_at": "2025-01-04T08:30:00"},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "due_at"]


def test_the_timeline_merges_contacts_from_the_log_with_notes_cases_and_follow_ups(
    api: Api,
) -> None:
    customer = _customer(api, "Returning Caller", ("phone", "09121112266"))
    start = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    log = SqlEventLog(open_database(api.url))
    log.append(
        events_to_frame(
            [
                Event(
                    "tl1",
                    start,
                    EventType.CONTACT_QUEUED,
                    "test",
                    contact_id="c-tl",
                    queue="support",
                    caller="09121112266",
                ),
                Event(
                    "tl2",
                    start + timedelta(seconds=12),
                    EventType.CONTACT_ANSWERED,
                    "test",
                    contact_id="c-tl",
                    queue="support",
                    agent="agent1",
                    wait_s=12,
                ),
                Event(
                    "tl3",
                    start + timedelta(seconds=200),
                    EventType.CONTACT_ENDED,
                    "test",
                    contact_id="c-tl",
                    queue="support",
                    agent="agent1",
                    wait_s=12,
                    talk_s=188,
                ),
                Event(
                    "tl4",
                    start,
                    EventType.CONTACT_QUEUED,
                    "test",
                    contact_id="c-other",
                    queue="support",
                    caller="09121112277",
                ),
            ]
        )
    )
    log.engine.dispose()
    note = api.ok(
        "agent1",
        "POST",
        "/api/v1/notes",
        json={"customer_id": customer["id"], "body": "asked about the bill", "contact_id": "c-tl"},
    )
    case = api.ok(
        "agent1",
        "POST",
        "/api/v1/cases",
        json={"customer_id": customer["id"], "title": "Bill too high", "contact_id": "c-tl"},
    )
    follow = api.ok(
        "agent1",
        "POST",
        "/api/v1/follow-ups",
        json={
            "customer_id": customer["id"],
            "case_id": case["id"],
            "due_at": "2030-01-01T10:00:00+03:30",
        },
    )
    items = api.ok("agent1", "GET", f"/api/v1/customers/{customer['id']}/timeline")
    kinds = {(item["kind"], item["ref"]) for item in items}
    assert kinds == {
        ("contact", "c-tl"),
        ("note", str(note["id"])),
        ("case", case["number"]),
        ("case_change", case["number"]),
        ("follow_up", str(follow["id"])),
    }
    contact = next(item for item in items if item["kind"] == "contact")
    assert contact["detail"]["outcome"] == "answered"
    assert (contact["detail"]["agent"], contact["detail"]["talk_s"]) == ("agent1", 188)
    assert items[-1]["kind"] == "contact", "newest first"


def test_every_read_and_change_of_customer_data_is_audited(api: Api) -> None:
    customer = _customer(api, "Audited")
    api.ok("agent2", "GET", f"/api/v1/customers/{customer['id']}")
    api.ok("agent2", "GET", f"/api/v1/customers/{customer['id']}/timeline")
    entries = api.ok("admin", "GET", f"/api/v1/audit?entity=customers&entity_id={customer['id']}")
    assert [(e["username"], e["action"]) for e in entries] == [
        ("agent2", "view"),
        ("agent2", "view"),
        ("agent1", "create"),
    ]


def test_a_note_on_another_customers_case_is_refused(api: Api) -> None:
    one, two = _customer(api, "One"), _customer(api, "Two")
    case = api.ok("agent1", "POST", "/api/v1/cases", json={"customer_id": one["id"], "title": "t"})
    response = api.call(
        "agent1",
        "POST",
        "/api/v1/notes",
        json={"customer_id": two["id"], "case_id": case["id"], "body": "x"},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "case_id"]


@pytest.mark.parametrize(
    ("csv_text", "message"),
    [
        ("name,phone\nAli,0912 333 4455\nReza,12\n", "customers.csv:3: phone: expected a phone"),
        ("name,fax\nAli,1\n", "customers.csv:1: expected a header row"),
        (
            "name,phone\nAli,09123334455\nAli2,+989123334455\n",
            "customers.csv:3: phone: +989123334455 is also on line 2",
        ),
        ("name,email\n,a@b.ir\n", "customers.csv:2: name:"),
    ],
)
def test_a_bad_csv_imports_nothing_and_names_line_and_column(
    api: Api, csv_text: str, message: str
) -> None:
    response = api.call(
        "manager1",
        "POST",
        "/api/v1/customers/import",
        files={"file": ("customers.csv", csv_text.encode(), "text/csv")},
    )
    assert response.status_code == 422
    assert message in response.json()["detail"][0]["msg"]
    assert api.ok("agent1", "GET", "/api/v1/customers", params={"q": "09123334455"}) == []


def test_customers_are_imported_from_csv(api: Api) -> None:
    text = (
        "\ufeffName,Phone,Email,National_ID\n"
        "نگار رضایی,09124445566;021 8888 7777,n@x.ir,001-234-5679\n"
        "Bijan,,,\n"
    )
    response = api.ok(
        "admin",
        "POST",
        "/api/v1/customers/import",
        files={"file": ("c.csv", text.encode(), "text/csv")},
    )
    assert response == {"imported": 2}
    found = api.ok("agent1", "GET", "/api/v1/customers", params={"q": "+982188887777"})
    assert found[0]["name"] == "نگار رضایی"
    assert len(found[0]["identities"]) == 4


@pytest.mark.parametrize("text", ["a\x00b", "a\ud800b"])
def test_text_no_database_can_store_is_422_not_a_server_error(api: Api, text: str) -> None:
    body = json.dumps({"name": text}, ensure_ascii=True)
    response = api.call(
        "agent1",
        "POST",
        "/api/v1/customers",
        content=body,
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "name"]
