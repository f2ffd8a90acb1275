"""A consultation on a proposal (camket.evaluation): opened from the proposal's page, checked
in the action, and its published explanation report satisfying the dossier's item."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from camket.audit.models import AuditEvent
from camket.evaluation import actions as evaluation
from camket.evaluation.models import ChecklistItem, Proposal
from camket.evaluation.tests.factories import (
    complete_dossier,
    negotiating_commitment,
    open_proposal,
)
from camket.portal.consultation import actions
from camket.portal.consultation.models import Audience, Consultation
from camket.portal.consultation.tests.conftest import open_on

pytestmark = pytest.mark.django_db


def _form(proposal, **extra) -> dict:
    opens_on = timezone.localdate()
    return {
        "subject": Consultation.Subject.PROPOSAL,
        "proposal": proposal.pk if proposal else "",
        "title": "Lấy ý kiến về đề xuất ký Hiệp định VN-EFTA",
        "summary": "Đề xuất ký Hiệp định; đề nghị doanh nghiệp góp ý về tác động.",
        "opens_on": opens_on.isoformat(),
        "closes_on": (opens_on + dt.timedelta(days=60)).isoformat(),
        "audiences": [Audience.BUSINESS],
        "questions": "Tác động đến doanh nghiệp?",
        **extra,
    }


def _closed_on_proposal(commitment, proposal, user) -> Consultation:
    return open_on(
        commitment, user, subject=Consultation.Subject.PROPOSAL, proposal_id=proposal.pk,
        opens_on=timezone.localdate() - dt.timedelta(days=70),
    )  # fmt: skip


def test_the_lead_agency_opens_a_consultation_on_a_proposal_from_the_page(client, officer_bct):
    """Issue 14 item 5: "the lead agency opens a consultation on ... a proposal"."""
    commitment = negotiating_commitment()
    proposal = open_proposal(commitment, acting_user=officer_bct)
    client.force_login(officer_bct)
    response = client.post(
        reverse("consultation:consultation-create", args=[commitment.code]), _form(proposal)
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.proposal_id == proposal.pk


def test_the_proposal_page_links_to_a_prefilled_consultation_form(client, officer_bct):
    commitment = negotiating_commitment()
    proposal = open_proposal(commitment, acting_user=officer_bct)
    client.force_login(officer_bct)
    page = client.get(proposal.get_absolute_url()).content.decode()
    url = reverse("consultation:consultation-create", args=[commitment.code])
    link = f"{url}?subject=proposal&amp;proposal={proposal.pk}"
    assert link in page
    form = client.get(link.replace("&amp;", "&")).content.decode()
    assert f'<option value="{proposal.pk}" selected>' in form
    assert '<option value="proposal" selected>' in form


def test_the_picker_offers_only_readable_proposals_of_that_commitment(
    client, officer_bct, officer_btc
):
    commitment = negotiating_commitment()
    other = negotiating_commitment("vn/treaty/2026/vn-uae", short_name="VN-UAE", title_en="UAE")
    mine = open_proposal(commitment, acting_user=officer_bct)
    elsewhere = open_proposal(other, acting_user=officer_bct)
    client.force_login(officer_bct)
    form = client.get(reverse("consultation:consultation-create", args=[commitment.code]))
    html = form.content.decode()
    assert f'<option value="{mine.pk}"' in html
    assert f'<option value="{elsewhere.pk}"' not in html
    # Another commitment's proposal posted by hand is refused on the field.
    response = client.post(
        reverse("consultation:consultation-create", args=[commitment.code]), _form(elsewhere)
    )
    assert response.status_code == 400
    assert not Consultation.objects.exists()


def test_a_consultation_names_an_existing_proposal_of_its_own_commitment(officer_bct):
    """Any number, or another commitment's proposal, is refused with a message on the field."""
    commitment = negotiating_commitment()
    other = negotiating_commitment("vn/treaty/2026/vn-uae", short_name="VN-UAE", title_en="UAE")
    foreign_proposal = open_proposal(other, acting_user=officer_bct)
    for proposal_id in (987654, foreign_proposal.pk):
        with pytest.raises(ValidationError) as refused:
            open_on(
                commitment, officer_bct, subject=Consultation.Subject.PROPOSAL,
                proposal_id=proposal_id,
            )  # fmt: skip
        assert "proposal_id" in refused.value.error_dict
    assert not Consultation.objects.exists()


