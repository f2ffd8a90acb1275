"""Forms of the compatibility pages; every message is translated and names the field."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from camket import field_help
from camket.agencies.models import agencies_for_work
from camket.compatibility.models import (
    LegalDocument,
    LegalProvision,
    LegislativeAction,
    ProvisionLink,
)
from camket.registry.forms import DateInput
from camket.versioning import ConflictMixin, version_field

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
UPLOAD_SUFFIXES = (".docx", ".pdf", ".html", ".htm", ".txt")
Verdict = ProvisionLink.Verdict


def _provision_by_code(code: str) -> LegalProvision:
    try:
        return LegalProvision.objects.select_related("document").get(code=code)
    except LegalProvision.DoesNotExist:
        raise ValidationError(
            _("No domestic provision has the identifier “%(code)s”.") % {"code": code}
        ) from None


def _document_by_number(number: str) -> LegalDocument | None:
    if not number:
        return None
    try:
        return LegalDocument.objects.get(code=number.strip())
    except LegalDocument.DoesNotExist:
        raise ValidationError(
            _("No legal document has the number “%(number)s”.") % {"number": number}
        ) from None


class LinkForm(ConflictMixin, forms.Form):
    """Confirm an assessment: a domestic provision (or none: a gap), relation and verdict.

    ``version`` is the one of the assessment shown (empty for a new one).
    """

    version = version_field()

    legal_provision = forms.CharField(
        label=gettext_lazy("Domestic provision (identifier)"), required=False, max_length=120
    )
    relation = forms.ChoiceField(
        label=gettext_lazy("Relation"),
        choices=ProvisionLink.Relation.choices,
        required=False,
        help_text=field_help.RELATION,
    )
    verdict = forms.ChoiceField(
        label=gettext_lazy("Verdict"), choices=Verdict.choices, help_text=field_help.VERDICT
    )
    rationale = forms.CharField(
        label=gettext_lazy("Rationale"), widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence_text = forms.CharField(
        label=gettext_lazy("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence_url = forms.URLField(
        label=gettext_lazy("Evidence URL"), required=False, assume_scheme="https"
    )

    def clean_legal_provision(self):
        code = self.cleaned_data["legal_provision"].strip()
        return _provision_by_code(code) if code else None

    def clean(self):
        data = super().clean()
        provision, verdict = data.get("legal_provision"), data.get("verdict")
        if provision is None and verdict and verdict not in {Verdict.GAP, Verdict.NEEDS_GUIDANCE}:
            self.add_error(
                "legal_provision",
                _("Choose a domestic provision, or record a gap (no domestic provision)."),
            )
        if provision is not None and verdict == Verdict.GAP:
            self.add_error(
                "verdict", _("A gap means no domestic provision: leave the provision empty.")
            )
        if provision is not None and not data.get("relation"):
            self.add_error("relation", _("Say how the domestic provision relates to it."))
        return data


class RejectForm(forms.Form):
    legal_provision = forms.CharField(max_length=120)

    def clean_legal_provision(self):
        return _provision_by_code(self.cleaned_data["legal_provision"].strip())


class CheckForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Text to check"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20_000,
        help_text=gettext_lazy("A treaty clause or an obligation, in Vietnamese or English."),
    )


class LegislativeActionForm(forms.ModelForm):
    target_number = forms.CharField(
        label=gettext_lazy("Number of the document to amend or repeal"),
        required=False,
        max_length=80,
        help_text=gettext_lazy("For example 45/2019/QH14; leave empty for a new document."),
    )
    due_on = forms.DateField(
        label=gettext_lazy("Deadline"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
    )

    class Meta:
        model = LegislativeAction
        fields = ["kind", "description", "responsible_agency", "due_on"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_agency"].queryset = agencies_for_work(
            self.instance, "responsible_agency"
        )

    def clean_target_number(self):
        return _document_by_number(self.cleaned_data["target_number"])

    def clean(self):
        data = super().clean()
        kind, target = data.get("kind"), data.get("target_number")
        if kind in {LegislativeAction.Kind.AMEND, LegislativeAction.Kind.REPEAL} and not target:
            self.add_error(
                "target_number", _("Give the number of the document to amend or repeal.")
            )
        return data


class ActionUpdateForm(ConflictMixin, forms.Form):
    version = version_field()
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), choices=LegislativeAction.Status.choices
    )
    resulting_number = forms.CharField(
        label=gettext_lazy("Number of the resulting document"), required=False, max_length=80
    )

    def clean_resulting_number(self):
        return _document_by_number(self.cleaned_data["resulting_number"])


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("DOCX, PDF with a text layer, HTML or plain text."),
    )
    number = forms.CharField(
        label=gettext_lazy("Number"),
        required=False,
        max_length=80,
        help_text=gettext_lazy("Leave empty to read it from the document's header."),
    )
    doc_type = forms.ChoiceField(
        label=gettext_lazy("Type"),
        required=False,
        choices=[
            ("", "—"),
            ("Luật", LegalDocument.Type.LAW.label),
            ("Bộ luật", LegalDocument.Type.CODE.label),
            ("Nghị quyết", LegalDocument.Type.RESOLUTION.label),
            ("Pháp lệnh", LegalDocument.Type.ORDINANCE.label),
            ("Hiến pháp", LegalDocument.Type.CONSTITUTION.label),
        ],
        help_text=gettext_lazy("Needed only when the number does not say it (e.g. QH14)."),
    )
    title = forms.CharField(label=gettext_lazy("Title"), required=False, max_length=1000)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.CAMKET_MAX_UPLOAD_BYTES:
            raise ValidationError(_("%(name)s is too large.") % {"name": upload.name})
        if not upload.name.lower().endswith(UPLOAD_SUFFIXES):
            raise ValidationError(
                _("%(name)s: upload a DOCX, PDF, HTML or TXT file.") % {"name": upload.name}
            )
        return upload
