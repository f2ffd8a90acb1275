"""From a public commitment page a visitor follows it and reports a difficulty about it; the
feedback form names any public commitment through a search, at national scale too."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from camket.conftest import make_commitment
from camket.portal.consultation.models import Feedback

pytestmark = pytest.mark.django_db


def test_the_commitment_page_leads_to_following_it_and_reporting_a_difficulty_about_it(vkfta):
    """Issue 14 items 4 and 6: subscribe to "commitments"; report a difficulty "in using or
    applying a commitment"; both from the commitment's public page, pre-filled."""
    page = Client().get(f"/public/commitments/{vkfta.code}/").content.decode()
    wanted = {vkfta.code, quote(vkfta.code, safe=""), quote(vkfta.code)}
    subscribe = re.findall(r'href="(/public/subscriptions/\?[^"]+)"', page)
    feedback = re.findall(r'href="(/public/feedback/new/\?[^"]+)"', page)
    assert any(
        f"commitment={c}" in href.replace("&amp;", "&") for href in subscribe for c in wanted
    )
    assert any(f"commitment={c}" in href.replace("&amp;", "&") for href in feedback for c in wanted)
    # Each link opens its form with the commitment already chosen.
    follow = Client().get(subscribe[0].replace("&amp;", "&")).content.decode()
    assert vkfta.title_vi in follow
    report = Client().get(feedback[0].replace("&amp;", "&")).content.decode()
    assert re.search(rf'value="{vkfta.pk}"[^>]*checked', report)


def _many_public(count: int) -> None:
    for n in range(count):
        make_commitment(
            f"vn/treaty/2020/mau-{n}", title_vi=f"Thỏa thuận mẫu số {n}",
            title_en=f"Sample arrangement {n}", short_name=f"MAU{n}",
        )  # fmt: skip


def test_the_feedback_form_finds_any_public_commitment_by_search(vkfta):
    """Past any list a phone can show, the form still names any public commitment: a search
    answers with a few matches, and the visitor's choice is sent and kept."""
    _many_public(8)
    client = Client()
    form = client.get(reverse("consultation:feedback-create")).content.decode()
    assert "Thỏa thuận mẫu số 7" not in form  # nothing listed before a search
    assert 'data-picker="commitment"' in form
    found = client.get(
        reverse("consultation:feedback-commitment-picker"), {"q": "hiep dinh han quoc"}
    ).content.decode()
    assert f'value="{vkfta.pk}"' in found and "mẫu số" not in found
    response = client.post(
        reverse("consultation:feedback-create"),
        {
            "commitment": vkfta.pk, "submitter_kind": "business", "submitter_name": "Võ Văn Tâm",
            "email": "tam@example.vn", "subject": "Chưa được hưởng thuế suất ưu đãi",
            "text": "Hải quan Hàn Quốc chưa áp thuế suất VKFTA cho cá tra phi lê.",
        },
    )  # fmt: skip
    assert response.status_code == 302
    assert Feedback.objects.get().commitment == vkfta


def test_the_picker_never_offers_a_commitment_that_is_not_public(vkfta, restricted_btc):
    client = Client()
    found = client.get(
        reverse("consultation:feedback-commitment-picker"), {"q": "hai quan"}
    ).content.decode()
    assert restricted_btc.title_vi not in found and f'value="{restricted_btc.pk}"' not in found
    prefilled = client.get(
        reverse("consultation:feedback-create"), {"commitment": restricted_btc.code}
    ).content.decode()
    assert restricted_btc.title_vi not in prefilled
    response = client.post(
        reverse("consultation:feedback-create"),
        {
            "commitment": restricted_btc.pk, "submitter_kind": "business",
            "submitter_name": "Võ Văn Tâm", "email": "tam@example.vn", "subject": "Hải quan",
            "text": "Thủ tục hải quan chậm.",
        },
    )  # fmt: skip
    assert response.status_code == 400
    assert not Feedback.objects.exists()


def test_a_search_without_scripts_keeps_what_was_typed(vkfta):
    """The picker's search button posts the form back: the matches are shown, nothing is
    sent, and the text typed so far stays."""
    response = Client().post(
        reverse("consultation:feedback-create"),
        {
            "q": "vkfta", "commitments_search": "1", "submitter_kind": "business",
            "subject": "Chưa được hưởng thuế suất ưu đãi", "text": "Cá tra phi lê bị áp thuế MFN.",
        },
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert f'value="{vkfta.pk}"' in html
    assert "Cá tra phi lê bị áp thuế MFN." in html
    assert not Feedback.objects.exists()
