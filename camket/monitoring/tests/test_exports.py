import io

import pytest
from django.urls import reverse


@pytest.fixture
def approved(reports, officer_bct, leader_bct):
    from camket.monitoring import actions

    report = reports["bct"]
    report.difficulties = "Thiếu kinh phí và nhân lực chuyên trách."
    report.save()
    actions.submit_report(report, acting_user=officer_bct)
    actions.approve_report(report, acting_user=leader_bct)
    return report


def test_dashboard_xlsx_opens_back(client, coordinator, approved):
    from openpyxl import load_workbook

    client.force_login(coordinator)
    response = client.get(reverse("monitoring:dashboard") + "?export=xlsx")
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] == "Cơ quan"
    assert {r[0] for r in rows[1:]} == {"Bộ Công Thương", "Bộ Tài chính"}


def test_report_list_xlsx_is_scoped(client, officer_bct, approved):
    from openpyxl import load_workbook

    client.force_login(officer_bct)
    response = client.get(reverse("monitoring:report-list") + "?export=xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][1] == "Bộ Công Thương"


def test_official_docx_has_the_administrative_header(client, coordinator, approved, cycle):
    from docx import Document

    client.force_login(coordinator)
    response = client.get(reverse("monitoring:official-report") + f"?cycle={cycle.pk}&format=docx")
    document = Document(io.BytesIO(response.content))
    header = "\n".join(c.text for c in document.tables[0].rows[0].cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header
    assert "Độc lập - Tự do - Hạnh phúc" in header
    assert "Số: .../BC-" in header
    assert "Hà Nội, ngày" in header
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in text
    assert "Thiếu kinh phí" in text
    assert document.styles["Normal"].font.name == "Times New Roman"


def test_official_pdf_renders_vietnamese_on_a_non_blank_page(client, coordinator, approved, cycle):
    from pypdf import PdfReader

    client.force_login(coordinator)
    response = client.get(reverse("monitoring:official-report") + f"?cycle={cycle.pk}&format=pdf")
    assert response.content.startswith(b"%PDF")
    text = " ".join(PdfReader(io.BytesIO(response.content)).pages[0].extract_text().split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Nơi nhận:" in text and "- Lưu: VT," in text and "[Họ và tên]" in text
    pdfium = pytest.importorskip("pypdfium2")
    page = pdfium.PdfDocument(response.content)[0]
    image = page.render(scale=1).to_pil().convert("L")
    dark = sum(1 for value in image.tobytes() if value < 128)
    assert image.size[0] > 500
    assert dark > 1000  # text was drawn: a blank page has none


def _docx(client, user, cycle):
    from docx import Document

    client.force_login(user)
    response = client.get(reverse("monitoring:official-report") + f"?cycle={cycle.pk}&format=docx")
    return Document(io.BytesIO(response.content))


def test_official_docx_is_a4_with_the_decree_30_margins_and_font(
    client, coordinator, approved, cycle
):
    """Decree 30/2020/NĐ-CP, Appendix I: A4, margins 20-25 / 20-25 / 30-35 / 15-20 mm,
    Times New Roman 13-14 pt."""
    document = _docx(client, coordinator, cycle)
    for section in document.sections:
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
        assert 20 <= round(section.top_margin.mm, 1) <= 25  # stored in twips: 15 mm is 14.99
        assert 20 <= round(section.bottom_margin.mm, 1) <= 25
        assert 30 <= round(section.left_margin.mm, 1) <= 35
        assert 15 <= round(section.right_margin.mm, 1) <= 20
    normal = document.styles["Normal"].font
    assert normal.name == "Times New Roman" and 13 <= normal.size.pt <= 14
    body = [p for p in document.paragraphs if p.text.strip()]
    for paragraph in body:
        for run in paragraph.runs:
            assert run.font.size is None or 13 <= run.font.size.pt <= 14, paragraph.text
    assert not [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    section = document.sections[0]  # page numbers from the second page, centred at the top
    assert section.different_first_page_header_footer
    assert 'w:instr="PAGE"' in section.header._element.xml
    assert section.header.paragraphs[0].alignment == 1  # centre


def test_official_docx_has_the_heading_number_recipients_and_signature_blocks(
    client, coordinator, approved, cycle
):
    document = _docx(client, coordinator, cycle)
    heading, closing = document.tables[0], document.tables[-1]
    left, right = (cell.paragraphs for cell in heading.rows[0].cells)
    assert [p.text for p in right][:2] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert right[0].runs[0].bold and right[1].runs[0].underline
    assert right[-1].text.startswith("Hà Nội, ngày ") and right[-1].runs[0].italic
    number = [p.text for p in left if p.text.startswith("Số: ")]
    assert number and number[0].startswith("Số: .../BC-")
    recipients, sign = (cell.paragraphs for cell in closing.rows[0].cells)
    assert recipients[0].text == "Nơi nhận:"
    assert recipients[0].runs[0].bold and recipients[0].runs[0].italic
    assert recipients[0].runs[0].font.size.pt == 12
    lines = [p.text for p in recipients[1:]]
    assert lines[-1].startswith("- Lưu: VT,") and lines[-1].endswith(".")
    assert all(text.startswith("- ") and text.endswith(";") for text in lines[:-1])
    assert {p.runs[0].font.size.pt for p in recipients[1:]} == {11}
    signed = [p.text for p in sign if p.text]
    assert signed[0] == "THỦ TRƯỞNG CƠ QUAN" and sign[0].runs[0].bold
    assert signed[-1] == "[Họ và tên]" and sign[-1].runs[0].bold
    titles = [p for p in document.paragraphs if p.text == "BÁO CÁO"]
    assert titles and titles[0].runs[0].bold and titles[0].runs[0].font.size.pt == 14
