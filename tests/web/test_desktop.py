"""The agent desktop shell: the agent's name, today's figures from the KPI engine (the
same row the API gives the agent), the customer search, and the places of the live
controls saying they come with the live service."""

from __future__ import annotations

import re

from fastapi import FastAPI

from tests.web.conftest import Browser, signed_in
from tests.web.scenario import TALK_S


def _figure(page: str, label: str) -> str:
    found = re.search(rf"<dt>{label}</dt><dd>([^<]*)</dd>", page)
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


def test_the_live_controls_are_labelled_and_say_they_come_later(agent: Browser) -> None:
    page = agent.get("/desktop").text
    for action in ("Ready", "Pause", "Log out"):
        assert re.search(
            rf'<button type="button"( class="primary")? disabled>{action}</button>', page
        )
    assert '<label for="pause-reason">Pause reason</label>' in page
    assert "come with the live service in the next version" in page
    assert 'action="/customers"' in page


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
