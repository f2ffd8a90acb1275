"""The one write path of a commitment: plain values in, validated, one transaction, audited."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from camket.audit.models import AuditEvent
from camket.registry.actions import (
    CommitmentData,
    EventData,
    bulk_create_commitments,
    create_commitment,
    replace_commitment,
)
from camket.registry.models import Commitment, CommitmentEvent, SearchEntry


def data(code="vn/agreement/2024/bct-hop-tac-nang-luong", **changes) -> CommitmentData:
    values = {
        "code": code,
        "kind": Commitment.Kind.INTERNATIONAL_AGREEMENT,
        "level": Commitment.Level.MINISTRY,
        "scope": Commitment.Scope.BILATERAL,
        "title_vi": "Thỏa thuận hợp tác về năng lượng tái tạo",
        "lead_agency": "bct",
        "partners": ["LAO"],
        "sectors": ["trade"],
        "events": [EventData("signature", dt.date(2024, 3, 1))],
    }
    return CommitmentData(**{**values, **changes})


@pytest.mark.django_db
def test_created_commitment_has_events_status_search_row_and_audit():
    commitment = create_commitment(data(), acting_user=None)
    assert commitment.status == Commitment.Status.SIGNED
    assert commitment.signed_on == dt.date(2024, 3, 1)
    assert list(commitment.partners.values_list("code", flat=True)) == ["LAO"]
    assert CommitmentEvent.objects.filter(commitment=commitment, kind="signature").exists()
    assert SearchEntry.objects.filter(commitment=commitment, provision=None).exists()
    event = AuditEvent.objects.get(action="commitment.created")
    assert event.after["code"] == commitment.code


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"lead_agency": "bo-khong-co"}, "lead_agency", ["bo-khong-co", "cơ quan chủ trì"]),
        ({"partners": ["XXX"]}, "partners", ["XXX"]),
        ({"kind": "treaty-ish"}, "kind", ["treaty-ish"]),
        ({"title_vi": ""}, "title_vi", ["thiếu"]),
        ({"title_vi": "x" * 501}, "title_vi", ["500"]),
        ({"supporting_agencies": ["bct"]}, "supporting_agencies", ["cơ quan phối hợp"]),
        (
            {"events": [EventData("entry_into_force", dt.date(2023, 1, 1))]},
            "events",
            ["Có hiệu lực", "01/01/2023"],
        ),
    ],
)
def test_invalid_values_are_refused_in_vietnamese_naming_the_commitment(changes, field, words):
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        create_commitment(data(**changes), acting_user=None)
    messages = caught.value.message_dict[field]
    assert any("vn/agreement/2024/bct-hop-tac-nang-luong" in m for m in messages) or field in {
        "supporting_agencies"
    }
    for word in words:
        assert any(word.lower() in m.lower() for m in messages), messages
    assert not Commitment.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_same_code_twice_is_refused():
    create_commitment(data(), acting_user=None)
    with pytest.raises(ValidationError, match="bct-hop-tac-nang-luong"):
        create_commitment(data(), acting_user=None)
    assert Commitment.objects.count() == 1


@pytest.mark.django_db
def test_agency_officer_may_create_only_for_their_own_agency(officer_btc):
    with pytest.raises(PermissionDenied):
        create_commitment(data(), acting_user=officer_btc)
    mine = create_commitment(data(lead_agency="btc"), acting_user=officer_btc)
    assert AuditEvent.objects.get(action="commitment.created").actor == officer_btc
    assert mine.lead_agency.code == "btc"


@pytest.mark.django_db
def test_replace_overwrites_values_and_events_and_audits_before_and_after():
    commitment = create_commitment(data(), acting_user=None)
    later = [
        EventData("signature", dt.date(2024, 3, 1)),
        EventData("entry_into_force", dt.date(2024, 6, 1)),
    ]
    replace_commitment(commitment, data(events=later, partners=[]), acting_user=None)
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.IN_FORCE
    assert not commitment.partners.exists()
    event = AuditEvent.objects.get(action="commitment.reimported")
    assert event.before["status"] == "signed" and event.after["status"] == "in_force"


@pytest.mark.django_db
def test_bulk_variant_validates_every_item_and_audits_each():
    items = [data(f"gen/agreement/2024/c{i:06d}") for i in range(5)]
    pks = bulk_create_commitments(items, action="commitment.generated", batch_size=2)
    assert len(pks) == 5 and Commitment.objects.filter(pk__in=pks).count() == 5
    assert AuditEvent.objects.filter(action="commitment.generated").count() == 5
    assert CommitmentEvent.objects.filter(commitment__in=pks).count() == 5
    assert SearchEntry.objects.filter(commitment__in=pks, provision=None).count() == 5
    bad = [data("gen/agreement/2024/c900000"), data("gen/agreement/2024/c900001", sectors=["?"])]
    with pytest.raises(ValidationError, match="c900001"):
        bulk_create_commitments(bad)
    assert not Commitment.objects.filter(code__startswith="gen/agreement/2024/c9").exists()


@pytest.mark.django_db
def test_wto_rta_id_of_another_commitment_is_refused():
    create_commitment(data(wto_rta_id=709), acting_user=None)
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        create_commitment(data("vn/agreement/2024/bct-khac", wto_rta_id=709), acting_user=None)
    assert "bct-hop-tac-nang-luong" in caught.value.message_dict["wto_rta_id"][0]
