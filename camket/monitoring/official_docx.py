"""DOCX layout of the official report (python-docx); see ``official.py``.

Presentation follows Decree 30/2020/NĐ-CP of 05/03/2020 on clerical work (Nghị định về công tác
văn thư), Appendix I "Thể thức, kỹ thuật trình bày văn bản hành chính":

- paper A4 (210 x 297 mm), portrait; margins top and bottom 20-25 mm, left 30-35 mm, right
  15-20 mm (we use 20, 20, 30 and 15);
- font Times New Roman (Unicode, TCVN 6909:2001), black; body 13-14 pt (13 here);
- national title in capitals, 12-13 pt, bold; motto 13-14 pt, bold, words capitalised, with a
  line of the same length below it; governing body in capitals; issuing body in capitals, bold,
  with a short line (1/3 to 1/2 of it) below; "Số: .../BC-..." (number left to the clerk) below
  the issuing body; place and date in italics below the motto;
- kind of document ("BÁO CÁO") in capitals, bold, 13-14 pt, with the summary below it, bold;
- page numbers in Arabic digits, centred in the top margin, not shown on the first page;
- at the end, side by side: "Nơi nhận:" (12 pt, bold italic) with its list (11 pt, one
  "- ...;" a line, the last "- Lưu: VT, ...."), and the signature block: the signer's position in
  capitals, bold, then room for the signature and seal, then the name in bold.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
LEFT = WD_ALIGN_PARAGRAPH.LEFT
PAGE = (Mm(210), Mm(297))
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
BODY_PT = 13
TEXT_WIDTH = Mm(210 - 30 - 15)
HEADER_WIDTHS = (Mm(62), TEXT_WIDTH - Mm(62))
FOOTER_WIDTHS = (Mm(80), TEXT_WIDTH - Mm(80))


def new_document(font: str):
    """An empty A4 document with the decree's margins and font."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE
    for side, size in MARGINS.items():
        setattr(section, f"{side}_margin", size)
    _page_numbers(section)
    for name in ("Normal", "Table Grid"):
        style = document.styles[name]
        style.font.name = font
        style.font.size = Pt(BODY_PT)
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    return document


def _page_numbers(section) -> None:
    """A PAGE field centred in the header of every page but the first."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = paragraph.add_run()
    run.font.size = Pt(BODY_PT)
    field.append(run._r)
    paragraph._p.append(field)


def line(container, text: str, *, size=BODY_PT, bold=False, italic=False, underline=False,
         align=CENTER, first=False):  # fmt: skip
    """A paragraph of one run; ``first`` reuses the empty paragraph a table cell starts with."""
    paragraph = container.paragraphs[0] if first else container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    run.font.size = Pt(size)
    return paragraph


def rule(container, characters: int):
    """The short solid line under the issuing body: underlined non-breaking spaces."""
    return line(container, "\u00a0" * characters, size=8, underline=True)


def _borderless(document, widths):
    table = document.add_table(rows=1, cols=len(widths))
    table.autofit = False
    for cell, width in zip(table.rows[0].cells, widths, strict=True):
        cell.width = width
    return table.rows[0].cells


def heading_block(document, report) -> None:
    """Governing and issuing body, number | national title, motto, place and date."""
    left, right = _borderless(document, HEADER_WIDTHS)
    line(left, report.governing_body, size=12, first=True)
    line(left, report.issuing_body, size=12, bold=True)
    rule(left, max(12, len(report.issuing_body) // 2))
    line(left, report.number)
    line(right, _("SOCIALIST REPUBLIC OF VIET NAM"), size=12, bold=True, first=True)
    line(right, _("Independence - Freedom - Happiness"), size=13, bold=True, underline=True)
    line(right, "")
    line(right, report.place_date, italic=True)


def closing_block(document, report) -> None:
    """"Nơi nhận" with its list | the signer's position, room to sign, the name to fill in."""
    left, right = _borderless(document, FOOTER_WIDTHS)
    line(left, _("Recipients:"), size=12, bold=True, italic=True, align=LEFT, first=True)
    for recipient in report.recipients:
        line(left, recipient, size=11, align=LEFT)
    line(right, report.signer_title, bold=True, first=True)
    line(right, _("(Signature, full name and seal)"), italic=True)
    for _blank in range(4):
        line(right, "")
    line(right, report.signer_name, bold=True)


def body_paragraph(document, text: str, *, bold=False):
    paragraph = line(document, text, bold=bold, align=JUSTIFY)
    paragraph.paragraph_format.first_line_indent = Cm(1.27)
    paragraph.paragraph_format.space_after = Pt(6)
    return paragraph


def _table(document, headers: list[str], rows: list[tuple]) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        line(cell, str(text), size=12, bold=True, first=True)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            line(cell, "" if value is None else str(value), size=12, align=LEFT, first=True)
    if not rows:
        line(table.add_row().cells[0], "–", size=12, first=True)


def write_docx(report, font: str):
    """Return a python-docx Document for ``report``."""
    from camket.monitoring.official import agency_table, summary_lines

    document = new_document(font)
    heading_block(document, report)
    line(document, "")
    line(document, report.title, size=14, bold=True)
    line(document, report.subtitle, bold=True)
    rule(document, 30)
    body_paragraph(document, _("I. Overall results"), bold=True)
    for text in summary_lines(report):
        body_paragraph(document, text)
    _table(document, *agency_table(report))
    body_paragraph(document, _("II. Overdue tasks"), bold=True)
    headers = [_("Task"), _("Lead agency"), _("Due date"), _("Days overdue")]
    _table(document, headers, report.overdue)
    body_paragraph(document, _("III. Difficulties and proposals"), bold=True)
    for agency, text in report.difficulties:
        body_paragraph(document, f"{agency}: {text}")
    if report.scores:
        body_paragraph(document, _("IV. Effectiveness scores"), bold=True)
        headers = [_("Agency"), _("Overall score"), _("Tasks on time (%)")]
        headers.append(_("Reports on time (%)"))
        _table(document, headers, report.scores)
    line(document, "")
    closing_block(document, report)
    return document
