"""The demo shows scoring at work: an approved criteria set, scorecards, a sample indicator."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from camket.audit.models import AuditEvent
from camket.evaluation.scoring.models import CriteriaSet, Indicator, Scorecard


@pytest.mark.django_db
def test_createdemo_scores_every_cycle_once_and_flags_the_sample_indicator():
    call_command("createdemo", "--no-texts", stdout=io.StringIO())
    criteria = CriteriaSet.objects.get()
    assert criteria.status == CriteriaSet.Status.APPROVED
    assert "56-CT/TW" in criteria.basis
    sample = Scorecard.objects.filter(cycle__is_sample=True)
    assert sample.exists() and not sample.filter(is_frozen=False).exists()
    assert Scorecard.objects.filter(cycle__is_sample=False).exists()
    assert Scorecard.objects.exclude(total=None).exists()
    indicator = Indicator.objects.get()
    assert indicator.is_sample and "mẫu" in indicator.name_vi
    mine = AuditEvent.objects.filter(action__regex=r"^(scorecards|criteria_set|indicator|score)\.")
    before = (Scorecard.objects.count(), mine.count())
    out = io.StringIO()
    call_command("createdemo", "--no-texts", stdout=out)
    assert "computed 0; sample indicators added 0" in out.getvalue()
    assert (Scorecard.objects.count(), mine.count()) == before
