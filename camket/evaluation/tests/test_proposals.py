"""Proposals, their dossier, opinions, decision, snapshot and the gate (issue 12)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from camket.audit.models import AuditEvent
from camket.conftest import make_user
from camket.evaluation import actions, gate, summary
from camket.evaluation.models import ChecklistItem, OpinionRequest, Proposal
from camket.evaluation.tests.factories import (
    TODAY,
    complete_dossier,
    docx_text,
    negotiating_commitment,
    open_proposal,
    text_file,
)
from camket.obligations.models import ActionPlan, Obligation, Task
from camket.registry.actions import record_event
from camket.registry.models import CommitmentEvent
from lawcore import dossier, workdays
from lawcore import gate as lawgate

SIGNED_ON = dt.date(2026, 12, 1)


@pytest.fixture
def efta(db):
    return negotiating_commitment()


@pytest.fixture
def officer_btp(db, django_user_model):
    return make_user(django_user_model, "officer_btp", "btp", "officer")


@pytest.fixture
def officer_bng(db, django_user_model):
    return make_user(django_user_model, "officer_bng", "bng", "officer")


def approved(efta, coordinator) -> Proposal:
    proposal = complete_dossier(open_proposal(efta))
    actions.submit_proposal(proposal, acting_user=None, today=TODAY)
    for request in proposal.opinions.all():
        actions.give_opinion(request, stance="agree", text="Đồng ý.", acting_user=None, today=TODAY)
    for _item in proposal.items.filter(kind="opinion", satisfied_at__isnull=True):
        # Consulted bodies are asked by hand; here the Ministry of Finance is one.
        actions.request_opinion(proposal, "btc", acting_user=None, today=TODAY)
        actions.give_opinion(
            proposal.opinions.get(agency__code="btc"), stance="agree", text="Nhất trí.",
            acting_user=None, today=TODAY,
        )  # fmt: skip
    return actions.decide_proposal(
        proposal, decision="approved", instrument="Quyết định số 12/QĐ-TTg ngày 20/11/2026",
        acting_user=coordinator, today=TODAY,
    )  # fmt: skip


def test_checklist_is_the_legal_basis_dossier_item_by_item(efta):
    proposal = open_proposal(efta)
    expected = dossier.checklist(dossier.TREATY_GOVERNMENT, "signature")
    rows = list(proposal.items.all())
    assert [r.code for r in rows] == [i.code for i in expected]
    assert [r.article for r in rows] == [i.article.label_vi() for i in expected]
    assert {r.kind for r in rows} == {"document", "assessment", "opinion"}


def test_a_stage_the_law_does_not_give_the_basis_is_refused_by_name(db):
    statement = negotiating_commitment("vn/statement/2026/tuyen-bo", kind="leaders_statement")
    with pytest.raises(ValidationError) as raised:
        actions.create_proposal(
            actions.ProposalData(
                commitment=statement.code, stage="signature",
                legal_basis=Proposal.LegalBasis.LEADERS_STATEMENT, proposing_agency="bct",
            ),
            acting_user=None,
        )  # fmt: skip
    assert "Ký" in " ".join(raised.value.messages)
    assert not Proposal.objects.exists()


def test_submission_names_every_missing_item_and_writes_nothing(efta):
    proposal = open_proposal(efta)
    with pytest.raises(ValidationError) as raised:
        actions.submit_proposal(proposal, acting_user=None, today=TODAY)
    message = " ".join(raised.value.messages)
    for item in proposal.items.exclude(kind="opinion"):
        assert item.title_vi in message
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.DRAFT and not proposal.opinions.exists()


def test_submission_asks_mofa_and_moj_with_the_legal_clock(efta):
    proposal = complete_dossier(open_proposal(efta))
    actions.submit_proposal(proposal, acting_user=None, today=TODAY)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.UNDER_OPINION
    asked = {r.agency.code: r for r in proposal.opinions.select_related("agency")}
    assert set(asked) == {"bng", "btp"}
    for request in asked.values():
        assert request.due_on == workdays.deadline(TODAY, request.time_limit, request.time_unit)
        assert request.is_overdue(request.due_on + dt.timedelta(days=1))
        assert not request.is_overdue(request.due_on)
    assert AuditEvent.objects.filter(action="proposal.opinion_requested").count() == 2


def test_impact_and_feasibility_satisfy_their_assessment_items(efta):
    proposal = complete_dossier(open_proposal(efta))
    for code in ("treaty.signature.impact", "treaty.signature.implementation_plan"):
        assert proposal.items.get(code=code).is_satisfied
        assert not proposal.items.get(code=code).file


def test_feasibility_rules_name_the_obligation_and_field(efta):
    proposal = open_proposal(efta)
    obligation = actions.obligations_assessed(proposal).get(number="2")
    with pytest.raises(ValidationError) as raised:
        actions.save_feasibility(
            proposal,
            actions.FeasibilityData(
                obligation=obligation.pk, category="c", responsible_agency="bct"
            ),
            acting_user=None,
        )
    assert set(raised.value.error_dict) == {"ready_on", "amount", "funding_source"}
    assert "2" in raised.value.messages[0]
    assert not proposal.feasibility.exists()


def test_summary_shares_and_a_deadline_before_the_law_can_change(efta):
    from camket.compatibility.models import LegalDocument

    proposal = complete_dossier(open_proposal(efta))
    law = LegalDocument.objects.create(code="50/2005/QH11", doc_type="luat", title="Luật SHTT")
    row = proposal.feasibility.get(obligation__number="2")
    row.laws.set([law])
    found = summary.summarise(proposal)
    assert found.shares == {"a": 0, "b": 50, "c": 50}
    assert found.resources == 5_000_000_000
    assert [law.code for law in found.laws] == ["50/2005/QH11"]
    assert any("50/2005/QH11" in flag for flag in found.flags)  # no legislative action planned


def test_only_the_competent_role_decides(efta, officer_bct, leader_bct, coordinator):
    proposal = complete_dossier(
        open_proposal(efta, acting_user=officer_bct), acting_user=officer_bct
    )
    actions.submit_proposal(proposal, acting_user=officer_bct, today=TODAY)
    with pytest.raises(PermissionDenied):
        actions.decide_proposal(proposal, decision="returned", conditions="Bổ sung.",
                                acting_user=officer_bct)  # fmt: skip
    actions.decide_proposal(
        proposal, decision="returned", conditions="Bổ sung ý kiến.", acting_user=leader_bct
    )
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.RETURNED and proposal.decided_as == "leader"


def test_approval_of_a_treaty_needs_the_authoritys_instrument(efta, coordinator):
    proposal = approved(efta, coordinator)
    assert proposal.is_approved and proposal.snapshots.get().digest
    again = complete_dossier(open_proposal(efta, stage="negotiation"))
    actions.submit_proposal(again, acting_user=None, today=TODAY)
    with pytest.raises(ValidationError) as raised:
        actions.decide_proposal(again, decision="approved", acting_user=coordinator)
    assert "decision_instrument" in raised.value.error_dict
    assert "Ý kiến của Bộ Tư pháp" in " ".join(raised.value.error_dict["decision"][0].messages)
    again.refresh_from_db()
    assert not again.decision and not again.snapshots.exists()


########## The gate in the register's event-recording action ##########


def _sign(commitment, user, on=SIGNED_ON):
    return record_event(commitment, CommitmentEvent(kind="signature", on=on), acting_user=user)


def test_signature_without_an_approved_proposal_is_refused_in_vietnamese(efta, coordinator):
    with pytest.raises(ValidationError) as raised:
        _sign(efta, coordinator)
    message = raised.value.messages[0]
    article = lawgate.article_for("signature", "treaty", "government").label_vi()
    assert "“Ký”" in message and "không có đề xuất được phê duyệt" in message
    assert article in message and "108/2016/QH13" in article
    assert not efta.events.filter(kind="signature").exists()


def test_signature_before_the_gate_existed_is_not_gated(efta, coordinator):
    _sign(efta, coordinator, on=dt.date(2025, 12, 31))
    assert efta.events.filter(kind="signature").exists()


def test_an_approved_proposal_opens_the_gate_and_drafts_the_plan(efta, coordinator):
    proposal = approved(efta, coordinator)
    assert gate.approved_stages(efta) == {"signature"}
    _sign(efta, coordinator)
    proposal.refresh_from_db()
    plan = proposal.draft_plan
    assert plan is not None and plan.status == ActionPlan.Status.DRAFT
    tasks = {t.obligations.get().number: t for t in plan.tasks.all()}
    assert set(tasks) == {"1", "2"}  # categories B and C
    assert tasks["2"].budget == 5_000_000_000 and tasks["2"].funding_source == "state_budget"
    assert tasks["1"].due_on == dt.date(2028, 1, 1)
    assert AuditEvent.objects.filter(action="proposal.plan_drafted").count() == 1


def test_a_coordinator_override_lets_the_step_through_and_is_listed(efta, coordinator, client):
    with pytest.raises(ValidationError):
        actions.override_gate(efta, "signature", "ngắn", acting_user=coordinator)
    actions.override_gate(
        efta, "signature", "Thủ tướng đồng ý ký theo thủ tục rút gọn.", acting_user=coordinator
    )
    _sign(efta, coordinator)
    assert not Task.objects.exists()  # no approved proposal: nothing promised, no plan drafted
    client.force_login(coordinator)
    page = client.get(reverse("evaluation:override-list")).content.decode()
    assert "Thủ tướng đồng ý ký theo thủ tục rút gọn." in page


def test_only_a_coordinator_overrides(efta, officer_bct):
    with pytest.raises(PermissionDenied):
        actions.override_gate(
            efta, "signature", "Lý do đủ dài để ghi nhận.", acting_user=officer_bct
        )


def test_a_material_change_after_approval_reopens_and_closes_the_gate(efta, coordinator):
    proposal = approved(efta, coordinator)
    item = proposal.items.get(code="treaty.signature.text")
    actions.satisfy_item(
        item, note="Bản mới.", upload=text_file("van-ban-moi.txt"), acting_user=None
    )
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.DRAFT and not proposal.decision
    reopened = AuditEvent.objects.get(action="proposal.reopened")
    assert "item:treaty.signature.text" in reopened.after["changed"]
    with pytest.raises(ValidationError):
        _sign(efta, coordinator)


def test_an_obligation_changed_elsewhere_makes_the_approval_stale(efta, coordinator):
    approved(efta, coordinator)
    Obligation.objects.filter(commitment=efta, number="1").update(text="Nội dung đã đổi.")
    assert gate.approved_stages(efta) == set()
    with pytest.raises(ValidationError):
        _sign(efta, coordinator)


def test_the_event_form_shows_the_gate_refusal(efta, coordinator, client):
    client.force_login(coordinator)
    url = reverse("registry:event-create", args=[efta.code])
    response = client.post(url, {"kind": "signature", "on": "01/12/2026"})
    assert response.status_code == 400
    assert "không có đề xuất được phê duyệt cho bước" in response.content.decode()
    assert not efta.events.filter(kind="signature").exists()


########## Pages ##########


def test_the_submission_docx_opens_with_the_dossier(efta, coordinator, client):
    proposal = approved(efta, coordinator)
    client.force_login(coordinator)
    response = client.get(reverse("evaluation:proposal-docx", args=[proposal.pk]))
    assert response.status_code == 200
    text = docx_text(response.content)
    assert "TỜ TRÌNH" in text and efta.title_vi in text
    assert "Quyết định số 12/QĐ-TTg" in text and "Ý kiến thẩm định của Bộ Tư pháp" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text


def test_another_agency_gets_the_same_404_as_a_missing_proposal(efta, officer_hanoi, client):
    proposal = open_proposal(efta)
    client.force_login(officer_hanoi)
    for name in ("proposal-detail", "impact", "feasibility", "proposal-docx"):
        assert client.get(reverse(f"evaluation:{name}", args=[proposal.pk])).status_code == 404
        assert client.get(reverse(f"evaluation:{name}", args=[999999])).status_code == 404


def test_the_reviewer_asked_reads_and_answers_others_do_not(efta, officer_btp, officer_bng, client):
    proposal = complete_dossier(open_proposal(efta))
    client.force_login(officer_btp)
    url = reverse("evaluation:proposal-detail", args=[proposal.pk])
    assert client.get(url).status_code == 404  # not asked yet
    actions.submit_proposal(proposal, acting_user=None, today=TODAY)
    assert client.get(url).status_code == 200
    moj = proposal.opinions.get(agency__code="btp")
    mofa = proposal.opinions.get(agency__code="bng")
    answer = reverse("evaluation:opinion-answer", args=[mofa.pk])
    assert client.get(answer).status_code == 404  # MOJ does not answer for MOFA
    response = client.post(
        reverse("evaluation:opinion-answer", args=[moj.pk]),
        {"stance": "agree_with_comments", "text": "Đề nghị rà soát Luật Hải quan."},
    )
    assert response.status_code == 302
    moj.refresh_from_db()
    assert moj.answered_by == officer_btp
    assert proposal.items.get(code="treaty.signature.opinion.moj").is_satisfied


def test_the_queue_lists_overdue_opinions(efta, coordinator, client):
    proposal = complete_dossier(open_proposal(efta))
    actions.submit_proposal(proposal, acting_user=None, today=dt.date(2026, 1, 5))
    client.force_login(coordinator)
    page = client.get(reverse("evaluation:proposal-list")).content.decode()
    assert page.count('class="overdue"') == OpinionRequest.objects.count() == 2


def test_items_are_satisfied_only_by_a_checked_file_or_a_note(efta):
    from django.core.files.uploadedfile import SimpleUploadedFile

    proposal = open_proposal(efta)
    item = proposal.items.get(code="treaty.signature.text")
    with pytest.raises(ValidationError):
        actions.satisfy_item(item, acting_user=None)
    fake = SimpleUploadedFile("van-ban.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    with pytest.raises(ValidationError) as raised:
        actions.satisfy_item(item, upload=fake, acting_user=None)
    assert "van-ban.pdf" in raised.value.messages[0]
    item.refresh_from_db()
    assert not item.is_satisfied
    assert ChecklistItem.objects.filter(satisfied_at__isnull=False).count() == 0


def test_the_gate_page_compares_progress_with_the_category_at_signing(efta, coordinator, client):
    approved(efta, coordinator)
    _sign(efta, coordinator)
    task = Task.objects.get(obligations__number="1")
    Task.objects.filter(pk=task.pk).update(status=Task.Status.COMPLETED)
    client.force_login(coordinator)
    page = client.get(reverse("evaluation:commitment-gate", args=[efta.code])).content.decode()
    promise = page[page.index('id="promise"') :]
    assert promise.count("<tr>") == 3  # header and the two B/C obligations
    assert "B: cần thêm thời gian" in promise and "C: cần thêm thời gian và nguồn lực" in promise
    assert "đã hoàn thành" in promise and "đúng tiến độ" in promise
