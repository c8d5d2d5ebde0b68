"""Web sign-in: the form, the session cookie, CSRF on every form, the same throttling as
the API, where each role lands, and the cookie accepted by the JSON API."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute

from tamas.api.browser import CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE
from tamas.org.signin import FREE_ATTEMPTS
from tamas.web import PARTS
from tests.web.conftest import Browser, signed_in
from tests.web.scenario import PASSWORD, Center


def _set_cookies(response) -> dict[str, str]:
    """Each Set-Cookie header of a response by cookie name."""
    return {header.split("=", 1)[0]: header for header in response.headers.get_list("set-cookie")}


def test_the_sign_in_page_has_labelled_fields_and_a_button(anonymous: Browser) -> None:
    page = anonymous.get("/sign-in").text
    assert '<html lang="en" dir="ltr">' in page
    assert re.search(r'<label for="username">Username</label>\s*<input id="username"', page)
    assert re.search(r'<label for="password">Password</label>\s*<input id="password"', page)
    assert '<button type="submit" class="primary">Sign in</button>' in page


def test_a_page_asks_an_anonymous_visitor_to_sign_in_first(anonymous: Browser) -> None:
    response = anonymous.get("/customers?q=sara", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in?next=/customers%3Fq%3Dsara"


@pytest.mark.parametrize(
    ("username", "landing", "text"),
    [
        ("agent1", "/desktop", "Desktop of Maryam Karimi"),
        ("supervisor1", "/wallboard", "<h1>Wallboard</h1>"),
        ("manager1", "/reports", "Service level and volume over time"),
        ("planner1", "/planner", "Build each step in order"),
        ("admin", "/users", "Hamid Azizi"),
    ],
)
def test_each_role_lands_on_its_page(app: FastAPI, username: str, landing: str, text: str):
    browser = Browser(app)
    response = browser.sign_in(username)
    assert response.headers["location"] == landing
    page = browser.get(landing).text
    assert text in page


def test_signing_in_goes_back_to_the_page_asked_for(app: FastAPI, center: Center) -> None:
    browser = Browser(app)
    data = {"username": "agent1", "password": PASSWORD, "next": "/customers?q=sara"}
    response = browser.submit("/sign-in", data, page="/sign-in", follow_redirects=False)
    assert response.headers["location"] == "/customers?q=sara"
    elsewhere = data | {"next": "//evil.example/"}
    response = Browser(app).submit("/sign-in", elsewhere, page="/sign-in", follow_redirects=False)
    assert response.headers["location"] == "/desktop"


def test_the_session_cookie_is_http_only_and_lax_and_secure_over_https(app: FastAPI) -> None:
    plain = _set_cookies(Browser(app).sign_in("agent1"))
    for name in (SESSION_COOKIE, CSRF_COOKIE):
        assert "httponly" in plain[name].lower()
        assert "samesite=lax" in plain[name].lower()
        assert "secure" not in plain[name].lower()
    tls = _set_cookies(Browser(app, base_url="https://testserver").sign_in("agent1"))
    assert "secure" in tls[SESSION_COOKIE].lower()


def test_a_wrong_password_is_refused_with_a_message(anonymous: Browser) -> None:
    response = anonymous.sign_in("agent1", "not the password")
    assert response.status_code == 401
    assert "Wrong username or password." in response.text
    assert SESSION_COOKIE not in response.cookies


def test_failed_sign_ins_are_throttled_together_with_the_api(app: FastAPI) -> None:
    browser = Browser(app)
    for _ in range(FREE_ATTEMPTS - 1):
        api = browser.post("/api/v1/auth/token", data={"username": "agent2", "password": "no"})
        assert api.status_code == 401
    assert browser.sign_in("agent2", "no").status_code == 401
    locked = browser.sign_in("agent2")
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.text
    assert int(locked.headers["retry-after"]) > 0


def _web_posts() -> list[str]:
    return [
        route.path
        for part in PARTS
        for route in part.routes
        if isinstance(route, APIRoute) and "POST" in route.methods
    ]


@pytest.mark.parametrize("path", _web_posts())
def test_every_form_post_without_the_csrf_token_is_refused(
    agent: Browser, path: str, center: Center
) -> None:
    path = path.replace("{customer_id}", str(center.customer_id))
    data = {"body": "x", "title": "x", "language": "fa", "username": "agent1"}
    assert agent.post(path, data=data).status_code == 403
    assert agent.post(path, data=data | {"csrf_token": "forged"}).status_code == 403


def test_a_token_does_not_fit_another_browsers_nonce(app: FastAPI, agent: Browser) -> None:
    other = Browser(app)
    token = other.token()
    response = agent.post("/language", data={"language": "fa", "csrf_token": token})
    assert response.status_code == 403
    assert "This form has expired" in response.text


def test_the_api_accepts_the_session_cookie_and_wants_the_csrf_header_to_change(
    agent: Browser, center: Center
) -> None:
    me = agent.get("/api/v1/me")
    assert me.status_code == 200
    assert me.json()["username"] == "agent1"
    note = {"customer_id": center.customer_id, "body": "from a page's script"}
    refused = agent.post("/api/v1/notes", json=note)
    assert refused.status_code == 403
    assert CSRF_HEADER in refused.json()["detail"]
    forged = agent.post("/api/v1/notes", json=note, headers={CSRF_HEADER: "forged"})
    assert forged.status_code == 403
    accepted = agent.post("/api/v1/notes", json=note, headers={CSRF_HEADER: agent.token("/")})
    assert accepted.status_code == 201


def test_signing_out_ends_the_session(app: FastAPI) -> None:
    browser = signed_in(app, "manager1")
    response = browser.submit("/sign-out", {}, page="/reports", follow_redirects=False)
    assert response.headers["location"] == "/sign-in"
    assert browser.get("/reports", follow_redirects=False).status_code == 303
    assert browser.get("/api/v1/me").status_code == 401


@pytest.mark.parametrize(
    ("username", "path"),
    [("agent1", "/users"), ("agent1", "/wallboard"), ("planner1", "/customers")],
)
def test_a_page_not_for_the_role_is_403(app: FastAPI, username: str, path: str) -> None:
    response = signed_in(app, username).get(path)
    assert response.status_code == 403
    assert "This page is not for your role" in response.text


def test_the_navigation_lists_the_places_of_the_role(app: FastAPI) -> None:
    nav = signed_in(app, "agent1").get("/desktop").text.split('aria-label="Main"')[1]
    nav = nav.split("</nav>")[0]
    assert re.findall(r'href="([^"]+)"', nav) == ["/desktop", "/customers"]
