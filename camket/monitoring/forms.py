"""Monitoring forms; every message is translated and names the field."""

from __future__ import annotations

from django import forms
from django.forms.models import ModelChoiceIteratorValue
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from camket.agencies.models import agencies_for_work
from camket.monitoring.models import ProgressReport, ReportingCycle, UrgingNotice
from camket.registry.forms import DateInput
from camket.registry.models import Commitment
from camket.registry.search import title_matches
from camket.versioning import VersionedForm

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def date_field(label) -> forms.DateField:
    return forms.DateField(label=capfirst(label), input_formats=DATE_FORMATS, widget=DateInput())


class CommitmentPicker(forms.CheckboxSelectMultiple):
    """Search-and-pick for a few of 20,000 commitments: never renders the whole list.

    It renders the selected commitments as checked boxes and a search box that asks
    ``monitoring:commitment-picker`` (through htmx) for at most ``LIMIT`` matches, shown as
    unchecked boxes of the same name beside the checked ones. The field still validates the
    posted pks against its queryset. Without JavaScript the search button posts the form back
    (``SEARCH_BUTTON``) and the view redraws it with the matches of ``query`` instead of
    opening the cycle.
    """

    template_name = "monitoring/widgets/commitment_picker.html"
    options_template_name = "monitoring/widgets/commitment_options.html"
    option_template_name = "monitoring/widgets/commitment_option.html"
    LIMIT = 20
    MAX_QUERY = 200
    SEARCH_BUTTON = "commitments_search"

    class Media:
        js = ["vendor/htmx-2.0.11/htmx.min.js", "camket/picker.js"]

    def __init__(
        self,
        attrs=None,
        *,
        query: str = "",
        search_url: str = "monitoring:commitment-picker",
        none_text: str = gettext_lazy(
            "None chosen yet: search, then tick the commitments this cycle covers."
        ),
    ):
        super().__init__(attrs)
        self.query, self.search_url, self.none_text = query, search_url, none_text
        self.found = 0
        self.more = False

    @property
    def query(self) -> str:
        """What was searched for (no JavaScript) or is searched for (the picker view)."""
        return self._query

    @query.setter
    def query(self, text: str) -> None:
        self._query = text.strip()[: self.MAX_QUERY]

    def id_for_label(self, id_, index=None):
        return f"{id_}_search" if id_ and index is None else super().id_for_label(id_, index)

    def optgroups(self, name, value, attrs=None):
        """Two groups: the chosen commitments (checked), then up to ``LIMIT`` other matches.

        Each box's id ends in the commitment's pk, so a match moved into the chosen list by the
        page's script never clashes with a box of a later answer.
        """
        queryset = self.choices.queryset
        ids = {int(v) for v in value if str(v).isdigit() and len(str(v)) < 16}
        chosen = list(queryset.filter(pk__in=ids).order_by("code")) if ids else []
        found = []
        if self.query:
            matches = title_matches(self.query, queryset.order_by("code")).exclude(pk__in=ids)
            found = list(matches[: self.LIMIT + 1])
        self.more, found = len(found) > self.LIMIT, found[: self.LIMIT]
        self.found = len(found)

        def options(commitments, checked):
            return [
                self.create_option(
                    name, ModelChoiceIteratorValue(c.pk, c), c.title, checked, c.pk, attrs=attrs
                )
                for c in commitments
            ]

        return [("chosen", options(chosen, True), 0), ("found", options(found, False), 1)]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        groups = {group: options for group, options, _ in context["widget"]["optgroups"]}
        context["widget"].update(
            chosen=groups["chosen"],
            matches=groups["found"],
            query=self.query,
            found=self.found,
            more=self.more,
            limit=self.LIMIT,
            search_url=reverse(self.search_url),
            none_text=self.none_text,
            search_button=self.SEARCH_BUTTON,
            options_template_name=self.options_template_name,
        )
        return context

    def render_options(self, name, value, attrs=None, renderer=None) -> str:
        """Only the matches that are not chosen yet (what the picker view returns for htmx).

        The chosen ones live outside the fragment that each answer replaces, so an answer that
        arrives after a tick (a slow connection, or answers out of order) cannot drop the tick.
        """
        context = self.get_context(name, self.format_value(value), attrs)
        return self._render(self.options_template_name, context, renderer)


class CommitmentChoicePicker(CommitmentPicker):
    """The same search-and-pick for one commitment (a radio button each): a relation's target,
    the treaty an item was carried into. Search and answers work as in :class:`CommitmentPicker`.
    """

    input_type = "radio"
    allow_multiple_selected = False

    def value_from_datadict(self, data, files, name):
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data


class CycleForm(forms.ModelForm):
    starts_on = date_field(gettext_lazy("period from"))
    ends_on = date_field(gettext_lazy("period to"))
    due_on = date_field(gettext_lazy("reports due on"))

    class Meta:
        model = ReportingCycle
        fields = ["title", "frequency", "starts_on", "ends_on", "due_on", "agencies", "commitments"]
        widgets = {
            "agencies": forms.SelectMultiple(attrs={"size": 12}),
            "commitments": CommitmentPicker(),
        }

    def __init__(self, *args, commitment_query: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies_for_work(self.instance, "agencies")
        self.fields["commitments"].queryset = Commitment.objects.filter(is_reference=False)
        self.fields["commitments"].widget.query = commitment_query

    @classmethod
    def searching(cls, data) -> bool:
        """True when ``data`` was posted by the picker's search button (no JavaScript)."""
        return CommitmentPicker.SEARCH_BUTTON in data

    @classmethod
    def initial_from(cls, data) -> dict:
        """``data`` as the initial values of an unbound form (redrawn after a search)."""
        multiple = {"agencies", "commitments"}
        return {
            name: data.getlist(name) if name in multiple else data.get(name)
            for name in cls._meta.fields
            if name in data
        }

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and starts > ends:
            self.add_error("ends_on", _("The period must end on or after its first day."))
        return data


class ReportForm(VersionedForm):
    percent_done = forms.IntegerField(
        label=capfirst(gettext_lazy("percent done")), min_value=0, max_value=100
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
        label=capfirst(gettext_lazy("respond by")),
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        required=False,
    )

    class Meta:
        model = UrgingNotice
        fields = ["number", "subject", "body", "respond_by", "cycle"]
        widgets = {"body": forms.Textarea(attrs={"rows": 5})}
