"""The evaluation app's records in the access sweep's world (``camket/tests/test_access_sweep``).

One proposal per commitment of the world, proposed by the commitment's lead agency, the
public one with an opinion asked of its supporting agency; each with a dossier item holding a
file, an impact, a feasibility row and a decision's conditions; an override on each commitment.
Each text carries a token readable by who may read the proposal (or the override's commitment).
"""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile

from camket.agencies.models import Agency
from camket.evaluation.models import (
    ChecklistItem,
    Feasibility,
    GateOverride,
    ImpactEntry,
    OpinionRequest,
    Proposal,
)


def sees_proposal(p, proposal: Proposal, asked: set[str], sees_commitment) -> bool:
    """National roles all; among the commitments the persona reads, observers all and agencies
    those they propose, lead or are asked about."""
    if p.national:
        return True
    if not sees_commitment(p, proposal.commitment):
        return False
    involved = {proposal.proposing_agency.code, proposal.commitment.lead_agency.code, *asked}
    return p.observer or bool(p.agencies & involved)


def proposal_records(w, sees_commitment, support: str) -> dict[str, list[dict]]:
    fills: dict[str, list[dict]] = {"proposal": [], "opinion": [], "item": []}
    for key, c in w.commitments.items():
        asked = {support} if key == "public owner" else set()
        proposal = Proposal(
            commitment=c,
            stage=Proposal.Stage.SIGNATURE,
            legal_basis=Proposal.LegalBasis.TREATY_GOVERNMENT,
            proposing_agency=c.lead_agency,
            status=Proposal.Status.UNDER_OPINION,
        )
        seen = lambda p, pr=proposal, a=asked: sees_proposal(p, pr, a, sees_commitment)  # noqa: E731
        proposal.necessity = f"Sự cần thiết {w.token(key + ' proposal necessity', seen)}"
        proposal.decision_conditions = f"Điều kiện {w.token(key + ' proposal conditions', seen)}"
        proposal.save()
        item = ChecklistItem(
            proposal=proposal,
            code="treaty.signature.text",
            title_vi=f"Văn bản {w.token(key + ' item title', seen)}",
            kind=ChecklistItem.Kind.DOCUMENT,
            note=f"Ghi chú {w.token(key + ' item note', seen)}",
            file_name="van-ban.txt",
        )
        item.file.save(
            "van-ban.txt", ContentFile(f"Nội dung {w.token(key + ' item file', seen)}".encode())
        )
        ImpactEntry.objects.create(
            proposal=proposal,
            dimension=ImpactEntry.Dimension.ECONOMY,
            score=1,
            argument=f"Lập luận {w.token(key + ' impact argument', seen)}",
        )
        Feasibility.objects.create(
            proposal=proposal,
            obligation=c.obligation,
            category=Feasibility.Category.B,
            ready_on=dt.date(2027, 1, 1),
            responsible_agency=c.lead_agency,
            note=f"Khả thi {w.token(key + ' feasibility note', seen)}",
        )
        fills["proposal"].append({"pk": proposal.pk})
        fills["item"].append({"pk": item.pk})
        for code in asked:
            opinion = OpinionRequest.objects.create(
                proposal=proposal,
                agency=Agency.objects.get(code=code),
                role=OpinionRequest.Role.CONSULTED,
                requested_on=dt.date(2026, 1, 5),
                due_on=dt.date(2026, 1, 19),
                answered_on=dt.date(2026, 1, 12),
                stance=OpinionRequest.Stance.AGREE,
                text=f"Ý kiến {w.token(key + ' opinion text', seen)}",
            )
            fills["opinion"].append({"pk": opinion.pk})
        GateOverride.objects.create(
            commitment=c,
            stage=Proposal.Stage.SIGNATURE,
            reason=f"Lý do {w.token(key + ' override reason', lambda p, c=c: sees_commitment(p, c))}",
        )
    return fills
