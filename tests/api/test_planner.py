"""The planner's API on each backend: special days and shift templates stored and
checked field by field, and the chain from the event log to a forecast, a staffing
plan, a schedule and a what-if, each long step a job that ends with a result or an
error a planner can act on."""

from __future__ import annotations

import time
from datetime import date, timedelta
from typing import Any

import pytest

from tamas.store import SqlEventLog, open_database
from tests.api.conftest import Api
from tests.planning.history import history_events

P = "/api/v1/planner"
POLL_S = 0.05
UNTIL = date(2026, 11, 21)
"""The last day of the seeded history (a Saturday: the forecast week starts on Sunday)."""
LUNCH = {"name": "lunch", "earliest": "3h", "latest": "5h", "length": 30, "paid": False}
DAY_SHIFT = {
    "name": "day",
    "earliest_start": "07:00",
    "latest_start": "12:00",
    "start_step": 60,
    "length": "8h",
    "days": ["sat", "sun", "mon", "tue", "wed", "thu"],
    "breaks": [LUNCH],
}


def finished(api: Api, user: str, job: dict[str, Any], limit_s: float = 60) -> dict[str, Any]:
    """The job once it is no longer running."""
    deadline = time.monotonic() + limit_s
    while job["state"] == "running":
        assert time.monotonic() < deadline, job
        time.sleep(POLL_S)
        job = api.ok(user, "GET", f"{P}/jobs/{job['id']}")
    return job


def started(api: Api, user: str, step: str, body: dict[str, Any]) -> dict[str, Any]:
    response = api.call(user, "POST", f"{P}/{step}", json=body)
    assert response.status_code == 202, response.text
    assert response.headers["Location"].endswith(response.json()["id"])
    return response.json()


def problem(response) -> tuple[int, str, str]:
    detail = response.json()["detail"][0]
    return response.status_code, ".".join(str(p) for p in detail["loc"]), detail["msg"]


def test_special_days_are_kept_and_checked(api: Api) -> None:
    launch = {"name": "New phone", "kind": "launch", "start": "2026-11-23", "end": "2026-11-24"}
    added = api.ok("planner1", "POST", f"{P}/special-days", json=launch | {"lift": "+50%"})
    assert added["lift"] == 1.5
    closed = api.ok(
        "manager1",
        "POST",
        f"{P}/special-days",
        json={"name": "Strike", "kind": "closed", "start": "2026-11-20", "end": "2026-11-20"},
    )
    assert closed["lift"] == 0
    listed = api.ok("admin", "GET", f"{P}/special-days")
    assert [day["name"] for day in listed] == ["Strike", "New phone"]
    changed = api.ok(
        "planner1", "PUT", f"{P}/special-days/{added['id']}", json=launch | {"lift": 2}
    )
    assert changed["lift"] == 2
    backwards = launch | {"start": "2026-11-25"}
    status, where, message = problem(
        api.call("planner1", "POST", f"{P}/special-days", json=backwards)
    )
    assert status == 422 and "before start" in message
    status, where, message = problem(
        api.call("planner1", "POST", f"{P}/special-days", json=launch | {"lift": "50%"})
    )
    assert (status, where) == (422, "body.lift") and "+50%" in message
    api.ok("planner1", "DELETE", f"{P}/special-days/{closed['id']}")
    assert api.call("planner1", "DELETE", f"{P}/special-days/{closed['id']}").status_code == 404
    assert [day["name"] for day in api.ok("planner1", "GET", f"{P}/special-days")] == ["New phone"]
    api.ok("planner1", "DELETE", f"{P}/special-days/{added['id']}")


def test_shift_templates_are_checked_like_the_shift_file(api: Api) -> None:
    late_lunch = DAY_SHIFT | {"breaks": [LUNCH | {"latest": "7h45m"}]}
    response = api.call("planner1", "POST", f"{P}/shift-templates", json=late_lunch)
    assert response.status_code == 422
    assert 'break "lunch" window is outside the shift' in response.json()["detail"][0]["msg"]
    status, where, _message = problem(
        api.call("planner1", "POST", f"{P}/shift-templates", json=DAY_SHIFT | {"length": "8h07m"})
    )
    assert (status, where) == (422, "body.length")
    added = api.ok("planner1", "POST", f"{P}/shift-templates", json=DAY_SHIFT)
    assert added["length"] == 480
    assert added["breaks"] == [
        {"name": "lunch", "earliest": 180, "latest": 300, "length": 30, "paid": False}
    ]
    again = api.call("planner1", "POST", f"{P}/shift-templates", json=DAY_SHIFT)
    assert again.status_code == 409
    early = api.ok("planner1", "POST", f"{P}/shift-templates", json=DAY_SHIFT | {"name": "spare"})
    api.ok("planner1", "DELETE", f"{P}/shift-templates/{early['id']}")
    assert [t["name"] for t in api.ok("planner1", "GET", f"{P}/shift-templates")] == ["day"]


def test_a_forecast_needs_two_weeks_of_history(api: Api) -> None:
    engine = open_database(api.url)
    try:
        SqlEventLog(engine).append(history_events(UNTIL - timedelta(days=21), 5))
    finally:
        engine.dispose()
    job = started(
        api, "planner1", "forecast", {"history_until": (UNTIL - timedelta(days=21)).isoformat()}
    )
    failed = finished(api, "planner1", job)
    assert failed["state"] == "failed"
    assert failed["error"]["code"] == "history_too_short"
    assert failed["error"]["values"] == {"days": 5, "need": 14}
    assert failed["error"]["message"] == "not enough history: 5 days, need 14"


