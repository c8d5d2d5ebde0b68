"""A manager's report in the browser: its service level is the one `tamas report kpi`
prints for the same database and range, its charts are drawn, a figure opens its
contacts from the keyboard, the exports download and open, and the Persian page reads
right to left with Jalali dates (screenshots of both in test-artifacts/)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import jdatetime
import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tamas.events import Event, EventType, events_to_frame
from tamas.store import SqlEventLog, open_database
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_agent_flow import sign_in
from tests.web.scenario import Center

TEHRAN = ZoneInfo("Asia/Tehran")
WAITS = (5, 12, 18, 35, 60)
"""Waits of five answered calls: three within the 20 s threshold."""


@pytest.fixture(scope="module")
def report_day(center: Center) -> str:
    """A day ten days back with five answered calls and two abandoned ones (one short),
    away from the day the other browser tests work on."""
    day = datetime.now(TEHRAN).date() - timedelta(days=10)
    start = datetime.combine(day, time(10, 0), TEHRAN)
    events = []
    for n, wait in enumerate(WAITS):
        at = start + timedelta(minutes=7 * n)
        call = {"source": "e2e", "contact_id": f"r{n}", "queue": "support"}
        events += [
            Event(f"r{n}q", at, EventType.CONTACT_QUEUED, caller=f"0912555000{n}", **call),
            Event(f"r{n}a", at + timedelta(seconds=wait), EventType.CONTACT_ANSWERED,
                  agent="agent1", wait_s=wait, **call),
            Event(f"r{n}e", at + timedelta(seconds=wait + 120), EventType.CONTACT_ENDED,
                  agent="agent1", wait_s=wait, talk_s=120, reason="caller", **call),
        ]  # fmt: skip
    for n, wait in enumerate((3, 45)):
        at = start + timedelta(hours=2, minutes=n)
        call = {"source": "e2e", "contact_id": f"x{n}", "queue": "support"}
        events += [
            Event(f"x{n}q", at, EventType.CONTACT_QUEUED, caller=f"0935555000{n}", **call),
            Event(f"x{n}b", at + timedelta(seconds=wait), EventType.CONTACT_ABANDONED,
                  wait_s=wait, **call),
        ]  # fmt: skip
    engine = open_database(center.url)
    try:
        SqlEventLog(engine).append(events_to_frame(events))
    finally:
        engine.dispose()
    return str(day)


def cli_report(center: Center, first: str, last: str) -> dict:
    """`tamas report kpi` on the server's database for [first, last], as JSON."""
    after = str(datetime.fromisoformat(last).date() + timedelta(days=1))
    command = [str(Path(sys.executable).with_name("tamas")), "report", "kpi", "--db"]
    command += [center.url, "--from", first, "--to", after, "--format", "json"]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_the_report_agrees_with_the_command_and_exports_open(
    page: Page, server: str, center: Center, report_day: str, tmp_path: Path
) -> None:
    sign_in(page, server, "manager1")
    expect(page).to_have_url(f"{server}/reports")
    page.get_by_label("First day").fill(report_day)
    page.get_by_label("Last day").fill(report_day)
    page.get_by_label("Group by").select_option(label="Interval")
    page.get_by_role("button", name="Show report").click()
    expect(page.get_by_role("heading", level=2, name="From")).to_be_visible()

    figures = cli_report(center, report_day, report_day)
    assert figures["totals"]["service_level"] == 0.5  # 3 of 7 offered less 1 short abandon
    service_level = f"{100 * figures['totals']['service_level']:.1f}%"
    expect(page.locator("#figure-service_level dd")).to_have_text(service_level)
    expect(page.locator("#figure-offered dd")).to_have_text(str(figures["totals"]["offered"]))
    for chart in ("chart-over-time", "chart-wait", "chart-handle", "chart-agents"):
        drawn = page.evaluate(f"Boolean(Chart.getChart(document.getElementById('{chart}')))")
        assert drawn, chart
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "reports-en.png", full_page=True)

    downloads = {}
    for kind in ("CSV", "XLSX", "PDF"):
        with page.expect_download() as info:
            page.get_by_role("link", name=kind, exact=True).click()
        target = tmp_path / info.value.suggested_filename
        info.value.save_as(target)
        downloads[kind] = target
    with downloads["CSV"].open(encoding="utf-8") as stream:
        totals = next(csv.DictReader(stream))
    assert float(totals["service_level"]) == figures["totals"]["service_level"]
    book = load_workbook(downloads["XLSX"])
    sheet = {row[0]: row[1] for row in book["Totals"].iter_rows(min_row=2, values_only=True)}
    assert sheet["service_level"] == figures["totals"]["service_level"]
    text = PdfReader(downloads["PDF"]).pages[0].extract_text()
    assert f"Service level {service_level}" in text

    answered = page.locator("#figure-answered dd a")
    answered.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Contacts behind a figure")
    expect(page.get_by_role("status")).to_contain_text(f"{len(WAITS)} contacts")


