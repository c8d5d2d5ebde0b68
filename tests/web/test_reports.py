"""The reports page: the range in the reader's calendar, filters scoped like the API, the
figures of `tamas.kpi`, the contacts behind a figure, and the same report as CSV, XLSX
and PDF (read back, Persian text included)."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import jdatetime
import pytest
from fastapi import FastAPI
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from tamas.cli.options import OPTION_LABELS, run_in_session
from tamas.events import Event, EventType, events_to_frame
from tamas.org.models import Team, TeamSupervisor, User
from tamas.reports.kpi_query import KpiQuery
from tamas.store import SqlEventLog, open_database
from tests.web.conftest import Browser, signed_in
from tests.web.scenario import Center

TEHRAN = ZoneInfo("Asia/Tehran")
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@pytest.fixture(scope="module")
def floor(center: Center) -> Center:
    """Besides the scenario's call (agent1, support), an abandoned call and a call agent2
    answered in sales; supervisor1 leads the team of agent1 only."""
    at = center.call_at - timedelta(minutes=30)
    calls = {"source": "test", "queue": "sales"}
    events = [
        Event("s1", at, EventType.CONTACT_QUEUED, contact_id="s1", caller="02188776655", **calls),
        Event("s2", at + timedelta(seconds=40), EventType.CONTACT_ANSWERED, contact_id="s1",
              agent="agent2", wait_s=40, **calls),
        Event("s3", at + timedelta(seconds=340), EventType.CONTACT_ENDED, contact_id="s1",
              agent="agent2", wait_s=40, talk_s=300, reason="caller", **calls),
        Event("a1", at, EventType.CONTACT_QUEUED, contact_id="a1", caller="09350000000", **calls),
        Event("a2", at + timedelta(seconds=70), EventType.CONTACT_ABANDONED, contact_id="a1",
              wait_s=70, **calls),
    ]  # fmt: skip
    engine = open_database(center.url)
    try:
        SqlEventLog(engine).append(events_to_frame(events))
    finally:
        engine.dispose()

    async def team(session) -> None:
        east = Team(name="east")
        west = Team(name="west")
        session.add_all([east, west])
        await session.flush()
        users = {user.username: user for user in await session.scalars(select(User))}
        session.add(TeamSupervisor(team_id=east.id, user_id=users["supervisor1"].id))
        users["agent1"].team_id = east.id
        users["agent2"].team_id = west.id

    run_in_session(center.url, team)
    return center


def days(center: Center) -> tuple[str, str]:
    """The day before the scenario's call and the day of it, in Tehran, ISO."""
    day = center.call_at.astimezone(TEHRAN).date()
    return str(day - timedelta(days=1)), str(day)


def summary(html: str, name: str) -> str:
    found = re.search(rf'id="figure-{name}">.*?<dd>(.*?)</dd>', html, re.S)
    assert found, name
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def test_a_manager_sees_the_figures_of_the_engine(app: FastAPI, floor: Center) -> None:
    first, last = days(floor)
    page = signed_in(app, "manager1").get(f"/reports?from={first}&to={last}&period=day")
    assert page.status_code == 200
    assert (summary(page.text, "offered"), summary(page.text, "answered")) == ("3", "2")
    engine = open_database(floor.url)
    try:
        query = KpiQuery.parse(
            start=first,
            end=str(datetime.fromisoformat(last).date() + timedelta(days=1)),
            sl_threshold=20,
            short_abandon=5,
            fcr_window=86400,
            interval=30,
            tz="Asia/Tehran",
            queues=None,
            labels=OPTION_LABELS,
        )
        expected = query.figures_of(query.events_from(SqlEventLog(engine)))
    finally:
        engine.dispose()
    assert (
        summary(page.text, "service_level") == f"{100 * expected['totals']['service_level']:.1f}%"
    )
    for section in ("chart-over-time", "chart-wait", "chart-handle", "chart-agents"):
        assert f'id="{section}"' in page.text
    assert 'id="report-data"' in page.text
    assert 'href="#def-service_level"' in page.text and 'id="def-service_level"' in page.text
    assert "Maryam Karimi" in page.text and "Reza Hosseini" in page.text


def test_persian_readers_type_jalali_dates_in_persian_digits(app: FastAPI, floor: Center) -> None:
    day = floor.call_at.astimezone(TEHRAN).date()
    jalali = jdatetime.date.fromgregorian(date=day)
    typed = f"{jalali.year}/{jalali.month:02d}/{jalali.day:02d}".translate(PERSIAN_DIGITS)
    page = signed_in(app, "manager1", "fa").get(f"/reports?from={typed}&to={typed}")
    assert page.status_code == 200
    assert '<html lang="fa" dir="rtl">' in page.text
    month = jdatetime.date.fromgregorian(date=day, locale="fa_IR").strftime("%B")
    assert month in page.text
    assert "سطح خدمت" in page.text
    assert "شنبه" in page.text  # the busiest-hours table starts its week on Saturday


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("from=yesterday", "from", "Write a date such as"),
        ("from=2025-02-30", "from", "Write a date such as"),
        ("from=2025-03-10&to=2025-03-01", "to", "The last day must be on or after the first"),
        ("from=2025-01-01&to=2025-03-01&period=interval", "period", "Group by day, week"),
        ("period=fortnight", "period", "Choose a grouping"),
        ("queue=nowhere", "queue", "Choose a queue"),
    ],
)
def test_a_question_that_cannot_be_read_says_which_field(
    app: FastAPI, floor: Center, query: str, field: str, message: str
) -> None:
    page = signed_in(app, "manager1").get(f"/reports?{query}")
    assert page.status_code == 400
    assert f'id="report-{field}-error"' in page.text and message in page.text
    assert 'id="figure-offered"' not in page.text


