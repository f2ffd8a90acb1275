"""Lead and cooperating agencies read from Vietnamese tasks and from tables of assignments."""

from __future__ import annotations

from lawcore.docextract import CELL_SEPARATOR
from lawcore.extraction.assignments import (
    AgencyName,
    assignment_rows,
    find_agencies,
    read_assignment,
)

# Names as in camket/agencies/seed; "Bộ Kế hoạch và Đầu tư" was merged into the Ministry of
# Finance by Nghị quyết 176/2025/QH15 (18/02/2025).
AGENCIES = [
    AgencyName("bct", ("Bộ Công Thương", "Ministry of Industry and Trade", "BCT")),
    AgencyName("btc", ("Bộ Tài chính", "Ministry of Finance", "BTC")),
    AgencyName("bng", ("Bộ Ngoại giao", "Ministry of Foreign Affairs")),
    AgencyName("btp", ("Bộ Tư pháp", "Ministry of Justice")),
    AgencyName("bkhcn", ("Bộ Khoa học và Công nghệ",)),
    AgencyName("bkhdt", ("Bộ Kế hoạch và Đầu tư",), successor="btc"),
]


def codes(agencies) -> list[str]:
    return [a.code for a in agencies]


def test_lead_before_phoi_hop_and_cooperating_after_it() -> None:
    found = read_assignment(
        "Bộ Công Thương chủ trì, phối hợp với Bộ Tài chính, Bộ Ngoại giao rà soát các cam kết "
        "về thuế quan; Bộ Tư pháp theo dõi.",
        AGENCIES,
    )
    assert codes(found.lead) == ["bct"]
    assert codes(found.cooperating) == ["btc", "bng"]


def test_a_former_agency_is_mapped_to_its_successor_and_kept_as_named() -> None:
    found = read_assignment(
        "Giao Bộ Kế hoạch và Đầu tư chủ trì, phối hợp với Bộ Tư pháp và các Bộ, ngành liên quan "
        "xây dựng đề án.",
        AGENCIES,
    )
    (lead,) = found.lead
    assert (lead.code, lead.as_named, lead.text) == ("btc", "bkhdt", "Bộ Kế hoạch và Đầu tư")
    assert codes(found.cooperating) == ["btp"]
    assert found.all_relevant


def test_names_match_without_case_or_diacritics_and_longest_first() -> None:
    text = "bo ke hoach va dau tu va BO CONG THUONG"
    assert codes(find_agencies(text, AGENCIES)) == ["btc", "bct"]


def test_agency_names_not_in_the_list_are_reported() -> None:
    found = read_assignment(
        "Bộ Thông tin và Truyền thông chủ trì, phối hợp với Bộ Công Thương", AGENCIES
    )
    assert found.lead == ()
    assert found.unknown == ("Bộ Thông tin và Truyền thông",)


def docx_lines(*rows: tuple[str, ...]) -> str:
    return "\n".join(CELL_SEPARATOR.join(row) for row in rows)


def test_table_rows_with_header_sections_several_leads_and_deadlines() -> None:
    # Rows 11 and 13 are rows of Decision 328/QĐ-TTg (../shared/data/vn-implementation-plans);
    # the third row is made up to exercise the deadline and output columns.
    text = "QUYẾT ĐỊNH\n" + docx_lines(
        ("TT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"),
        ("I. Thực hiện các Chương",) * 5,
        (
            "11",
            "Chương 19 – Giải quyết tranh chấp",
            "- Bộ Công Thương (đối với các quy định của Chương) - Bộ Tư pháp (đối với nội dung "
            "giải quyết tranh chấp giữa Nhà nước và Nhà nước)",
            "Các Bộ, ngành liên quan",
            "",
        ),
        (
            "13",
            "Chương 3 Điều 3.33 - Đầu mối giải đáp thông tin liên quan đến “Quy tắc xuất xứ”",
            "Bộ Công Thương (Cục Xuất nhập khẩu)",
            "Các Bộ, ngành liên quan",
            "",
        ),
        ("14", "Rà soát biểu thuế", "Bộ Kế hoạch và Đầu tư", "Bộ Ngoại giao", "Quý IV/2026"),
    )
    rows = assignment_rows(text, AGENCIES)
    assert [r.number for r in rows] == ["11", "13", "14"]
    assert all(r.section == "I. Thực hiện các Chương" for r in rows)
    assert codes(rows[0].lead) == ["bct", "btp"] and rows[0].cooperating == []
    assert codes(rows[2].lead) == ["btc"] and rows[2].lead[0].as_named == "bkhdt"
    assert codes(rows[2].cooperating) == ["bng"]
    assert rows[2].due_on.isoformat() == "2026-12-31"


def test_rows_of_a_pdf_come_as_lines_and_are_read_by_number() -> None:
    text = "\n".join(
        [
            "TT Nội dung Cơ quan chủ trì Cơ quan phối hợp",
            "I. Danh sách chỉ định các cơ quan đầu mối",
            "1 Chương 4 – Các thủ tục hải quan và",
            "Thuận lợi hóa thương mại Bộ Tài chính (Tổng cục",
            "Hải quan) Các Bộ, ngành liên quan",
            "2 Ủy ban Hàng hóa Bộ Công Thương Bộ Tài chính và các",
            "Bộ, ngành liên quan",
        ]
    )
    rows = assignment_rows(text, AGENCIES)
    assert [(r.number, codes(r.lead), codes(r.cooperating)) for r in rows] == [
        ("1", ["btc"], []),
        ("2", ["bct"], ["btc"]),
    ]
    assert rows[0].content == "Chương 4 – Các thủ tục hải quan và Thuận lợi hóa thương mại"


def test_a_row_whose_lead_is_unknown_keeps_its_words() -> None:
    text = docx_lines(
        ("TT", "Nội dung", "Cơ quan chủ trì"),
        ("1", "Chương 12 – Thương mại điện tử", "Bộ Thông tin và Truyền thông"),
    )
    (row,) = assignment_rows(text, AGENCIES)
    assert row.lead == [] and row.lead_text == "Bộ Thông tin và Truyền thông"
