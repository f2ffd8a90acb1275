"""Forms of the proposal pages; each ends at ``cleaned_data`` and the views call the actions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from camket.agencies.models import agencies_for_work
from camket.evaluation.models import Feasibility, ImpactEntry, OpinionRequest, Proposal
from camket.querystring import MAX_ID
from camket.registry.forms import DATE_FORMATS, DateInput
from camket.registry.models import Commitment
from camket.versioning import ConflictMixin, VersionedForm, version_field

GROUPS = Commitment.AffectedGroup


class ProposalCreateForm(forms.Form):
    """Opens a proposal (create-only: no version)."""

    stage = forms.ChoiceField(label=_("Step proposed"), choices=Proposal.Stage.choices)
    legal_basis = forms.ChoiceField(label=_("Legal basis"), choices=Proposal.LegalBasis.choices)
    proposing_agency = forms.ModelChoiceField(
        label=_("Proposing agency"), queryset=agencies_for_work(), to_field_name="code"
    )
    amends_law = forms.BooleanField(
        label=_("Requires amending or issuing a law"),
        required=False,
        help_text=_("The National Assembly Standing Committee is then consulted."),
    )
    oda_loan = forms.BooleanField(
        label=_("ODA or concessional loan"),
        required=False,
        help_text=_("The Ministry of Finance gives its opinion under the law on public debt."),
    )
    necessity = forms.CharField(
        label=_("Necessity and purpose"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    expected_in_force_on = forms.DateField(
        label=_("Expected entry into force"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
    )

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["proposing_agency"].queryset = agencies


class ProposalForm(VersionedForm):
    """What the proposing agency writes on an existing proposal."""

    expected_in_force_on = forms.DateField(
        label=_("Expected entry into force"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
    )

    class Meta:
        model = Proposal
        fields = ["legal_basis", "amends_law", "oda_loan", "necessity", "expected_in_force_on"]
        widgets = {"necessity": forms.Textarea(attrs={"rows": 5})}


class ItemForm(forms.Form):
    note = forms.CharField(
        label=_("Assessment or note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(label=_("Document (PDF, DOCX, XLSX, PNG, JPEG, TXT)"), required=False)


class OpinionForm(forms.Form):
    stance = forms.ChoiceField(label=_("Stance"), choices=OpinionRequest.Stance.choices)
    text = forms.CharField(label=_("Opinion"), widget=forms.Textarea(attrs={"rows": 4}))


class HandlingForm(forms.Form):
    handling = forms.CharField(
        label=_("How the opinion was taken into account"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RequestForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Consulted body"), queryset=agencies_for_work(), to_field_name="code"
    )


class ImpactForm(ConflictMixin, forms.Form):
    """The six fixed dimensions, each scored and argued, and the groups affected."""

    version = version_field()
    affected_groups = forms.MultipleChoiceField(
        label=_("Groups affected"),
        choices=GROUPS.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].required = True
        for value, label in ImpactEntry.Dimension.choices:
            self.fields[f"{value}_score"] = forms.TypedChoiceField(
                label=_("%(dimension)s: score") % {"dimension": label},
                choices=[("", "–"), *ImpactEntry.Score.choices],
                coerce=int,
            )
            self.fields[f"{value}_argument"] = forms.CharField(
                label=_("%(dimension)s: argument") % {"dimension": label},
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"{value}_cost"] = forms.IntegerField(
                label=_("%(dimension)s: cost (VND)") % {"dimension": label},
                required=False,
                min_value=0,
                max_value=MAX_ID,  # the largest amount the database column holds
            )
            self.fields[f"{value}_cost_bearer"] = forms.CharField(
                label=_("%(dimension)s: who bears the cost") % {"dimension": label},
                required=False,
                max_length=300,
            )

    def dimensions(self):
        """(label, [bound fields]) for each dimension, for the template."""
        return [
            (
                label,
                [self[f"{value}_{part}"] for part in ("score", "argument", "cost", "cost_bearer")],
            )
            for value, label in ImpactEntry.Dimension.choices
        ]


class FeasibilityForm(forms.Form):
    """One obligation's category (create or replace; the proposal's snapshot guards changes)."""

    obligation = forms.IntegerField(widget=forms.HiddenInput)
    category = forms.ChoiceField(label=_("Category"), choices=Feasibility.Category.choices)
    ready_on = forms.DateField(
        label=_("Ready by"), required=False, input_formats=DATE_FORMATS, widget=DateInput()
    )
    amount = forms.IntegerField(
        label=_("Resources needed (VND)"), required=False, min_value=0, max_value=MAX_ID
    )
    funding_source = forms.ChoiceField(
        label=_("Source of funds"),
        choices=[("", "–"), *Feasibility._meta.get_field("funding_source").choices],
        required=False,
    )
    responsible_agency = forms.ModelChoiceField(
        label=_("Responsible agency"), queryset=agencies_for_work(), to_field_name="code"
    )
    laws = forms.MultipleChoiceField(
        label=_("Domestic laws to change"), required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, laws=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["laws"].choices = list(laws)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Proposal.Decision.choices)
    conditions = forms.CharField(
        label=_("Conditions or reasons"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    instrument = forms.CharField(
        label=_("Decision of the competent authority (number and date)"),
        required=False,
        max_length=200,
        help_text=_("Required for a treaty: the Government's or the President's decision."),
    )


class OverrideForm(forms.Form):
    stage = forms.ChoiceField(label=_("Step"), choices=Proposal.Stage.choices)
    reason = forms.CharField(label=_("Written reason"), widget=forms.Textarea(attrs={"rows": 4}))
