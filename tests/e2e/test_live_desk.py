"""The live desktop in a browser: an agent goes Ready, a returning customer's contact
arrives and its screen pop shows their earlier note without a reload; the agent answers,
hangs up, wraps up with a note, a case for a department and a callback, and the
customer's timeline shows all of it; a second contact is transferred to a department
with a note that reaches the agent who gets it."""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from datetime import datetime, timedelta

from playwright.sync_api import Page, expect

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_agent_flow import TEHRAN, sign_in
from tests.web.scenario import CUSTOMER_NAME, PASSWORD, Center

EARLIER_NOTE = "Prefers a text message before a technician visits"


class Person:
    """Someone other than the browser's agent, over the JSON API with a bearer token."""

    def __init__(self, server: str, username: str = "admin") -> None:
        self.server = server
        form = urllib.parse.urlencode({"username": username, "password": PASSWORD}).encode()
        self.token = self._send("POST", "/api/v1/auth/token", form, {})["access_token"]

    def _send(self, method: str, path: str, data: bytes | None, headers: dict) -> dict:
        request = urllib.request.Request(
            f"{self.server}{path}", data=data, method=method, headers=headers
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.loads(answer.read())

    def call(self, method: str, path: str, body: dict | None = None) -> dict:
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        data = None if body is None else json.dumps(body).encode()
        return self._send(method, f"/api/v1{path}", data, headers)


def queues(admin: Person) -> None:
    """Queue support (two minutes of wrap-up, code "solved") served by agent1, and queue
    billing of the department billing served by agent2."""
    billing = next(d for d in admin.call("GET", "/departments") if d["name"] == "billing")
    users = {user["username"]: user["id"] for user in admin.call("GET", "/users")}
    for name, agent, extra in (
        ("support", "agent1", {"wrap_up_s": 120}),
        ("billing", "agent2", {"department_id": billing["id"]}),
    ):
        admin.call("POST", "/skills", {"name": name})
        queue = admin.call("POST", "/queues", {"name": name} | extra)
        admin.call(
            "POST", f"/queues/{queue['id']}/dispositions", {"code": "solved", "title": "Solved"}
        )
        admin.call("PATCH", f"/users/{users[agent]}", {"skills": {name: 5}})


def test_an_agent_takes_a_returning_customers_contact_live(
    page: Page, server: str, center: Center
) -> None:
    admin = Person(server)
    queues(admin)
    admin.call("POST", "/notes", {"customer_id": center.customer_id, "body": EARLIER_NOTE})

    sign_in(page, server, "agent1")
    expect(page).to_have_url(f"{server}/desktop")
    state = page.locator("#agent-state .state-now")
    expect(state).to_contain_text("Logged out")
    page.get_by_label("Pause reason").select_option(label="Lunch")
    page.get_by_role("button", name="Pause").click()
    expect(state).to_contain_text("Paused (Lunch)")
    page.get_by_role("button", name="Ready").click()
    expect(state).to_contain_text("Ready")
    expect(state).to_contain_text(re.compile(r"for 0:0\d"))
    expect(page.get_by_role("button", name="Ready")).to_be_disabled()
    page.evaluate("window.notReloaded = true")
    answered_before = int(
        page.locator("#figures-today div", has_text="Contacts answered").locator("dd").inner_text()
    )

    admin.call("POST", "/contacts", {"queue": "support", "caller": "+98 912 123 4567"})
    pop = page.locator("#incoming-contact")
    expect(pop.get_by_role("heading", name=CUSTOMER_NAME)).to_be_visible()
    expect(pop.locator(".pop-notes")).to_contain_text(EARLIER_NOTE)
    expect(pop.locator(".pop-contacts")).to_contain_text("answered")
    expect(state).to_contain_text("Ringing")
    assert page.evaluate("window.notReloaded") is True

    pop.get_by_role("button", name="Answer").click()
    expect(state).to_contain_text("On a contact")
    pop.get_by_role("button", name="Hold").click()
    expect(pop.get_by_role("button", name="Resume")).to_be_visible()
    pop.get_by_role("button", name="Resume").click()
    expect(pop.get_by_role("button", name="Transfer")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "desktop-pop.png", full_page=True)
    pop.get_by_role("button", name="Hang up").click()

    wrap = page.locator("#wrap-up")
    expect(state).to_contain_text("Wrap-up")
    expect(wrap).to_contain_text("Wrap-up time left:")
    page.get_by_role("button", name="فارسی").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(pop.get_by_role("heading", name=CUSTOMER_NAME)).to_be_visible()
    expect(wrap).to_contain_text("زمان باقی‌ماندهٔ جمع‌بندی:")
    page.screenshot(path=ARTIFACTS / "persian-desktop.png", full_page=True)
    page.get_by_role("button", name="English").click()

    tomorrow = (datetime.now(TEHRAN) + timedelta(days=1)).replace(hour=10, minute=0)
    wrap.get_by_label("Wrap-up code").select_option(label="Solved")
    wrap.get_by_label("Note on this contact").fill("Modem restarts every night")
    wrap.get_by_label("Case title").fill("Nightly internet outage")
    wrap.get_by_label("Hand to department").select_option(label="Repairs")
    wrap.get_by_role("radio", name="Callback").check()
    wrap.get_by_label("Due at").fill(f"{tomorrow:%Y-%m-%dT%H:%M}")
    wrap.get_by_label("What to do").fill("Call after the technician's visit")
    wrap.get_by_role("button", name="Save wrap-up").click()
    expect(wrap.get_by_role("status")).to_have_text("Wrap-up saved.")
    figures = page.locator("#figures-today")
    answered = figures.locator("div", has_text="Contacts answered").locator("dd")
    expect(answered).to_have_text(str(answered_before + 1))
    expect(state).to_contain_text("Ready")

    agent2 = Person(server, "agent2")
    agent2.call("POST", "/agents/me/state", {"state": "ready"})
    admin.call("POST", "/contacts", {"queue": "support", "caller": "+98 912 123 4567"})
    pop.get_by_role("button", name="Answer").click()
    pop.get_by_label("Transfer to").select_option(value="department:billing")
    pop.get_by_label("Note for whoever takes it").fill("Wants a refund of invoice 9")
    pop.get_by_role("button", name="Transfer").click()
    expect(wrap.get_by_role("status")).to_have_text("The contact was transferred.")
    expect(state).to_contain_text("Wrap-up")
    handed = agent2.call("GET", "/agents/me")["contacts"][0]
    assert (handed["queue"], handed["context"]["notes"]) == (
        "billing",
        ["Wants a refund of invoice 9"],
    )
    agent2.call("POST", "/agents/me/state", {"state": "logged_out"})
    wrap.get_by_role("button", name="Save wrap-up").click()
    expect(wrap.get_by_role("status")).to_have_text("Wrap-up saved.")
    expect(state).to_contain_text("Ready")
    page.get_by_role("button", name="Log out").click()
    expect(state).to_contain_text("Logged out")

    page.goto(f"{server}/customers/{center.customer_id}")
    timeline = page.locator("ol.timeline")
    for text in (
        EARLIER_NOTE,
        "Modem restarts every night",
        "Nightly internet outage",
        "Repairs",
        "Callback",
        "Call after the technician's visit",
    ):
        expect(timeline).to_contain_text(text)
