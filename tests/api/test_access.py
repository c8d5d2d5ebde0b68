"""Who may call what: every route of the API, without credentials (401) and as each role
(403 when the role may not; anything but 401/403 when it may). A route missing from the
table fails the test, so a new route must say who may call it."""

from __future__ import annotations

import re

import pytest

from tamas.api import API_PREFIX
from tamas.org.models import Role
from tests.api.conftest import ROLE_USERS, Api

ALL = frozenset(Role)
CUSTOMER_DATA = frozenset({Role.AGENT, Role.SUPERVISOR, Role.MANAGER, Role.ADMIN})
ADMIN = frozenset({Role.ADMIN})
OVERSEERS = frozenset({Role.SUPERVISOR, Role.MANAGER, Role.PLANNER, Role.ADMIN})
KPI = frozenset({Role.AGENT, Role.SUPERVISOR, Role.MANAGER, Role.ADMIN})
IMPORTERS = frozenset({Role.MANAGER, Role.ADMIN})
DESK = frozenset({Role.AGENT, Role.SUPERVISOR})
WALLBOARD = frozenset({Role.SUPERVISOR, Role.MANAGER, Role.ADMIN})
PLANNING = frozenset({Role.PLANNER, Role.MANAGER, Role.ADMIN})
MISSING = 999999
"""An id no record has: an allowed caller gets 404 or 422, never a change."""

ACCESS = [
    ("GET", "/me", None, ALL),
    ("GET", "/users", None, OVERSEERS),
    ("POST", "/users", {"username": "x", "password": "p" * 8, "role": "boss"}, ADMIN),
    ("GET", f"/users/{MISSING}", None, OVERSEERS),
    ("PATCH", f"/users/{MISSING}", {}, ADMIN),
    ("DELETE", f"/users/{MISSING}", None, ADMIN),
    ("GET", "/teams", None, OVERSEERS),
    ("POST", "/teams", {"name": ""}, ADMIN),
    ("GET", f"/teams/{MISSING}", None, OVERSEERS),
    ("PATCH", f"/teams/{MISSING}", {}, ADMIN),
    ("DELETE", f"/teams/{MISSING}", None, ADMIN),
    *(
        row
        for resource in ("departments", "skills", "queues")
        for row in (
            ("GET", f"/{resource}", None, ALL),
            ("POST", f"/{resource}", {"name": ""}, ADMIN),
            ("GET", f"/{resource}/{MISSING}", None, ALL),
            ("PATCH", f"/{resource}/{MISSING}", {}, ADMIN),
            ("DELETE", f"/{resource}/{MISSING}", None, ADMIN),
        )
    ),
    ("GET", f"/queues/{MISSING}/dispositions", None, ALL),
    ("POST", f"/queues/{MISSING}/dispositions", {"code": ""}, ADMIN),
    ("PATCH", f"/queues/{MISSING}/dispositions/{MISSING}", {}, ADMIN),
    ("DELETE", f"/queues/{MISSING}/dispositions/{MISSING}", None, ADMIN),
    ("GET", "/customers", None, CUSTOMER_DATA),
    ("POST", "/customers", {"name": ""}, CUSTOMER_DATA),
    ("POST", "/customers/import", None, IMPORTERS),
    ("GET", f"/customers/{MISSING}", None, CUSTOMER_DATA),
    ("GET", f"/customers/{MISSING}/timeline", None, CUSTOMER_DATA),
    ("PATCH", f"/customers/{MISSING}", {}, CUSTOMER_DATA),
    ("DELETE", f"/customers/{MISSING}", None, ADMIN),
    ("GET", "/cases", None, CUSTOMER_DATA),
    ("POST", "/cases", {"customer_id": MISSING, "title": "t"}, CUSTOMER_DATA),
    ("GET", f"/cases/{MISSING}", None, CUSTOMER_DATA),
    ("PATCH", f"/cases/{MISSING}", {}, CUSTOMER_DATA),
    ("GET", f"/cases/{MISSING}/history", None, CUSTOMER_DATA),
    ("GET", "/notes", None, CUSTOMER_DATA),
    ("POST", "/notes", {"customer_id": MISSING, "body": "b"}, CUSTOMER_DATA),
    ("GET", f"/notes/{MISSING}", None, CUSTOMER_DATA),
    ("GET", "/follow-ups", None, CUSTOMER_DATA),
    ("POST", "/follow-ups", {"customer_id": MISSING}, CUSTOMER_DATA),
    ("GET", f"/follow-ups/{MISSING}", None, CUSTOMER_DATA),
    ("PATCH", f"/follow-ups/{MISSING}", {}, CUSTOMER_DATA),
    ("GET", "/kpi?interval=7", None, KPI),
    ("GET", "/audit", None, ADMIN),
    ("GET", "/agents/me", None, DESK),
    ("POST", "/agents/me/state", {"state": "away"}, DESK),
    ("POST", "/contacts", {"queue": ""}, ADMIN),
    *(
        ("POST", f"/contacts/{MISSING}/{action}", None, DESK)
        for action in ("answer", "hold", "unhold", "hangup")
    ),
    ("POST", f"/contacts/{MISSING}/transfer", {}, DESK),
    ("POST", f"/contacts/{MISSING}/wrap-up", {}, DESK),
    ("GET", f"/contacts/{MISSING}/pop", None, CUSTOMER_DATA),
    ("GET", "/stream", None, ALL),
    ("GET", "/wallboard", None, WALLBOARD),
    ("GET", "/wallboard/stream", None, WALLBOARD),
    ("GET", "/wallboard/targets", None, WALLBOARD),
    ("PATCH", f"/wallboard/targets/{MISSING}", {}, WALLBOARD),
    ("POST", f"/wallboard/agents/{MISSING}/state", {"state": "ready"}, WALLBOARD),
    ("POST", f"/wallboard/agents/{MISSING}/messages", {"text": "t"}, WALLBOARD),
    *(
        row
        for resource in ("special-days", "shift-templates")
        for row in (
            ("GET", f"/planner/{resource}", None, PLANNING),
            ("POST", f"/planner/{resource}", {"name": ""}, PLANNING),
            ("PUT", f"/planner/{resource}/{MISSING}", {}, PLANNING),
            ("DELETE", f"/planner/{resource}/{MISSING}", None, PLANNING),
        )
    ),
    ("POST", "/planner/forecast", {"horizon_days": 0}, PLANNING),
    *(("POST", f"/planner/{step}", {"rows": []}, PLANNING) for step in ("staffing", "schedule")),
    ("POST", "/planner/what-if", {"rows": []}, PLANNING),
    ("GET", "/planner/jobs/{job_id}", None, PLANNING),
]
PUBLIC = {("POST", "/auth/token")}


