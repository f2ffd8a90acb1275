"""Assessment workflow by role; restricted commitments; every scoped page 404s for others."""

import pytest
from django.urls import reverse

from camket.agencies.models import Agency
from camket.audit.models import AuditEvent
from camket.compatibility.models import LegislativeAction, ProvisionLink
from camket.compatibility.tests.conftest import ART_170, make_obligation

CONFIRM = {
    "legal_provision": ART_170,
    "relation": "subset",
    "verdict": "partly",
    "rationale": "Điều 170 cho phép thành lập tổ chức đại diện, nhưng cần nghị định hướng dẫn.",
}


def confirm_url(obligation):
    return reverse("compatibility:obligation-confirm", args=[obligation.pk])


def assess_url(obligation):
    return reverse("compatibility:obligation-assess", args=[obligation.pk])


def test_officer_of_the_lead_agency_confirms_a_suggestion(client, officer_bct, corpus, association):
    client.force_login(officer_bct)
    page = client.get(assess_url(association))
    assert page.status_code == 200
    assert ART_170 in page.content.decode()
    response = client.post(confirm_url(association), CONFIRM)
    assert response.status_code == 302
    link = ProvisionLink.objects.get(obligation=association)
    assert (link.status, link.verdict, link.relation) == ("confirmed", "partly", "subset")
    assert link.method == "engine" and link.score > 0 and "thành_lập" in link.matched_terms
    assert link.assessor == officer_bct and link.assessed_at is not None
    assert AuditEvent.objects.filter(action="link.confirmed", subject_key__contains="commitment")
    assert AuditEvent.objects.filter(action="link.confirmed").count() == 1


def test_officer_of_another_agency_reads_a_public_commitment_but_cannot_assess(
    client, officer_btc, corpus, association
):
    client.force_login(officer_btc)
    page = client.get(assess_url(association))
    assert page.status_code == 200 and b"confirm-form" not in page.content
    assert client.post(confirm_url(association), CONFIRM).status_code == 404
    assert not ProvisionLink.objects.exists()


def test_obligation_led_by_another_agency_is_assessed_by_that_agency(
    client, officer_bct, officer_btc, corpus, evfta
):
    obligation = make_obligation(evfta, "Thuế nhập khẩu", lead=Agency.objects.get(code="btc"))
    client.force_login(officer_bct)
    assert client.post(confirm_url(obligation), CONFIRM).status_code == 404
    client.force_login(officer_btc)
    assert client.post(confirm_url(obligation), CONFIRM).status_code == 302


def test_coordinator_assesses_anything(client, coordinator, corpus, restricted_obligation):
    client.force_login(coordinator)
    response = client.post(
        confirm_url(restricted_obligation),
        {"verdict": "gap", "rationale": "Chưa có quy định về trao đổi dữ liệu hải quan."},
    )
    assert response.status_code == 302
    gap = ProvisionLink.objects.get()
    assert gap.legal_provision is None and gap.verdict == "gap" and gap.method == "person"


def test_observer_reads_but_cannot_write(client, observer, corpus, association):
    client.force_login(observer)
    assert client.get(assess_url(association)).status_code == 200
    assert client.post(confirm_url(association), CONFIRM).status_code == 404
    propose = reverse("compatibility:obligation-propose", args=[association.pk])
    assert client.post(propose).status_code == 404


def test_rejected_suggestion_is_not_proposed_again(client, officer_bct, corpus, association):
    client.force_login(officer_bct)
    reject = reverse("compatibility:obligation-reject", args=[association.pk])
    assert client.post(reject, {"legal_provision": ART_170}).status_code == 302
    assert ProvisionLink.objects.get().status == "rejected"
    page = client.get(assess_url(association)).content.decode()
    assert f'data-code="{ART_170}"' not in page


def test_suggestions_can_be_kept_as_proposals(client, officer_bct, corpus, association):
    client.force_login(officer_bct)
    client.post(reverse("compatibility:obligation-propose", args=[association.pk]))
    proposed = ProvisionLink.objects.filter(status="proposed", method="engine")
    assert proposed.filter(legal_provision__code=ART_170).exists()
    client.post(reverse("compatibility:obligation-propose", args=[association.pk]))
    assert ProvisionLink.objects.filter(status="proposed").count() == proposed.count()


def test_invalid_assessment_shows_errors_and_writes_nothing(
    client, officer_bct, corpus, association
):
    client.force_login(officer_bct)
    response = client.post(confirm_url(association), {**CONFIRM, "legal_provision": "khong-co"})
    assert response.status_code == 400 and "khong-co" in response.content.decode()
    response = client.post(confirm_url(association), {"verdict": "compatible", "rationale": "x"})
    assert response.status_code == 400
    assert not ProvisionLink.objects.exists()


