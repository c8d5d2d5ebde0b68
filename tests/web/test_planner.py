"""The planner's page: for planners, managers and admins; every text its script writes
is on the page in the reader's language; charts are named for screen readers and the
Gantt has a table beside it; everything is reached with native controls (keyboard)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from fastapi import FastAPI

from tamas.web.pages import STATIC
from tests.web.conftest import signed_in
from tests.web.test_contrast import LITERAL

INTERACTIVE = {"a", "button", "input", "select", "textarea", "summary"}


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.tags if name == tag]


def _tags(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    return tags


@pytest.mark.parametrize(
    ("username", "status"),
    [("planner1", 200), ("manager1", 200), ("admin", 200), ("agent1", 403), ("supervisor1", 403)],
)
def test_only_planning_roles_open_it(app: FastAPI, username: str, status: int) -> None:
    assert signed_in(app, username).get("/planner").status_code == status


def test_the_page_speaks_persian_to_its_script(app: FastAPI) -> None:
    page = signed_in(app, "planner1", "fa").get("/planner").text
    root = next(attrs for attrs in _tags(page).all("div") if attrs.get("id") == "planner")
    assert root["data-locale"] == "fa"
    assert root["data-error-history-too-short"].startswith("سوابق کافی نیست: %(days)s روز")
    assert root["data-text-running"] == "%(step)s %(elapsed)s ثانیه از حداکثر %(limit)s ثانیه"
    assert root["data-step-solve"] == "در حال جست‌وجوی بهترین شیفت‌بندی…"
    assert root["data-kind-closed"] and root["data-day-sat"] == "شنبه"
    texts = {name: value for name, value in root.items() if name.startswith("data-")}
    assert all(value.strip() for value in texts.values())
    assert "۱. پیش‌بینی" in page


def test_charts_and_progress_are_named_and_the_gantt_has_a_table(app: FastAPI) -> None:
    tags = _tags(signed_in(app, "planner1").get("/planner").text)
    canvases = tags.all("canvas")
    assert {c["id"] for c in canvases} == {
        "forecast-chart",
        "staffing-chart",
        "gantt-chart",
        "coverage-chart",
    }
    assert all(c.get("role") == "img" and c.get("aria-label") for c in canvases)
    ids = {attrs.get("id") for _tag, attrs in tags.tags}
    for bar in tags.all("progress"):
        assert bar["aria-labelledby"] in ids
    assert "shift-table" in ids
    for output in tags.all("output"):
        assert output["data-shows"] in ids


def test_everything_is_reached_by_keyboard(app: FastAPI) -> None:
    tags = _tags(signed_in(app, "planner1").get("/planner").text)
    for tag, attrs in tags.tags:
        assert int(attrs.get("tabindex", "0") or 0) <= 0, (tag, attrs)
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        if attrs.get("role") == "button":
            assert tag in INTERACTIVE


def test_the_script_writes_only_texts_from_the_page() -> None:
    script = (STATIC / "js" / "planner.js").read_text(encoding="utf-8")
    template = (STATIC.parent / "templates" / "planner.html").read_text(encoding="utf-8")
    for name in set(re.findall(r'"(text-[\w-]+)"', script)):
        assert f"data-{name}=" in template, name
    assert ".innerHTML" not in script, "texts are set as text, never parsed as HTML"


def test_the_planner_styles_use_the_palette() -> None:
    css = (STATIC / "css" / "planner.css").read_text(encoding="utf-8")
    assert not LITERAL.search(css)
    for physical in ("margin-left", "margin-right", "padding-left", "padding-right", "left:"):
        assert physical not in css
