"""Forms of reviews, resources and experts. A form's job ends at ``cleaned_data``: views pass
plain values to ``actions.py``."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy

from camket.agencies.models import Agency, agencies_for_work
from camket.evaluation.reviews.models import (
    AgencyReview,
    AssistanceNeed,
    Expert,
    FundingLine,
    ReviewCampaign,
)
from camket.registry.forms import DATE_FORMATS, DateInput
from camket.registry.models import Commitment, Partner, Sector
from camket.versioning import Change, ConflictMixin, VersionedForm, shown, version_field


def _date(label, required=True):
    return forms.DateField(
        label=label, required=required, input_formats=DATE_FORMATS, widget=DateInput()
    )


class CampaignForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    template = forms.ChoiceField(
        label=gettext_lazy("Review template"), choices=ReviewCampaign.Template.choices
    )
    starts_on = _date(gettext_lazy("Period from"))
    ends_on = _date(gettext_lazy("Period to"))
    due_on = _date(gettext_lazy("Reviews due on"))

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["starts_on"] > data["ends_on"]:
            self.add_error("ends_on", gettext_lazy("The end of the period is before its start."))
        return data

    @staticmethod
    def initial_for(today: dt.date) -> dict:
        """Last calendar year, due on 15 November (Law 108/2016 art. 79(6), Law 70/2020 art.
        46(3)) of this year."""
        year = today.year - 1
        return {
            "title": gettext_lazy("Annual review %(year)s") % {"year": year},
            "starts_on": dt.date(year, 1, 1),
            "ends_on": dt.date(year, 12, 31),
            "due_on": dt.date(today.year, 11, 15),
        }


class ReviewForm(VersionedForm):
    causes = forms.MultipleChoiceField(
        label=gettext_lazy("Causes"),
        choices=AgencyReview.Cause.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = AgencyReview
        fields = [
            "achievements",
            "shortcomings",
            "causes",
            "cause_details",
            "recommendation",
            "recommendation_reason",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ("achievements", "shortcomings", "cause_details", "recommendation_reason")
        }


class RemedyForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Remedy"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    due_on = _date(gettext_lazy("Due date"), required=False)


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Why it is returned"), widget=forms.Textarea(attrs={"rows": 2})
    )


class LegislativeRemedyForm(forms.Form):
    link = forms.TypedChoiceField(label=gettext_lazy("Gap or conflict answered"), coerce=int)
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of law-making"),
        choices=[
            ("amend", gettext_lazy("Amend a document")),
            ("issue", gettext_lazy("Issue a document")),
            ("repeal", gettext_lazy("Repeal a document")),
        ],
    )

    target_number = forms.CharField(
        label=gettext_lazy("Number of the document to amend or repeal"),
        required=False,
        max_length=80,
        help_text=gettext_lazy("For example 45/2019/QH14; leave empty for a new document."),
    )

    def __init__(self, *args, findings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["link"].choices = [(link.pk, _finding_label(link)) for link in findings]


def _finding_label(link) -> str:
    target = link.obligation.text if link.obligation_id else link.provision.label
    return f"{link.get_verdict_display()}: {target[:100]}"


class FundingForm(VersionedForm):
    task = forms.TypedChoiceField(
        label=gettext_lazy("Task"), coerce=int, required=False, empty_value=None
    )
    source_url = forms.URLField(
        label=gettext_lazy("Source of the figures (link)"),
        required=False,
        max_length=500,
        assume_scheme="https",
    )

    class Meta:
        model = FundingLine
        fields = ["task", "source", "year", "pledged", "disbursed", "spent", "note", "source_url"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, tasks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].choices = [("", gettext_lazy("The whole commitment"))] + [
            (t.pk, f"{t.number}. {t.title[:120]}" if t.number else t.title[:120]) for t in tasks
        ]
        if self.instance.pk:
            self.initial["task"] = self.instance.task_id


class AssistanceForm(forms.Form):
    obligation = forms.TypedChoiceField(label=gettext_lazy("Obligation"), coerce=int)
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of assistance"), choices=AssistanceNeed.Kind.choices
    )
    description = forms.CharField(
        label=gettext_lazy("What is needed"), widget=forms.Textarea(attrs={"rows": 2})
    )
    estimated_amount = forms.DecimalField(
        label=gettext_lazy("Estimated amount (VND)"), required=False, min_value=0, decimal_places=0
    )

    def __init__(self, *args, obligations=(), category_c=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        marked = gettext_lazy("category C at signing")
        self.fields["obligation"].choices = [
            (o.pk, f"{o.text[:120]} ({marked})" if o.pk in category_c else o.text[:120])
            for o in obligations
        ]


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Workbook (.xlsx)"))


class ExpertForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Full name"), max_length=200)
    kind = forms.ChoiceField(label=gettext_lazy("Kind of expert"), choices=Expert.Kind.choices)
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Registered by"), queryset=Agency.objects.none(), to_field_name="code"
    )
    organisation = forms.CharField(label=gettext_lazy("Organisation"), required=False)
    fields_of_expertise = forms.CharField(
        label=gettext_lazy("Fields of expertise"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One field a line, e.g. “Sở hữu trí tuệ”."),
    )
    languages = forms.CharField(label=gettext_lazy("Languages"), required=False)
    email = forms.EmailField(label=gettext_lazy("E-mail"), required=False)
    interest_partners = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Declared interests: partners"),
        queryset=Partner.objects.order_by("name_vi"),
        to_field_name="code",
        required=False,
    )
    interest_sectors = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Declared interests: sectors"),
        queryset=Sector.objects.order_by("name_vi"),
        to_field_name="code",
        required=False,
    )
    interest_agencies = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Declared interests: agencies"),
        queryset=Agency.objects.filter(is_active=True).order_by("name_vi"),
        to_field_name="code",
        required=False,
    )
    interests_note = forms.CharField(
        label=gettext_lazy("Declared interests explained"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    commitments = forms.ModelMultipleChoiceField(
        Commitment.objects.none(),
        label=gettext_lazy("Commitments worked on"),
        required=False,
    )

    def __init__(self, *args, agencies=None, user=None, commitment_query: str = "", **kwargs):
        from camket.monitoring.forms import CommitmentPicker

        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies if agencies is not None else agencies_for_work()
        # Only commitments the user may read are offered (and searched: never the whole list).
        self.fields["commitments"].queryset = (
            Commitment.objects.visible_to(user) if user is not None else Commitment.objects.none()
        )
        self.fields["commitments"].widget = CommitmentPicker(
            query=commitment_query,
            search_url="obligations:plan-commitment-picker",
            none_text=gettext_lazy(
                "None chosen yet: search, then tick the commitments the expert worked on."
            ),
        )
        self.fields["commitments"].widget.choices = self.fields["commitments"].choices

    @classmethod
    def searching(cls, data) -> bool:
        """True when ``data`` was posted by the picker's search button (no JavaScript)."""
        from camket.monitoring.forms import CommitmentPicker

        return CommitmentPicker.SEARCH_BUTTON in data

    @classmethod
    def initial_from(cls, data) -> dict:
        """``data`` as the initial values of an unbound form (redrawn after a search)."""
        multiple = ("commitments", "interest_partners", "interest_sectors", "interest_agencies")
        initial = {n: data.get(n) for n in cls.base_fields if n not in multiple and n in data}
        initial.update({n: data.getlist(n) for n in multiple})
        return initial


