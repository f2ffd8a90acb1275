"""Issue 18: Vietnamese tasks, treaty layout, modality, addressees and deadlines, and the scores
on the 319 sentences of ``data/obligations_v2`` (labelled before the extractor was run on them).

The rules were tuned looking only at folds 0-2 (``id % 5 < 3``); folds 3-4, the second draw of
statements (batch 2, labelled after the rules were written) and the third, English draw (batch 3)
were not inspected (the fourth draw, batch 4, is statement tuning data), and their floors
below sit just under what they measured (see ``bench.bench_extraction``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lawcore.extraction import (
    STATEMENT,
    Modality,
    classify_sentence,
    extract_obligations,
    find_dates,
)
from lawcore.extraction.evaluation import by, group, language, load_rows, score, tuned_on

ROWS = load_rows(Path(__file__).parent / "data" / "obligations_v2" / "sentences.jsonl")
UNSEEN = [row for row in ROWS if not tuned_on(row)]

# Measured on the 272 rows never tuned on (folds 3-4, batches 2 and 3; batch 4 is tuning data)
# with `python -m bench.bench_extraction --labelled`: F1 Vietnamese 0.932, English treaties
# 0.880, English statements 0.861.
UNSEEN_F1_FLOORS = {"vi": 0.90, "en treaties": 0.85, "en statements": 0.84}


def test_labelled_set_is_large_half_vietnamese_and_from_every_source() -> None:
    assert len(ROWS) >= 547 and len(UNSEEN) >= 270
    assert sum(row.get("batch") == 4 for row in ROWS) >= 80
    assert all(tuned_on(row) for row in ROWS if row.get("batch") == 4)
    assert sum(row["lang"] == "vi" for row in ROWS) >= 150
    assert {group(row) for row in ROWS} == {
        "en treaties",
        "en statements",
        "vi laws",
        "vi decrees/decisions/directives",
        "vi Directive 56",
        "vi Decision 328 rows",
    }
    assert all(isinstance(row["is_obligation"], bool) for row in ROWS)
    assert all(row["modality"] for row in ROWS if row["is_obligation"])


@pytest.mark.parametrize("group_name", sorted(UNSEEN_F1_FLOORS))
def test_f1_on_rows_never_tuned_on(group_name: str) -> None:
    scores = by(UNSEEN, language)[group_name]
    assert scores.f1 >= UNSEEN_F1_FLOORS[group_name], scores.line(group_name)


def test_vietnamese_addressees_and_deadlines_on_the_whole_set() -> None:
    scores = score(row for row in ROWS if row["lang"] == "vi")
    assert scores.addressees_ok / scores.addressees >= 0.7, scores.line("vi")
    assert scores.deadlines_ok / scores.deadlines >= 0.8, scores.line("vi")
    assert scores.modality_ok == scores.tp


# Vietnamese: how decisions, laws and directives assign work.


def test_lead_and_cooperating_agencies_form_a_task() -> None:
    candidate = classify_sentence(
        "Bộ Công Thương chủ trì, phối hợp với Bộ Tài chính rà soát các cam kết về thuế quan, "
        "hoàn thành trong quý IV/2026.",
        "vi",
    )
    assert candidate is not None and candidate.modality is Modality.SHALL
    assert candidate.addressee.text == "Bộ Công Thương"
    assert [d.value for d in candidate.dates] == ["2026-12-31"]


def test_verb_first_tasks_under_a_directive_lead_in() -> None:
    text = (
        "Ban Bí thư yêu cầu các cấp ủy, tổ chức đảng thực hiện tốt một số nhiệm vụ sau:\n"
        "1. Đẩy mạnh công tác hướng dẫn, kiểm tra, giám sát việc thực hiện cam kết quốc tế.\n"
        "2. Rà soát, hoàn thiện các quy định của Đảng, pháp luật của Nhà nước.\n"
        "3. Bố trí, bảo đảm nguồn lực cần thiết cho công tác ký kết."
    )
    candidates = extract_obligations(text, "vi")
    assert len(candidates) == 4
    assert all(c.modality is Modality.SHALL for c in candidates)
    assert candidates[1].addressee.text.startswith("các cấp ủy")


def test_banned_acts_listed_under_an_article_heading_are_prohibitions() -> None:
    text = (
        "Điều 7. Các hành vi bị nghiêm cấm trong quản lý ngoại thương\n"
        "1. Lợi dụng chức vụ, quyền hạn làm trái quy định của pháp luật về quản lý ngoại thương.\n"
        "2. Tiết lộ thông tin bảo mật của thương nhân trái pháp luật."
    )
    candidates = extract_obligations(text, "vi")
    assert [c.modality for c in candidates] == [Modality.SHALL_NOT, Modality.SHALL_NOT]


def test_points_inherit_the_duty_and_the_actor_of_their_clause() -> None:
    text = (
        "5. Ủy ban nhân dân cấp huyện có trách nhiệm sau đây:\n"
        "a) Đầu tư xây dựng công trình hạ tầng bảo vệ môi trường cụm công nghiệp;\n"
        "đ) Kiểm tra, xử lý vi phạm pháp luật về bảo vệ môi trường."
    )
    items = extract_obligations(text, "vi")[1:]
    assert len(items) == 2
    assert all(c.addressee.text == "Ủy ban nhân dân cấp huyện" for c in items)


def test_contents_listed_under_a_duty_are_not_tasks() -> None:
    text = (
        "Quyết định chỉ định Quản tài viên phải có nội dung chủ yếu sau:\n"
        "a) Ngày, tháng, năm ra quyết định;\nđ) Căn cứ để chỉ định Quản tài viên;"
    )
    assert len(extract_obligations(text, "vi")) == 1


@pytest.mark.parametrize(
    "sentence",
    [
        "Doanh nghiệp không nhất thiết phải lập báo cáo này.",
        "Thủ tướng Chính phủ quyết định thành lập đại học công lập.",
        "Báo cáo tài chính nhà nước được lập theo kỳ kế toán năm.",
        "Không quy định nào trong Chương này ngăn cản một Bên áp dụng các biện pháp cần thiết.",
        "Công dân không phải nộp lệ phí khi cấp thẻ Căn cước công dân.",
    ],
)
def test_vietnamese_non_duties(sentence: str) -> None:
    candidate = classify_sentence(sentence, "vi")
    assert candidate is None or not candidate.is_obligation


@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        ("Chính phủ quy định chi tiết Điều này.", "Chính phủ"),
        (
            "Cơ quan thông tin, báo chí phối hợp với các cơ quan quản lý thuế trong việc đăng tải.",
            "Cơ quan thông tin, báo chí",
        ),
        (
            "Trong thời hạn 05 ngày làm việc, kể từ ngày hoàn tất, doanh nghiệp phát hành gửi "
            "nội dung công bố thông tin cho Sở giao dịch chứng khoán.",
            "doanh nghiệp phát hành",
        ),
    ],
)
def test_actor_and_verb_without_a_modal_is_a_duty(sentence: str, actor: str) -> None:
    candidate = classify_sentence(sentence, "vi")
    assert candidate is not None and candidate.modality is Modality.SHALL
    assert candidate.addressee.text == actor


@pytest.mark.parametrize(
    ("phrase", "kind", "value"),
    [
        ("hoàn thành trong quý IV/2026", "date", "2026-12-31"),
        ("trước ngày 31/12/2026", "date", "2026-12-31"),
        ("trong 6 tháng đầu năm 2027", "date", "2027-06-30"),
        ("thực hiện thường xuyên", "recurrence", None),
        ("định kỳ báo cáo", "recurrence", None),
        ("hằng năm gửi báo cáo", "recurrence", "P1Y"),
        ("trong thời hạn 1 (một) năm", "period", "P1Y"),
    ],
)
def test_vietnamese_deadline_phrases(phrase: str, kind: str, value: str | None) -> None:
    (found,) = find_dates(phrase, "vi")
    assert (found.kind, found.value) == (kind, value)


# English: layout, exclusions, modality, addressees.


def test_items_under_a_bare_shall_lead_in_are_proposed() -> None:
    text = (
        "1. The Committee shall:\n(a) review the implementation of this Chapter;\n"
        "(b) consider any matter referred to it by a Party; and\n(c) report to the Commission."
    )
    candidates = extract_obligations(text, "en")
    assert len(candidates) == 4
    assert all(c.addressee.kind == "body" for c in candidates)


def test_undertake_with_a_colon_is_a_lead_in() -> None:
    text = "The Parties undertake:\n(a) to exchange information on customs matters;"
    assert len(extract_obligations(text, "en")) == 2


def test_items_that_only_name_objects_do_not_inherit() -> None:
    text = (
        "4. Each Party shall provide the other:\n(a) its tariff schedule; and\n"
        "(b) Two way transpositions at the tariff line level."
    )
    assert len(extract_obligations(text, "en")) == 1


@pytest.mark.parametrize(
    "sentence",
    [
        "This Article shall be understood to apply to measures adopted after signature.",
        "Paragraph 2 shall also apply to goods in transit.",
        "This Agreement shall take effect on the date of its signature.",
        "The award rendered by the Tribunal shall be final and binding upon the disputing parties.",
        "Slight discrepancies shall not, of themselves, cause any claim to be denied.",
        "The date of establishment shall be the date on which the last arbitrator is appointed.",
        "SHARING the belief that trade shall contribute to sustainable development;",
        "NOTE the resolution which reaffirms that all activities must be carried out lawfully.",
    ],
)
def test_english_rules_that_are_not_duties(sentence: str) -> None:
    candidate = classify_sentence(sentence, "en")
    assert candidate is None or not candidate.is_obligation


@pytest.mark.parametrize(
    ("sentence", "modality"),
    [
        ("The importing Party must notify the exporting Party without delay.", Modality.SHALL),
        ("A Party may notify the other Party of its concerns.", Modality.MAY),
        ("Neither Party may impose any performance requirement.", Modality.SHALL_NOT),
        ("A Party must not disclose confidential information.", Modality.SHALL_NOT),
    ],
)
def test_modality_of_must_and_may(sentence: str, modality: Modality) -> None:
    assert classify_sentence(sentence, "en").modality is modality


def test_the_importing_party_is_an_addressee() -> None:
    candidate = classify_sentence(
        "The importing Party shall decide on the claim within 90 days.", "en"
    )
    assert candidate.addressee.kind == "each_party"
    assert [d.value for d in candidate.dates] == ["P90D"]


def test_joint_commitment_stays_joint() -> None:
    candidate = classify_sentence(
        "The United States and Viet Nam will expand cooperation on clean energy.",
        "en",
        kind=STATEMENT,
    )
    assert candidate.addressee.kind == "both_sides"
    assert candidate.addressee.label == "United States and Viet Nam"


@pytest.mark.parametrize(
    "sentence",
    [
        "Malaysia has made commitments on market access for financial services.",
        "Prime Minister Kishida expressed his intention to boost exchanges among professionals.",
    ],
)
def test_commitments_reported_of_one_partner(sentence: str) -> None:
    candidate = classify_sentence(sentence, "en", kind=STATEMENT)
    assert candidate is not None and candidate.is_obligation


def test_at_least_days_before_is_a_deadline() -> None:
    candidate = classify_sentence(
        "The exporting Party shall notify the applying Party in writing at least 30 days "
        "before suspending concessions.",
        "en",
    )
    assert [(d.value, d.bound) for d in candidate.dates] == [("P30D", "deadline")]
