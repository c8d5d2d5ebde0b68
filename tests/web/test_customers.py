"""Customer pages: search, the merged timeline, and the note, case and follow-up forms,
with their mistakes shown next to the fields and every view and change audited."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from sqlalchemy import select

from tamas.audit import AuditEntry
from tamas.cli.options import run_in_session
from tamas.crm.models import Case, FollowUp, Note
from tamas.org.models import Department
from tests.web.conftest import Browser, signed_in
from tests.web.scenario import CUSTOMER_NAME, Center


def _audit(center: Center, username: str) -> list[tuple[str, str]]:
    async def read(session):
        query = select(AuditEntry).where(AuditEntry.username == username)
        return [(entry.action, entry.entity) for entry in await session.scalars(query)]

    return run_in_session(center.url, read)


def _rows(center: Center, model) -> list:
    async def read(session):
        return list(await session.scalars(select(model).order_by(model.id)))

    return run_in_session(center.url, read)


def _repairs(center: Center) -> int:
    return next(d.id for d in _rows(center, Department) if d.name == "repairs")


@pytest.mark.parametrize(
    "query",
    ["0912 123 4567", "+98 (912) 123-45-67", "۰۹۱۲۱۲۳۴۵۶۷", "sara ahm", "SARA@example.com"],
)
def test_a_customer_is_found_by_phone_name_or_email(agent: Browser, query: str) -> None:
    page = agent.get("/customers", params={"q": query}).text
    assert CUSTOMER_NAME in page
    assert "1 found" in page


def test_a_search_finding_nothing_says_so(agent: Browser) -> None:
    page = agent.get("/customers", params={"q": "nobody like this"}).text
    assert "No customer matches “nobody like this”." in page


def test_the_customer_page_merges_the_earlier_call_into_the_timeline(
    app: FastAPI, center: Center
) -> None:
    browser = signed_in(app, "supervisor1")
    page = browser.get(f"/customers/{center.customer_id}").text
    assert "+989121234567" in page
    assert "sara@example.com" in page
    assert "Call, answered" in page
    assert "<dt>Talked</dt><dd><bdi>3:08</bdi></dd>" in page
    assert "<dt>Agent</dt><dd><bdi>Maryam Karimi</bdi></dd>" in page
    assert ("view", "customers") in _audit(center, "supervisor1")


def test_a_note_a_case_and_a_follow_up_reach_the_timeline(app: FastAPI, center: Center):
    browser = signed_in(app, "manager1")
    path = f"/customers/{center.customer_id}"
    note = browser.submit(f"{path}/notes", {"body": "Modem restarts at night"}, page=path)
    assert note.status_code == 200
    assert "The note is added to the timeline." in note.text
    case_form = {"title": "Modem restarts", "department_id": str(_repairs(center))}
    case = browser.submit(f"{path}/cases", case_form | {"priority": "high"}, page=path)
    assert "The case is opened and on the timeline." in case.text
    case_id = _rows(center, Case)[-1].id
    due = (datetime.now(UTC) + timedelta(days=2)).astimezone().date().isoformat()
    follow_up = browser.submit(
        f"{path}/follow-ups",
        {
            "kind": "callback",
            "due_date": due,
            "due_time": "10:30",
            "note": "Ask whether the technician came",
            "case_id": str(case_id),
        },
        page=path,
    )
    assert "The follow-up is scheduled and on the timeline." in follow_up.text
    page = follow_up.text
    for text in ("Modem restarts at night", f'<bdi class="ref">C-{case_id:06d}</bdi>', "Repairs"):
        assert text in page
    assert "Ask whether the technician came" in page
    assert "<dt>Priority</dt><dd><bdi>High</bdi></dd>" in page
    assert "<dt>Written by</dt><dd><bdi>Neda Jafari</bdi></dd>" in page
    stored = _rows(center, FollowUp)[-1]
    assert (stored.phone, stored.case_id) == ("+989121234567", case_id)
    assert _rows(center, Note)[-1].author == "manager1"
    actions = _audit(center, "manager1")
    for entity in ("notes", "cases", "follow_ups"):
        assert ("create", entity) in actions


def _error_of(page: str, form: str, field: str) -> str:
    found = re.search(rf'<p class="field-error" id="{form}-{field}-error">([^<]*)</p>', page)
    assert found, f"no error shown for {form} {field}"
    assert re.search(rf'aria-describedby="[^"]*\b{form}-{field}-error"', page), "not tied"
    return found.group(1)


def test_mistakes_are_shown_next_to_their_fields(agent: Browser, center: Center) -> None:
    path = f"/customers/{center.customer_id}"
    empty = agent.submit(f"{path}/notes", {"body": "  "}, page=path)
    assert empty.status_code == 422
    assert _error_of(empty.text, "note", "body") == "Fill this in."
    case = agent.submit(
        f"{path}/cases", {"title": "x" * 201, "department_id": "999", "priority": "normal"}, path
    )
    assert _error_of(case.text, "case", "title") == "Write at most 200 characters."
    assert _error_of(case.text, "case", "department_id") == "Choose one of the options."
    assert 'value="' + "x" * 201 + '"' in case.text  # what was typed comes back
    assert f'name="next" value="{path}"' in case.text  # the language switch returns here
    past = agent.submit(
        f"{path}/follow-ups",
        {"kind": "follow_up", "due_date": "2020-01-01", "due_time": "09:00"},
        page=path,
    )
    assert _error_of(past.text, "follow_up", "due_date") == "Choose a time that has not passed yet."
    phone = agent.submit(
        f"{path}/follow-ups",
        {"kind": "callback", "due_date": "2099-01-01", "due_time": "09:00", "phone": "12"},
        page=path,
    )
    assert _error_of(phone.text, "follow_up", "phone").startswith("Write a phone number")


def test_mistakes_are_explained_in_the_readers_language(app: FastAPI, center: Center) -> None:
    browser = signed_in(app, "agent1", "fa")
    path = f"/customers/{center.customer_id}"
    response = browser.submit(
        f"{path}/follow-ups",
        {"kind": "callback", "due_date": "1403/13/01", "due_time": "9:00"},
        path,
    )
    assert response.status_code == 422
    assert _error_of(response.text, "follow_up", "due_date").startswith("تاریخ را به شکل")


def test_an_unknown_customer_is_a_404_page(agent: Browser) -> None:
    response = agent.get("/customers/999999")
    assert response.status_code == 404
    assert "There is no such customer." in response.text