def test_a_proposal_the_acting_user_may_not_read_is_refused(officer_bct, officer_btc):
    """The proposing agency opens the consultation; another ministry's officer who cannot read
    the proposal cannot name it (same refusal as a missing one)."""
    commitment = negotiating_commitment()
    proposal = open_proposal(commitment, acting_user=officer_bct)
    assert not Proposal.objects.visible_to(officer_btc).filter(pk=proposal.pk).exists()
    with pytest.raises((ValidationError, PermissionDenied)):
        open_on(
            commitment, officer_btc, subject=Consultation.Subject.PROPOSAL,
            proposal_id=proposal.pk,
        )  # fmt: skip
    assert not Consultation.objects.exists()


def test_a_proposal_consultation_is_only_on_the_proposal_subject(officer_bct):
    commitment = negotiating_commitment()
    proposal = open_proposal(commitment, acting_user=officer_bct)
    consultation = open_on(commitment, officer_bct, proposal_id=proposal.pk)
    assert consultation.proposal_id is None


def test_the_published_explanation_report_satisfies_the_proposal_dossier_item(client, officer_bct):
    """Issue 14 item 5: the explanation report "satisfies the consultation item of the
    proposal's dossier" (item ``<basis>.opinions_report``)."""
    commitment = negotiating_commitment()
    proposal = open_proposal(commitment, acting_user=officer_bct)
    item = proposal.items.get(code__endswith=".opinions_report")
    assert not item.is_satisfied
    consultation = _closed_on_proposal(commitment, proposal, officer_bct)
    actions.publish_report(consultation, "Không có ý kiến.", acting_user=officer_bct)
    item = ChecklistItem.objects.get(pk=item.pk)
    assert item.is_satisfied
    assert item.consultation_id == consultation.pk
    assert AuditEvent.objects.about(item).filter(action="proposal.item_satisfied").exists()
    client.force_login(officer_bct)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert consultation.get_public_url() in page
    assert reverse("consultation:public-report", args=[consultation.pk]) in page


def test_an_unpublished_report_satisfies_nothing(officer_bct):
    commitment = negotiating_commitment()
    proposal = open_proposal(commitment, acting_user=officer_bct)
    _closed_on_proposal(commitment, proposal, officer_bct)
    evaluation.update_proposal(
        proposal,
        evaluation.ProposalData(
            commitment=commitment.code, stage=proposal.stage, legal_basis=proposal.legal_basis,
            proposing_agency="bct", necessity="Mở rộng thị trường.",
        ),
        acting_user=officer_bct,
    )  # fmt: skip
    assert not proposal.items.get(code__endswith=".opinions_report").is_satisfied


def test_a_checklist_resynced_after_a_change_of_basis_keeps_the_report(officer_bct):
    """The item's code follows the basis; the new row is satisfied by the same report."""
    commitment = negotiating_commitment()
    proposal = open_proposal(commitment, acting_user=officer_bct)
    consultation = _closed_on_proposal(commitment, proposal, officer_bct)
    actions.publish_report(consultation, "Không có ý kiến.", acting_user=officer_bct)
    evaluation.update_proposal(
        proposal,
        evaluation.ProposalData(
            commitment=commitment.code, stage=proposal.stage,
            legal_basis=Proposal.LegalBasis.AGREEMENT_MINISTRY, proposing_agency="bct",
            necessity="Mở rộng thị trường.",
        ),
        acting_user=officer_bct,
    )  # fmt: skip
    item = proposal.items.get(code__endswith=".opinions_report")
    assert item.code.startswith("agreement.")
    assert item.is_satisfied and item.consultation_id == consultation.pk


