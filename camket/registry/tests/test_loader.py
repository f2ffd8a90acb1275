"""The demo loader and `camket createdemo`: idempotent, transactional, real facts."""

import copy
import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from camket.audit.models import AuditEvent
from camket.registry.loader import DEMO_FILE, load_records
from camket.registry.models import Commitment

RECORDS = json.loads(DEMO_FILE.read_text(encoding="utf-8"))


@pytest.mark.django_db
def test_demo_loads_then_reloads_unchanged():
    first = load_records(RECORDS)
    assert first.inserted == len(RECORDS) and first.unchanged == 0
    second = load_records(RECORDS)
    assert (second.inserted, second.updated, second.unchanged) == (0, 0, len(RECORDS))
    cptpp = Commitment.objects.get(short_name="CPTPP")
    assert cptpp.status == Commitment.Status.IN_FORCE
    assert cptpp.in_force_on.isoformat() == "2019-01-14"


@pytest.mark.django_db
def test_changed_record_is_updated_and_audited():
    load_records(RECORDS)
    changed = copy.deepcopy(RECORDS)
    changed[0]["summary_vi"] = "Tóm tắt mới."
    summary = load_records(changed)
    assert summary.updated == 1 and summary.unchanged == len(RECORDS) - 1
    assert AuditEvent.objects.filter(action="commitment.reimported").count() == 1


@pytest.mark.django_db
def test_one_bad_record_rolls_back_the_whole_file():
    broken = copy.deepcopy(RECORDS)
    broken[-1]["lead_agency"] = "bo-khong-ton-tai"
    with pytest.raises(ValidationError, match="bo-khong-ton-tai"):
        load_records(broken)
    assert not Commitment.objects.exists()


@pytest.mark.django_db
def test_entry_into_force_before_signature_in_a_file_is_refused():
    bad = copy.deepcopy(RECORDS[0])
    bad["events"] = [
        {"kind": "entry_into_force", "on": "2000-01-01"},
        {"kind": "signature", "on": "2001-01-01"},
    ]
    with pytest.raises(ValidationError):
        load_records([bad])
    assert not Commitment.objects.exists()


@pytest.mark.django_db
def test_createdemo_prints_logins_and_is_idempotent():
    out = StringIO()
    call_command("createdemo", "--no-texts", stdout=out)
    assert "dieuphoi" in out.getvalue() and "camket-demo" in out.getvalue()
    again = StringIO()
    call_command("createdemo", "--no-texts", stdout=again)
    assert f"unchanged {len(RECORDS)}" in again.getvalue()
    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    # The login throttle (django-axes) authenticates only with the request it throttles.
    request = RequestFactory().post("/accounts/login/")
    assert authenticate(request, username="canbo.bct", password="camket-demo") is not None
