"""The web app on a seeded SQLite center, and browsers (test clients with their own
cookies) signed in as anyone.

The pages are the same on every backend (they call the services the API tests run on
SQLite and PostgreSQL), so these tests run on SQLite only, which keeps them fast.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr

from tamas.api import create_app
from tamas.config import Settings
from tests.web.scenario import PASSWORD, SECRET, Center, seed_center

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class Browser(TestClient):
    """A test client with its own cookies, speaking English unless told otherwise."""

    def __init__(self, app: FastAPI, language: str = "en", **kwargs) -> None:
        super().__init__(app, headers={"Accept-Language": language}, **kwargs)

    def token(self, path: str = "/sign-in") -> str:
        """The CSRF token of the forms on a page."""
        return CSRF.search(self.get(path).text).group(1)

    def sign_in(self, username: str, password: str = PASSWORD):
        data = {"username": username, "password": password, "csrf_token": self.token()}
        return self.post("/sign-in", data=data, follow_redirects=False)

    def submit(self, path: str, data: dict[str, str], page: str = "/", **kwargs):
        """Post a form with the token of `page`, as a person would after opening it."""
        return self.post(path, data=data | {"csrf_token": self.token(page)}, **kwargs)


@pytest.fixture(scope="module")
def center(tmp_path_factory: pytest.TempPathFactory) -> Center:
    return seed_center(f"sqlite:///{Path(tmp_path_factory.mktemp('web')) / 'tamas.sqlite'}")


@pytest.fixture(scope="module")
def app(center: Center) -> Iterator[FastAPI]:
    app = create_app(Settings(database_url=center.url, secret_key=SecretStr(SECRET)))
    with TestClient(app):
        yield app


@pytest.fixture
def anonymous(app: FastAPI) -> Browser:
    return Browser(app)


def signed_in(app: FastAPI, username: str, language: str = "en") -> Browser:
    browser = Browser(app, language)
    response = browser.sign_in(username)
    assert response.status_code == 303, response.text
    return browser


@pytest.fixture(scope="module")
def agent(app: FastAPI) -> Browser:
    return signed_in(app, "agent1")
