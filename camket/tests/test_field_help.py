"""Every form field offering a legal term (commitment kinds, events, obligations, assessments)
explains it under the field, in Vietnamese (issue 11, "help where it is needed")."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest
from django import forms
from django.utils import translation

from camket.compatibility.models import ProvisionLink
from camket.obligations.models import Obligation
from camket.registry.models import Commitment, CommitmentEvent

ROOT = Path(__file__).resolve().parents[1]
LEGAL_CHOICES = [
    Commitment.Kind,
    Commitment.Level,
    Commitment.Scope,
    Commitment.Confidentiality,
    CommitmentEvent.Kind,
    Obligation.Modality,
    Obligation.Addressee,
    Obligation.Response,
    ProvisionLink.Relation,
    ProvisionLink.Verdict,
]


def project_forms():
    """Every form class defined in a ``forms.py`` of the project."""
    for path in sorted(ROOT.glob("*/forms.py")):
        module = importlib.import_module(f"camket.{path.parent.name}.forms")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield cls


def legal_fields(form_class):
    """(name, field) of the fields whose choices are those of a legal vocabulary."""
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.ModelChoiceField | forms.ModelMultipleChoiceField):
            continue  # records, not a vocabulary
        values = {str(v) for v, _ in getattr(field, "choices", []) or [] if v != ""}
        if values and any(values <= set(vocab.values) for vocab in LEGAL_CHOICES):
            yield name, field


def test_every_legal_term_field_has_translated_help():
    found, missing = [], []
    for form_class in project_forms():
        for name, field in legal_fields(form_class):
            found.append(f"{form_class.__name__}.{name}")
            with translation.override("vi"):
                vi = str(field.help_text or "")
            with translation.override("en"):
                en = str(field.help_text or "")
            if not vi or vi == en:
                missing.append(f"{form_class.__name__}.{name}")
    assert missing == [], f"no Vietnamese help under: {missing}"
    # The scan sees the forms the issue names: commitments, events, obligations, assessments.
    for expected in (
        "CommitmentForm.kind",
        "CommitmentForm.confidentiality",
        "EventForm.kind",
        "ObligationForm.modality",
        "LinkForm.verdict",
    ):
        assert expected in found


@pytest.mark.django_db
def test_the_help_is_shown_on_the_commitment_form(client, coordinator):
    client.force_login(coordinator)
    html = client.get("/register/new/").content.decode()
    assert "Luật Điều ước quốc tế năm 2016" in html
