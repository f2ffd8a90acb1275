import json
from pathlib import Path

import pytest

from lawcore import shared_data
from lawcore.lawtext import Level, parse_law_text

DATA = Path(__file__).parent / "data"
GOLDEN_CASES = sorted(p.name.removesuffix(".input.txt") for p in DATA.glob("lawtext_*.input.txt"))

# Measured on the 208 texts of vn-laws: 202 match the reference article count. The other 6 are
# reference errors or damaged sources (see bench/bench_lawtext.py); do not lower this floor.
MIN_MATCHING_DOCUMENTS = 202


@pytest.mark.parametrize("case", GOLDEN_CASES)
def test_parse_matches_golden_file(case):
    text = (DATA / f"{case}.input.txt").read_text(encoding="utf-8")
    expected = json.loads((DATA / f"{case}.expected.json").read_text(encoding="utf-8"))
    assert parse_law_text(text).to_dict() == expected


def test_article_quoted_in_an_amendment_does_not_start_an_article():
    doc = parse_law_text(
        "Điều 1. Sửa đổi Luật X\n"
        "1. Sửa đổi, bổ sung Điều 5 như sau:\n"
        "“Điều 5. Phạm vi\n"
        "1. Nội dung mới.\n"
        "Điều 6. Đối tượng\n"
        "Nội dung khác.”\n"
        "Điều 2. Hiệu lực thi hành\n"
        "Luật này có hiệu lực từ ngày 01 tháng 01 năm 2026."
    )
    assert [a.number for a in doc.articles()] == ["1", "2"]
    clause = doc.article("1").children[0]
    assert "“Điều 5. Phạm vi" in clause.text
    assert "Điều 6. Đối tượng" in clause.text


@pytest.mark.parametrize(
    "line",
    ["Điều 12a. Quy định bổ sung", "Điều 12a: Quy định bổ sung", "Điều 12a.Quy định bổ sung"],
)
def test_article_number_with_letter_suffix_follows_its_base(line):
    doc = parse_law_text(f"Điều 12. Quy định\nNội dung.\n{line}\nNội dung.\nĐiều 13. Khác")
    assert [a.number for a in doc.articles()] == ["12", "12a", "13"]
    assert doc.article("12a").heading == "Quy định bổ sung"


def test_cross_reference_at_line_start_is_not_an_article():
    doc = parse_law_text(
        "Điều 3. Áp dụng\nNội dung.\nĐiều 40 của Luật này quy định khác.\n"
        "Điều 2 Luật khác bị bãi bỏ.\nĐiều 4 Giải thích từ ngữ"
    )
    assert [(a.number, a.heading) for a in doc.articles()] == [
        ("3", "Áp dụng"),
        ("4", "Giải thích từ ngữ"),
    ]


def test_decomposed_unicode_headings_are_recognised():
    doc = parse_law_text("Điều 1. Một\nĐie\u0302\u0300u 2. Hai")
    assert [a.number for a in doc.articles()] == ["1", "2"]


def test_table_values_are_not_clauses():
    doc = parse_law_text("Điều 7. Thuế suất\n1. Biểu khung:\n1\nSắt\n7 - 20\n2. Khác.")
    article = doc.article("7")
    assert [c.number for c in article.children] == ["1", "2"]
    assert "7 - 20" in article.children[0].text


def test_points_attach_to_the_article_when_there_is_no_clause():
    doc = parse_law_text("Điều 9. Các hành vi bị cấm\na) Một;\nb) Hai;\nđ) Năm.")
    assert [(p.level, p.number) for p in doc.article("9").children] == [
        (Level.POINT, "a"),
        (Level.POINT, "b"),
        (Level.POINT, "đ"),
    ]


def test_text_without_headings_has_no_provisions():
    doc = parse_law_text("Căn cứ Hiến pháp;\nQuốc hội ban hành Luật.")
    assert doc.provisions == []
    assert doc.preamble.startswith("Căn cứ")


def test_share_of_vn_laws_documents_matching_reference_article_count():
    root = shared_data.shared_data_path("vn-laws")
    if root is None:
        pytest.skip(shared_data.skip_reason("vn-laws"))
    matching = 0
    with (root / "documents.jsonl").open(encoding="utf-8") as rows:
        for row in map(json.loads, rows):
            text = (root / "texts" / row["file"]).read_text(encoding="utf-8")
            matching += len(parse_law_text(text).articles()) == row["n_articles"]
    assert matching >= MIN_MATCHING_DOCUMENTS