def test_gap_opens_a_legislative_action_linked_later_to_the_new_law(
    client, officer_bct, corpus, association
):
    client.force_login(officer_bct)
    client.post(confirm_url(association), {"verdict": "gap", "rationale": "Chưa có quy định."})
    link = ProvisionLink.objects.get()
    response = client.post(
        reverse("compatibility:action-create", args=[link.pk]),
        {
            "kind": "amend",
            "description": "Sửa đổi Bộ luật Lao động về tổ chức của người lao động.",
            "responsible_agency": Agency.objects.get(code="bct").pk,
            "target_number": "45/2019/QH14",
            "due_on": "31/12/2026",
        },
    )
    assert response.status_code == 302
    action = LegislativeAction.objects.get()
    assert action.target_document.code == "45/2019/QH14"
    assert action.due_on.isoformat() == "2026-12-31"
    gaps = client.get(reverse("compatibility:gap-list")).content.decode()
    assert "Sửa đổi Bộ luật Lao động" in gaps
    client.post(
        reverse("compatibility:action-update", args=[action.pk]),
        {"status": "done", "resulting_number": "108/2016/QH13"},
    )
    action.refresh_from_db()
    assert action.status == "done" and action.resulting_document.code == "108/2016/QH13"
    target = action.target_document
    target.refresh_from_db()
    assert target.status == "amended" and target.amended_by.get().code == "108/2016/QH13"


def test_restricted_commitment_assessments_are_hidden(
    client, officer_bct, observer, coordinator, corpus, restricted_obligation
):
    client.force_login(coordinator)
    client.post(
        confirm_url(restricted_obligation),
        {"verdict": "gap", "rationale": "Khoảng trống về dữ liệu hải quan mật."},
    )
    matrix = reverse(
        "compatibility:commitment-matrix", args=[restricted_obligation.commitment.code]
    )
    for user in (officer_bct, observer):
        client.force_login(user)
        assert client.get(assess_url(restricted_obligation)).status_code == 404
        assert client.get(matrix).status_code == 404
        assert (
            "dữ liệu hải quan mật"
            not in client.get(reverse("compatibility:gap-list")).content.decode()
        )
    assert ProvisionLink.objects.visible_to(observer).count() == 0
    assert ProvisionLink.objects.visible_to(coordinator).count() == 1


def scoped_urls(obligation, link=None):
    urls = [
        ("get", assess_url(obligation)),
        ("get", reverse("compatibility:commitment-matrix", args=[obligation.commitment.code])),
        ("post", confirm_url(obligation)),
        ("post", reverse("compatibility:obligation-reject", args=[obligation.pk])),
        ("post", reverse("compatibility:obligation-propose", args=[obligation.pk])),
    ]
    if link is not None:
        urls.append(("post", reverse("compatibility:action-create", args=[link.pk])))
    return urls


@pytest.fixture
def restricted_gap(restricted_obligation):
    return ProvisionLink.objects.create(
        obligation=restricted_obligation, method="person", status="confirmed", verdict="gap"
    )


def test_every_scoped_page_is_404_for_another_agency(client, officer_bct, restricted_gap):
    client.force_login(officer_bct)
    for method, url in scoped_urls(restricted_gap.obligation, restricted_gap):
        assert getattr(client, method)(url, {}).status_code == 404, url


def test_every_page_sends_anonymous_users_to_login(client, restricted_gap):
    urls = scoped_urls(restricted_gap.obligation, restricted_gap) + [
        ("get", reverse(name))
        for name in (
            "compatibility:document-list",
            "compatibility:document-upload",
            "compatibility:check",
            "compatibility:gap-list",
            "compatibility:review-list",
        )
    ]
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


def test_commitment_provision_is_assessed_like_an_obligation(client, officer_bct, corpus, evfta):
    from camket.registry.models import Provision

    article = Provision.objects.create(
        commitment=evfta,
        level="article",
        number="13.4",
        heading="Multilateral labour standards",
        text="Each Party shall respect, promote and realise the freedom of association.",
    )
    client.force_login(officer_bct)
    url = reverse("compatibility:provision-assess", args=[article.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        reverse("compatibility:provision-confirm", args=[article.pk]),
        {**CONFIRM, "verdict": "compatible", "relation": "equal"},
    )
    assert response.status_code == 302
    assert ProvisionLink.objects.get().provision == article


def test_pasted_text_gets_suggestions(client, observer, corpus):
    client.force_login(observer)
    page = client.get(reverse("compatibility:check"), {"text": "quyền thành lập công đoàn"})
    assert "Quyền thành lập, gia nhập và tham gia hoạt động" in page.content.decode()
