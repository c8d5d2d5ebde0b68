"""The planner in a browser, in Persian: from four weeks of seeded history the planner
adds a shift template and a special day, builds a forecast of the next week (with its
backtest), a staffing plan and a schedule (Gantt and coverage), and the what-if answers
with a service level and an abandonment rate. The page is right-to-left with Jalali
dates and mirrored charts; its screenshot is kept in test-artifacts/planner-fa.png.

The solver's time limit is kept small so the test stays quick."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tamas.store import SqlEventLog, open_database
from tests.e2e.conftest import ARTIFACTS, serving
from tests.e2e.test_agent_flow import sign_in
from tests.planning.history import history_events
from tests.web.scenario import seed_center

UNTIL = date(2026, 11, 21)
"""The seeded history's last day, a Saturday (30 Aban 1405)."""
STEP_TIMEOUT_MS = 90_000


@pytest.fixture(scope="module")
def planner_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server of its own: the history would change the other browser tests' figures."""
    folder = tmp_path_factory.mktemp("planner")
    center = seed_center(f"sqlite:///{folder / 'tamas.sqlite'}")
    engine = open_database(center.url)
    try:
        SqlEventLog(engine).append(history_events(UNTIL, 28))
    finally:
        engine.dispose()
    with serving(center.url, folder) as base:
        yield base


def test_the_planner_builds_a_week_and_tests_it(page: Page, planner_server: str) -> None:
    sign_in(page, planner_server, "planner1")
    expect(page.locator("h1")).to_have_text("Planner")
    page.get_by_role("button", name="فارسی").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")

    page.fill("#template-name", "روز")
    page.locator("#template-form button[type=submit]").click()
    expect(page.locator("#template-table tbody tr")).to_have_count(1)
    expect(page.locator("#template-table tbody")).to_contain_text("روز")

    page.fill("#special-name", "جشنواره")
    page.select_option("#special-kind", "campaign")
    page.fill("#special-start", "2026-11-24")
    page.fill("#special-end", "2026-11-24")
    page.fill("#special-lift", "1.3")
    expect(page.locator("#special-start-shown")).to_contain_text("۱۴۰۵")
    page.locator("#special-form button[type=submit]").click()
    expect(page.locator("#special-table tbody")).to_contain_text("جشنواره")
    expect(page.locator("#special-table tbody")).to_contain_text("سه‌شنبه ۳ آذر ۱۴۰۵")

    page.fill("#forecast-until", UNTIL.isoformat())
    expect(page.locator("#forecast-until-shown")).to_contain_text("شنبه ۳۰ آبان ۱۴۰۵")
    page.locator("#forecast-form button[type=submit]").click()
    expect(page.locator("#forecast-progress")).to_be_visible()
    expect(page.locator("#forecast-result")).to_be_visible(timeout=STEP_TIMEOUT_MS)
    expect(page.locator("#backtest-table tbody tr")).to_have_count(3)
    expect(page.locator("#backtest-table tbody")).to_contain_text("٪")
    assert page.evaluate("Chart.getChart('forecast-chart').options.scales.x.reverse") is True

    page.fill("#staffing-aht", "200")
    page.locator("#staffing-form button[type=submit]").click()
    expect(page.locator("#staffing-summary")).to_contain_text("کارشناس")
    expect(page.locator("#whatif-day option")).to_have_count(7)

    page.fill("#schedule-limit", "5")
    page.locator("#schedule-form button[type=submit]").click()
    expect(page.locator("#schedule-result")).to_be_visible(timeout=STEP_TIMEOUT_MS)
    expect(page.locator("#schedule-summary")).to_contain_text("شیفت")
    shifts = page.evaluate("Chart.getChart('gantt-chart').data.datasets[0].data.length")
    assert shifts > 0
    expect(page.locator("#shift-table tbody tr")).to_have_count(shifts)
    coverage = page.evaluate("Chart.getChart('coverage-chart').data.datasets.length")
    assert coverage == 2

    page.select_option("#whatif-day", "2026-11-23")
    page.fill("#whatif-agents", "1")
    page.fill("#whatif-calls", "10")
    page.fill("#whatif-patience", "60")
    page.fill("#whatif-replications", "3")
    page.locator("#whatif-form button[type=submit]").click()
    expect(page.locator("#whatif-result")).to_be_visible(timeout=STEP_TIMEOUT_MS)
    expect(page.locator("#whatif-sl")).to_have_text(re.compile(r"^[۰-۹٫]+٪ ± [۰-۹٫]+٪$"))
    expect(page.locator("#whatif-abandon")).to_contain_text("٪")

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "planner-fa.png", full_page=True)


def test_a_forecast_without_enough_history_says_what_to_do(page: Page, planner_server: str) -> None:
    sign_in(page, planner_server, "manager1")
    page.goto(f"{planner_server}/planner")
    page.fill("#forecast-until", "2026-10-30")
    page.locator("#forecast-form button[type=submit]").click()
    expect(page.locator("#forecast-error")).to_have_text(
        "Not enough history: 6 days, need 14. Import more contacts or choose a later end of "
        "history.",
        timeout=STEP_TIMEOUT_MS,
    )
