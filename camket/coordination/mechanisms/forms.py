"""Forms of mechanisms, meetings and issues: plain forms whose cleaned data feed the actions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from camket.agencies.models import agencies_for_work
from camket.coordination.mechanisms.models import ImplementationIssue, Mechanism, Meeting
from camket.registry.forms import DATE_FORMATS, DateInput
from camket.registry.models import Commitment, Partner
from camket.versioning import ConflictMixin, version_field

Issue = ImplementationIssue


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class MechanismForm(ConflictMixin, forms.Form):
    name_vi = forms.CharField(label=gettext_lazy("Name (Vietnamese)"), max_length=300)
    name_en = forms.CharField(label=gettext_lazy("Name (English)"), max_length=300, required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Mechanism.Kind.choices)
    parent = forms.ModelChoiceField(
        label=gettext_lazy("Part of"),
        queryset=Mechanism.objects.all(),
        required=False,
        help_text=gettext_lazy("For a committee or working group: the body it reports to."),
    )
    commitments = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Commitments"),
        queryset=Commitment.objects.filter(is_reference=False).order_by("title_vi"),
        required=False,
    )
    partners = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Partners"), queryset=Partner.objects.all(), required=False
    )
    focal_agency = forms.ModelChoiceField(
        label=gettext_lazy("Vietnamese focal agency"),
        queryset=agencies_for_work(),
        required=False,
        to_field_name="code",
    )
    mandate = forms.CharField(
        label=gettext_lazy("Mandate"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    source_links = forms.CharField(
        label=gettext_lazy("Sources"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=gettext_lazy("One address per line."),
    )
    version = version_field()

    def __init__(self, *args, mechanism: Mechanism | None = None, **kwargs):
        if mechanism is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name_vi": mechanism.name_vi,
                "name_en": mechanism.name_en,
                "kind": mechanism.kind,
                "parent": mechanism.parent_id,
                "commitments": list(mechanism.commitments.values_list("pk", flat=True)),
                "partners": list(mechanism.partners.values_list("pk", flat=True)),
                "focal_agency": mechanism.focal_agency.code if mechanism.focal_agency else None,
                "mandate": mechanism.mandate,
                "source_links": "\n".join(mechanism.source_links),
                "version": mechanism.version,
            }
        super().__init__(*args, **kwargs)
        if mechanism is None:
            del self.fields["version"]
        else:
            self.fields["parent"].queryset = Mechanism.objects.exclude(pk=mechanism.pk)
            self.fields["focal_agency"].queryset = agencies_for_work(mechanism, "focal_agency")

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "name_vi": data["name_vi"],
            "name_en": data["name_en"],
            "kind": data["kind"],
            "parent": data["parent"].pk if data["parent"] else None,
            "commitments": [c.code for c in data["commitments"]],
            "partners": [p.code for p in data["partners"]],
            "focal_agency": data["focal_agency"].code if data["focal_agency"] else "",
            "mandate": data["mandate"],
            "source_links": _lines(data["source_links"]),
        }


class MeetingForm(ConflictMixin, forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    held_on = forms.DateField(
        label=gettext_lazy("Date"), input_formats=DATE_FORMATS, widget=DateInput()
    )
    place = forms.CharField(label=gettext_lazy("Place"), max_length=200, required=False)
    agenda = forms.CharField(
        label=gettext_lazy("Agenda"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    minutes = forms.CharField(
        label=gettext_lazy("Minutes"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    decisions = forms.CharField(
        label=gettext_lazy("Decisions"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    source_links = forms.CharField(
        label=gettext_lazy("Sources"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=gettext_lazy("One address per line."),
    )
    version = version_field()

    def __init__(self, *args, meeting: Meeting | None = None, **kwargs):
        if meeting is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                name: getattr(meeting, name)
                for name in ("title", "held_on", "place", "agenda", "minutes", "decisions")
            }
            kwargs["initial"]["source_links"] = "\n".join(meeting.source_links)
            kwargs["initial"]["version"] = meeting.version
        self.meeting = meeting
        super().__init__(*args, **kwargs)
        if meeting is None:
            del self.fields["version"]

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["source_links"] = _lines(data["source_links"])
        if self.meeting is not None:
            data["is_sample"] = self.meeting.is_sample
            data["external_key"] = self.meeting.external_key
        return data


class IssueForm(forms.Form):
    commitment = forms.ModelChoiceField(
        label=gettext_lazy("Commitment"), queryset=Commitment.objects.none(), to_field_name="code"
    )
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    facts = forms.CharField(label=gettext_lazy("Facts"), widget=forms.Textarea(attrs={"rows": 4}))
    impact = forms.CharField(
        label=gettext_lazy("Impact"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=gettext_lazy("Who is affected and how: businesses, sectors, provinces."),
    )
    businesses_affected = forms.CharField(
        label=gettext_lazy("Businesses affected"), max_length=300, required=False
    )
    trade_value_usd = forms.DecimalField(
        label=gettext_lazy("Trade value concerned (USD)"),
        required=False,
        min_value=0,
        decimal_places=0,
        max_digits=16,
        help_text=gettext_lazy("Where known."),
    )
    origin = forms.ChoiceField(label=gettext_lazy("Origin"), choices=Issue.Origin.choices)
    side = forms.ChoiceField(label=gettext_lazy("Whose obligation"), choices=Issue.Side.choices)
    partner = forms.ModelChoiceField(
        label=gettext_lazy("Partner concerned"),
        queryset=Partner.objects.all(),
        required=False,
        to_field_name="code",
    )
    mechanism = forms.ModelChoiceField(
        label=gettext_lazy("Mechanism where it is raised"),
        queryset=Mechanism.objects.all(),
        required=False,
    )
    proposed_measure = forms.ChoiceField(
        label=gettext_lazy("Measure proposed"), choices=Issue.Measure.choices, required=False
    )
    raised_on = forms.DateField(
        label=gettext_lazy("Raised on"), input_formats=DATE_FORMATS, widget=DateInput()
    )
    origin_report = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, commitments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if commitments is not None:
            self.fields["commitment"].queryset = commitments

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "commitment": data["commitment"].code,
            "title": data["title"],
            "facts": data["facts"],
            "impact": data["impact"],
            "businesses_affected": data["businesses_affected"],
            "trade_value_usd": data["trade_value_usd"],
            "origin": data["origin"],
            "side": data["side"],
            "partner": data["partner"].code if data["partner"] else "",
            "mechanism": data["mechanism"].pk if data["mechanism"] else None,
            "proposed_measure": data["proposed_measure"] or "",
            "raised_on": data["raised_on"],
            "origin_report": data["origin_report"],
        }


class StepForm(ConflictMixin, forms.Form):
    on = forms.DateField(label=gettext_lazy("Date"), input_formats=DATE_FORMATS, widget=DateInput())
    status = forms.ChoiceField(
        label=gettext_lazy("Status after this step"), choices=Issue.Status.choices
    )
    meeting = forms.ModelChoiceField(
        label=gettext_lazy("Meeting"), queryset=Meeting.objects.all(), required=False
    )
    note = forms.CharField(
        label=gettext_lazy("What happened"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    decision = forms.CharField(
        label=gettext_lazy("Decision"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    version = version_field()


class LinkTaskForm(forms.Form):
    task = forms.ModelChoiceField(label=gettext_lazy("Task"), queryset=None)

    def __init__(self, *args, tasks=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = tasks