def test_a_supervisor_sees_its_teams_agents_only(app: FastAPI, floor: Center) -> None:
    first, last = days(floor)
    browser = signed_in(app, "supervisor1")
    page = browser.get(f"/reports?from={first}&to={last}")
    assert page.status_code == 200
    assert ">east</option>" in page.text and ">west</option>" not in page.text
    assert "Maryam Karimi" in page.text and "Reza Hosseini" not in page.text
    assert summary(page.text, "offered") == "3"  # the queues' figures are the center's
    west = re.search(r"<option value=\"(\d+)\">west", signed_in(app, "admin").get(
        "/reports").text).group(1)  # fmt: skip
    refused = browser.get(f"/reports?team={west}")
    assert refused.status_code == 400 and "Choose a team from the list." in refused.text
    assert browser.get("/reports?agent=agent2").status_code == 400


def test_a_figure_opens_its_contacts_with_their_customer(app: FastAPI, floor: Center) -> None:
    first, last = days(floor)
    browser = signed_in(app, "manager1")
    page = browser.get(f"/reports?from={first}&to={last}").text
    link = re.search(r'id="figure-answered">.*?<a href="([^"]+)"', page, re.S).group(1)
    contacts = browser.get(link.replace("&amp;", "&"))
    assert contacts.status_code == 200
    assert "2 contacts" in contacts.text
    assert f'href="/customers/{floor.customer_id}"' in contacts.text
    assert "Maryam Karimi" in contacts.text and "Reza Hosseini" in contacts.text
    abandoned = browser.get(f"/reports/contacts?from={first}&to={last}&outcome=abandoned")
    assert "1 contacts" in abandoned.text and "09350000000" in abandoned.text
    # A supervisor sees the queue's contacts, but not who outside its teams answered them.
    theirs = signed_in(app, "supervisor1").get(link.replace("&amp;", "&"))
    assert "2 contacts" in theirs.text and "Reza Hosseini" not in theirs.text
    assert browser.get("/reports/contacts?outcome=lost").status_code == 400
    assert browser.get("/reports/contacts?at=noon").status_code == 400


def _download(browser: Browser, kind: str, query: str):
    response = browser.get(f"/reports/export.{kind}?{query}")
    assert response.status_code == 200, response.text
    assert "attachment;" in response.headers["content-disposition"]
    return response


def test_exports_hold_the_same_report(app: FastAPI, floor: Center) -> None:
    first, last = days(floor)
    query = f"from={first}&to={last}&period=day"
    browser = signed_in(app, "manager1")
    rows = list(csv.DictReader(io.StringIO(_download(browser, "csv", query).text)))
    totals = rows[0]
    assert (totals["section"], totals["offered"], totals["answered"]) == ("totals", "3", "2")
    assert (totals["period"], totals["calendar"]) == ("day", "gregorian")
    assert {row["agent"] for row in rows if row["section"] == "agent"} == {"agent1", "agent2"}

    book = load_workbook(io.BytesIO(_download(browser, "xlsx", query).content))
    figures = {row[0]: row[1] for row in book["Totals"].iter_rows(min_row=2, values_only=True)}
    assert (figures["offered"], figures["abandoned"]) == (3, 1)

    text = PdfReader(io.BytesIO(_download(browser, "pdf", query).content)).pages[0].extract_text()
    assert "Contact center report" in text and "Service level" in text
    assert "Maryam Karimi" not in text and "agent1" in text


def test_the_persian_pdf_is_shaped_text_that_reads_back(app: FastAPI, floor: Center) -> None:
    first, last = days(floor)
    browser = signed_in(app, "manager1", "fa")
    fmt_first = jdatetime.date.fromgregorian(date=datetime.fromisoformat(first).date())
    fmt_last = jdatetime.date.fromgregorian(date=datetime.fromisoformat(last).date())
    query = f"from={fmt_first.strftime('%Y/%m/%d')}&to={fmt_last.strftime('%Y/%m/%d')}"
    pdf = PdfReader(io.BytesIO(_download(browser, "pdf", query).content))
    text = pdf.pages[0].extract_text()
    for word in ("گزارش", "مرکز", "تماس", "خلاصه", "ورودی", "کارشناسان"):
        assert word in text, word
    assert "۳" in text  # offered, in Persian digits
    fonts = {font for page in pdf.pages for font in _fonts(page)}
    assert any("Vazirmatn" in font for font in fonts)


def _fonts(page) -> set[str]:
    resources = page["/Resources"]["/Font"]
    return {str(resources[name].get_object()["/BaseFont"]) for name in resources}


def test_unknown_exports_and_other_roles_are_refused(app: FastAPI, floor: Center) -> None:
    assert signed_in(app, "manager1").get("/reports/export.docx").status_code == 404
    assert signed_in(app, "agent1").get("/reports/export.csv").status_code == 403
    assert signed_in(app, "planner1").get("/reports").status_code == 403