def _answer(api: Api, username: str | None, method: str, url: str, body) -> tuple[int, dict]:
    """The status and JSON body of a request; a live stream's body is not waited for."""
    headers = api.auth(username) if username else {}
    with api.client.stream(method, url, headers=headers, json=body) as response:
        if response.headers.get("content-type", "").startswith("text/event-stream"):
            return response.status_code, {}
        response.read()
        return response.status_code, response.json()


@pytest.mark.parametrize(
    ("method", "path", "body", "allowed"),
    ACCESS,
    ids=[f"{method} {path}" for method, path, _body, _allowed in ACCESS],
)
def test_each_role_may_call_only_what_it_should(api: Api, method, path, body, allowed) -> None:
    url = API_PREFIX + path
    status, answer = _answer(api, None, method, url, body)
    assert status == 401, answer
    assert "detail" in answer
    for role, username in ROLE_USERS.items():
        status, answer = _answer(api, username, method, url, body)
        if role in allowed:
            assert status not in (401, 403), (role, answer)
            assert status < 500
        else:
            assert status == 403, (role, status, answer)
            assert role.value in answer["detail"]


def _template(path: str) -> str:
    """/cases/{case_id} and /cases/999999?x=1 both as /cases/{}."""
    path = re.sub(r"\{[a-z_]+\}", "{}", path.split("?", maxsplit=1)[0])
    return path.replace(str(MISSING), "{}")


def test_the_table_covers_every_route(api: Api) -> None:
    paths = api.client.get("/openapi.json").json()["paths"]
    routes = {
        (method.upper(), _template(path.removeprefix(API_PREFIX)))
        for path, operations in paths.items()
        if path.startswith(API_PREFIX)
        for method in operations
    }
    covered = {(method, _template(path)) for method, path, _body, _allowed in ACCESS} | PUBLIC
    assert routes == covered
