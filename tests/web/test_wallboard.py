"""The wallboard page: the snapshot it starts from (the API's, scoped to the reader),
the texts its script writes translated by the page, the TV mode, the targets form, and
the stylesheet's rules (palette colours only, logical properties, status in words)."""

from __future__ import annotations

import html
import json
import re

import pytest
from fastapi import FastAPI

from tamas.cli.options import run_in_session
from tamas.org.models import Queue
from tamas.web.pages import STATIC
from tests.web.conftest import Browser, signed_in
from tests.web.scenario import Center
from tests.web.test_accessibility import _check, _read
from tests.web.test_contrast import PAIRS

CSS = (STATIC / "css" / "wallboard.css").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def queue(center: Center) -> str:
    """The queue "support" of the scenario's earlier call (answered by agent1)."""

    async def add(session) -> None:
        session.add(Queue(name="support", title="Support line"))

    run_in_session(center.url, add)
    return "support"


@pytest.fixture(scope="module")
def supervisor(app: FastAPI) -> Browser:
    return signed_in(app, "supervisor1")


def _initial(page: str) -> dict:
    found = re.search(r"data-initial='([^']*)'", page)
    assert found
    return json.loads(html.unescape(found.group(1)))


def test_the_board_starts_from_the_snapshot_the_api_gives(
    app: FastAPI, supervisor: Browser, queue: str
) -> None:
    page = supervisor.get("/wallboard")
    assert page.status_code == 200
    initial = _initial(page.text)
    manager = signed_in(app, "manager1")
    api = manager.get("/api/v1/wallboard").json()
    support = next(q for q in initial["queues"] if q["queue"] == queue)
    assert support["title"] == "Support line"
    assert support["today"] == next(q for q in api["queues"] if q["queue"] == queue)["today"]
    assert support["today"]["answered"] == 1
    assert support["today"]["aht_s"] == 188.0
    assert initial["agents"] == [], "supervisor1 leads no team in this center"
    assert {row["agent"] for row in api["agents"]} == {"agent1", "agent2"}
    assert next(r for r in api["agents"] if r["agent"] == "agent1")["contacts_today"] == 1
    text = page.text
    assert '<a href="/wallboard?tv=1">TV mode</a>' in text
    assert '<label for="message-agent">To</label>' in text
    scripts = re.findall(r'<script src="/static/js/([a-z]+)\.js', text)
    assert scripts == ["live", "wallboard"], "live.js first: wallboard.js uses it"
    assert 'data-state-reserved="Ringing"' in text
    assert 'data-status-at_risk="At risk"' in text


def test_tv_mode_shows_the_board_alone_with_a_full_screen_button(
    supervisor: Browser, queue: str
) -> None:
    page = supervisor.get("/wallboard?tv=1").text
    assert 'class="wallboard wallboard-tv"' in page
    assert 'data-tv="yes"' in page
    assert '<button type="button" class="wb-fullscreen">Full screen</button>' in page
    assert "Leave TV mode" in page
    assert 'action="/wallboard/targets"' not in page
    assert ">Actions</th>" not in page
    _check(_read(page), "en")


def test_the_board_is_not_for_agents_or_planners(app: FastAPI) -> None:
    for username in ("agent1", "planner1"):
        assert signed_in(app, username).get("/wallboard").status_code == 403


def test_a_supervisor_changes_a_queues_targets_with_the_form(
    app: FastAPI, supervisor: Browser, queue: str
) -> None:
    page = supervisor.get("/wallboard").text
    assert "<legend>Support line</legend>" in page
    assert 'name="service_level" type="number" dir="ltr"' in page
    fields = {
        "queue": queue,
        "service_level": "90",
        "sl_threshold_s": "15",
        "max_wait_s": "45",
        "abandon_rate": "4.5",
        "asa_s": "20",
        "aht_s": "240",
    }
    saved = supervisor.submit(
        "/wallboard/targets", fields, page="/wallboard", follow_redirects=False
    )
    assert saved.status_code == 303 and saved.headers["location"] == "/wallboard#targets"
    targets = signed_in(app, "manager1").get("/api/v1/wallboard/targets").json()
    assert next(t["targets"] for t in targets if t["queue"] == queue) == {
        "service_level": 0.9,
        "sl_threshold_s": 15,
        "max_wait_s": 45,
        "abandon_rate": 0.045,
        "asa_s": 20,
        "aht_s": 240,
    }
    assert 'value="90"' in supervisor.get("/wallboard").text

    wrong = supervisor.submit(
        "/wallboard/targets", fields | {"service_level": "180"}, page="/wallboard"
    )
    assert wrong.status_code == 422
    assert "The targets were not saved: service_level: expected a share from 0 to 1" in wrong.text
    words = supervisor.submit("/wallboard/targets", fields | {"asa_s": "soon"}, page="/wallboard")
    assert wrong.status_code == 422 and "asa_s: expected a number." in words.text


def test_the_persian_board_translates_what_its_script_writes(app: FastAPI, queue: str) -> None:
    page = signed_in(app, "supervisor1", "fa").get("/wallboard").text
    assert '<html lang="fa" dir="rtl">' in page
    assert 'data-status-missed="' in page and 'data-status-missed="Missed"' not in page
    assert 'data-figure-service_level="سطح خدمت"' in page
    assert "<h1>تابلوی زنده</h1>" in page
    _check(_read(page), "fa")


def test_the_stylesheet_draws_only_colour_pairs_whose_contrast_is_checked() -> None:
    """(tests/web/test_contrast.py and test_accessibility.py check every stylesheet for
    literal colours and physical properties.)"""
    checked = {(ink, ground) for ink, ground, _least in PAIRS}
    drawn = 0
    for rule in re.findall(r"\{([^}]*)\}", CSS):
        ink = re.search(r"(?<!-)color: var\((--[\w-]+)\)", rule)
        ground = re.search(r"background: var\((--[\w-]+)\)", rule)
        if ink and ground:
            drawn += 1
            assert (ink.group(1), ground.group(1)) in checked, rule
    assert drawn == 4, "the four statuses"
