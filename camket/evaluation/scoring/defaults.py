"""CamKet's default criteria set, written from Directive 56-CT/TW's call for criteria.

Directive 56-CT/TW of 24/12/2025, as the published news of it words it (../shared/directive-56/
directive-56-news.txt), asks to "nghiên cứu xây dựng bộ tiêu chí đánh giá hiệu quả thực thi cam
kết quốc tế" and to "xóa bỏ tư duy lấy số lượng thay cho chất lượng" (issue 13, capability C8).
Each criterion measures implementation work recorded in CamKet; none counts signatures.
Targets are CamKet's proposal for the first year (decision 0015), to be set by the coordinator
when approving a new version.
"""

from __future__ import annotations

from decimal import Decimal

from camket.evaluation.scoring.actions import CriteriaSetData, CriterionData
from camket.evaluation.scoring.models import Criterion, Subject

CODE = "bo-tieu-chi-camket"
BASIS = (
    "Chỉ thị số 56-CT/TW ngày 24/12/2025 của Ban Bí thư: “nghiên cứu xây dựng bộ tiêu chí đánh "
    "giá hiệu quả thực thi cam kết quốc tế”, “xóa bỏ tư duy lấy số lượng thay cho chất lượng”; "
    "Luật Điều ước quốc tế số "
    "108/2016/QH13, Điều 76 (kế hoạch thực hiện trong 15 ngày kể từ khi nhận thông báo điều "
    "ước có hiệu lực)."
)
COMPUTED = Criterion.Method.COMPUTED
RATED = Criterion.Method.RATED

# (code, formula, name_vi, name_en, weight, target %)
COMMON = [
    (
        "bao-cao-dung-han",
        "reports_on_time",
        "Tỷ lệ báo cáo gửi đúng hạn",
        "Reports submitted on time",
        2,
        100,
    ),
    (
        "nhiem-vu-dung-han",
        "tasks_on_time",
        "Tỷ lệ nhiệm vụ hoàn thành đúng hạn",
        "Tasks completed by their due date",
        3,
        90,
    ),
    (
        "nghia-vu-co-nhiem-vu",
        "obligations_covered",
        "Tỷ lệ nghĩa vụ của Việt Nam đã có nhiệm vụ thực hiện",
        "Share of Viet Nam's obligations covered by a task",
        2,
        100,
    ),
    (
        "khoang-trong-da-xu-ly",
        "gaps_closed",
        "Tỷ lệ khoảng trống, xung đột pháp lý đã được xử lý",
        "Compatibility gaps and conflicts closed",
        1,
        100,
    ),
    (
        "xay-dung-phap-luat-dung-han",
        "legislative_actions_on_time",
        "Tỷ lệ nhiệm vụ xây dựng, sửa đổi văn bản hoàn thành đúng hạn",
        "Legislative actions done on time",
        1,
        90,
    ),
    (
        "ke-hoach-dung-han",
        "plan_in_time",
        "Tỷ lệ điều ước có kế hoạch thực hiện trong thời hạn luật định",
        "Treaties with an implementation plan within the legal time",
        1,
        100,
    ),
    # Issue 13: "progress against the feasibility category given at signing" (decision 0014:
    # the gate records category A/B/C per obligation; B and C become a draft plan at signing).
    (
        "tien-do-theo-nhom-kha-thi",
        "feasibility_progress",
        "Tỷ lệ nghĩa vụ được thực hiện đúng thời điểm theo nhóm khả thi xác định khi ký",
        "Obligations implemented by the date their feasibility category at signing promised",
        1,
        90,
    ),
    # Issue 13 items 1 and 5: budget absorption (funding lines of the reviews part); issue 14:
    # feedback answered within the agency's answer deadline (the consultation part).
    (
        "giai-ngan-kinh-phi",
        "budget_absorption",
        "Tỷ lệ giải ngân kinh phí so với kinh phí cam kết",
        "Budget absorption (disbursed ÷ pledged)",
        1,
        90,
    ),
    (
        "phan-anh-tra-loi-dung-han",
        "feedback_answered_on_time",
        "Tỷ lệ góp ý, phản ánh được trả lời đúng hạn",
        "Feedback answered within its deadline",
        1,
        100,
    ),
]
RATED_QUALITY = (
    "chat-luong-thuc-hien",
    "Chất lượng, hiệu quả thực chất của việc thực hiện (đánh giá có lý do)",
    "Quality of implementation (rated with a reason)",
)


def default_criteria() -> CriteriaSetData:
    criteria = []
    for subject in Subject.values:
        for code, formula, name_vi, name_en, weight, target in COMMON:
            criteria.append(
                CriterionData(
                    code=code,
                    name_vi=name_vi,
                    name_en=name_en,
                    subject=subject,
                    method=COMPUTED,
                    formula=formula,
                    weight=Decimal(weight),
                    target=target,
                )
            )
        if subject in (Subject.COMMITMENT, Subject.AGENCY):
            code, name_vi, name_en = RATED_QUALITY
            criteria.append(
                CriterionData(
                    code=code,
                    name_vi=name_vi,
                    name_en=name_en,
                    subject=subject,
                    method=RATED,
                    weight=Decimal(1),
                    scale_min=1,
                    scale_max=5,
                )
            )
    return CriteriaSetData(
        code=CODE,
        title_vi="Bộ tiêu chí đánh giá hiệu quả thực hiện cam kết quốc tế",
        title_en="Criteria for judging how well international commitments are implemented",
        basis=BASIS,
        criteria=tuple(criteria),
    )
