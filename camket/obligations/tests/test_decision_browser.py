"""Real Chromium: Decision 328/QĐ-TTg, as a DOCX and as a PDF, becomes a plan (issue 18)."""

from __future__ import annotations

import io

from docx import Document

from camket.agencies.models import Agency
from camket.conftest import BROWSER_TEST, click_and_load, log_in, make_user
from camket.obligations.tests.test_decision_import import ROWS_328

pytestmark = BROWSER_TEST

HEADER = ("TT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành")
# Not a row of Decision 328 (which sets no deadlines): made up to show a deadline carried over.
EXAMPLE_ROW = (
    "31",
    "Rà soát danh sách cơ quan đầu mối (dòng ví dụ của bài kiểm thử)",
    "Bộ Công Thương",
    "Bộ Ngoại giao",
    "Quý IV/2026",
)
ROWS = [(*row, "") for row in ROWS_328] + [EXAMPLE_ROW]
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def decision_docx() -> bytes:
    document = Document()
    document.add_paragraph("QUYẾT ĐỊNH Phê duyệt Danh sách chỉ định các cơ quan đầu mối")
    table = document.add_table(rows=0, cols=len(HEADER))
    for row in (HEADER, *ROWS):
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def decision_pdf(browser) -> bytes:
    """The same table printed to PDF by Chromium, as a scanned-free official PDF would be."""
    cells = "".join(
        "<tr>" + "".join(f"<td>{text}</td>" for text in row) + "</tr>" for row in (HEADER, *ROWS)
    )
    context = browser.new_context()
    printer = context.new_page()
    printer.set_content(
        '<html lang="vi"><head><title>QĐ</title></head><body><p>QUYẾT ĐỊNH</p>'
        f'<table border="1">{cells}</table></body></html>'
    )
    pdf = printer.pdf()
    context.close()
    return pdf


def import_file(page, live_server, name: str, data: bytes, mime: str, number: str) -> None:
    page.goto(f"{live_server.url}/implementation/plans/")
    click_and_load(page, page.get_by_role("link", name="Nhập quyết định thành kế hoạch"))
    page.set_input_files("#id_file", files=[{"name": name, "mimeType": mime, "buffer": data}])
    page.fill("#id_instrument_number", number)
    page.fill("#id_instrument_on", "2022-03-22")
    page.fill("#id_title_vi", "Danh sách cơ quan đầu mối thực hiện Hiệp định RCEP")
    page.select_option("#id_agency", str(Agency.objects.get(code="bct").pk))
    click_and_load(page, "#import-decision button.primary")


def check_plan(page) -> None:
    rows = page.locator("#tasks tbody tr")
    assert rows.count() == 5
    committee = rows.filter(has_text="Ủy ban Hàng hóa")
    assert "Bộ Công Thương" in committee.inner_text()
    assert "BTC" in committee.locator("td").nth(3).inner_text()
    example = rows.filter(has_text="dòng ví dụ")
    assert example.locator("td").nth(4).inner_text() == "31/12/2026"
    customs = rows.filter(has_text="Chương 4")
    assert "Bộ Tài chính" in customs.locator("td").nth(2).inner_text()


def test_a_vietnamese_decision_becomes_a_plan(page, browser, live_server, django_user_model):
    make_user(django_user_model, "officer_bct", "bct", "officer")
    log_in(page, live_server, "officer_bct")
    import_file(page, live_server, "Quyết định 328.docx", decision_docx(), DOCX_TYPE, "328/QĐ-TTg")
    page.wait_for_url("**/implementation/plans/kh-328-qd-ttg/")
    assert "5 nhiệm vụ" in page.locator(".messages, [role=status], main").first.inner_text()
    check_plan(page)
    import_file(
        page, live_server, "Quyết định 328.pdf", decision_pdf(browser), "application/pdf", "328b"
    )
    page.wait_for_url("**/implementation/plans/kh-328b/")
    check_plan(page)
