"""Assessments and legislative actions carry a version: a stale save is refused (issue 10)."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from camket.agencies.models import Agency
from camket.compatibility.models import LegalProvision, LegislativeAction, ProvisionLink
from camket.compatibility.tests.conftest import ART_170

CONFIRM = {
    "legal_provision": ART_170,
    "relation": "subset",
    "verdict": "partly",
    "rationale": "Điều 170 cho phép thành lập tổ chức đại diện, nhưng cần nghị định hướng dẫn.",
}


def clients(*users) -> list[Client]:
    out = []
    for user in users:
        client = Client()
        client.force_login(user)
        out.append(client)
    return out


def drawn_version(page: str, marker: str) -> str:
    """The version posted by the form that follows ``marker`` in ``page``."""
    return re.search(r'name="version" value="(\d+)"', page[page.index(marker) :]).group(1)


def test_second_assessor_of_a_proposed_link_gets_the_conflict(
    officer_bct, leader_bct, corpus, association
):
    link = ProvisionLink.objects.create(
        obligation=association,
        legal_provision=LegalProvision.objects.get(code=ART_170),
        status=ProvisionLink.Status.PROPOSED,
    )
    assess = reverse("compatibility:obligation-assess", args=[association.pk])
    confirm = reverse("compatibility:obligation-confirm", args=[association.pk])
    first, second = clients(officer_bct, leader_bct)
    seen_first = drawn_version(first.get(assess).content.decode(), f'value="{ART_170}"')
    seen_second = drawn_version(second.get(assess).content.decode(), f'value="{ART_170}"')
    assert seen_first == seen_second == str(link.version)

    assert first.post(confirm, {**CONFIRM, "version": seen_first}).status_code == 302
    typed = {**CONFIRM, "verdict": "compatible", "rationale": "Lãnh đạo: đã tương thích."}
    response = second.post(confirm, {**typed, "version": seen_second})

    assert response.status_code == 409
    page = response.content.decode()
    assert "trong khi bạn đang sửa" in page
    form = response.context["link_form"]
    changes = {c.label: (c.saved, c.typed) for c in form.conflict.changes}
    assert changes["Kết luận"] == ("Tương thích một phần", "Tương thích")
    assert form["rationale"].value() == "Lãnh đạo: đã tương thích."  # still in the form
    link.refresh_from_db()
    assert (link.verdict, link.assessor) == ("partly", officer_bct)
    assert form["version"].value() == str(link.version)

    assert second.post(confirm, {**typed, "version": link.version}).status_code == 302
    link.refresh_from_db()
    assert (link.verdict, link.assessor) == ("compatible", leader_bct)


def test_stale_update_of_a_legislative_action_is_refused_with_what_changed(
    officer_bct, leader_bct, corpus, association
):
    link = ProvisionLink.objects.create(
        obligation=association,
        status=ProvisionLink.Status.CONFIRMED,
        verdict=ProvisionLink.Verdict.GAP,
        rationale="Chưa có quy định.",
    )
    action = LegislativeAction.objects.create(
        link=link,
        kind=LegislativeAction.Kind.ISSUE,
        description="Ban hành nghị định về tổ chức đại diện người lao động.",
        responsible_agency=Agency.objects.get(code="bct"),
    )
    gaps = reverse("compatibility:gap-list")
    update = reverse("compatibility:action-update", args=[action.pk])
    first, second = clients(officer_bct, leader_bct)
    seen_first = drawn_version(first.get(gaps).content.decode(), update)
    seen_second = drawn_version(second.get(gaps).content.decode(), update)

    first.post(update, {"status": "in_progress", "resulting_number": "", "version": seen_first})
    response = second.post(
        update, {"status": "done", "resulting_number": "", "version": seen_second}, follow=True
    )

    action.refresh_from_db()
    assert action.status == "in_progress"
    shown = [str(m) for m in response.context["messages"]]
    assert any("trong khi bạn đang sửa" in m for m in shown), shown
    assert any(m.startswith("Trạng thái: đang được lưu") for m in shown), shown
