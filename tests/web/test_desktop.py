"""The agent desktop shell: the agent's name, today's figures from the KPI engine (the
same row the API gives the agent), the customer search, and the live controls with the
texts their script writes, translated by the page."""

from __future__ import annotations

import re

from fastapi import FastAPI

from tests.web.conftest import Browser, signed_in
from tests.web.scenario import TALK_S


def _figure(page: str, label: str) -> str:
    found = re.search(rf"<dt>{label}</dt><dd[^>]*>([^<]*)</dd>", page)
    assert found, label
    return found.group(1)


def test_the_desktop_shows_todays_figures_of_the_agent(agent: Browser) -> None:
    page = agent.get("/desktop").text
    assert "Desktop of Maryam Karimi" in page
    assert _figure(page, "Contacts answered") == "1"
    assert _figure(page, "Talk time") == "3:08"
    assert _figure(page, "Average handling time") == "3:08"
    row = agent.get("/api/v1/kpi").json()["by_agent"]
    assert [(r["agent"], r["answered"], r["talk_time_s"]) for r in row] == [("agent1", 1, TALK_S)]


def test_an_agent_without_contacts_today_is_told_so(app: FastAPI) -> None:
    page = signed_in(app, "agent2").get("/desktop").text
    assert "No contacts yet today." in page
    assert "Contacts answered" not in page


def test_the_live_controls_are_labelled_and_run_by_the_desks_script(agent: Browser) -> None:
    page = agent.get("/desktop").text
    for state, action in (("ready", "Ready"), ("paused", "Pause"), ("logged_out", "Log out")):
        button = rf'<button type="button"( class="primary")? data-state="{state}" disabled>'
        assert re.search(button + action + "</button>", page)
    for action in ("Answer", "Hold", "Resume", "Hang up"):
        assert re.search(rf'data-action="[a-z]+">{action}</button>', page)
    assert '<label for="pause-reason">Pause reason</label>' in page
    assert '<option value="department:repairs">Repairs</option>' in page
    assert "data-dispositions='{}'" in page
    assert '<script src="/static/js/desktop.js' in page
    assert 'action="/customers"' in page
    script = agent.get(re.search(r'<script src="(/static/js/desktop.js[^"]*)"', page).group(1))
    assert script.status_code == 200 and "EventSource" in script.text


def test_the_desks_script_writes_texts_the_page_translated(app: FastAPI) -> None:
    browser = signed_in(app, "agent1", "fa")
    browser.submit("/language", {"language": "fa"}, page="/desktop")
    page = browser.get("/desktop").text
    assert 'data-state-ready="آماده"' in page
    assert 'data-reason-lunch="' in page and 'data-reason-lunch="Lunch"' not in page
    assert 'data-locale="fa"' in page


def test_persian_desktop_numbers_use_persian_digits_unless_turned_off(app: FastAPI) -> None:
    browser = signed_in(app, "agent1", "fa")
    browser.submit("/language", {"language": "fa"}, page="/desktop")
    assert _figure(browser.get("/desktop").text, "زمان مکالمه") == "۳:۰۸"
    saved = browser.submit(
        "/preferences",
        {"language": "fa", "time_zone": "Asia/Tehran"},
        page="/preferences",
    )
    assert "ترجیحات شما ذخیره شد." in saved.text
    assert _figure(browser.get("/desktop").text, "زمان مکالمه") == "3:08"
    browser.submit(
        "/preferences",
        {"language": "en", "time_zone": "Asia/Tehran", "persian_digits": "on"},
        page="/preferences",
    )
