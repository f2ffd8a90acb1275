"""The demo's annual review, resources and experts (``camket createdemo`` calls
:func:`load_demo`), written only through ``actions.py``; idempotent.

Everything here is **sample data** ("dữ liệu mẫu") and flagged so (``is_sample``): an agency's
review, a budget line or a person cannot come from a public source we hold. The campaign's
legal frame is real: agencies report to the Ministry of Foreign Affairs by 15 November each
year (Law on Treaties 108/2016/QH13, art. 79(6); Law on International Agreements 70/2020/QH14,
art. 46(3); texts in ../shared/data/vn-laws/texts). The experts have made-up names ("Chuyên gia
mẫu 01"), never a real person's.

The campaign covers the calendar year of the demo's closed reporting round (``demo_year``), so
its pre-filled figures count the demo's tasks, reports and scorecards rather than an empty year.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from camket.evaluation.reviews import actions
from camket.evaluation.reviews.models import (
    AgencyReview,
    AssistanceNeed,
    Expert,
    Remedy,
    ReviewCampaign,
)
from camket.monitoring.models import ReportingCycle
from camket.obligations.models import Obligation
from camket.registry.models import Commitment

D = dt.date.fromisoformat
TITLE = "Rà soát hằng năm việc thực hiện cam kết quốc tế năm %(year)d (dữ liệu mẫu)"
# commitment code → (stage reached, text); all sample text, written as an agency would.
REVIEWS = {
    "vn/treaty/2015/vkfta": (
        "accepted",
        {
            "achievements": "Đã ban hành văn bản hướng dẫn quy tắc xuất xứ; doanh nghiệp sử dụng "
            "ưu đãi thuế quan nhiều hơn năm trước (dữ liệu mẫu).",
            "shortcomings": "Doanh nghiệp nhỏ và vừa còn ít tận dụng ưu đãi; thông tin về thị "
            "trường đối tác chưa đến được các địa phương (dữ liệu mẫu).",
            "causes": ["capacity", "coordination"],
            "cause_details": "Năng lực tìm hiểu quy tắc xuất xứ của doanh nghiệp còn hạn chế; "
            "phối hợp giữa các bộ, ngành và địa phương chưa thường xuyên (dữ liệu mẫu).",
            "recommendation": "continue",
            "recommendation_reason": "Cam kết mang lại lợi ích rõ cho xuất khẩu (dữ liệu mẫu).",
        },
        "Tổ chức tập huấn quy tắc xuất xứ cho doanh nghiệp nhỏ và vừa tại các địa phương "
        "(dữ liệu mẫu)",
    ),
    "vn/treaty/2019/evfta": (
        "approved",
        {
            "achievements": "Đã hoàn thành phần lớn nhiệm vụ nội luật hóa theo kế hoạch "
            "(dữ liệu mẫu).",
            "shortcomings": "Một số nhiệm vụ về sở hữu trí tuệ chậm so với lộ trình (dữ liệu mẫu).",
            "causes": ["legal", "resources"],
            "cause_details": "Cần sửa nhiều văn bản cùng lúc; kinh phí bố trí chậm (dữ liệu mẫu).",
            "recommendation": "continue",
            "recommendation_reason": "Tiếp tục thực hiện, đẩy nhanh nội luật hóa (dữ liệu mẫu).",
        },
        "",
    ),
    "vn/treaty/2018/cptpp": ("draft", {}, ""),  # left for the demo officer to write
}
EXPERTS = [
    ("Chuyên gia mẫu 01", "external", "Quy tắc xuất xứ\nThuận lợi hóa thương mại", "Tiếng Anh",
     ["KOR"], ["trade"]),
    ("Chuyên gia mẫu 02", "internal", "Sở hữu trí tuệ\nChỉ dẫn địa lý", "Tiếng Anh, tiếng Pháp",
     [], []),
    ("Chuyên gia mẫu 03", "external", "Lao động và việc làm\nTrách nhiệm xã hội của doanh nghiệp",
     "Tiếng Anh", [], []),
]  # fmt: skip


def _user(username):
    return get_user_model().objects.filter(username=username).first()


def demo_year() -> int:
    """The calendar year the demo's campaign reviews: the year the latest closed reporting
    cycle ends in (the demo's sample round, dated from the day the demo is made), so that the
    pre-filled figures count the demo's reports and scorecards; without a closed cycle, last
    calendar year (as the campaign form proposes)."""
    closed = (
        ReportingCycle.objects.filter(is_closed=True)
        .order_by("-is_sample", "-ends_on")
        .values_list("ends_on", flat=True)
        .first()
    )
    return closed.year if closed else timezone.localdate().year - 1


def _campaign(coordinator, year: int) -> ReviewCampaign:
    title = TITLE % {"year": year}
    campaign = ReviewCampaign.objects.filter(title=title).first()
    if campaign is not None:
        actions.materialize_reviews(campaign)
        return campaign
    return actions.open_campaign(
        actions.CampaignData(
            title=title,
            starts_on=D(f"{year}-01-01"),
            ends_on=D(f"{year}-12-31"),
            due_on=D(f"{year + 1}-11-15"),
            template=ReviewCampaign.Template.ALL,
            is_sample=True,
        ),
        acting_user=coordinator,
    )


def _advance(review, stage, content, remedy, officer, leader, coordinator) -> None:
    """Bring a draft review to ``stage`` (only a draft: a second run changes nothing)."""
    if review.status != AgencyReview.Status.DRAFT or review.achievements:
        return
    if content:
        review = actions.save_review(review, content, acting_user=officer, version=review.version)
    if remedy:
        due_on = D(f"{review.campaign.ends_on.year + 1}-06-30")
        actions.add_remedy(review, remedy, due_on, acting_user=officer)
    if stage == "draft":
        return
    review = actions.transition(review, "submit", acting_user=officer)
    if stage in {"approved", "accepted"}:
        review = actions.transition(review, "approve", acting_user=leader)
    if stage == "accepted":
        review = actions.transition(review, "accept", acting_user=coordinator)
        for item in Remedy.objects.filter(review=review, task__isnull=True):
            actions.remedy_to_task(item, acting_user=officer)


def load_demo(stdout, acting_user=None) -> None:
    coordinator = acting_user or _user("dieuphoi")
    officer, leader = _user("canbo.bct"), _user("lanhdao.bct")
    if coordinator is None or officer is None or leader is None:
        stdout.write("Reviews demo: skipped (demo users missing)")
        return
    year = demo_year()
    # The money first: the reviews are pre-filled with it when the campaign opens.
    lines = _funding(officer, year)
    campaign = _campaign(coordinator, year)
    for code, (stage, content, remedy) in REVIEWS.items():
        review = campaign.reviews.filter(commitment__code=code).first()
        if review is not None:
            _advance(review, stage, content, remedy, officer, leader, coordinator)
    experts = _experts(officer)
    needs = _needs(officer)
    stdout.write(
        f"Annual review “{campaign.title}” (sample data): reviews {campaign.reviews.count()}; "
        f"funding lines {lines}; experts {experts}; assistance needs {needs}"
    )


def _funding(officer, year: int) -> int:
    """Sample funding lines of VKFTA in the campaign's year (no public budget line by
    commitment is held)."""
    if not Commitment.objects.filter(code="vn/treaty/2015/vkfta").exists():
        return 0
    rows = [
        ("state_budget", 1_200_000_000, 900_000_000, 850_000_000),
        ("partner", 2_000_000_000, 800_000_000, 700_000_000),
        ("enterprise", 300_000_000, 300_000_000, 250_000_000),
    ]
    for source, pledged, disbursed, spent in rows:
        actions.save_funding(
            actions.FundingData(
                commitment="vn/treaty/2015/vkfta",
                source=source,
                year=year,
                pledged=Decimal(pledged),
                disbursed=Decimal(disbursed),
                spent=Decimal(spent),
                note="Dữ liệu mẫu: không phải số liệu ngân sách thật.",
                is_sample=True,
            ),
            acting_user=officer,
        )
    return len(rows)


def _experts(officer) -> int:
    vkfta = Commitment.objects.filter(code="vn/treaty/2015/vkfta").values_list("pk", flat=True)
    for name, kind, fields, languages, partners, sectors in EXPERTS:
        if Expert.objects.filter(name=name, is_sample=True).exists():
            continue
        actions.save_expert(
            actions.ExpertData(
                name=name,
                kind=kind,
                agency="bct",
                fields_of_expertise=fields,
                languages=languages,
                commitments=list(vkfta) if partners else [],
                interest_partners=partners,
                interest_sectors=sectors,
                interests_note="Dữ liệu mẫu." if partners else "",
                is_sample=True,
            ),
            acting_user=officer,
        )
    return Expert.objects.filter(is_sample=True).count()


def _needs(officer) -> int:
    obligation = (
        Obligation.objects.filter(
            commitment__code="vn/treaty/2019/evfta", addressee=Obligation.Addressee.VIET_NAM
        )
        .order_by("pk")
        .first()
    )
    if obligation is not None:
        actions.add_assistance_need(
            obligation,
            AssistanceNeed.Kind.TECHNICAL,
            "Hỗ trợ kỹ thuật xây dựng văn bản hướng dẫn (dữ liệu mẫu).",
            acting_user=officer,
            is_sample=True,
        )
    return AssistanceNeed.objects.filter(is_sample=True).count()
