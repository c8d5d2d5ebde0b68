"""The languages of the web screens and their translation catalogs.

Every text a person reads goes through the catalog: templates with `_()`, Python code
marks its texts with `N_()` and templates translate them when shown. The catalogs are
the `.po` files under `translations/` (made with `make messages`, see docs/web.md), read
when the server starts: there is no compiled file to forget to rebuild, and a fresh clone
works as it is.

Which language a person sees: the one stored on the signed-in user; else the one chosen
with the language switch (a cookie); else the first of the browser's Accept-Language that
Tamas speaks; else the center's default.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale, negotiate_locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from fastapi import Request

TRANSLATIONS = Path(__file__).parent / "translations"
DOMAIN = "messages"
LANGUAGE_COOKIE = "tamas_lang"


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    """The language's own name for itself, as the switch shows it."""
    rtl: bool
    jalali: bool
    """Dates in the Jalali (Solar Hijri) calendar; else Gregorian."""

    @property
    def dir(self) -> str:
        return "rtl" if self.rtl else "ltr"


LANGUAGES = {
    "fa": Language("fa", "فارسی", rtl=True, jalali=True),
    "en": Language("en", "English", rtl=False, jalali=False),
}
DEFAULT_LANGUAGE = "fa"


def N_(message: str) -> str:  # noqa: N802  (the name gettext's tools look for)
    """Marks a text for the catalog; it is translated where it is shown."""
    return message


def po_path(code: str) -> Path:
    return TRANSLATIONS / code / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(code: str) -> Translations:
    """The catalog of a language, from its .po file (fuzzy entries are left out)."""
    with po_path(code).open("rb") as stream:
        catalog = read_po(stream, locale=Locale.parse(code))
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def known(code: str | None) -> str | None:
    return code if code in LANGUAGES else None


def browser_language(request: Request, default: str = DEFAULT_LANGUAGE) -> str:
    """The language for someone not signed in: their switch, else their browser's."""
    chosen = known(request.cookies.get(LANGUAGE_COOKIE))
    if chosen:
        return chosen
    wanted = [
        part.split(";")[0].strip().replace("-", "_")
        for part in request.headers.get("accept-language", "").split(",")
        if part.strip()
    ]
    return negotiate_locale(wanted, list(LANGUAGES), sep="_") or default
