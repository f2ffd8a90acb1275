"""Experts: the roster is staff-only, found by field with and without diacritics, and every
engagement records its conflict-of-interest check."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from camket.evaluation.reviews import actions
from camket.evaluation.reviews.models import Engagement
from camket.monitoring.tests.factories import make_task


def _expert(user, **kwargs):
    data = {
        "name": "Chuyên gia mẫu A",
        "kind": "external",
        "agency": "bct",
        "fields_of_expertise": "Sở hữu trí tuệ\nQuy tắc xuất xứ",
        "languages": "Tiếng Anh, tiếng Hàn",
        "email": "chuyengia.a@example.org",
        **kwargs,
    }
    return actions.save_expert(actions.ExpertData(**data), acting_user=user)


@pytest.mark.parametrize("query", ["sở hữu trí tuệ", "so huu tri tue", "XUAT XU"])
def test_roster_is_searchable_by_field_with_and_without_diacritics(client, officer_bct, query):
    expert = _expert(officer_bct)
    _expert(officer_bct, name="Chuyên gia mẫu B", fields_of_expertise="Y tế công cộng")
    client.force_login(officer_bct)
    page = client.get(reverse("reviews:expert-list"), {"q": query}).content.decode()
    assert expert.get_absolute_url() in page
    assert "Chuyên gia mẫu B" not in page


def test_roster_is_staff_only_and_private_fields_stay_with_the_agency(
    client, officer_bct, officer_btc, django_user_model
):
    expert = _expert(officer_bct, interest_partners=["KOR"])
    client.force_login(django_user_model.objects.create_user("khach", password="x"))
    assert client.get(reverse("reviews:expert-list")).status_code == 404
    assert client.get(expert.get_absolute_url()).status_code == 404
    client.force_login(officer_btc)
    page = client.get(expert.get_absolute_url()).content.decode()
    assert expert.name in page and "chuyengia.a@example.org" not in page
    client.force_login(officer_bct)
    assert "chuyengia.a@example.org" in client.get(expert.get_absolute_url()).content.decode()


def test_engaging_an_expert_with_a_declared_interest_needs_a_justification(officer_bct, vkfta):
    task = make_task(vkfta)
    expert = _expert(officer_bct, interest_partners=["KOR"], interest_sectors=["trade"])
    with pytest.raises(ValidationError) as refused:
        actions.engage_expert(expert, acting_user=officer_bct, role="Tư vấn", task=task)
    assert "Hàn Quốc" in " ".join(refused.value.messages)
    assert not Engagement.objects.exists()
    engagement = actions.engage_expert(
        expert, acting_user=officer_bct, role="Tư vấn", task=task,
        justification="Không có chuyên gia khác về quy tắc xuất xứ Hàn Quốc",
    )  # fmt: skip
    assert {c["kind"] for c in engagement.conflicts} == {"partner", "sector"}


def test_an_expert_without_conflict_is_engaged_and_the_check_is_recorded(
    officer_bct, vkfta, coordinator
):
    from camket.evaluation.reviews.tests.factories import open_campaign

    review = open_campaign(coordinator).reviews.get(commitment=vkfta)
    expert = _expert(officer_bct, interest_partners=["FRA"])
    engagement = actions.engage_expert(
        expert, acting_user=officer_bct, role="Phản biện", review=review
    )
    assert engagement.conflicts == [] and engagement.review == review


def test_another_agency_cannot_engage_on_a_task_it_does_not_lead(
    client, officer_bct, officer_btc, vkfta
):
    task = make_task(vkfta)
    expert = _expert(officer_bct)
    client.force_login(officer_btc)
    response = client.post(
        reverse("reviews:expert-engage", args=[expert.pk]),
        {"target": f"task-{task.pk}", "role": "x"},
    )
    assert response.status_code == 404
    assert not Engagement.objects.exists()
