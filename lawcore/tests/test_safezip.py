import pytest

from lawcore.safezip import Limits, UnsafeArchive, check_zip
from lawcore.tests import hostile

SMALL = Limits(max_member_bytes=4 << 20, max_total_bytes=6 << 20, ratio_floor=1 << 20)


def refusal(data: bytes, limits: Limits | None = None) -> UnsafeArchive:
    with pytest.raises(UnsafeArchive) as caught:
        check_zip(data, limits)
    return caught.value


def test_ordinary_office_files_pass_and_are_counted():
    report = check_zip(hostile.normal_xlsx(500))
    assert "xl/workbook.xml" in report.names
    assert report.total_bytes > 10_000
    assert check_zip(hostile.normal_docx(200)).members > 5


def test_shared_strings_bomb_is_refused_on_its_ratio_before_inflating():
    error = refusal(hostile.xlsx_shared_strings_bomb(3 << 20))
    assert error.reason == "ratio"
    assert error.details["member"] == "xl/sharedStrings.xml"


def test_member_declared_larger_than_the_limit_is_refused():
    error = refusal(hostile.docx_bomb(8 << 20), SMALL)
    assert error.reason == "member_too_large"
    assert error.details["member"] == "word/document.xml"


def test_members_adding_up_past_the_total_are_refused():
    limits = Limits(max_member_bytes=4 << 20, max_total_bytes=3 << 20, max_ratio=1e9)
    assert refusal(hostile.xlsx_shared_strings_bomb(3 << 20 | 1000), limits).reason in {
        "total_too_large",
        "member_too_large",
    }


def test_lying_header_does_not_let_the_real_content_through():
    """The headers say 1 kB; inflating stops at the declared size and the content disagrees."""
    data = hostile.lying_xlsx_bomb(20 << 20)
    error = refusal(data, Limits(max_ratio=1e9))
    assert error.reason in {"size_mismatch", "damaged"}
    assert error.details["member"] == "xl/sharedStrings.xml"


def test_too_many_members_are_refused():
    assert refusal(hostile.many_members_zip(1200)).reason == "too_many_members"


def test_entity_declaration_in_any_xml_member_is_refused():
    error = refusal(hostile.xlsx_with_entity())
    assert (error.reason, error.details["member"]) == ("xml_entity", "xl/workbook.xml")
    docx = hostile.with_entity(hostile.normal_docx(3), "word/document.xml")
    assert refusal(docx).details["member"] == "word/document.xml"


def test_doctype_split_across_two_chunks_is_still_found():
    from lawcore import safezip

    padding = b"<a>" + b" " * (safezip.CHUNK - 7) + b"</a>"
    data = hostile.with_entity(hostile.normal_xlsx(3), "xl/workbook.xml")
    # Move the DOCTYPE so that "<!DOC" ends one chunk and "TYPE" starts the next.
    import io
    import zipfile

    content = zipfile.ZipFile(io.BytesIO(data)).read("xl/workbook.xml")
    shifted = padding[: safezip.CHUNK - 4] + content[content.index(b"<!DOCTYPE") :]
    assert shifted.index(b"<!DOCTYPE") == safezip.CHUNK - 4
    error = refusal(hostile._rewrite(data, {"xl/workbook.xml": shifted}))
    assert error.reason == "xml_entity"


def test_utf16_xml_member_is_refused():
    data = hostile.utf16_member(hostile.normal_xlsx(3), "xl/workbook.xml")
    assert refusal(data).reason == "xml_encoding"


def test_bytes_that_are_not_a_zip_are_refused():
    assert refusal(b"%PDF-1.4 not a zip").reason == "not_zip"
    assert refusal(b"PK\x03\x04" + b"\x00" * 40).reason == "not_zip"
