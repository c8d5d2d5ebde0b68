"""The report as the JSON contract of `tamas report kpi --format json`."""

from __future__ import annotations

import json

from tamas.kpi import KpiDefinitions, kpi_report
from tests.kpi.builders import answered_call, frame, login, logout

# The keys of the JSON contract, written out apart from the code that makes them.
CONTRACT = {
    "totals": "offered answered abandoned short_abandoned exited answered_within_threshold "
    "service_level abandon_rate sl_asterisk sl2_asterisk asa_s aht_s max_wait_s fcr",
    "by_agent": "agent answered talk_time_s aht_s ring_no_answer transfers logged_in_s "
    "paused_s occupancy",
    "by_interval": "start offered answered abandoned service_level asa_s aht_s",
}
TOTALS, AGENT, INTERVAL = (keys.split() for keys in CONTRACT.values())


def test_the_dict_has_exactly_the_contract_s_keys_and_types() -> None:
    events = frame(
        login(0, "Ali Rezaei"),
        answered_call(0, "c1", "Ali Rezaei", wait=7, talk=100),
        answered_call(20, "c2", "Ali Rezaei", wait=3, talk=101),
        logout(300, "Ali Rezaei"),
    )
    report = kpi_report(events, KpiDefinitions()).as_dict(skipped_lines=3)
    assert list(report) == [
        "definitions",
        "period",
        "calendar",
        "skipped_lines",
        "totals",
        "by_queue",
        "by_agent",
        "by_interval",
    ]
    assert report["definitions"] == {
        "sl_threshold_s": 20,
        "short_abandon_s": 5,
        "fcr_window_s": 86400,
        "interval_min": 30,
        "tz": "Asia/Tehran",
    }
    assert (report["period"], report["calendar"]) == ("interval", "gregorian")
    assert report["skipped_lines"] == 3
    assert list(report["totals"]) == TOTALS
    assert list(report["by_queue"][0]) == ["queue", *TOTALS]
    assert list(report["by_agent"][0]) == AGENT
    assert list(report["by_interval"][0]) == INTERVAL
    assert all(type(report["totals"][name]) is int for name in TOTALS[:6])
    # Fractions are rounded to 4 places: occupancy 201 / 300, fcr 1 of 2 (same caller).
    assert report["by_agent"][0]["occupancy"] == 0.67
    assert report["totals"]["aht_s"] == 100.5
    assert report["totals"]["fcr"] == 0.5
    assert json.loads(json.dumps(report)) == report


def test_an_empty_report_is_valid_json_with_nulls() -> None:
    report = kpi_report(frame(), KpiDefinitions(tz="Europe/London")).as_dict()
    assert report["definitions"]["tz"] == "Europe/London"
    assert report["totals"]["offered"] == 0
    assert report["totals"]["service_level"] is None
    assert json.loads(json.dumps(report)) == report
