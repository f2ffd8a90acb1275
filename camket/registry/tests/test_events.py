"""Recording events: the lifecycle rules, their messages, and the derived status."""

import pytest
from django.urls import reverse

from camket.audit.models import AuditEvent
from camket.conftest import make_commitment
from camket.registry.models import Commitment


@pytest.fixture
def draft(db):
    return make_commitment("vn/treaty/2026/draft", short_name="DRAFT", events=())


def post_event(client, commitment, kind, on):
    return client.post(
        reverse("registry:event-create", args=[commitment.code]),
        {"kind": kind, "on": on, "place": "Hà Nội"},
    )


def test_entry_into_force_before_signature_is_refused_with_a_clear_message(
    client, officer_bct, draft
):
    client.force_login(officer_bct)
    response = post_event(client, draft, "entry_into_force", "01/01/2026")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Có hiệu lực" in body and "01/01/2026" in body and "ký" in body
    assert not draft.events.exists()
    assert not AuditEvent.objects.filter(action="event.recorded").exists()


def test_signature_then_entry_into_force_derives_status_and_dates(client, officer_bct, draft):
    # Dated before the proposal gate (01/01/2026): the gate's own tests are in camket/evaluation.
    client.force_login(officer_bct)
    assert post_event(client, draft, "signature", "08/03/2025").status_code == 302
    assert post_event(client, draft, "entry_into_force", "2025-06-01").status_code == 302
    draft.refresh_from_db()
    assert draft.status == Commitment.Status.IN_FORCE
    assert draft.signed_on.isoformat() == "2025-03-08"
    assert draft.in_force_on.isoformat() == "2025-06-01"
    assert (
        AuditEvent.objects.filter(
            action="event.recorded", subject_key__endswith=f":{draft.pk}"
        ).count()
        == 2
    )


def test_agreement_offers_no_ratification(client, officer_btc, internal_btc):
    client.force_login(officer_btc)
    page = client.get(internal_btc.get_absolute_url()).content.decode()
    assert 'value="signature"' in page
    assert 'value="ratification"' not in page
    response = post_event(client, internal_btc, "ratification", "01/02/2024")
    assert response.status_code == 400


def test_deleting_an_event_that_others_depend_on_is_refused(client, officer_bct, vkfta):
    client.force_login(officer_bct)
    signature = vkfta.events.get(kind="signature")
    url = reverse("registry:event-delete", args=[vkfta.code, signature.pk])
    response = client.post(url, follow=True)
    assert vkfta.events.filter(pk=signature.pk).exists()
    assert "không" in response.content.decode().lower()


def test_deleting_the_last_event_rolls_status_back(client, officer_bct, vkfta):
    client.force_login(officer_bct)
    entry = vkfta.events.get(kind="entry_into_force")
    client.post(reverse("registry:event-delete", args=[vkfta.code, entry.pk]))
    vkfta.refresh_from_db()
    assert vkfta.status == Commitment.Status.SIGNED and vkfta.in_force_on is None
    assert AuditEvent.objects.filter(action="event.deleted").count() == 1


def test_bad_date_is_named(client, officer_bct, draft):
    client.force_login(officer_bct)
    response = post_event(client, draft, "signature", "31/02/2026")
    assert response.status_code == 400
    assert "ngày" in response.content.decode().lower()
