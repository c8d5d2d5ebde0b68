"""Signing in, tokens, /me, and throttling of failed sign-ins."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
import pytest

from tamas.org.signin import FIRST_LOCK, FREE_ATTEMPTS, LONGEST_LOCK, lock_after
from tests.api.conftest import PASSWORD, SECRET, Api, sign_in


def test_a_token_names_the_user_and_role(api: Api) -> None:
    me = api.ok("supervisor1", "GET", "/api/v1/me")
    assert (me["username"], me["role"]) == ("supervisor1", "supervisor")
    assert "password" not in str(me)


def test_a_wrong_password_is_401_and_not_told_apart_from_an_unknown_user(api: Api) -> None:
    wrong = sign_in(api.client, "manager1", "not the password")
    unknown = sign_in(api.client, "nobody-here", "not the password")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Bearer",
        "Bearer not-a-token",
        "Basic YWRtaW46YWRtaW4=",
        "Bearer "
        + jwt.encode({"sub": "1", "exp": 9999999999}, "another key of more than 32 characters"),
    ],
)
def test_missing_or_bad_credentials_are_401(api: Api, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    response = api.client.get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert "detail" in response.json()


def test_an_expired_token_is_401(api: Api) -> None:
    past = datetime.now(UTC) - timedelta(days=2)
    claims = {"sub": str(api.ids["agent1"]), "iat": past, "exp": past + timedelta(hours=1)}
    token = jwt.encode(claims, SECRET, algorithm="HS256")
    response = api.client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_a_new_password_ends_the_tokens_issued_before(api: Api) -> None:
    api.ok(
        "admin",
        "POST",
        "/api/v1/users",
        json={"username": "rotating", "password": PASSWORD, "role": "agent"},
    )
    old = sign_in(api.client, "rotating").json()["access_token"]
    user_id = api.ok("admin", "GET", "/api/v1/users?limit=500")[-1]["id"]
    api.ok("admin", "PATCH", f"/api/v1/users/{user_id}", json={"password": "a brand new one"})
    response = api.client.get("/api/v1/me", headers={"Authorization": f"Bearer {old}"})
    assert response.status_code == 401
    assert sign_in(api.client, "rotating", "a brand new one").status_code == 200


def test_a_deactivated_user_can_neither_sign_in_nor_use_its_token(api: Api) -> None:
    created = api.ok(
        "admin",
        "POST",
        "/api/v1/users",
        json={"username": "leaver", "password": PASSWORD, "role": "agent"},
    )
    token = sign_in(api.client, "leaver").json()["access_token"]
    api.ok("admin", "PATCH", f"/api/v1/users/{created['id']}", json={"active": False})
    assert (
        api.client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code
        == 401
    )
    assert sign_in(api.client, "leaver").status_code == 401


def test_failed_sign_ins_lock_the_username_for_that_client_then_release(api: Api) -> None:
    api.ok(
        "admin",
        "POST",
        "/api/v1/users",
        json={"username": "guessed", "password": PASSWORD, "role": "agent"},
    )
    for _ in range(FREE_ATTEMPTS):
        assert sign_in(api.client, "guessed", "guess").status_code == 401
    locked = sign_in(api.client, "guessed", PASSWORD)
    assert locked.status_code == 429
    assert 0 < int(locked.headers["retry-after"]) <= FIRST_LOCK.total_seconds() + 1
    assert sign_in(api.client, "agent2").status_code == 200, "other usernames are not locked"


def test_the_lock_grows_with_each_failure_up_to_the_longest() -> None:
    locks = [lock_after(failures) for failures in range(1, 30)]
    assert locks[: FREE_ATTEMPTS - 1] == [None] * (FREE_ATTEMPTS - 1)
    assert locks[FREE_ATTEMPTS - 1] == FIRST_LOCK
    assert locks[FREE_ATTEMPTS] == 2 * FIRST_LOCK
    assert max(locks[FREE_ATTEMPTS - 1 :]) == LONGEST_LOCK == locks[-1]


def test_sign_in_needs_both_fields(api: Api) -> None:
    response = api.client.post("/api/v1/auth/token", data={"username": "admin"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "password"]
