"""The palette reads well: each pair of colours the stylesheet draws one on the other
reaches its WCAG 2 contrast ratio, and no colour is written outside the palette."""

from __future__ import annotations

import re

import pytest

from tamas.web.pages import STATIC

CSS = (STATIC / "css" / "tamas.css").read_text(encoding="utf-8")
PAIR = re.compile(r"/\* contrast: (--[\w-]+) on (--[\w-]+) ([\d.]+) \*/")
COLOUR = re.compile(r"^\s*(--[\w-]+):\s*(#[0-9a-fA-F]{6});", re.MULTILINE)
LITERAL = re.compile(r"#[0-9a-fA-F]{3,8}\b|\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch)\(")
PALETTE = dict(COLOUR.findall(CSS))
PAIRS = PAIR.findall(CSS)


def luminance(hex_colour: str) -> float:
    """Relative luminance (WCAG 2.x) of an sRGB colour written #rrggbb."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_formula_gives_the_known_extremes() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#123456", "#123456") == 1


@pytest.mark.parametrize(
    ("ink", "ground", "least"), PAIRS, ids=[f"{a} on {b}" for a, b, _ in PAIRS]
)
def test_each_pair_reaches_its_ratio(ink: str, ground: str, least: str) -> None:
    assert float(least) >= 3, "WCAG asks at least 3:1 even of large text and controls"
    ratio = contrast(PALETTE[ink], PALETTE[ground])
    assert ratio >= float(least), f"{ink} on {ground}: {ratio:.2f} < {least}"


def test_every_colour_of_the_palette_is_checked_in_some_pair() -> None:
    assert len(PALETTE) > 10
    paired = {name for pair in PAIRS for name in pair[:2]}
    assert set(PALETTE) <= paired
    assert paired <= set(PALETTE)


@pytest.mark.parametrize("sheet", sorted(p.name for p in (STATIC / "css").glob("*.css")))
def test_no_colour_is_written_outside_the_palette(sheet: str) -> None:
    css = (STATIC / "css" / sheet).read_text(encoding="utf-8")
    rules = COLOUR.sub("", css) if sheet == "tamas.css" else css
    assert LITERAL.findall(rules) == []
