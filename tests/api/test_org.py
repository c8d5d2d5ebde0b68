"""Admins keep users, teams, departments, queues, skills and dispositions; others read."""

from __future__ import annotations

import pytest

from tests.api.conftest import PASSWORD, Api, sign_in


@pytest.mark.parametrize("resource", ["departments", "skills"])
def test_named_records_round_trip(api: Api, resource: str) -> None:
    created = api.ok("admin", "POST", f"/api/v1/{resource}", json={"name": "x1", "title": "X"})
    path = f"/api/v1/{resource}/{created['id']}"
    assert api.ok("agent1", "GET", path) == created
    changed = api.ok("admin", "PATCH", path, json={"title": " Renamed "})
    assert changed == {**created, "title": "Renamed"}
    assert changed in api.ok("planner1", "GET", f"/api/v1/{resource}")
    assert api.call("admin", "POST", f"/api/v1/{resource}", json={"name": "x1"}).status_code == 409
    assert api.call("admin", "DELETE", path).status_code == 204
    assert api.call("admin", "GET", path).status_code == 404


def test_a_queue_names_its_department_and_wrap_up_time(api: Api) -> None:
    department = api.ok("admin", "POST", "/api/v1/departments", json={"name": "billing"})
    queue = api.ok(
        "admin",
        "POST",
        "/api/v1/queues",
        json={"name": "Billing Queue", "department_id": department["id"], "wrap_up_s": 30},
    )
    assert (queue["department_id"], queue["wrap_up_s"]) == (department["id"], 30)
    missing = api.call(
        "admin", "POST", "/api/v1/queues", json={"name": "q2", "department_id": 999999}
    )
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"] == ["body", "department_id"]
    too_long = api.call("admin", "POST", "/api/v1/queues", json={"name": "q3", "wrap_up_s": 99999})
    assert too_long.status_code == 422
    assert too_long.json()["detail"][0]["loc"] == ["body", "wrap_up_s"]
    assert (
        api.call("admin", "PATCH", f"/api/v1/queues/{queue['id']}", json={"name": None}).status_code
        == 422
    )


def test_a_user_is_created_with_skills_and_signs_in(api: Api) -> None:
    api.ok("admin", "POST", "/api/v1/skills", json={"name": "persian"})
    user = api.ok(
        "admin",
        "POST",
        "/api/v1/users",
        json={
            "username": "sara",
            "password": PASSWORD,
            "role": "agent",
            "full_name": "سارا احمدی",
            "skills": {"persian": 7},
        },
    )
    assert (user["agent_name"], user["skills"], user["full_name"]) == (
        "sara",
        {"persian": 7},
        "سارا احمدی",
    )
    assert sign_in(api.client, "sara").status_code == 200
    changed = api.ok("admin", "PATCH", f"/api/v1/users/{user['id']}", json={"skills": {}})
    assert changed["skills"] == {}
    unknown = api.call(
        "admin",
        "POST",
        "/api/v1/users",
        json={"username": "reza", "password": PASSWORD, "role": "agent", "skills": {"klingon": 3}},
    )
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"] == ["body", "skills"]


def test_bad_user_fields_are_named_and_a_password_is_not_echoed(api: Api) -> None:
    response = api.call(
        "admin",
        "POST",
        "/api/v1/users",
        json={"username": "Bad Name", "password": "s3cr3t", "role": "boss"},
    )
    assert response.status_code == 422
    problems = response.json()["detail"]
    assert {tuple(p["loc"]) for p in problems} == {
        ("body", "username"),
        ("body", "password"),
        ("body", "role"),
    }
    assert "s3cr3t" not in response.text
    taken = api.call(
        "admin",
        "POST",
        "/api/v1/users",
        json={"username": "agent1", "password": PASSWORD, "role": "agent"},
    )
    assert taken.status_code == 409


def test_a_supervisor_sees_its_teams_agents_only(api: Api) -> None:
    seen = {user["username"] for user in api.ok("supervisor1", "GET", "/api/v1/users")}
    assert seen == {"supervisor1", "agent1"}
    assert api.call("supervisor1", "GET", f"/api/v1/users/{api.ids['agent2']}").status_code == 404
    teams = api.ok("supervisor1", "GET", "/api/v1/teams")
    assert [team["name"] for team in teams] == ["red"]
    assert teams[0]["supervisor_ids"] == [api.ids["supervisor1"]]
    everyone = {user["username"] for user in api.ok("manager1", "GET", "/api/v1/users?limit=500")}
    assert {"agent1", "agent2", "supervisor1"} <= everyone


def test_teams_are_led_by_supervisors_only(api: Api) -> None:
    team = api.ok(
        "admin",
        "POST",
        "/api/v1/teams",
        json={"name": "blue", "supervisor_ids": [api.ids["supervisor1"]]},
    )
    assert team["supervisor_ids"] == [api.ids["supervisor1"]]
    response = api.call(
        "admin",
        "PATCH",
        f"/api/v1/teams/{team['id']}",
        json={"supervisor_ids": [api.ids["agent2"]]},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "supervisor_ids"]
    cleared = api.ok("admin", "PATCH", f"/api/v1/teams/{team['id']}", json={"supervisor_ids": []})
    assert cleared["supervisor_ids"] == []


def test_dispositions_belong_to_a_queue(api: Api) -> None:
    queue = api.ok("admin", "POST", "/api/v1/queues", json={"name": "sales"})
    path = f"/api/v1/queues/{queue['id']}/dispositions"
    sold = api.ok("admin", "POST", path, json={"code": "sold", "title": "Sale made"})
    api.ok("admin", "POST", path, json={"code": "info", "title": "Information given"})
    assert (
        api.call("admin", "POST", path, json={"code": "sold", "title": "again"}).status_code == 409
    )
    assert [d["code"] for d in api.ok("agent1", "GET", path)] == ["info", "sold"]
    retired = api.ok("admin", "PATCH", f"{path}/{sold['id']}", json={"active": False})
    assert retired["active"] is False
    assert api.call("admin", "GET", "/api/v1/queues/999999/dispositions").status_code == 404
    other = api.ok("admin", "POST", "/api/v1/queues", json={"name": "other"})
    wrong_queue = f"/api/v1/queues/{other['id']}/dispositions/{sold['id']}"
    assert api.call("admin", "DELETE", wrong_queue).status_code == 404


def test_admin_changes_are_audited(api: Api) -> None:
    skill = api.ok("admin", "POST", "/api/v1/skills", json={"name": "audited"})
    entries = api.ok("admin", "GET", f"/api/v1/audit?entity=skills&entity_id={skill['id']}")
    assert [(e["username"], e["action"]) for e in entries] == [("admin", "create")]


def test_health_checks_the_database(api: Api) -> None:
    response = api.client.get("/healthz")
    assert response.json() == {"status": "ok", "database": "ok"}


def test_the_openapi_document_describes_the_api(api: Api) -> None:
    document = api.client.get("/openapi.json").json()
    assert "/api/v1/auth/token" in document["paths"]
    assert "OAuth2PasswordBearer" in document["components"]["securitySchemes"]


def test_an_admin_cannot_lock_itself_out(api: Api) -> None:
    me = f"/api/v1/users/{api.ids['admin']}"
    assert api.call("admin", "DELETE", me).status_code == 409
    assert api.call("admin", "PATCH", me, json={"role": "agent"}).status_code == 409
    assert api.ok("admin", "GET", "/api/v1/me")["role"] == "admin"
