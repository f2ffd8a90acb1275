"""Monitoring forms; every message is translated and names the field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from camket.agencies.models import Agency
from camket.monitoring.models import ProgressReport, ReportingCycle, UrgingNotice
from camket.registry.models import Commitment

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class DateInput(forms.DateInput):
    input_type = "text"

    def __init__(self, **kwargs):
        super().__init__(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}, **kwargs)


def date_field(label) -> forms.DateField:
    return forms.DateField(label=label, input_formats=DATE_FORMATS, widget=DateInput())


class CycleForm(forms.ModelForm):
    starts_on = date_field(gettext_lazy("period from"))
    ends_on = date_field(gettext_lazy("period to"))
    due_on = date_field(gettext_lazy("reports due on"))

    class Meta:
        model = ReportingCycle
        fields = ["title", "frequency", "starts_on", "ends_on", "due_on", "agencies", "commitments"]
        widgets = {
            "agencies": forms.SelectMultiple(attrs={"size": 12}),
            "commitments": forms.SelectMultiple(attrs={"size": 12}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = Agency.objects.filter(is_active=True)
        self.fields["commitments"].queryset = Commitment.objects.filter(is_reference=False)

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and starts > ends:
            self.add_error("ends_on", _("The period must end on or after its first day."))
        return data


class ReportForm(forms.ModelForm):
    percent_done = forms.IntegerField(
        label=gettext_lazy("percent done"), min_value=0, max_value=100
    )

    class Meta:
        model = ProgressReport
        fields = [
            "progress",
            "percent_done",
            "narrative",
            "difficulties",
            "proposals",
            "resources_amount",
            "resources_source",
        ]
        widgets = {
            "narrative": forms.Textarea(attrs={"rows": 5}),
            "difficulties": forms.Textarea(attrs={"rows": 3}),
            "proposals": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        data = super().clean()
        progress, percent = data.get("progress"), data.get("percent_done")
        if progress == ProgressReport.Progress.COMPLETED and percent is not None and percent < 100:
            self.add_error("percent_done", _("A completed task must be 100 percent done."))
        if data.get("resources_amount") and not data.get("resources_source"):
            self.add_error("resources_source", _("Say where the resources came from."))
        return data


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("What must be corrected"), widget=forms.Textarea(attrs={"rows": 3})
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Evidence file"),
        help_text=gettext_lazy("PDF, DOCX, XLSX, PNG, JPEG or plain text."),
    )


class UrgingForm(forms.ModelForm):
    respond_by = forms.DateField(
        label=gettext_lazy("respond by"),
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        required=False,
    )

    class Meta:
        model = UrgingNotice
        fields = ["number", "subject", "body", "respond_by", "cycle"]
        widgets = {"body": forms.Textarea(attrs={"rows": 5})}