def test_the_chain_from_history_to_a_what_if(api: Api) -> None:
    engine = open_database(api.url)
    try:
        SqlEventLog(engine).append(history_events(UNTIL, 21))
    finally:
        engine.dispose()
    job = started(
        api, "planner1", "forecast", {"history_until": UNTIL.isoformat(), "holidays": ["IR"]}
    )
    assert job["state"] == "running" and 0 <= job["done"] < 1
    forecast = finished(api, "planner1", job)
    assert forecast["state"] == "done", forecast
    result = forecast["result"]
    assert result["first_day"] == (UNTIL + timedelta(days=1)).isoformat()
    assert len(result["forecast"]) == 7 * 48
    assert result["history_days"] == 26
    assert set(result["backtest"]["scores"]) == {"tamas", "auto_ets", "seasonal_naive"}
    friday = [row for row in result["forecast"] if row["ds"].startswith("2026-11-27")]
    assert friday and all(row["yhat"] == 0 for row in friday)
    assert any(row["yhat_lo"] < row["yhat"] < row["yhat_hi"] for row in result["forecast"])

    rows = [{"ds": row["ds"], "calls": row["yhat"]} for row in result["forecast"]]
    staffing = api.ok("planner1", "POST", f"{P}/staffing", json={"rows": rows, "shrinkage": 0.25})
    assert staffing["model"] == "erlang_c"
    busiest = max(staffing["rows"], key=lambda row: row["calls"])
    assert busiest["agents"] >= 2 and busiest["agents_scheduled"] > busiest["agents"]
    assert all(row["agents"] == 0 for row in staffing["rows"] if row["calls"] == 0)
    erlang_a = api.call(
        "planner1", "POST", f"{P}/staffing", json={"rows": rows, "model": "erlang_a"}
    )
    assert erlang_a.status_code == 422 and "patience_s" in erlang_a.text

    need = [{"ds": row["ds"], "agents": row["agents_scheduled"]} for row in staffing["rows"]]
    api.ok("planner1", "POST", f"{P}/shift-templates", json=DAY_SHIFT | {"name": "chain"})
    plan = finished(
        api, "planner1", started(api, "planner1", "schedule", {"rows": need, "time_limit_s": 5})
    )
    assert plan["state"] == "done", plan
    schedule = plan["result"]
    assert [c["required"] for c in schedule["coverage"]] == [n["agents"] for n in need]
    placed = sum(len(position["shifts"]) for position in schedule["positions"])
    assert placed == schedule["totals"]["shifts"] > 0

    day = "2026-11-23"
    coverage = {c["ds"]: int(c["scheduled"]) for c in schedule["coverage"]}
    today = [
        {"ds": row["ds"], "calls": row["calls"], "agents": coverage[row["ds"]]}
        for row in staffing["rows"]
        if row["ds"].startswith(day)
    ]
    body = {"day": day, "rows": today, "replications": 4}
    fewer = finished(
        api, "planner1", started(api, "planner1", "what-if", body | {"agents_delta": -2})
    )
    more = finished(
        api, "planner1", started(api, "planner1", "what-if", body | {"agents_delta": 2})
    )
    assert fewer["state"] == more["state"] == "done", (fewer, more)
    low, high = fewer["result"]["totals"], more["result"]["totals"]
    assert low["service_level"]["value"] < high["service_level"]["value"]
    assert low["service_level"]["half_width"] is not None
    assert low["offered"]["value"] == pytest.approx(sum(row["calls"] for row in today), rel=0.3)

    flood = body | {"rows": today, "calls_pct": 500, "replications": 2}
    flood["rows"] = [row | {"calls": 3000} for row in today]
    status, _where, message = problem(api.call("planner1", "POST", f"{P}/what-if", json=flood))
    assert (
        status == 422 and "864,000 calls in the day; a what-if simulates at most 100,000" in message
    )

    wrong_day = body | {"day": "2026-11-24"}
    status, where, message = problem(api.call("planner1", "POST", f"{P}/what-if", json=wrong_day))
    assert (status, where) == (422, "body.rows") and "is not the start" in message


def test_a_schedule_needs_templates_and_a_regular_grid(api: Api) -> None:
    for template in api.ok("planner1", "GET", f"{P}/shift-templates"):
        api.ok("planner1", "DELETE", f"{P}/shift-templates/{template['id']}")
    rows = [{"ds": "2026-11-23T08:00", "agents": 1}, {"ds": "2026-11-23T08:30", "agents": 2}]
    response = api.call("planner1", "POST", f"{P}/schedule", json={"rows": rows})
    assert response.status_code == 422 and "no shift templates" in response.text
    api.ok("planner1", "POST", f"{P}/shift-templates", json=DAY_SHIFT | {"name": "grid"})
    gap = [rows[0], {"ds": "2026-11-23T09:30", "agents": 2}]
    status, where, message = problem(
        api.call("planner1", "POST", f"{P}/schedule", json={"rows": gap})
    )
    assert (status, where) == (422, "body.rows") and "expected 2026-11-23T08:30" in message


def test_a_job_is_its_owners(api: Api) -> None:
    job = started(api, "planner1", "forecast", {"horizon_days": 1, "backtest_windows": 0})
    assert api.call("manager1", "GET", f"{P}/jobs/{job['id']}").status_code == 404
    finished(api, "planner1", job)
