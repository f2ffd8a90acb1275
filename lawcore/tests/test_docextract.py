import io
import zipfile

import docx
import pytest

from lawcore.docextract import ExtractionError, detect_format, extract_text
from lawcore.lawtext import parse_law_text


def make_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("LUẬT")
    document.add_paragraph("Điều 1. Phạm vi điều chỉnh")
    document.add_paragraph("Luật này quy định về việc ký kết điều ước quốc tế.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "STT"
    table.cell(0, 1).text = "Tên chỉ tiêu"
    table.cell(1, 0).merge(table.cell(1, 1)).text = "Diện tích đất"
    document.add_paragraph("Điều 2. Giải thích từ ngữ")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_pdf(lines: list[str]) -> bytes:
    """A one-page PDF written by hand; Helvetica, so ASCII text only."""
    ops = [f"BT /F1 12 Tf 20 {180 - 20 * i} Td ({line}) Tj ET" for i, line in enumerate(lines)]
    content = "\n".join(ops).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def test_docx_paragraphs_and_tables_come_out_in_order():
    text = extract_text(make_docx(), filename="luat.docx")
    assert text.splitlines() == [
        "LUẬT",
        "Điều 1. Phạm vi điều chỉnh",
        "Luật này quy định về việc ký kết điều ước quốc tế.",
        "STT | Tên chỉ tiêu",
        "Diện tích đất",
        "Điều 2. Giải thích từ ngữ",
    ]


def test_extracted_docx_goes_through_the_law_parser():
    doc = parse_law_text(extract_text(make_docx()))
    assert [a.heading for a in doc.articles()] == ["Phạm vi điều chỉnh", "Giải thích từ ngữ"]


def test_pdf_text_layer_is_extracted():
    pdf = make_pdf(["Dieu 1. Pham vi dieu chinh", "1. Noi dung thu nhat."])
    text = extract_text(pdf, filename="luat.pdf")
    assert "Dieu 1. Pham vi dieu chinh" in text
    assert "1. Noi dung thu nhat." in text


def test_pdf_without_text_layer_is_a_clear_error():
    with pytest.raises(ExtractionError, match=r"scan\.pdf: .*no text layer"):
        extract_text(make_pdf([]), filename="scan.pdf")


def test_html_blocks_become_lines_and_scripts_are_dropped():
    page = (
        "<!DOCTYPE html><html><head><title>Tiêu đề</title><script>alert(1)</script></head>"
        "<body><h1>LUẬT</h1><p>Điều 1. Phạm vi <b>điều chỉnh</b></p>"
        "<table><tr><td>1</td><td>Sắt</td></tr></table><div>a) Một;<br>b) Hai.</div></body></html>"
    )
    assert extract_text(page.encode("utf-8")).splitlines() == [
        "LUẬT",
        "Điều 1. Phạm vi điều chỉnh",
        "1 | Sắt",
        "a) Một;",
        "b) Hai.",
    ]


def test_html_entities_from_a_doctype_are_never_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    page = (
        f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        "<html><body><p>Điều 1. &xxe; &amp; khác</p></body></html>"
    )
    text = extract_text(page.encode("utf-8"))
    assert "TOP SECRET" not in text
    assert "Điều 1." in text


def test_html_in_a_legacy_charset_is_decoded_from_its_meta_tag():
    # Windows-1258 writes tone marks as combining characters: "ề" is "ê" + U+0300.
    page = '<html><head><meta charset="windows-1258"></head><body><p>Đi\u00ea\u0300u</p></body>'
    assert extract_text(page.encode("cp1258")) == "Điều"


def test_file_path_is_accepted(tmp_path):
    path = tmp_path / "luat.docx"
    path.write_bytes(make_docx())
    assert extract_text(path).startswith("LUẬT")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n....", "not a DOCX, PDF or HTML file"),
        (b"Just some text", "not a DOCX, PDF or HTML file"),
        (b"%PDF-1.4\n garbage", "damaged or unreadable PDF"),
    ],
)
def test_wrong_or_damaged_files_raise_an_error_naming_the_file(data, message):
    with pytest.raises(ExtractionError, match=message) as error:
        extract_text(data, filename="upload.bin")
    assert str(error.value).startswith("upload.bin: ")


def test_zip_that_is_not_a_word_document_is_rejected():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<x/>")
    assert detect_format(buffer.getvalue()) is None


def test_docx_bomb_is_refused_before_python_docx_opens_it():
    from lawcore.safezip import UnsafeArchive
    from lawcore.tests import hostile

    with pytest.raises(UnsafeArchive) as caught:
        extract_text(hostile.docx_bomb(60 << 20), filename="bom.docx")
    assert caught.value.details["member"] == "word/document.xml"


def test_docx_declaring_an_entity_is_refused():
    from lawcore.safezip import UnsafeArchive
    from lawcore.tests import hostile

    data = hostile.with_entity(make_docx(), "word/document.xml")
    with pytest.raises(UnsafeArchive) as caught:
        extract_text(data, filename="entity.docx")
    assert caught.value.reason == "xml_entity"


def test_pdf_that_reads_past_the_time_cap_is_stopped(monkeypatch):
    """A zero-second cap stands in for a PDF that makes the parser loop."""
    from lawcore import docextract

    monkeypatch.setattr(docextract, "PDF_SECONDS", 0.001)
    with pytest.raises(docextract.TooCostly) as caught:
        extract_text(make_pdf(["Article 1"]), filename="loop.pdf")
    assert caught.value.limit == "time"


def test_pdf_that_needs_more_than_the_memory_cap_is_stopped(monkeypatch):
    from lawcore import docextract

    monkeypatch.setattr(docextract, "PDF_MEMORY_BYTES", 8 << 20)
    with pytest.raises(docextract.TooCostly) as caught:
        extract_text(make_pdf(["Article 1"]), filename="huge.pdf")
    assert caught.value.limit == "memory"
