"""Former agencies (merged in the 2025 reorganisation) take no new work (issue 11).

The register's own write actions refuse a former agency as a commitment's new lead, naming its
successor; every agency picker offers active agencies only, while an existing record that
already names a former agency still shows it and keeps it on save.
"""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from camket.agencies.models import Agency
from camket.compatibility.forms import LegislativeActionForm
from camket.conftest import make_commitment
from camket.monitoring.forms import CycleForm
from camket.obligations.actions import PlanData, create_plan
from camket.obligations.forms import (
    AcceptCandidateForm,
    ObligationForm,
    PlanForm,
    ProgrammeForm,
    TaskForm,
)
from camket.registry.actions import (
    CommitmentData,
    bulk_create_commitments,
    create_commitment,
    replace_commitment,
)
from camket.registry.forms import CommitmentForm
from camket.registry.models import Commitment

FORMER, SUCCESSOR = "bnnptnt", "Bộ Nông nghiệp và Môi trường"


def _data(code: str, lead: str) -> CommitmentData:
    return CommitmentData(
        code=code,
        kind=Commitment.Kind.TREATY,
        level=Commitment.Level.GOVERNMENT,
        scope=Commitment.Scope.BILATERAL,
        title_vi="Hiệp định thử",
        lead_agency=lead,
    )


@pytest.mark.django_db
def test_the_register_actions_refuse_a_former_agency_as_new_lead_naming_the_successor():
    assert Agency.objects.get(code=FORMER).successor.name_vi == SUCCESSOR
    with translation.override("vi"):
        with pytest.raises(ValidationError) as created:
            create_commitment(_data("vn/treaty/2020/thu", FORMER), acting_user=None)
        with pytest.raises(ValidationError) as bulk:
            bulk_create_commitments([_data("vn/treaty/2020/thu-2", FORMER)])
        kept = make_commitment(lead="bct")
        with pytest.raises(ValidationError) as moved:
            replace_commitment(kept, _data(kept.code, FORMER), acting_user=None)
    for error in (created, bulk, moved):
        message = " ".join(error.value.message_dict["lead_agency"])
        assert SUCCESSOR in message and "Bộ Nông nghiệp và Phát triển nông thôn" in message
    assert not Commitment.objects.filter(code__startswith="vn/treaty/2020/thu").exists()
    assert Commitment.objects.get(pk=kept.pk).lead_agency.code == "bct"


@pytest.mark.django_db
def test_a_record_already_naming_a_former_agency_keeps_it(coordinator):
    old = make_commitment(lead="bct")
    Commitment.objects.filter(pk=old.pk).update(lead_agency=Agency.objects.get(code=FORMER))
    old.refresh_from_db()
    again = replace_commitment(old, _data(old.code, FORMER), acting_user=None)
    assert again.lead_agency.code == FORMER
    form = CommitmentForm(instance=old, user=coordinator)
    assert form.fields["lead_agency"].queryset.filter(code=FORMER).exists()
    with translation.override("vi"):
        assert "(nay là Bộ Nông nghiệp và Môi trường)" in str(form["lead_agency"])
    assert not CommitmentForm(user=coordinator).fields["lead_agency"].queryset.filter(
        code=FORMER
    ).exists()


def _agency_pickers(form: forms.Form):
    for name, field in form.fields.items():
        queryset = getattr(field, "queryset", None)
        if queryset is not None and queryset.model is Agency:
            yield name, queryset


@pytest.mark.django_db
def test_every_agency_picker_for_new_work_offers_active_agencies_only(coordinator):
    statement = make_commitment(
        kind=Commitment.Kind.LEADERS_STATEMENT, code="vn/statement/2024/x", events=()
    )
    plan = create_plan(
        PlanData(code="", title_vi="Kế hoạch thử", agency="bct", commitments=[statement.pk]),
        acting_user=coordinator,
    )
    new_forms = [
        CommitmentForm(user=coordinator),
        CycleForm(),
        ObligationForm(),
        AcceptCandidateForm(),
        PlanForm(user=coordinator),
        TaskForm(plan=plan, user=coordinator),
        ProgrammeForm(statement=statement),
        LegislativeActionForm(),
    ]
    former = set(Agency.objects.filter(is_active=False).values_list("pk", flat=True))
    assert Agency.objects.filter(code=FORMER, pk__in=former).exists()
    pickers = 0
    for form in new_forms:
        for name, queryset in _agency_pickers(form):
            pickers += 1
            offered = set(queryset.values_list("pk", flat=True))
            assert offered and not offered & former, f"{type(form).__name__}.{name}"
    assert pickers >= 10
