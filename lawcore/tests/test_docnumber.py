import pytest

from lawcore.docnumber import DocumentNumberError, parse_document_number


@pytest.mark.parametrize(
    ("text", "canonical", "type_name", "issuer_name", "year"),
    [
        ("45/2019/QH14", "45/2019/QH14", None, "Quốc hội", 2019),
        ("15/2022/NĐ-CP", "15/2022/NĐ-CP", "Nghị định", "Chính phủ", 2022),
        ("15/2022/ND-CP", "15/2022/NĐ-CP", "Nghị định", "Chính phủ", 2022),
        ("15/2022/N\u00d0-CP", "15/2022/NĐ-CP", "Nghị định", "Chính phủ", 2022),
        ("07/2023/TT-BCT", "07/2023/TT-BCT", "Thông tư", "Bộ Công Thương", 2023),
        (
            "01/2021/TTLT-BTC-BCT",
            "01/2021/TTLT-BTC-BCT",
            "Thông tư liên tịch",
            "Bộ Tài chính, Bộ Công Thương",
            2021,
        ),
        ("123/QĐ-TTg", "123/QĐ-TTg", "Quyết định", "Thủ tướng Chính phủ", None),
        ("123/qd-ttg", "123/QĐ-TTg", "Quyết định", "Thủ tướng Chính phủ", None),
        ("56-CT/TW", "56-CT/TW", "Chỉ thị", "Ban Chấp hành Trung ương Đảng", None),
        ("12/2020/NQ-HĐND", "12/2020/NQ-HĐND", "Nghị quyết", "Hội đồng nhân dân", 2020),
        ("35/2011/NQ-CP", "35/2011/NQ-CP", "Nghị quyết", "Chính phủ", 2011),
        ("10/2019/QĐ-UBND", "10/2019/QĐ-UBND", "Quyết định", "Ủy ban nhân dân", 2019),
        ("Luật số: 108/2016/QH13", "108/2016/QH13", None, "Quốc hội", 2016),
        ("62/2006/QH 11", "62/2006/QH11", None, "Quốc hội", 2006),
        ("21-LCT/HĐNN8", "21-LCT/HĐNN8", "Luật", "Hội đồng Nhà nước", None),
        (
            "03/2007/PL-UBTVQH12",
            "03/2007/PL-UBTVQH12",
            "Pháp lệnh",
            "Ủy ban Thường vụ Quốc hội",
            2007,
        ),
    ],
)
def test_valid_numbers_parse_to_canonical_form(text, canonical, type_name, issuer_name, year):
    number = parse_document_number(text)
    assert (number.canonical, number.type_name, number.issuer_name, number.year) == (
        canonical,
        type_name,
        issuer_name,
        year,
    )


def test_national_assembly_number_keeps_term_and_leaves_type_open():
    number = parse_document_number("202/2025/QH15")
    assert (number.number, number.term, number.type_code) == ("202", 15, None)
    assert number.candidate_types == ("HP", "BL", "L", "NQ")


def test_type_comes_from_context_when_the_number_has_none():
    assert parse_document_number("45/2019/QH14", doc_type="Bộ luật").type_name == "Bộ luật"
    assert parse_document_number("202/2025/QH15", doc_type="Nghị quyết").type_code == "NQ"


def test_type_in_the_number_wins_over_context():
    assert parse_document_number("15/2022/NĐ-CP", doc_type="Luật").type_name == "Nghị định"


def test_context_type_that_the_issuer_cannot_issue_is_rejected():
    with pytest.raises(DocumentNumberError, match="45/2019/QH14"):
        parse_document_number("45/2019/QH14", doc_type="Nghị định")


def test_joint_circular_lists_every_issuer():
    number = parse_document_number("01/2021/TTLT-BTC-BGDDT")
    assert number.issuer_codes == ("BTC", "BGDĐT")
    assert number.issuer_code == "BTC-BGDĐT"


def test_unknown_issuer_has_no_name_but_parses():
    number = parse_document_number("05/2024/QĐ-XYZ")
    assert (number.issuer_code, number.issuer_name) == ("XYZ", None)


@pytest.mark.parametrize(
    "text", ["", "abc", "Điều 5", "45/19/QH14", "45/2019/", "45/2019/QH14/x", "45/2019/QH@14"]
)
def test_invalid_numbers_raise_an_error_naming_the_input(text):
    with pytest.raises(DocumentNumberError) as error:
        parse_document_number(text)
    assert repr(text) in str(error.value)