def test_the_persian_report_reads_right_to_left_with_jalali_dates(
    page: Page, server: str, report_day: str
) -> None:
    sign_in(page, server, "manager1")
    page.get_by_role("button", name="فارسی").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    day = jdatetime.date.fromgregorian(date=datetime.fromisoformat(report_day).date())
    typed = day.strftime("%Y/%m/%d")
    page.get_by_label("روز نخست").fill(typed)
    page.get_by_label("روز پایانی").fill(typed)
    page.get_by_role("button", name="نمایش گزارش").click()
    named = jdatetime.date.fromgregorian(date=day.togregorian(), locale="fa_IR")
    month = named.strftime("%B")
    expect(page.locator("#summary-title")).to_contain_text(month)
    expect(page.locator("#figure-service_level dd")).to_have_text("۵۰٫۰٪")
    rtl = page.evaluate(
        "tamasCharts.rtl && Chart.getChart(document.getElementById('chart-over-time'))"
        ".options.scales.x.reverse"
    )
    assert rtl, "the time axis runs right to left"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "reports-fa.png", full_page=True)


def test_the_persian_reader_chooses_the_days_from_a_jalali_month_grid(
    page: Page, server: str, report_day: str
) -> None:
    """The picker opens from the keyboard on a day a month and some after the report's,
    Page Up and the arrows walk back to it, Enter writes it as the server reads it,
    and Escape hands the focus back to the button."""
    sign_in(page, server, "manager1")
    if page.locator("html").get_attribute("lang") != "fa":
        page.get_by_role("button", name="فارسی").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    wanted = jdatetime.date.fromgregorian(date=datetime.fromisoformat(report_day).date())
    start = wanted + timedelta(days=35)
    year, month = start.year - (start.month == 1), (start.month - 2) % 12 + 1
    after_page_up = next(
        landed for last in range(start.day, 0, -1) if (landed := _jalali_or_none(year, month, last))
    )
    first = page.get_by_label("روز نخست")
    first.fill(start.strftime("%Y/%m/%d"))
    opener = page.locator('[data-picker-for="report-from"]')
    opener.focus()
    page.keyboard.press("Enter")
    grid = page.get_by_role("dialog")
    expect(grid.get_by_role("grid")).to_be_visible()
    for key in ("ArrowDown", "ArrowLeft", "ArrowUp", "ArrowRight"):
        page.keyboard.press(key)  # a round trip: each key undoes its opposite
    page.keyboard.press("PageUp")
    steps = (wanted.togregorian() - after_page_up.togregorian()).days
    for _ in range(abs(steps)):
        page.keyboard.press("ArrowLeft" if steps > 0 else "ArrowRight")  # RTL: left is later
    named = jdatetime.date.fromgregorian(date=wanted.togregorian(), locale="fa_IR")
    expect(grid.locator("h2")).to_contain_text(named.strftime("%B"))
    page.keyboard.press("Enter")
    expect(grid).to_be_hidden()
    expect(opener).to_be_focused()
    persian = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    hint = page.locator("#report-date-hint").inner_text()
    typed = wanted.strftime("%Y/%m/%d")
    expect(first).to_have_value(typed.translate(persian) if "۰" in hint else typed)
    page.get_by_label("روز پایانی").fill(typed)
    page.get_by_role("button", name="نمایش گزارش").click()
    expect(page.locator("#summary-title")).to_contain_text(named.strftime("%B"))
    expect(page.locator("#figure-service_level dd")).to_have_text("۵۰٫۰٪")
    closer = page.locator('[data-picker-for="report-to"]')
    closer.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("dialog")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()
    expect(closer).to_be_focused()


def _jalali_or_none(year: int, month: int, day: int) -> jdatetime.date | None:
    """The Jalali day, or None past the end of a shorter month."""
    try:
        return jdatetime.date(year, month, day)
    except ValueError:
        return None
