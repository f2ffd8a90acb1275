"""Forms of the scoring pages; each hands plain values to an action."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from camket.evaluation.scoring.models import Criterion, IndicatorValue, Subject
from camket.versioning import ConflictMixin, version_field
from lawcore.text import fold


class RatingForm(forms.Form):
    criterion = forms.IntegerField(widget=forms.HiddenInput)
    rating = forms.FloatField(label=_("Rating"), localize=True)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ComputeForm(forms.Form):
    criteria_set = forms.IntegerField(widget=forms.HiddenInput)
    cycle = forms.IntegerField(widget=forms.HiddenInput)


class IndicatorValueForm(forms.Form):
    cycle = forms.ModelChoiceField(label=_("Reporting cycle"), queryset=None)
    actual = forms.FloatField(label=_("Actual value"), localize=True)

    def __init__(self, *args, cycles=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cycle"].queryset = cycles


class OverrideForm(forms.Form):
    value = forms.IntegerField(widget=forms.HiddenInput)
    version = version_field()
    override = forms.ChoiceField(
        label=_("Status set by hand"),
        choices=[("", _("Computed status")), *list(IndicatorValue.Status.choices)],
        required=False,
    )
    override_reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (XLSX)"))


class CriterionForm(forms.Form):
    """A new criterion of a draft set; its code is made from its name."""

    name_vi = forms.CharField(label=_("Name (Vietnamese)"), max_length=300)
    name_en = forms.CharField(label=_("Name (English)"), max_length=300, required=False)
    subject = forms.ChoiceField(label=_("Subject assessed"), choices=Subject.choices)
    method = forms.ChoiceField(label=_("Method"), choices=Criterion.Method.choices)
    formula = forms.ChoiceField(label=_("Formula"), choices=(), required=False)
    weight = forms.DecimalField(label=_("Weight"), min_value=Decimal("0.01"), initial=1)
    direction = forms.ChoiceField(label=_("Direction"), choices=Criterion.Direction.choices)
    target = forms.FloatField(label=_("Target"), required=False, localize=True)
    scale_min = forms.IntegerField(label=_("Lowest rating"), initial=1, min_value=0)
    scale_max = forms.IntegerField(label=_("Highest rating"), initial=5, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from camket.evaluation.scoring.explain import FORMULA_TEXT

        self.fields["formula"].choices = [("", "–")] + [
            (name, title) for name, (title, _text) in FORMULA_TEXT.items()
        ]

    def data_for(self):
        from camket.evaluation.scoring.actions import CriterionData

        data = self.cleaned_data
        return CriterionData(
            code=slugify(fold(data["name_vi"]))[:60] or "tieu-chi",
            name_vi=data["name_vi"],
            name_en=data["name_en"],
            subject=data["subject"],
            method=data["method"],
            formula=data["formula"] if data["method"] == Criterion.Method.COMPUTED else "",
            weight=data["weight"],
            direction=data["direction"],
            target=data["target"],
            scale_min=data["scale_min"],
            scale_max=data["scale_max"],
        )


class CriterionEditForm(ConflictMixin, CriterionForm):
    """A criterion of a draft set, edited; it carries the set's version (a criterion is part of
    its set, which is the versioned record). The code stays as it was."""

    version = version_field()

    def __init__(self, *args, criterion=None, **kwargs):
        if criterion is not None and "initial" not in kwargs:
            initial = {n: getattr(criterion, n) for n in self.base_fields if n != "version"}
            kwargs["initial"] = {**initial, "version": criterion.criteria_set.version}
        super().__init__(*args, **kwargs)
        self.fields["version"].required = True

    def _changes(self, current):
        # A stored weight reads 5.00 and a typed one 5: compare the numbers, not the digits.
        changes = super()._changes(current)
        return [c for c in changes if not _same_number(c.saved, c.typed)]

    def data_for(self):
        from dataclasses import replace

        return replace(super().data_for(), code="")


def _same_number(saved: str, typed: str) -> bool:
    """Whether two numbers as shown (Vietnamese decimal comma) are equal."""
    try:
        return Decimal(saved.replace(".", "").replace(",", ".")) == Decimal(
            typed.replace(".", "").replace(",", ".")
        )
    except ArithmeticError:
        return False


class IndicatorForm(forms.Form):
    """A new indicator of a commitment; its code is made from its name."""

    name_vi = forms.CharField(label=_("Name (Vietnamese)"), max_length=300)
    name_en = forms.CharField(label=_("Name (English)"), max_length=300, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=60)
    direction = forms.ChoiceField(label=_("Direction"), choices=Criterion.Direction.choices)
    baseline = forms.FloatField(label=_("Baseline"), localize=True)
    baseline_year = forms.IntegerField(label=_("Baseline year"), min_value=1945, max_value=2100)
    target = forms.FloatField(label=_("Target"), localize=True)
    target_year = forms.IntegerField(label=_("Target year"), min_value=1945, max_value=2100)
    source = forms.CharField(label=_("Source of the figures"), max_length=500, required=False)

    def data_for(self, commitment):
        from camket.evaluation.scoring.actions import IndicatorData

        data = self.cleaned_data
        return IndicatorData(
            code=slugify(fold(data["name_vi"]))[:80] or "chi-so",
            **data,
        )
