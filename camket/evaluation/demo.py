"""The demo of the step before signing: one proposal in progress on a real pending negotiation.

The negotiation is real and sourced: the free trade agreement between Viet Nam and the EFTA
States (Iceland, Liechtenstein, Norway, Switzerland), whose first round was held in Ha Noi on
22-25/05/2012 and which was still being negotiated (16 rounds by 2018; heads of delegation took
stock in May 2022): https://www.efta.int/free-trade/ongoing-negotiations-talks/vietnam and
https://wtocenter.vn/chuyen-de/12805-1st-round-of-negotiations---22-25-may-2012-in-hanoi.
Its text is not public, so the obligations, the dossier, the opinions and every figure of the
proposal are sample data: the proposal is flagged ``is_sample`` and every page showing it says
so; the obligations' text starts with "[Dữ liệu mẫu]".

Written only through the actions (registry, obligations, evaluation); a second run changes
nothing. The historical commitments of the demo get no dossier: their signature predates the
gate and the gate page says "signed before the gate existed".
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from camket.evaluation import actions
from camket.evaluation.models import ChecklistItem, Proposal
from camket.obligations.actions import ObligationData, create_obligation
from camket.registry.actions import CommitmentData, EventData, create_commitment
from camket.registry.models import Commitment

CODE = "vn/treaty/2012/vn-efta-fta"
SOURCES = [
    {
        "url": "https://www.efta.int/free-trade/ongoing-negotiations-talks/vietnam",
        "title": "EFTA: ongoing negotiations with Viet Nam, launched in July 2012; first round in "
        "May 2012; 16 rounds held, the 16th in Oslo 29/05-01/06/2018",
    },
    {
        "url": "https://wtocenter.vn/chuyen-de/12805-1st-round-of-negotiations---22-25-may-2012-in-hanoi",
        "title": "WTO Center (VCCI): 1st round of negotiations, 22-25 May 2012 in Hanoi",
    },
]
SAMPLE = "[Dữ liệu mẫu] "
OBLIGATIONS = [
    (
        "1",
        SAMPLE + "Việt Nam xóa bỏ thuế nhập khẩu đối với hàng công nghiệp có xuất xứ từ các "
        "nước EFTA theo lộ trình.",
    ),
    ("2", SAMPLE + "Việt Nam bảo hộ chỉ dẫn địa lý của các nước EFTA trong danh mục kèm theo."),
    (
        "3",
        SAMPLE + "Việt Nam công bố thông tin về các biện pháp kỹ thuật trong thương mại "
        "trước khi áp dụng.",
    ),
]


def load_demo(stdout, *, acting_user=None) -> Proposal:
    commitment = _negotiation()
    proposal = Proposal.objects.filter(commitment=commitment, is_sample=True).first()
    if proposal is not None:
        stdout.write("Sample proposal (VN-EFTA signature): unchanged")
        return proposal
    officer = get_user_model().objects.filter(username="canbo.bct").first()
    proposal = actions.create_proposal(
        actions.ProposalData(
            commitment=commitment.code,
            stage=Proposal.Stage.SIGNATURE,
            legal_basis=Proposal.LegalBasis.TREATY_GOVERNMENT,
            proposing_agency="bct",
            necessity="[Dữ liệu mẫu] Mở rộng thị trường xuất khẩu thủy sản, giày dép, dệt may "
            "sang các nước EFTA; thu hút đầu tư chất lượng cao.",
            expected_in_force_on=dt.date(2028, 1, 1),
            is_sample=True,
        ),
        acting_user=officer,
    )
    _dossier(proposal, officer)
    submitted = timezone.localdate() - dt.timedelta(days=30)
    actions.submit_proposal(proposal, acting_user=officer, today=submitted)
    moj = proposal.opinions.get(agency__code="btp")
    actions.give_opinion(
        moj,
        stance="agree_with_comments",
        text="[Dữ liệu mẫu] Đề nghị làm rõ lộ trình sửa đổi Luật Sở hữu trí tuệ.",
        acting_user=None,
        today=submitted + dt.timedelta(days=8),
    )
    stdout.write(
        "Sample proposal (VN-EFTA signature): submitted, MOJ answered, MOFA awaited "
        "(sample data on a real negotiation)"
    )
    proposal.refresh_from_db()
    return proposal


def _negotiation() -> Commitment:
    found = Commitment.objects.filter(code=CODE).first()
    if found is not None:
        return found
    commitment = create_commitment(
        CommitmentData(
            code=CODE,
            kind=Commitment.Kind.TREATY,
            level=Commitment.Level.GOVERNMENT,
            scope=Commitment.Scope.BILATERAL,
            title_vi="Hiệp định Thương mại tự do giữa Việt Nam và các nước EFTA (đang đàm phán)",
            title_en="Viet Nam - EFTA Free Trade Agreement (under negotiation)",
            short_name="VN-EFTA FTA",
            lead_agency="bct",
            supporting_agencies=["bng", "btp"],
            confidentiality=Commitment.Confidentiality.PUBLIC,
            partners=["CHE", "ISL", "LIE", "NOR"],
            sectors=["trade"],
            source_links=SOURCES,
            events=[
                EventData(
                    "negotiation_start",
                    dt.date(2012, 5, 22),
                    place="Hà Nội",
                    note="Phiên đàm phán thứ nhất, 22-25/5/2012",
                )
            ],
        ),
        acting_user=None,
        action="commitment.demo",
    )
    for number, text in OBLIGATIONS:
        create_obligation(
            ObligationData(
                commitment=commitment.pk,
                number=number,
                text=text,
                modality="shall",
                lead_agency="bct",
            ),
            acting_user=None,
        )
    return commitment


def _dossier(proposal: Proposal, officer) -> None:
    actions.save_impact(
        proposal,
        [
            actions.ImpactData(dimension, score, f"[Dữ liệu mẫu] {argument}", cost, bearer)
            for dimension, score, argument, cost, bearer in (
                (
                    "economy",
                    2,
                    "Tăng kim ngạch xuất khẩu; giảm thu thuế nhập khẩu.",
                    120_000_000_000,
                    "Ngân sách nhà nước",
                ),
                ("legal", -1, "Phải sửa đổi quy định về chỉ dẫn địa lý.", None, ""),
                (
                    "institutions",
                    0,
                    "Cần tập huấn hải quan về quy tắc xuất xứ.",
                    3_000_000_000,
                    "Bộ Tài chính",
                ),
                ("society", 1, "Người lao động ngành thủy sản, giày dép hưởng lợi.", None, ""),
                ("environment", 0, "Chương phát triển bền vững không tạo nghĩa vụ mới.", None, ""),
                ("security", 1, "Củng cố quan hệ với các nước châu Âu.", None, ""),
            )
        ],
        affected_groups=["exporters", "importers", "workers"],
        acting_user=officer,
    )
    categories = {
        "1": ("b", dt.date(2030, 1, 1), None, ""),
        "2": ("c", dt.date(2029, 1, 1), 8_000_000_000, "state_budget"),
        "3": ("a", None, None, ""),
    }
    for obligation in actions.obligations_assessed(proposal).order_by("number"):
        category, ready, amount, source = categories.get(obligation.number, ("a", None, None, ""))
        actions.save_feasibility(
            proposal,
            actions.FeasibilityData(
                obligation=obligation.pk,
                category=category,
                responsible_agency="bct",
                ready_on=ready,
                amount=amount,
                funding_source=source,
            ),
            acting_user=officer,
        )
    for item in proposal.items.exclude(kind=ChecklistItem.Kind.OPINION):
        if item.is_satisfied:
            continue
        upload = SimpleUploadedFile(
            "du-lieu-mau.txt", f"[Dữ liệu mẫu] {item.title_vi}".encode(), "text/plain"
        )
        actions.satisfy_item(item, note="[Dữ liệu mẫu] Đã lập.", upload=upload, acting_user=officer)
