"""Editing an expert of the roster: who may register may edit, private fields stay private,
commitments the editor may not read are kept unseen, and a stale form is refused (409)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from camket.audit.models import AuditEvent
from camket.evaluation.reviews import actions
from camket.evaluation.reviews.models import Expert


def _expert(user, **kwargs) -> Expert:
    data = {
        "name": "Chuyên gia mẫu A",
        "kind": "external",
        "agency": "bct",
        "fields_of_expertise": "Sở hữu trí tuệ\nQuy tắc xuất xứ",
        "languages": "Tiếng Anh",
        "email": "chuyengia.a@example.org",
        "interest_partners": ["KOR"],
        "interests_note": "Từng tư vấn cho doanh nghiệp Hàn Quốc.",
        **kwargs,
    }
    return actions.save_expert(actions.ExpertData(**data), acting_user=user)


def _posted(form) -> dict:
    """What a browser posts for the form as drawn (multiple choices as lists)."""
    data = {}
    for bound in form:
        value = bound.value()
        if value is None:
            continue
        data[bound.html_name] = [str(v) for v in value] if isinstance(value, list) else value
    return data


def _url(expert) -> str:
    return reverse("reviews:expert-edit", args=[expert.pk])


def test_the_registering_agency_edits_fields_languages_commitments_and_interests(
    client, officer_bct, vkfta
):
    expert = _expert(officer_bct)
    client.force_login(officer_bct)
    form = client.get(_url(expert)).context["form"]
    data = {
        **_posted(form),
        "fields_of_expertise": "Sở hữu trí tuệ\nThương mại điện tử",
        "languages": "Tiếng Anh, tiếng Hàn",
        "commitments": [str(vkfta.pk)],
        "interest_partners": ["JPN"],
        "interest_sectors": ["trade"],
    }
    response = client.post(_url(expert), data)
    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.field_list == ["Sở hữu trí tuệ", "Thương mại điện tử"]
    assert expert.languages == "Tiếng Anh, tiếng Hàn"
    assert list(expert.commitments.all()) == [vkfta]
    assert list(expert.interest_partners.values_list("code", flat=True)) == ["JPN"]
    assert list(expert.interest_sectors.values_list("code", flat=True)) == ["trade"]
    event = AuditEvent.objects.filter(action="expert.updated").get()
    assert event.actor == officer_bct
    # Personal data: the audit row names fields, never their values.
    assert "Thương mại điện tử" not in str(event.after)


def test_only_who_may_register_for_the_agency_may_edit(
    client, officer_bct, leader_bct, officer_btc, coordinator, observer
):
    expert = _expert(officer_bct)
    for user, status in (
        (leader_bct, 200),
        (coordinator, 200),
        (officer_btc, 404),  # another agency reads the roster, not the private fields
        (observer, 404),
    ):
        client.force_login(user)
        assert client.get(_url(expert)).status_code == status, user.username
        if status == 404:
            posted = client.post(_url(expert), {"name": "Đổi tên", "version": expert.version})
            assert posted.status_code == 404
    client.force_login(officer_btc)
    detail = client.get(expert.get_absolute_url()).content.decode()
    assert _url(expert) not in detail
    client.force_login(officer_bct)
    assert _url(expert) in client.get(expert.get_absolute_url()).content.decode()
    expert.refresh_from_db()
    assert expert.name == "Chuyên gia mẫu A"


def test_an_editor_cannot_move_the_expert_to_another_agency(client, officer_bct):
    expert = _expert(officer_bct)
    client.force_login(officer_bct)
    data = {**_posted(client.get(_url(expert)).context["form"]), "agency": "btc"}
    response = client.post(_url(expert), data)
    assert response.status_code == 400
    assert "agency" in response.context["form"].errors
    expert.refresh_from_db()
    assert expert.agency.code == "bct"


def test_commitments_the_editor_may_not_read_are_neither_shown_nor_dropped(
    client, officer_bct, coordinator, restricted_btc, vkfta
):
    expert = _expert(coordinator, commitments=[restricted_btc.pk, vkfta.pk])
    client.force_login(officer_bct)
    response = client.get(_url(expert))
    page = response.content.decode()
    assert restricted_btc.title_vi not in page and restricted_btc.code not in page
    data = {**_posted(response.context["form"]), "languages": "Tiếng Pháp"}
    assert data["commitments"] == [str(vkfta.pk)]
    assert client.post(_url(expert), data).status_code == 302
    assert set(expert.commitments.all()) == {restricted_btc, vkfta}


def test_a_stale_save_is_refused_with_the_conflict_and_keeps_what_was_typed(
    officer_bct, leader_bct
):
    expert = _expert(officer_bct)
    first, second = Client(), Client()
    first.force_login(officer_bct)
    second.force_login(leader_bct)
    opened_first = _posted(first.get(_url(expert)).context["form"])
    opened_second = _posted(second.get(_url(expert)).context["form"])
    assert first.post(_url(expert), {**opened_first, "languages": "Tiếng Đức"}).status_code == 302
    typed = {**opened_second, "languages": "Tiếng Nhật"}
    response = second.post(_url(expert), typed)
    assert response.status_code == 409
    form = response.context["form"]
    changes = {c.label: (c.saved, c.typed) for c in form.conflict.changes}
    assert changes == {str(form.fields["languages"].label): ("Tiếng Đức", "Tiếng Nhật")}
    assert "trong khi bạn đang sửa" in response.content.decode()
    assert form["languages"].value() == "Tiếng Nhật"
    expert.refresh_from_db()
    assert expert.languages == "Tiếng Đức"
    again = {**typed, "version": form["version"].value()}
    assert second.post(_url(expert), again).status_code == 302
    expert.refresh_from_db()
    assert expert.languages == "Tiếng Nhật"


@pytest.mark.parametrize("missing", ["version", "fields_of_expertise"])
def test_an_incomplete_form_saves_nothing_and_says_what_is_missing(client, officer_bct, missing):
    expert = _expert(officer_bct)
    client.force_login(officer_bct)
    data = {**_posted(client.get(_url(expert)).context["form"]), "name": "Tên mới"}
    data.pop(missing)
    response = client.post(_url(expert), data)
    assert response.status_code == 400
    assert missing in response.context["form"].errors
    expert.refresh_from_db()
    assert expert.name == "Chuyên gia mẫu A"
