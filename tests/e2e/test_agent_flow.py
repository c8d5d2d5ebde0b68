"""An agent's day on the web as a person sees it: sign in, the desktop, Persian with
Jalali dates, find the returning customer, write a note, open a case for a department,
schedule a follow-up, and see all of it on the customer's timeline."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import jdatetime
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import ARTIFACTS
from tests.web.scenario import CUSTOMER_NAME, PASSWORD

TEHRAN = ZoneInfo("Asia/Tehran")
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def sign_in(page: Page, server: str, username: str) -> None:
    page.goto(server)
    expect(page).to_have_url(f"{server}/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def jalali_today() -> str:
    """Today in Tehran as a Persian page writes it: ۲ آذر ۱۴۰۵."""
    today = jdatetime.date.fromgregorian(date=datetime.now(TEHRAN).date(), locale="fa_IR")
    return f"{today.day} {today.strftime('%B')} {today.year}".translate(PERSIAN_DIGITS)


def test_an_agent_serves_a_returning_customer_in_persian(page: Page, server: str) -> None:
    sign_in(page, server, "agent1")
    expect(page).to_have_url(f"{server}/desktop")
    expect(page.get_by_role("heading", level=1)).to_have_text("Desktop of Maryam Karimi")
    expect(page.locator("#agent-state .state-now")).to_contain_text("Logged out")

    page.get_by_role("button", name="فارسی").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "fa")
    expect(page.locator("#figures-title time")).to_have_text(jalali_today())

    page.get_by_label("جستجوی مشتری").fill("۰۹۱۲ ۱۲۳ ۴۵۶۷")
    page.get_by_role("button", name="جستجو").click()
    page.get_by_role("link", name=CUSTOMER_NAME).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(CUSTOMER_NAME)
    timeline = page.locator("ol.timeline")
    expect(timeline).to_contain_text("تماس تلفنی، پاسخ‌داده‌شده")

    page.get_by_label("یادداشت", exact=True).fill("مودم هر شب خاموش و روشن می‌شود.")
    page.get_by_role("button", name="افزودن یادداشت").click()
    expect(page.get_by_role("status")).to_have_text("یادداشت به سابقه افزوده شد.")

    page.get_by_label("عنوان", exact=True).fill("قطعی شبانهٔ اینترنت")
    page.get_by_label("واحد", exact=True).select_option(label="Repairs")
    page.get_by_label("اولویت").select_option(label="بالا")
    page.get_by_role("button", name="باز کردن پرونده").click()
    expect(page.get_by_role("status")).to_have_text("پرونده باز شد و در سابقه آمده است.")

    form = page.locator("form[action$='/follow-ups']")
    form.get_by_role("radio", name="تماس برگشتی").check()
    expect(form.get_by_label("تاریخ موعد")).to_have_value(
        re.compile(r"^[۰-۹]{4}/[۰-۹]{2}/[۰-۹]{2}$")
    )
    form.get_by_label("دربارهٔ پرونده").select_option(index=1)
    form.get_by_label("چه باید کرد").fill("پس از بازدید تکنسین تماس بگیرید")
    form.get_by_role("button", name="زمان‌بندی").click()
    expect(page.get_by_role("status")).to_have_text("پیگیری زمان‌بندی شد و در سابقه آمده است.")

    for text in (
        "مودم هر شب خاموش و روشن می‌شود.",
        "قطعی شبانهٔ اینترنت",
        "Repairs",
        "بالا",
        "پس از بازدید تکنسین تماس بگیرید",
        "تماس برگشتی",
        jalali_today(),
    ):
        expect(timeline).to_contain_text(text)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "persian-customer.png", full_page=True)

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    tomorrow = datetime.now(TEHRAN) + timedelta(days=1)
    expect(timeline).to_contain_text(f"Due{tomorrow.day} {tomorrow:%b %Y}, 09:00")
    expect(timeline.locator(".entry-case")).to_contain_text("StatusOpen")


@pytest.mark.parametrize(
    ("username", "landing", "heading"),
    [("supervisor1", "/wallboard", "Wallboard"), ("admin", "/users", "Users")],
)
def test_other_roles_land_on_their_pages(page: Page, server: str, username, landing, heading):
    sign_in(page, server, username)
    expect(page).to_have_url(f"{server}{landing}")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{server}/sign-in")


def test_a_pages_script_calls_the_api_as_the_signed_in_person(page: Page, server: str) -> None:
    sign_in(page, server, "manager1")
    expect(page).to_have_url(f"{server}/reports")
    answers = page.evaluate(
        """async () => {
            const token = document.querySelector('meta[name="csrf-token"]').content;
            const me = await fetch('/api/v1/me');
            const post = (headers) => fetch('/api/v1/notes', {
                method: 'POST',
                headers: {'Content-Type': 'application/json', ...headers},
                body: JSON.stringify({customer_id: 1, body: 'written by a script'}),
            });
            return [
                (await me.json()).username,
                (await post({})).status,
                (await post({'X-CSRF-Token': token})).status,
            ];
        }"""
    )
    assert answers == ["manager1", 403, 201]
