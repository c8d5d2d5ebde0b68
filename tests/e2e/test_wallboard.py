"""The wallboard in a browser: a burst of contacts arriving at the live service shows on
the supervisor's board within 2 s without a reload; the supervisor pauses an agent from
the keyboard and the agent's desktop shows it (and the audit log has it), sends a
message that appears on the desktop, and the Persian board renders right to left (its
screenshot, and the TV mode's, are kept in test-artifacts/)."""

from __future__ import annotations

import json
import urllib.error

from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_agent_flow import sign_in
from tests.e2e.test_live_desk import Person

QUEUE = "burst"
BURST = 6
LIVE_MS = 2000
"""How soon the board must show what happened."""


def _floor(admin: Person) -> None:
    """Queue burst, served by agent1 of the team floor that supervisor1 leads."""
    users = {user["username"]: user["id"] for user in admin.call("GET", "/users")}
    for path, body in (
        ("/skills", {"name": QUEUE}),
        ("/queues", {"name": QUEUE, "title": "Burst line"}),
    ):
        try:
            admin.call("POST", path, body)
        except urllib.error.HTTPError as error:
            assert error.code == 409, error.read()  # made by an earlier run of this test
    teams = {team["name"]: team["id"] for team in admin.call("GET", "/teams")}
    team = (
        teams.get("floor")
        or admin.call(
            "POST", "/teams", {"name": "floor", "supervisor_ids": [users["supervisor1"]]}
        )["id"]
    )
    skills = admin.call("GET", f"/users/{users['agent1']}")["skills"]
    admin.call(
        "PATCH", f"/users/{users['agent1']}", {"team_id": team, "skills": skills | {QUEUE: 5}}
    )


def _waiting(page: Page):
    return page.locator('article.wb-queue:has(h3:text-is("Burst line")) .wb-waiting')


def test_the_board_follows_a_burst_and_the_supervisor_acts_on_an_agent(
    page: Page, context: BrowserContext, server: str
) -> None:
    admin = Person(server)
    _floor(admin)
    agent = Person(server, "agent1")
    agent.call("POST", "/agents/me/state", {"state": "logged_out"})

    desk = context.new_page()  # the agent at the other name of the host: its own cookies
    desk_server = server.replace("127.0.0.1", "localhost")
    sign_in(desk, desk_server, "agent1")
    expect(desk).to_have_url(f"{desk_server}/desktop")
    state = desk.locator("#agent-state .state-now")
    expect(state).to_contain_text("Logged out")

    sign_in(page, server, "supervisor1")
    expect(page).to_have_url(f"{server}/wallboard")
    expect(page.locator(".wb-connection")).to_have_text("Live")
    waiting = _waiting(page)
    before = int(waiting.inner_text())
    page.evaluate("window.notReloaded = true")

    for _ in range(BURST):
        admin.call("POST", "/contacts", {"queue": QUEUE})
    expect(waiting).to_have_text(str(before + BURST), timeout=LIVE_MS)
    card = page.locator('article.wb-queue:has(h3:text-is("Burst line"))')
    expect(card.locator("tr", has_text="Offered").locator(".wb-value")).not_to_have_text(
        "0", timeout=LIVE_MS
    )
    expect(page.locator(".wb-alert-list")).to_contain_text("Burst line", timeout=LIVE_MS)
    assert page.evaluate("window.notReloaded") is True

    row = page.locator(".wb-agent-table tbody tr", has_text="Maryam Karimi")
    reason = row.get_by_label("Pause reason for Maryam Karimi")
    reason.select_option(label="Training")
    reason.focus()
    page.keyboard.press("Tab")  # from the reason to its button, as a keyboard user goes
    expect(row.get_by_role("button", name="Pause Maryam Karimi")).to_be_focused()
    page.keyboard.press("Enter")
    expect(row.locator(".wb-agent-state")).to_have_text("Paused (Training)", timeout=LIVE_MS)
    expect(page.get_by_role("status").filter(has_text="Done:")).to_contain_text("Paused")
    expect(state).to_contain_text("Paused (Training)", timeout=LIVE_MS)
    entry = admin.call("GET", "/audit?entity=agent_state")[0]
    assert (entry["username"], entry["entity_id"]) == ("supervisor1", "agent1")
    assert json.loads(entry["detail"]) == {
        "from": "logged_out",
        "to": "paused",
        "reason": "training",
    }

    message = page.locator(".wb-message-form")
    message.get_by_label("To").select_option(label="Maryam Karimi")
    message.get_by_label("Message").fill("Please take the burst line after your training")
    message.get_by_label("Message").press("Enter")
    expect(desk.locator(".desk-message")).to_contain_text(
        "Message from Ali Rostami: Please take the burst line after your training",
        timeout=LIVE_MS,
    )

    row.get_by_role("button", name="Log Maryam Karimi out").click()
    expect(state).to_contain_text("Logged out", timeout=LIVE_MS)
    expect(row.locator(".wb-agent-state")).to_have_text("Logged out", timeout=LIVE_MS)
    desk.close()

    ARTIFACTS.mkdir(exist_ok=True)
    page.get_by_role("button", name="فارسی").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator(".wb-connection")).to_have_text("زنده")
    expect(page.locator("h1")).to_have_text("تابلوی زنده")
    expect(_waiting(page)).to_have_text(
        str(before + BURST).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    )
    page.screenshot(path=ARTIFACTS / "persian-wallboard.png", full_page=True)
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("dir", "ltr")

    page.goto(f"{server}/wallboard?tv=1")
    expect(page.locator(".topbar")).to_be_hidden()
    expect(page.get_by_role("button", name="Full screen")).to_be_visible()
    expect(_waiting(page)).to_have_text(str(before + BURST))
    page.screenshot(path=ARTIFACTS / "wallboard-tv.png", full_page=True)
