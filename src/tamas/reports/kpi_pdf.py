"""The KPI report as a PDF: the tables a person saw on the reports page, in their language
and direction, with Persian text shaped (HarfBuzz through fpdf2) in the vendored
Vazirmatn font, so a printed or mailed report reads like the page.

The writer lays out text it is given; the caller formats the figures (digits, dates,
durations) as its page does, so the PDF cannot disagree with the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from fpdf import FPDF
from fpdf.fonts import FontFace

FONTS = Path(__file__).parent / "fonts"
FONT = "Vazirmatn"


@dataclass(frozen=True)
class PdfTable:
    heading: str
    columns: Sequence[str]
    rows: Sequence[Sequence[str]]


@dataclass(frozen=True)
class PdfReport:
    """A report ready to lay out: title, lines under it, tables; `rtl` for Persian."""

    title: str
    lines: Sequence[str]
    tables: Sequence[PdfTable]
    rtl: bool
    language: str


def write_pdf(report: PdfReport, target: BinaryIO) -> None:
    """The report as a landscape A4 PDF, tables with their columns mirrored in RTL."""
    pdf = FPDF(orientation="L", format="A4")
    pdf.set_title(report.title)
    pdf.set_lang(report.language)
    pdf.add_font(FONT, fname=FONTS / "Vazirmatn-Regular.ttf")
    pdf.add_font(FONT, style="B", fname=FONTS / "Vazirmatn-Bold.ttf")
    pdf.set_text_shaping(use_shaping_engine=True, direction="rtl" if report.rtl else "ltr")
    align = "R" if report.rtl else "L"
    pdf.add_page()
    pdf.set_font(FONT, style="B", size=16)
    pdf.cell(text=report.title, new_x="LMARGIN", new_y="NEXT", align=align, w=pdf.epw)
    pdf.set_font(FONT, size=10)
    for line in report.lines:
        pdf.cell(text=line, new_x="LMARGIN", new_y="NEXT", align=align, w=pdf.epw)
    for table in report.tables:
        _table(pdf, table, report.rtl)
    pdf.output(target)


def _table(pdf: FPDF, table: PdfTable, rtl: bool) -> None:
    def ordered(cells: Sequence[str]) -> list[str]:
        return list(reversed(cells)) if rtl else list(cells)

    pdf.ln(4)
    pdf.set_font(FONT, style="B", size=12)
    pdf.cell(
        text=table.heading, new_x="LMARGIN", new_y="NEXT", align="R" if rtl else "L", w=pdf.epw
    )
    pdf.set_font(FONT, size=9)
    with pdf.table(
        text_align="RIGHT" if rtl else "LEFT",
        headings_style=FontFace(emphasis="BOLD"),
        line_height=6,
    ) as grid:
        for cells in (table.columns, *table.rows):
            row = grid.row()
            for text in ordered(cells):
                row.cell(text)
