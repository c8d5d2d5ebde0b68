"""Every text of the web screens is in the catalogs: extracted from the templates and
from `tamas.web` exactly as `make messages` does, and translated in Persian."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from tamas.web.i18n import LANGUAGES, TRANSLATIONS, po_path

WEB = TRANSLATIONS.parent
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _extracted() -> set[str]:
    with (WEB / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    return {
        message if isinstance(message, str) else message[0]
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(WEB), method_map, options_map
        )
    }


def _catalog(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as stream:
        return read_po(stream, locale=locale)


@pytest.fixture(scope="module")
def extracted() -> set[str]:
    found = _extracted()
    assert "Sign in" in found
    assert "Waited" in found  # from Python code (tamas.web.timeline_view)
    assert "Wallboard" in found  # marked with N_ (tamas.web.navigation)
    return found


def test_the_template_is_up_to_date(extracted: set[str]) -> None:
    pot = {message.id for message in _catalog(TRANSLATIONS / "messages.pot") if message.id}
    assert pot == extracted, "run `make messages` and translate the new texts"


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_each_language_has_every_text(code: str, extracted: set[str]) -> None:
    catalog = _catalog(po_path(code), code)
    assert {message.id for message in catalog if message.id} >= extracted


def test_every_text_is_translated_in_persian(extracted: set[str]) -> None:
    catalog = _catalog(po_path("fa"), "fa")
    untranslated = sorted(
        text
        for text in extracted
        if catalog.get(text) is None or not catalog[text].string or catalog[text].fuzzy
    )
    assert untranslated == []


def test_persian_texts_keep_the_placeholders(extracted: set[str]) -> None:
    catalog = _catalog(po_path("fa"), "fa")
    for text in extracted:
        translated = catalog[text].string if catalog.get(text) else ""
        if translated:
            assert sorted(PLACEHOLDER.findall(translated)) == sorted(PLACEHOLDER.findall(text))
