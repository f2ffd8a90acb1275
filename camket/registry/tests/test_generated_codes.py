"""Nobody types a commitment code: the action makes one from kind, year and short name."""

import datetime as dt

import pytest
from django.urls import reverse

from camket.agencies.models import Agency
from camket.registry.actions import (
    CommitmentData,
    EventData,
    bulk_create_commitments,
    create_commitment,
)
from camket.registry.models import Commitment


def data(**changes) -> CommitmentData:
    values = {
        "code": "",
        "kind": Commitment.Kind.TREATY,
        "level": Commitment.Level.STATE,
        "scope": Commitment.Scope.BILATERAL,
        "title_vi": "Hiệp định hợp tác văn hóa giữa Việt Nam và Hàn Quốc",
        "short_name": "Văn hóa Hàn Quốc",
        "lead_agency": "bvhttdl",
        "events": [EventData("signature", dt.date(2019, 5, 2))],
    }
    return CommitmentData(**{**values, **changes})


@pytest.mark.django_db
def test_empty_code_is_made_from_kind_signature_year_and_short_name():
    commitment = create_commitment(data(), acting_user=None)
    assert commitment.code == "vn/treaty/2019/van-hoa-han-quoc"


@pytest.mark.django_db
def test_generated_code_is_unique_and_a_typed_code_is_kept():
    first = create_commitment(data(), acting_user=None)
    second = create_commitment(data(), acting_user=None)
    typed = create_commitment(data(code="vn/treaty/2019/vhhq"), acting_user=None)
    assert second.code == first.code + "-2"
    assert typed.code == "vn/treaty/2019/vhhq"


@pytest.mark.django_db
def test_statement_without_events_or_short_name_uses_this_year_and_the_title():
    commitment = create_commitment(
        data(kind=Commitment.Kind.LEADERS_STATEMENT, short_name="", events=[]),
        acting_user=None,
    )
    year = dt.date.today().year
    assert commitment.code.startswith(f"vn/statement/{year}/hiep-dinh-hop-tac-van-hoa")


@pytest.mark.django_db
def test_bulk_creation_generates_distinct_codes_within_one_batch():
    pks = bulk_create_commitments([data(), data()])
    codes = sorted(Commitment.objects.filter(pk__in=pks).values_list("code", flat=True))
    assert codes == ["vn/treaty/2019/van-hoa-han-quoc", "vn/treaty/2019/van-hoa-han-quoc-2"]


@pytest.mark.django_db
def test_commitment_form_creates_a_treaty_without_a_typed_code(client, coordinator):
    client.force_login(coordinator)
    lead = Agency.objects.get(code="bct")
    response = client.post(
        reverse("registry:commitment-create"),
        {
            "kind": "treaty",
            "level": "state",
            "scope": "bilateral",
            "title_vi": "Hiệp định về dẫn độ giữa Việt Nam và Hàn Quốc",
            "short_name": "Dẫn độ Hàn Quốc",
            "lead_agency": str(lead.pk),
            "confidentiality": "internal",
        },
    )
    year = dt.date.today().year
    commitment = Commitment.objects.get(title_vi__startswith="Hiệp định về dẫn độ")
    assert commitment.code == f"vn/treaty/{year}/dan-do-han-quoc"
    assert response.status_code == 302
