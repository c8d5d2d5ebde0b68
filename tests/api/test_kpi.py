"""`GET /api/v1/kpi`: the CLI's JSON report over HTTP, each role seeing what it may."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from tamas.api.routes.kpi import LABELS
from tamas.events import Event, EventType, events_to_frame
from tamas.reports import to_json
from tamas.reports.kpi_query import KpiQuery
from tamas.store import SqlEventLog, open_database
from tests.api.conftest import Api

START = datetime(2025, 1, 4, 6, 0, tzinfo=UTC)
ARGS = {"from": "2025-01-04", "to": "2025-01-05", "interval": "60", "sl_threshold": "15"}


def _answered_call(number: int, agent: str, wait_s: float, talk_s: float) -> list[Event]:
    at = START + timedelta(minutes=10 * number)
    contact = f"k{number}"
    return [
        Event(
            f"{contact}q",
            at,
            EventType.CONTACT_QUEUED,
            "test",
            contact_id=contact,
            queue="support",
            caller=f"0912000000{number}",
        ),
        Event(
            f"{contact}a",
            at + timedelta(seconds=wait_s),
            EventType.CONTACT_ANSWERED,
            "test",
            contact_id=contact,
            queue="support",
            agent=agent,
            wait_s=wait_s,
        ),
        Event(
            f"{contact}e",
            at + timedelta(seconds=wait_s + talk_s),
            EventType.CONTACT_ENDED,
            "test",
            contact_id=contact,
            queue="support",
            agent=agent,
            wait_s=wait_s,
            talk_s=talk_s,
            reason="caller",
        ),
    ]


@pytest.fixture(scope="module")
def events_stored(api: Api) -> SqlEventLog:
    log = SqlEventLog(open_database(api.url))
    log.append(
        events_to_frame(
            _answered_call(1, "agent1", 5, 100)
            + _answered_call(2, "agent2", 30, 200)
            + _answered_call(3, "agent1", 10, 60)
        )
    )
    yield log
    log.engine.dispose()


def test_a_manager_gets_exactly_the_report_of_the_command(api: Api, events_stored) -> None:
    answer = api.ok("manager1", "GET", "/api/v1/kpi", params=ARGS)
    query = KpiQuery.parse(
        start="2025-01-04",
        end="2025-01-05",
        sl_threshold=15,
        short_abandon=5,
        fcr_window=86400,
        interval=60,
        tz="Asia/Tehran",
        queues=None,
        labels=LABELS,
    )
    expected = json.loads(to_json(query.figures_of(query.events_from(events_stored))))
    assert answer == expected
    assert answer["totals"]["answered"] == 3
    assert [row["agent"] for row in answer["by_agent"]] == ["agent1", "agent2"]


@pytest.mark.parametrize(
    ("username", "agents"),
    [("supervisor1", ["agent1"]), ("agent2", ["agent2"]), ("admin", ["agent1", "agent2"])],
)
def test_each_role_sees_the_agents_it_may(api: Api, events_stored, username, agents) -> None:
    answer = api.ok(username, "GET", "/api/v1/kpi", params=ARGS)
    assert [row["agent"] for row in answer["by_agent"]] == agents
    assert answer["totals"]["answered"] == 3


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"interval": "7"}, "interval"),
        ({"interval": "0"}, "interval"),
        ({"from": "yesterday"}, "from"),
        ({"tz": "Mars/Base"}, "tz"),
        ({"sl_threshold": "x"}, "sl_threshold"),
        ({"period": "fortnight"}, "period"),
        ({"calendar": "lunar"}, "calendar"),
    ],
)
def test_bad_parameters_are_422_naming_them(api: Api, params: dict, field: str) -> None:
    response = api.call("manager1", "GET", "/api/v1/kpi", params=params)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", field]


def test_rows_over_time_by_jalali_week(api: Api, events_stored) -> None:
    params = ARGS | {"period": "week", "calendar": "jalali"}
    answer = api.ok("manager1", "GET", "/api/v1/kpi", params=params)
    assert (answer["period"], answer["calendar"]) == ("week", "jalali")
    # Saturday 4 January 2025 begins an Iranian week.
    assert answer["by_interval"] == [
        {
            "start": "2025-01-04T00:00:00+03:30",
            "offered": 3,
            "answered": 3,
            "abandoned": 0,
            "service_level": answer["totals"]["service_level"],
            "asa_s": answer["totals"]["asa_s"],
            "aht_s": answer["totals"]["aht_s"],
        }
    ]
