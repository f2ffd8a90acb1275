"""Obligation-extraction assistant: markers, modality, addressees, dates, schedules, splitting,
statement action items, lead-agency suggestion, and precision/recall on labelled sentences."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lawcore import shared_data
from lawcore.extraction import (
    STATEMENT,
    Modality,
    classify_sentence,
    detect_language,
    extract_obligations,
    split_sentences,
    statement_action_items,
    suggest_lead_agency,
)
from lawcore.text import nfc

DATA = Path(__file__).parent / "data"

# Measured with `python -m pytest lawcore/tests/test_extraction.py` (and bench.bench_extraction):
#   obligation_sentences.jsonl (206 sentences, 104 obligations; the rules were tuned on it):
#       precision 1.000, recall 1.000, modality agreement on true positives 1.000
#   obligation_sentences_heldout.jsonl (56 sentences, 18 obligations; labelled before the first
#       measurement and never tuned on): precision 0.895, recall 0.944
# The floors sit just under these numbers; lowering one needs a decision record.
TUNED_PRECISION_FLOOR = 0.97
TUNED_RECALL_FLOOR = 0.97
HELDOUT_PRECISION_FLOOR = 0.85
HELDOUT_RECALL_FLOOR = 0.90


def _load(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _scores(rows: list[dict]) -> tuple[float, float, float]:
    tp = fp = fn = modality_ok = 0
    for row in rows:
        candidate = classify_sentence(row["text"], row["lang"], kind=row["kind"])
        predicted = candidate is not None and candidate.is_obligation
        tp += predicted and row["is_obligation"]
        fp += predicted and not row["is_obligation"]
        fn += row["is_obligation"] and not predicted
        modality_ok += bool(
            predicted and row["is_obligation"] and candidate.modality == row["modality"]
        )
    return tp / (tp + fp), tp / (tp + fn), modality_ok / max(tp, 1)


# Fixture


def test_fixture_is_large_and_balanced() -> None:
    rows = _load("obligation_sentences.jsonl")
    assert len(rows) >= 150
    assert {row["lang"] for row in rows} == {"en", "vi"}
    negatives = [row for row in rows if not row["is_obligation"]]
    assert len(negatives) >= 60
    assert all(
        row["source"].startswith(("tota/xml/pta_", "joint-statements/", "written")) for row in rows
    )


def test_marker_detection_precision_and_recall_on_tuned_fixture() -> None:
    precision, recall, modality = _scores(_load("obligation_sentences.jsonl"))
    assert precision >= TUNED_PRECISION_FLOOR
    assert recall >= TUNED_RECALL_FLOOR
    assert modality >= 0.95


def test_marker_detection_precision_and_recall_on_heldout_sentences() -> None:
    precision, recall, _ = _scores(_load("obligation_sentences_heldout.jsonl"))
    assert precision >= HELDOUT_PRECISION_FLOOR
    assert recall >= HELDOUT_RECALL_FLOOR


# English and Vietnamese detection and modality


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("Each Party shall publish its laws and regulations promptly.", Modality.SHALL),
        ("A Party shall not impose export duties on goods of the other Party.", Modality.SHALL_NOT),
        (
            "No Party shall adopt a measure requiring the transfer of technology.",
            Modality.SHALL_NOT,
        ),
        ("The Parties shall endeavour to cooperate on e-commerce.", Modality.BEST_EFFORT),
        (
            "Each Party shall, to the extent possible, publish draft regulations in advance.",
            Modality.BEST_EFFORT,
        ),
        ("The Parties undertake to complete their internal procedures.", Modality.SHALL),
        ("Importers must keep the certificate of origin for three years.", Modality.SHALL),
        ("A Party may request consultations with the other Party.", Modality.MAY),
        ("Chile will provide capacity building to Viet Nam.", Modality.POLITICAL),
        ("Mỗi Bên phải công bố kịp thời các luật có tính áp dụng chung.", Modality.SHALL),
        (
            "Các Bên không được áp dụng hạn chế định lượng đối với hàng nhập khẩu.",
            Modality.SHALL_NOT,
        ),
        ("Mỗi Bên có trách nhiệm duy trì một cơ quan cạnh tranh.", Modality.SHALL),
        ("Việt Nam có nghĩa vụ xóa bỏ thuế xuất khẩu.", Modality.SHALL),
        ("Các Bên phải nỗ lực hợp tác về thương mại điện tử.", Modality.BEST_EFFORT),
        ("Mỗi Bên có quyền yêu cầu tham vấn.", Modality.MAY),
    ],
)
def test_treaty_sentence_modality(text: str, modality: Modality) -> None:
    candidate = classify_sentence(text)
    assert candidate is not None
    assert candidate.modality is modality


@pytest.mark.parametrize(
    "text",
    [
        "For the purposes of this Chapter, the following definitions shall apply:",
        "“Customs duty” means any duty or charge imposed on importation.",
        "Nothing in this Agreement shall be construed to require a Party to furnish confidential information.",
        "Recognizing that such a partnership will create a larger and new market;",
        "This Agreement shall enter into force on the first day of the second month.",
        "The Annexes shall form an integral part of this Agreement.",
        "This project will support a vital region of the Mekong Delta.",
        "Trong Chương này, “biện pháp” có nghĩa là bất kỳ luật hoặc quy định nào.",
        "Không có quy định nào trong Hiệp định này được hiểu là buộc một Bên phải cung cấp thông tin mật.",
        "Nhận thức rằng quan hệ đối tác sẽ tạo ra một thị trường rộng lớn hơn;",
        "Biểu cam kết cụ thể của Việt Nam được quy định tại Phụ lục 8-B.",
        "Hai bên hoan nghênh sự thống nhất và vai trò trung tâm của ASEAN.",
    ],
)
def test_hard_negatives_are_not_obligations(text: str) -> None:
    candidate = classify_sentence(text)
    assert candidate is None or not candidate.is_obligation


@pytest.mark.parametrize(
    "text",
    [
        "The Leaders decided to establish a Law Enforcement and Security Dialogue.",
        "Both sides pledged to create favorable conditions for each other's goods.",
        "The United States and Viet Nam are committed to strengthening supply chain resilience.",
        "Hai bên nhất trí tăng cường trao đổi đoàn các cấp.",
        "Phía Hoa Kỳ cam kết tiếp tục hỗ trợ Việt Nam khắc phục hậu quả bom mìn.",
    ],
)
def test_statement_commitments_are_political(text: str) -> None:
    candidate = classify_sentence(text, kind=STATEMENT)
    assert candidate is not None
    assert candidate.modality is Modality.POLITICAL


def test_statement_welcome_is_not_a_commitment() -> None:
    assert (
        classify_sentence("The Leaders welcomed Lao PDR's ASEAN Chairmanship.", kind=STATEMENT)
        is None
    )


def test_language_is_detected() -> None:
    assert detect_language("Mỗi Bên phải công bố các quy định.") == "vi"
    assert detect_language("Each Party shall publish its regulations.") == "en"


# Addressees


@pytest.mark.parametrize(
    ("text", "kind", "label"),
    [
        ("Viet Nam shall review this requirement within two years.", "viet_nam", "Viet Nam"),
        ("Each Party shall designate a contact point.", "each_party", "each Party"),
        ("The Parties shall establish the Committee.", "all_parties", "the Parties"),
        (
            "The United States will maintain the reciprocal tariff at 20 percent.",
            "partner",
            "United States",
        ),
        (
            "The two Leaders will direct their government agencies to cooperate.",
            "leaders",
            "the Leaders",
        ),
        ("Hai bên nhất trí tăng cường hợp tác quốc phòng.", "both_sides", "the two sides"),
        ("Phía Nhật Bản khẳng định sẽ tiếp tục cung cấp vốn ODA.", "partner", "Japan"),
        ("Mỗi Bên phải công bố các quy định.", "each_party", "each Party"),
    ],
)
def test_addressee_is_recognised(text: str, kind: str, label: str) -> None:
    candidate = classify_sentence(
        text, kind=STATEMENT if "Leaders" in text or "bên" in text else "treaty"
    )
    assert candidate is not None and candidate.addressee is not None
    assert (candidate.addressee.kind, candidate.addressee.label) == (kind, label)
    assert any(reason.startswith("addressee:") for reason in candidate.reasons)


# Dates and schedules


@pytest.mark.parametrize(
    ("text", "kind", "value", "bound", "anchor"),
    [
        ("Viet Nam shall ratify the Convention within three years.", "period", "P3Y", "deadline", None),
        ("Each Party shall notify it no later than 1 January 2027.", "date", "2027-01-01", "deadline", None),
        ("The Leaders will double trade by 2030.", "year", "2030", "deadline", None),
        ("The Committee shall report within fifteen (15) days.", "period", "P15D", "deadline", None),
        (
            "The Parties shall review this Chapter within five years from the date of entry into force of this Agreement.",
            "period", "P5Y", "deadline", "entry_into_force",
        ),
        ("The United States commits to apply the MFN rate effective as of September 1, 2025.", "date", "2025-09-01", "start", None),
        ("Trong thời hạn 05 năm, Việt Nam phải phê chuẩn Công ước.", "period", "P5Y", "deadline", None),
        ("Chậm nhất là ngày 01 tháng 7 năm 2026, mỗi Bên phải thông báo.", "date", "2026-07-01", "deadline", None),
        ("Hai bên nhất trí đạt 100 tỷ USD đến năm 2030.", "year", "2030", "deadline", None),
        (
            "Việt Nam phải xóa bỏ thuế kể từ ngày Hiệp định có hiệu lực.",
            "event", None, "start", "entry_into_force",
        ),
        (
            "Ủy ban sẽ họp trong vòng một năm kể từ ngày Hiệp định có hiệu lực.",
            "period", "P1Y", "deadline", "entry_into_force",
        ),
        ("The Committee shall meet annually.", "recurrence", "P1Y", "every", None),
    ],
)  # fmt: skip
def test_date_phrase_is_normalised(
    text: str, kind: str, value: str | None, bound: str, anchor: str | None
) -> None:
    candidate = classify_sentence(
        text, kind=STATEMENT if "Leaders" in text or "Hai bên" in text else "treaty"
    )
    assert candidate is not None
    found = [(d.kind, d.value, d.bound, d.anchor) for d in candidate.dates]
    assert (kind, value, bound, anchor) in found
    assert any(reason.startswith("date:") for reason in candidate.reasons)


def test_phased_schedules_are_recognised() -> None:
    en = classify_sentence(
        "Viet Nam shall eliminate customs duties on goods in staging category B in 5 equal annual instalments."
    )
    assert en is not None
    kinds = {(s.kind, s.categories, s.instalments, s.interval) for s in en.schedules}
    assert ("category", ("B",), None, None) in kinds
    assert ("instalments", (), 5, "annual") in kinds
    cats = classify_sentence("Each Party shall reduce duties on goods in categories A, B and C.")
    assert cats is not None and cats.schedules[0].categories == ("A", "B", "C")
    vi = classify_sentence(
        "Việt Nam phải cắt giảm thuế đối với ô tô theo 10 đợt cắt giảm hằng năm bằng nhau."
    )
    assert vi is not None
    assert [(s.instalments, s.interval) for s in vi.schedules] == [(10, "annual")]
    quarterly = classify_sentence("It shall be paid in equal, quarterly instalments.")
    assert quarterly is not None and quarterly.schedules[0].interval == "quarterly"


# Sentence splitting

_STATEMENT_EXCERPT = (
    "The two Leaders hailed a historic new phase of bilateral\n"
    "cooperation. The United States supports a strong, independent, prosperous, and resilient\n"
    "Vietnam.&nbsp;  \n   \n"
    "**<u>POLITICAL AND DIPLOMATIC RELATIONS</u>**  \n   \n"
    "The Leaders supported improving current dialogue mechanisms and intend to\n"
    "establish an annual dialogue between Vietnam’s Minister of Foreign Affairs and the\n"
    "U.S. Secretary of State. ****\n\n"
    "Key terms will include:\xa0\n\n"
    "-   Viet Nam will provide preferential market access for substantially\n"
    "    all U.S. industrial and agricultural exports to Viet Nam.\n\n<!-- -->\n\n"
    "-   The United States will maintain at 20 percent the reciprocal\n"
    "    tariffs.\n"
)


def test_statement_excerpt_is_split_across_markdown_artefacts() -> None:
    sentences = split_sentences(_STATEMENT_EXCERPT)
    texts = [s.text for s in sentences]
    assert texts == [
        "The two Leaders hailed a historic new phase of bilateral cooperation.",
        "The United States supports a strong, independent, prosperous, and resilient Vietnam.",
        "The Leaders supported improving current dialogue mechanisms and intend to establish an annual "
        "dialogue between Vietnam’s Minister of Foreign Affairs and the U.S. Secretary of State.",
        "Key terms will include:",
        "- Viet Nam will provide preferential market access for substantially all U.S. industrial and "
        "agricultural exports to Viet Nam.",
        "- The United States will maintain at 20 percent the reciprocal tariffs.",
    ]
    assert sentences[2].heading == "POLITICAL AND DIPLOMATIC RELATIONS"
    assert sentences[4].lead_in == "Key terms will include:"
    original = nfc(_STATEMENT_EXCERPT)
    assert original[sentences[2].start : sentences[2].end].startswith("The Leaders supported")
    assert original[sentences[2].start : sentences[2].end].endswith("Secretary of State.")


def test_treaty_list_items_inherit_the_lead_in_marker() -> None:
    text = (
        "1. The competent authorities of a Party shall, in accordance with its laws: \n\n\n"
        "(a) inform the applicant of the decision within a reasonable period; and \n\n\n"
        "(b) provide information concerning the status of the application. \n"
        "2. Nothing in this Agreement shall require a Party to provide confidential information."
    )
    candidates = extract_obligations(text, "en")
    assert [c.sentence[:3] for c in candidates] == ["1. ", "(a)", "(b)"]
    assert "inherited from the lead-in" in candidates[1].reasons[0]


def test_vietnamese_abbreviations_do_not_end_sentences() -> None:
    sentences = split_sentences(
        "Hai bên nhất trí mở Tổng Lãnh sự quán tại TP. Hồ Chí Minh. Phía Hoa Kỳ cam kết hỗ trợ."
    )
    assert len(sentences) == 2


# Statement action items and lead agencies


def test_statement_action_items_carry_section_sector_and_agency() -> None:
    items = statement_action_items(_STATEMENT_EXCERPT)
    assert [item.text[:22] for item in items] == [
        "The Leaders supported ",
        "- Viet Nam will provid",
        "- The United States wi",
    ]
    assert items[0].section == "POLITICAL AND DIPLOMATIC RELATIONS"
    assert items[0].lead_agencies[0].code == "bng"
    assert "trade" in items[1].sectors
    assert items[1].lead_agencies[0].code == "bct"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Both sides will expand cooperation on pandemic prevention and vaccines.", "byt"),
        ("The Leaders decided to establish a Law Enforcement and Security Dialogue.", "bca"),
        ("Hai bên nhất trí tăng cường hợp tác quốc phòng và gìn giữ hòa bình.", "bqp"),
        ("hai ben nhat tri tang cuong hop tac giao duc va dao tao, hoc bong", "bgddt"),
        (
            "The United States will support Viet Nam's semiconductor ecosystem and innovation.",
            "bkhcn",
        ),
        ("Hai bên cam kết hợp tác ứng phó biến đổi khí hậu và bảo vệ môi trường.", "bnnmt"),
        (
            "The Leaders supported the modernisation of monetary policy and exchange rate management.",
            "nhnn",
        ),
    ],
)
def test_lead_agency_is_suggested_from_keywords(text: str, code: str) -> None:
    suggestions = suggest_lead_agency(text)
    assert suggestions and suggestions[0].code == code
    assert suggestions[0].matched


def test_given_sectors_outweigh_guessed_ones() -> None:
    suggestions = suggest_lead_agency("The two sides will cooperate closely.", sectors=["customs"])
    assert suggestions[0].code == "btc"
    assert suggestions[0].matched == ("sector:customs (given)",)
    with pytest.raises(ValueError, match="unknown sector"):
        suggest_lead_agency("x", sectors=["nonsense"])


def test_no_keyword_means_no_suggestion() -> None:
    assert suggest_lead_agency("The two sides met in Hanoi.") == []


# Real shared data


def test_viet_nam_us_statement_yields_action_items() -> None:
    path = shared_data.shared_data_path("joint-statements", "statements.jsonl")
    if path is None:
        pytest.skip(shared_data.skip_reason("joint-statements", "statements.jsonl"))
    with path.open(encoding="utf-8") as handle:
        record = next(
            json.loads(line)
            for line in handle
            if "elevating-united-states-vietnam-relations-to-a-comprehensive" in line
        )
    items = statement_action_items(record["text"])
    assert len(items) >= 25
    assert all(item.candidate.modality is Modality.POLITICAL for item in items)
    sections = {item.section for item in items}
    assert "ECONOMIC, TRADE, AND INVESTMENT COOPERATION" in sections
    assert all("<u>" not in item.text and "**" not in item.text for item in items)


def test_japan_viet_nam_epa_articles_yield_candidates() -> None:
    path = shared_data.shared_data_path("tota", "xml", "pta_148.xml")
    if path is None:
        pytest.skip(shared_data.skip_reason("tota", "xml", "pta_148.xml"))
    from lxml import etree

    articles = etree.parse(str(path)).getroot().iter("article")
    candidates = [c for a in articles for c in extract_obligations("".join(a.itertext()), "en")]
    assert len(candidates) > 300
    preamble_text = re.compile(r"^(Recognizing|Believing|Determined)")
    assert not any(preamble_text.match(c.sentence) for c in candidates)
    assert any("Viet Nam" in a.label for c in candidates for a in c.addressees)
