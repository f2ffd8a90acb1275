"""Staff forms for obligations, plans and tasks; messages translated and naming the field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from camket import field_help
from camket.agencies.models import agencies_for_work
from camket.agencies.permissions import scope_of
from camket.monitoring.forms import CommitmentChoicePicker, CommitmentPicker
from camket.obligations.actions import ObligationData, PlanData, TaskData
from camket.obligations.models import ActionPlan, Milestone, Obligation, Task
from camket.registry.forms import DATE_FORMATS, DateInput
from camket.registry.models import Commitment, Sector
from camket.versioning import ConflictMixin, VersionedForm, version_field
from lawcore.text import nfc

MINISTRY_KINDS = ["ministry", "ministerial_agency", "government_agency", "province"]


def picker_commitments(user):
    """The commitments ``user`` may link a plan to: those they may read, no reference texts."""
    return Commitment.objects.visible_to(user).filter(is_reference=False)


def agency_choices(instance=None, *fields: str):
    """Active agencies, plus the former ones ``instance`` already names in ``fields``."""
    return agencies_for_work(instance, *fields).order_by("kind", "name_vi")


class ObligationForm(VersionedForm):
    due_on = forms.DateField(
        label=gettext_lazy("Due date"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
    )
    sectors = forms.ModelMultipleChoiceField(
        Sector.objects.all(),
        required=False,
        label=gettext_lazy("Sectors"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Obligation
        fields = [
            "number",
            "text",
            "addressee",
            "addressee_partner",
            "modality",
            "response",
            "due_on",
            "due_text",
            "lead_agency",
            "sectors",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "modality": field_help.MODALITY,
            "addressee": field_help.ADDRESSEE,
            "response": field_help.RESPONSE,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_agency"].queryset = agency_choices(self.instance, "lead_agency")
        if self.instance.pk:
            self.initial["sectors"] = list(self.instance.sectors.all())

    def clean_text(self) -> str:
        return nfc(self.cleaned_data["text"]).strip()

    def as_data(self, commitment: Commitment) -> ObligationData:
        """The cleaned values of a new obligation of ``commitment``, for ``create_obligation``."""
        data = self.cleaned_data
        partner, lead = data.get("addressee_partner"), data.get("lead_agency")
        return ObligationData(
            commitment=commitment.pk,
            number=data["number"],
            text=data["text"],
            addressee=data["addressee"],
            addressee_partner=partner.code if partner else None,
            modality=data["modality"],
            response=data["response"],
            due_on=data["due_on"],
            due_text=data["due_text"],
            lead_agency=lead.code if lead else None,
            sectors=[s.code for s in data["sectors"]],
        )


class AcceptCandidateForm(forms.Form):
    """What the officer confirms (and may edit) when accepting a proposal."""

    key = forms.CharField(widget=forms.HiddenInput)
    provision = forms.IntegerField(widget=forms.HiddenInput)
    source_start = forms.IntegerField(widget=forms.HiddenInput)
    source_text = forms.CharField(widget=forms.HiddenInput)
    reasons = forms.CharField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(
        label=gettext_lazy("Obligation"), widget=forms.Textarea(attrs={"rows": 2})
    )
    modality = forms.ChoiceField(
        label=gettext_lazy("Modality"),
        choices=Obligation.Modality.choices,
        help_text=field_help.MODALITY,
    )
    addressee = forms.ChoiceField(
        label=gettext_lazy("Addressee"),
        choices=Obligation.Addressee.choices,
        help_text=field_help.ADDRESSEE,
    )
    due_on = forms.DateField(
        label=gettext_lazy("Due date"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
    )
    due_text = forms.CharField(label=gettext_lazy("Time limit as written"), required=False)
    lead_agency = forms.ModelChoiceField(
        agency_choices(), required=False, label=gettext_lazy("Lead agency")
    )
    sectors = forms.CharField(widget=forms.HiddenInput, required=False)
    schedule = forms.CharField(widget=forms.HiddenInput, required=False)


def carried_targets(user):
    """The commitments ``user`` may say an item was carried into: readable treaties and
    international agreements."""
    kinds = [Commitment.Kind.TREATY, Commitment.Kind.INTERNATIONAL_AGREEMENT]
    return Commitment.objects.visible_to(user).filter(kind__in=kinds)


class CarriedIntoForm(ConflictMixin, forms.Form):
    target = forms.ModelChoiceField(
        Commitment.objects.none(),
        label=gettext_lazy("Carried into"),
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy("Choose a treaty or an international agreement.")
        },
        widget=CommitmentChoicePicker(
            search_url="obligations:carried-picker",
            none_text=gettext_lazy(
                "None chosen: search, then choose the treaty or agreement this item was "
                "carried into."
            ),
        ),
    )
    version = version_field()

    def __init__(self, *args, user, query: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["target"].queryset = carried_targets(user)
        self.fields["target"].widget.query = query


class PlanForm(VersionedForm):
    instrument_on = forms.DateField(
        label=gettext_lazy("Instrument date"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
    )
    starts_on = forms.DateField(
        label=gettext_lazy("From"), required=False, input_formats=DATE_FORMATS, widget=DateInput()
    )
    ends_on = forms.DateField(
        label=gettext_lazy("To"), required=False, input_formats=DATE_FORMATS, widget=DateInput()
    )
    commitments = forms.ModelMultipleChoiceField(
        Commitment.objects.none(),
        label=gettext_lazy("Commitments"),
        required=False,
        widget=CommitmentPicker(
            search_url="obligations:plan-commitment-picker",
            none_text=gettext_lazy(
                "None chosen yet: search, then tick the commitments this plan implements."
            ),
        ),
    )

    class Meta:
        model = ActionPlan
        fields = [
            "code",
            "kind",
            "title_vi",
            "title_en",
            "agency",
            "instrument_number",
            "instrument_on",
            "starts_on",
            "ends_on",
        ]
        help_texts = {
            "code": gettext_lazy(
                "Leave empty: it is made from the agency, the first commitment and the year on "
                "saving (for example kh-bct-cptpp-2026)."
            )
        }

    def __init__(self, *args, user, commitment_query: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["code"].required = False
        self.fields["commitments"].queryset = picker_commitments(user)
        self.fields["commitments"].widget.query = commitment_query
        scope = scope_of(user)
        agencies = agency_choices(self.instance, "agency")
        if not scope.is_national:
            agencies = agencies.filter(pk__in=scope.editor_agency_ids)
        self.fields["agency"].queryset = agencies
        if self.instance.pk:
            self.fields["code"].disabled = True
            # Only the commitments this user may read are shown; the others stay on save.
            visible = Commitment.objects.visible_to(user)
            self.hidden_commitments = list(self.instance.commitments.exclude(pk__in=visible))
            if "commitments" not in self.initial:
                self.initial["commitments"] = list(
                    self.instance.commitments.filter(pk__in=visible).values_list("pk", flat=True)
                )
        else:
            self.hidden_commitments = []

    def clean_commitments(self) -> list[Commitment]:
        return [*self.cleaned_data["commitments"], *self.hidden_commitments]

    @classmethod
    def searching(cls, data) -> bool:
        """True when ``data`` was posted by the picker's search button (no JavaScript)."""
        return CommitmentPicker.SEARCH_BUTTON in data

    @classmethod
    def initial_from(cls, data) -> dict:
        """``data`` as the initial values of an unbound form (redrawn after a search)."""
        names = [*cls._meta.fields, "version"]
        initial = {name: data.get(name) for name in names if name in data}
        initial["commitments"] = data.getlist("commitments")
        return initial

    def as_data(self) -> PlanData:
        """The cleaned values of a new plan, for ``create_plan``."""
        data = self.cleaned_data
        names = ("code", "kind", "title_vi", "title_en", "instrument_number")
        return PlanData(
            **{name: data[name] for name in names},
            agency=data["agency"].code,
            instrument_on=data["instrument_on"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            commitments=[c.pk for c in data["commitments"]],
        )

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["starts_on"] > data["ends_on"]:
            self.add_error("ends_on", _("The end is before the start."))
        return data


class TaskForm(VersionedForm):
    starts_on = forms.DateField(
        label=gettext_lazy("Start date"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
    )
    due_on = forms.DateField(
        label=gettext_lazy("Due date"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
    )

    class Meta:
        model = Task
        fields = [
            "number",
            "title",
            "description",
            "obligations",
            "lead_agency",
            "supporting_agencies",
            "starts_on",
            "due_on",
            "deliverable",
            "budget",
            "funding_source",
            "status",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "obligations": forms.SelectMultiple(attrs={"size": 6}),
            "supporting_agencies": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, plan: ActionPlan, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_agency"].queryset = agency_choices(self.instance, "lead_agency")
        self.fields["supporting_agencies"].queryset = agency_choices(
            self.instance, "supporting_agencies"
        )
        # Choices are the plan's obligations this user may read; a task's other obligations
        # are neither shown nor dropped on save.
        readable = Obligation.objects.visible_to(user)
        self.fields["obligations"].queryset = readable.filter(
            commitment__in=plan.commitments.all()
        ).select_related("commitment")
        self.hidden_obligations = (
            list(self.instance.obligations.exclude(pk__in=readable)) if self.instance.pk else []
        )
        self.fields["obligations"].label_from_instance = lambda o: (
            f"{o.commitment.short_name or o.commitment.code} · {o.text[:90]}"
        )

    def clean_obligations(self):
        return [*self.cleaned_data["obligations"], *self.hidden_obligations]

    def as_data(self, plan: ActionPlan) -> TaskData:
        """The cleaned values of a new task of ``plan``, for ``create_task``."""
        data = self.cleaned_data
        names = ("number", "title", "description", "starts_on", "due_on", "deliverable")
        return TaskData(
            **{name: data[name] for name in names},
            plan=plan.pk,
            lead_agency=data["lead_agency"].code,
            supporting_agencies=[a.code for a in data["supporting_agencies"]],
            obligations=[o.pk for o in data["obligations"]],
            budget=data["budget"],
            funding_source=data["funding_source"],
            status=data["status"],
        )

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("due_on") and data["starts_on"] > data["due_on"]:
            self.add_error("due_on", _("The due date is before the start date."))
        lead = data.get("lead_agency")
        if lead and lead in (data.get("supporting_agencies") or []):
            self.add_error(
                "supporting_agencies", _("The lead agency cannot also be a supporting agency.")
            )
        return data


class MilestoneForm(forms.ModelForm):
    due_on = forms.DateField(
        label=gettext_lazy("Due date"), input_formats=DATE_FORMATS, widget=DateInput()
    )
    done_on = forms.DateField(
        label=gettext_lazy("Done on"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
    )

    class Meta:
        model = Milestone
        fields = ["title", "due_on", "done_on"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_milestone_%s")  # shares the task page with the task form
        super().__init__(*args, **kwargs)


class ProgrammeForm(forms.Form):
    """Group chosen statement items into an action programme."""

    title_vi = forms.CharField(label=gettext_lazy("Programme title"), max_length=500)
    agency = forms.ModelChoiceField(agency_choices(), label=gettext_lazy("Owning agency"))
    items = forms.ModelMultipleChoiceField(
        Obligation.objects.none(), widget=forms.CheckboxSelectMultiple, label=gettext_lazy("Items")
    )

    def __init__(self, *args, statement: Commitment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = statement.obligations.all()


class XlsxUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Excel file (.xlsx)"))
