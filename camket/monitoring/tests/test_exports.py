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
    pdfium = pytest.importorskip("pypdfium2")
    page = pdfium.PdfDocument(response.content)[0]
    image = page.render(scale=1).to_pil().convert("L")
    dark = sum(1 for value in image.tobytes() if value < 128)
    assert image.size[0] > 500
    assert dark > 1000  # text was drawn: a blank page has none
