"""Accessibility basics on every page, in both languages: the language and direction of
the page, a skip link to the main content, a label for every control, a name for every
button, one h1, and a visible focus style."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from fastapi import FastAPI

from tamas.web.pages import STATIC
from tests.web.conftest import Browser, signed_in
from tests.web.scenario import Center

PAGES = {
    "agent1": [
        "/desktop",
        "/customers",
        "/customers?q=sara",
        "/customers/{customer}",
        "/preferences",
    ],
    "supervisor1": ["/wallboard", "/reports", "/reports/contacts?outcome=answered"],
    "planner1": ["/planner"],
    "admin": ["/users"],
}
CONTROLS = {"input", "select", "textarea"}


@dataclass
class Page(HTMLParser):
    html: dict[str, str] = field(default_factory=dict)
    ids: set[str] = field(default_factory=set)
    labelled: set[str] = field(default_factory=set)
    controls: list[dict[str, str]] = field(default_factory=list)
    buttons: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    h1: int = 0
    _button: list[str] | None = None
    _label_depth: int = 0

    def __post_init__(self) -> None:
        super().__init__()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if "id" in found:
            self.ids.add(found["id"])
        if tag == "html":
            self.html = found
        elif tag == "label":
            self._label_depth += 1
            if "for" in found:
                self.labelled.add(found["for"])
        elif tag in CONTROLS and found.get("type") != "hidden":
            self.controls.append(found | {"_wrapped": "yes" if self._label_depth else ""})
        elif tag == "button":
            self._button = [found.get("aria-label", "")]
        elif tag == "a":
            self.links.append(found.get("href", ""))
        elif tag == "h1":
            self.h1 += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self._label_depth -= 1
        elif tag == "button" and self._button is not None:
            self.buttons.append("".join(self._button).strip())
            self._button = None

    def handle_data(self, data: str) -> None:
        if self._button is not None:
            self._button.append(data)


def _read(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


def _pages(center: Center) -> list[tuple[str, str]]:
    return [
        (username, path.format(customer=center.customer_id))
        for username, paths in PAGES.items()
        for path in paths
    ]


def _check(page: Page, language: str) -> None:
    assert page.html["lang"] == language
    assert page.html["dir"] == ("rtl" if language == "fa" else "ltr")
    assert page.links[0] == "#main", "the skip link comes first"
    assert "main" in page.ids
    assert page.h1 == 1
    for control in page.controls:
        named = control.get("id") in page.labelled or control.get("aria-label")
        assert named or control["_wrapped"], f"unlabelled control {control}"
    assert all(page.buttons), "every button has a name"


@pytest.mark.parametrize("language", ["en", "fa"])
def test_every_page_has_the_basics(app: FastAPI, center: Center, language: str) -> None:
    _check(_read(Browser(app, language).get("/sign-in").text), language)
    browsers: dict[str, Browser] = {}
    for username, path in _pages(center):
        browser = browsers.setdefault(username, signed_in(app, username, language))
        response = browser.get(path)
        assert response.status_code == 200, path
        _check(_read(response.text), language)


@pytest.mark.parametrize("sheet", sorted(p.name for p in (STATIC / "css").glob("*.css")))
def test_focus_is_visible_and_layout_mirrors(sheet: str) -> None:
    css = (STATIC / "css" / sheet).read_text(encoding="utf-8")
    if sheet == "tamas.css":
        assert ":focus-visible {\n  outline: 3px solid var(--focus);" in css
    for physical in (
        "margin-left",
        "margin-right",
        "padding-left",
        "padding-right",
        "left:",
        "right:",
        "text-align: left",
        "text-align: right",
    ):
        assert physical not in css, f"{physical}: use the logical property so RTL mirrors"