def expert_initial(expert: Expert, user) -> dict:
    """The edit form's values for ``expert`` as saved: the commitments ``user`` may read only."""
    return {
        "name": expert.name,
        "kind": expert.kind,
        "agency": expert.agency.code,
        "organisation": expert.organisation,
        "fields_of_expertise": expert.fields_of_expertise,
        "languages": expert.languages,
        "email": expert.email,
        "commitments": list(
            expert.commitments.filter(pk__in=Commitment.objects.visible_to(user)).values_list(
                "pk", flat=True
            )
        ),
        "interest_partners": list(expert.interest_partners.values_list("code", flat=True)),
        "interest_sectors": list(expert.interest_sectors.values_list("code", flat=True)),
        "interest_agencies": list(expert.interest_agencies.values_list("code", flat=True)),
        "interests_note": expert.interests_note,
        "version": expert.version,
    }


class ExpertEditForm(ConflictMixin, ExpertForm):
    """An expert of the roster, edited; it carries the version it was drawn from."""

    version = version_field()

    def __init__(self, *args, expert: Expert, user, **kwargs):
        kwargs.setdefault("initial", expert_initial(expert, user))
        super().__init__(*args, user=user, **kwargs)
        self.fields["version"].required = True
        self.user = user

    def _changes(self, current: Expert) -> list[Change]:
        saved = expert_initial(current, self.user)
        changes = []
        for name, field in self.fields.items():
            if name == "version":
                continue
            before = shown(field, _as_choice_values(field, saved.get(name)))
            after = shown(field, _as_choice_values(field, self.cleaned_data.get(name)))
            if before != after:
                changes.append(Change(str(field.label or name), before, after))
        return changes


def _as_choice_values(field, value):
    """A saved value (codes, pks) or a cleaned one (records) as the form shows it."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        key = field.to_field_name or "pk"
        keys = [getattr(v, key, v) for v in (value or [])]
        return list(field.queryset.filter(**{f"{key}__in": keys}))
    if isinstance(field, forms.ModelChoiceField):
        key = field.to_field_name or "pk"
        return field.queryset.filter(**{key: getattr(value, key, value)}).first()
    return value


class EngageForm(forms.Form):
    target = forms.ChoiceField(label=gettext_lazy("Engaged on"))
    role = forms.CharField(label=gettext_lazy("Role"), max_length=200)
    justification = forms.CharField(
        label=gettext_lazy("Why engaged despite a conflict of interest"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = list(targets)
