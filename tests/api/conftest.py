"""A running API on each backend, with one signed-in user of every role.

The database and users are made once per test module (signing in hashes passwords, which
is slow on purpose); tests in a module share them, so each names what it creates uniquely.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from tamas.api import create_app
from tamas.audit import CommandLine
from tamas.cli.options import run_in_session
from tamas.config import Settings
from tamas.org.models import Role, Team, User
from tamas.org.users import create_user
from tests.conftest import BACKENDS, new_postgres_database

PASSWORD = "correct horse battery"
SECRET = "a test signing key that is long enough"
ROLE_USERS = {
    Role.AGENT: "agent1",
    Role.SUPERVISOR: "supervisor1",
    Role.MANAGER: "manager1",
    Role.PLANNER: "planner1",
    Role.ADMIN: "admin",
}
"""The user signed in for each role; agent1 is in supervisor1's team, agent2 is not."""


@dataclass
class Api:
    client: TestClient
    url: str
    tokens: dict[str, str] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)

    def auth(self, username: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[username]}"}

    def call(self, username: str | None, method: str, path: str, **kwargs):
        headers = (self.auth(username) if username else {}) | kwargs.pop("headers", {})
        return self.client.request(method, path, headers=headers, **kwargs)

    def ok(self, username: str, method: str, path: str, **kwargs):
        """The JSON answer of a request that must succeed."""
        response = self.call(username, method, path, **kwargs)
        assert response.status_code < 300, (response.status_code, response.text)
        return response.json() if response.content else None


def sign_in(client: TestClient, username: str, password: str = PASSWORD):
    return client.post("/api/v1/auth/token", data={"username": username, "password": password})


async def _seed(session) -> dict[str, int]:
    actor = CommandLine("test")
    users = {}
    for username, role in [
        *((name, role) for role, name in ROLE_USERS.items()),
        ("agent2", Role.AGENT),
    ]:
        fields = {"username": username, "password": PASSWORD, "role": role, "skills": {}}
        users[username] = (await create_user(session, actor, fields)).id
    team = Team(name="red", supervisors=[await session.get(User, users["supervisor1"])])
    session.add(team)
    await session.flush()
    (await session.get(User, users["agent1"])).team_id = team.id
    return users


@pytest.fixture(scope="module", params=BACKENDS)
def api_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    if request.param == "sqlite":
        yield f"sqlite:///{Path(tmp_path_factory.mktemp('api')) / 'tamas.sqlite'}"
        return
    with new_postgres_database() as url:
        yield url


def settings_for(url: str) -> Settings:
    return Settings(database_url=url, secret_key=SecretStr(SECRET))


@pytest.fixture(scope="module")
def api(api_url: str) -> Iterator[Api]:
    ids = run_in_session(api_url, _seed)
    with TestClient(create_app(settings_for(api_url))) as client:
        api = Api(client, api_url, ids=ids)
        for username in ids:
            response = sign_in(client, username)
            assert response.status_code == 200, response.text
            api.tokens[username] = response.json()["access_token"]
        yield api