def test_a_report_published_after_approval_reopens_the_proposal_visibly(officer_bct, leader_bct):
    """As for every other dossier item: the approved snapshot is never changed in silence; the
    proposal goes back to preparation with a ``proposal.reopened`` row naming the item."""
    commitment = negotiating_commitment()
    proposal = open_proposal(commitment, acting_user=officer_bct)
    consultation = _closed_on_proposal(commitment, proposal, officer_bct)
    complete_dossier(proposal, acting_user=officer_bct)
    evaluation.submit_proposal(proposal, acting_user=officer_bct)
    evaluation.request_opinion(proposal, "btc", acting_user=None)  # a consulted body
    for request in proposal.opinions.all():
        evaluation.give_opinion(request, stance="agree", text="Đồng ý.", acting_user=None)
    evaluation.decide_proposal(
        proposal, decision="approved", acting_user=None, instrument="Quyết định số 1/QĐ-TTg"
    )
    proposal.refresh_from_db()
    assert proposal.is_approved
    item = proposal.items.get(code__endswith=".opinions_report")
    assert item.is_satisfied and item.consultation_id is None  # satisfied by hand
    actions.publish_report(consultation, "Không có ý kiến.", acting_user=officer_bct)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.DRAFT and not proposal.is_approved
    reopened = AuditEvent.objects.about(proposal).get(action="proposal.reopened")
    assert f"item:{item.code}" in reopened.after["changed"]


def test_a_rejected_proposal_is_left_alone(officer_bct):
    commitment = negotiating_commitment()
    proposal = open_proposal(commitment, acting_user=officer_bct)
    consultation = _closed_on_proposal(commitment, proposal, officer_bct)
    complete_dossier(proposal, acting_user=officer_bct)
    evaluation.submit_proposal(proposal, acting_user=officer_bct)
    evaluation.decide_proposal(
        proposal, decision="rejected", acting_user=None, conditions="Chưa cần thiết."
    )
    actions.publish_report(consultation, "Không có ý kiến.", acting_user=officer_bct)
    item = proposal.items.get(code__endswith=".opinions_report")
    assert item.consultation_id is None
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.DECIDED


def _draft_plan(commitment, code="ke-hoach-vn-efta"):
    from camket.obligations.actions import PlanData, create_plan

    return create_plan(
        PlanData(
            code=code, title_vi="Dự thảo kế hoạch thực hiện Hiệp định VN-EFTA", agency="bct",
            commitments=[commitment.pk],
        ),
        acting_user=None,
    )  # fmt: skip


def test_the_plan_page_links_to_a_prefilled_consultation_on_the_draft_plan(client, officer_bct):
    commitment = negotiating_commitment()
    plan = _draft_plan(commitment)
    client.force_login(officer_bct)
    page = client.get(reverse("obligations:plan-detail", args=[plan.code])).content.decode()
    url = reverse("consultation:consultation-create", args=[commitment.code])
    link = f"{url}?subject=plan&amp;plan={plan.code}"
    assert link in page
    form = client.get(link.replace("&amp;", "&")).content.decode()
    assert f'<option value="{plan.code}" selected>' in form
    response = client.post(
        url,
        {**_form(None), "subject": Consultation.Subject.PLAN, "plan": plan.code, "proposal": ""},
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.plan == plan and consultation.proposal_id is None


def test_a_plan_of_another_commitment_is_refused_on_its_field(officer_bct):
    commitment = negotiating_commitment()
    other = negotiating_commitment("vn/treaty/2026/vn-uae", short_name="VN-UAE", title_en="UAE")
    plan = _draft_plan(other)
    with pytest.raises(ValidationError) as refused:
        open_on(commitment, officer_bct, subject=Consultation.Subject.PLAN, plan=plan.code)
    assert "plan" in refused.value.error_dict
    assert not Consultation.objects.exists()
