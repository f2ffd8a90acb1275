"""DOCX layout of the official report (python-docx); see ``official.py``."""

from __future__ import annotations

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

CENTER = WD_ALIGN_PARAGRAPH.CENTER


def _set_font(document, font: str) -> None:
    style = document.styles["Normal"]
    style.font.name = font
    style.font.size = Pt(13)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), font)


def _line(cell_or_doc, text: str, *, bold=False, italic=False, underline=False, align=CENTER):
    paragraph = cell_or_doc.add_paragraph()
    paragraph.alignment = align
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    return paragraph


def _header(document, report) -> None:
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].text = report.governing_body
    _line(left, report.issuing_body, bold=True)
    _line(left, report.number)
    right.paragraphs[0].add_run(_("SOCIALIST REPUBLIC OF VIET NAM")).bold = True
    right.paragraphs[0].alignment = CENTER
    left.paragraphs[0].alignment = CENTER
    _line(right, _("Independence - Freedom - Happiness"), bold=True, underline=True)
    _line(right, report.place_date, italic=True)


def _table(document, headers: list[str], rows: list[tuple]) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(str(text)).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = "" if value is None else str(value)


def write_docx(report, font: str):
    """Return a python-docx Document for ``report``."""
    from camket.monitoring.official import agency_table, summary_lines

    document = Document()
    _set_font(document, font)
    _header(document, report)
    _line(document, report.title, bold=True)
    _line(document, report.subtitle, bold=True)
    document.add_heading(_("I. Overall results"), level=2)
    for text in summary_lines(report):
        document.add_paragraph(text)
    headers, rows = agency_table(report)
    _table(document, headers, rows)
    document.add_heading(_("II. Overdue tasks"), level=2)
    _table(
        document, [_("Task"), _("Lead agency"), _("Due date"), _("Days overdue")], report.overdue
    )
    document.add_heading(_("III. Difficulties and proposals"), level=2)
    for agency, text in report.difficulties:
        document.add_paragraph(f"{agency}: {text}")
    _line(document, report.signer_title, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _line(
        document, _("(Signature, full name and seal)"), italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT
    )
    return document
