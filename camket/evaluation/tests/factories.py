"""A commitment under negotiation with obligations, and a proposal carried to a decision,
written through the same actions the pages use (real Vietnamese text)."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from camket.conftest import make_commitment
from camket.evaluation import actions
from camket.evaluation.models import ChecklistItem, ImpactEntry, Proposal
from camket.obligations.actions import ObligationData, create_obligation
from camket.registry.models import Commitment

TODAY = dt.date(2026, 11, 16)  # a Monday after the gate's start (01/01/2026)


def negotiating_commitment(code: str = "vn/treaty/2026/vn-efta", **kwargs) -> Commitment:
    """A public Government treaty still being negotiated, with two obligations for Viet Nam."""
    values = {
        "title_vi": "Hiệp định Thương mại tự do Việt Nam - Khối Thương mại tự do châu Âu",
        "title_en": "Viet Nam - EFTA Free Trade Agreement",
        "short_name": "VN-EFTA",
        "partners": ("CHE",),
        "events": (("negotiation_start", "2012-05-22"),),
        **kwargs,
    }
    commitment = make_commitment(code, **values)
    for number, text in (
        ("1", "Việt Nam xóa bỏ thuế nhập khẩu đối với hàng công nghiệp theo lộ trình."),
        ("2", "Việt Nam bảo hộ chỉ dẫn địa lý của các Bên theo Luật Sở hữu trí tuệ."),
    ):
        create_obligation(
            ObligationData(commitment=commitment.pk, number=number, text=text, modality="shall"),
            acting_user=None,
        )
    return commitment


def text_file(name: str = "to-trinh.txt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, "Tờ trình đề xuất ký Hiệp định.".encode(), "text/plain")


def open_proposal(commitment: Commitment, *, acting_user=None, stage="signature") -> Proposal:
    return actions.create_proposal(
        actions.ProposalData(
            commitment=commitment.code,
            stage=stage,
            legal_basis=Proposal.LegalBasis.TREATY_GOVERNMENT,
            proposing_agency=commitment.lead_agency.code,
            necessity="Mở rộng thị trường xuất khẩu sang các nước EFTA.",
            expected_in_force_on=dt.date(2027, 6, 1),
        ),
        acting_user=acting_user,
    )


def complete_dossier(proposal: Proposal, *, acting_user=None) -> Proposal:
    """Every document and hand-written assessment item, the impact and the feasibility."""
    actions.save_impact(
        proposal,
        [
            actions.ImpactData(d, 1, f"Tác động {label}", cost=1_000_000, cost_bearer="Ngân sách")
            for d, label in ImpactEntry.Dimension.choices
        ],
        affected_groups=["exporters"],
        acting_user=acting_user,
    )
    for obligation in actions.obligations_assessed(proposal):
        category = "b" if obligation.number == "1" else "c"
        actions.save_feasibility(
            proposal,
            actions.FeasibilityData(
                obligation=obligation.pk,
                category=category,
                responsible_agency="bct",
                ready_on=dt.date(2028, 1, 1),
                amount=5_000_000_000 if category == "c" else None,
                funding_source="state_budget" if category == "c" else "",
            ),
            acting_user=acting_user,
        )
    for item in proposal.items.exclude(kind=ChecklistItem.Kind.OPINION):
        if not item.is_satisfied:
            actions.satisfy_item(
                item, note="Đã đánh giá.", upload=text_file(), acting_user=acting_user
            )
    return proposal


def docx_text(content: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)
