"""Persian and English from the first screen: the browser's language, the switch (a
cookie before signing in, kept on the user after), and Jalali dates on Persian pages."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import jdatetime
from fastapi import FastAPI

from tamas.web.i18n import LANGUAGE_COOKIE
from tests.web.conftest import Browser, signed_in
from tests.web.scenario import Center


def test_the_first_screen_speaks_the_browsers_language(app: FastAPI) -> None:
    persian = Browser(app, "fa-IR,fa;q=0.9,en;q=0.5").get("/sign-in").text
    assert '<html lang="fa" dir="rtl">' in persian
    assert '<label for="username">نام کاربری</label>' in persian
    other = Browser(app, "de-DE").get("/sign-in").text
    assert '<html lang="fa" dir="rtl">' in other  # the center's default


def test_the_switch_on_the_sign_in_page_sets_a_cookie(anonymous: Browser) -> None:
    response = anonymous.submit(
        "/language", {"language": "fa", "next": "/sign-in"}, page="/sign-in"
    )
    assert response.url.path == "/sign-in"
    assert anonymous.cookies[LANGUAGE_COOKIE] == "fa"
    assert '<html lang="fa" dir="rtl">' in response.text
    assert ">English</button>" in response.text


def test_a_signed_in_persons_choice_is_kept_on_the_user(app: FastAPI, center: Center) -> None:
    browser = signed_in(app, "supervisor1")
    browser.submit("/language", {"language": "fa"}, page="/wallboard")
    elsewhere = signed_in(app, "supervisor1", "en")  # another browser, English
    page = elsewhere.get(f"/customers/{center.customer_id}").text
    assert '<html lang="fa" dir="rtl">' in page
    day = center.call_at.astimezone(ZoneInfo("Asia/Tehran")).date()
    month = jdatetime.date.fromgregorian(date=day, locale="fa_IR")
    assert month.strftime("%B") in page
    assert "تماس تلفنی، پاسخ‌داده‌شده" in page
    browser.submit("/language", {"language": "en"}, page="/wallboard")
    assert '<html lang="en" dir="ltr">' in elsewhere.get("/wallboard").text


def test_preferences_refuse_what_is_not_offered(app: FastAPI) -> None:
    browser = signed_in(app, "manager1")
    response = browser.submit(
        "/preferences", {"language": "de", "time_zone": "Mars/Olympus"}, page="/preferences"
    )
    assert response.status_code == 422
    assert "Choose one of the languages shown." in response.text
    assert "Choose a time zone from the list." in response.text
