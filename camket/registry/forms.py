"""Staff forms of the register; every message is translated and names the field."""

from __future__ import annotations

import re
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from camket import field_help
from camket.agencies.models import agencies_for_work
from camket.agencies.permissions import scope_of
from camket.registry.actions import CODE_PREFIX, CommitmentData, gate_problem, refresh_status
from camket.registry.models import (
    Commitment,
    CommitmentEvent,
    CommitmentRelation,
    Document,
    Partner,
    Sector,
    affected_group_values,
)
from camket.versioning import VersionedForm
from lawcore import lifecycle
from lawcore.text import nfc

CODE_RE = re.compile(r"^vn/(treaty|agreement|statement|review)/\d{4}/[a-z0-9][a-z0-9-]*$")
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DOCUMENT_SUFFIXES = {".pdf", ".docx", ".doc", ".odt", ".html", ".htm", ".txt", ".xml", ".rtf"}


class DateInput(forms.DateInput):
    """The browser's date picker. Its value is ISO (yyyy-mm-dd) by the HTML standard; pages show
    dates as dd/mm/yyyy, and the fields still accept dd/mm/yyyy typed or posted without it."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CommitmentForm(VersionedForm):
    affected_groups_text = forms.CharField(
        label=gettext_lazy("Affected groups"),
        required=False,
        help_text=gettext_lazy("Separate with commas, e.g. exporters, workers, farmers."),
    )
    source_links_text = forms.CharField(
        label=gettext_lazy("Sources"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One per line: the URL, a space, then the title."),
    )

    class Meta:
        model = Commitment
        fields = [
            "kind",
            "level",
            "scope",
            "title_vi",
            "title_en",
            "short_name",
            "code",
            "partners",
            "lead_agency",
            "supporting_agencies",
            "sectors",
            "confidentiality",
            "summary_vi",
            "summary_en",
            "wto_rta_id",
        ]
        widgets = {
            "summary_vi": forms.Textarea(attrs={"rows": 3}),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "partners": forms.SelectMultiple(attrs={"size": 8}),
            "supporting_agencies": forms.SelectMultiple(attrs={"size": 8}),
            "sectors": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "kind": field_help.COMMITMENT_KIND,
            "level": field_help.COMMITMENT_LEVEL,
            "scope": field_help.COMMITMENT_SCOPE,
            "confidentiality": field_help.CONFIDENTIALITY,
            "code": gettext_lazy(
                "Leave empty: it is made from the kind, the year and the short name on saving "
                "(for example vn/treaty/2018/cptpp). Change it only to correct it."
            )
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        scope = scope_of(user)
        agencies = agencies_for_work(self.instance, "lead_agency", "supporting_agencies")
        if not scope.is_national:
            self.fields["lead_agency"].queryset = agencies.filter(pk__in=scope.editor_agency_ids)
        else:
            self.fields["lead_agency"].queryset = agencies
        self.fields["supporting_agencies"].queryset = agencies
        self.fields["partners"].queryset = Partner.objects.all()
        self.fields["sectors"].queryset = Sector.objects.all()
        self.fields["code"].required = False
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.initial["affected_groups_text"] = ", ".join(self.instance.affected_group_labels)
            self.initial["source_links_text"] = "\n".join(
                f"{s.get('url', '')} {s.get('title', '')}".strip()
                for s in self.instance.source_links
            )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if code and not CODE_RE.match(code):
            raise ValidationError(
                _(
                    "The code must look like vn/treaty/2018/cptpp: kind, year and a short name in "
                    "lower-case letters, digits and hyphens."
                )
            )
        return code

    def clean_source_links_text(self) -> list[dict]:
        links = []
        lines = self.cleaned_data["source_links_text"].splitlines()
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            url, _sep, title = line.strip().partition(" ")
            if not url.startswith(("https://", "http://")):
                raise ValidationError(
                    _("Line %(line)d: a source must start with its URL (https://…).")
                    % {"line": number}
                )
            links.append({"url": url, "title": nfc(title.strip())})
        return links

    def clean(self):
        data = super().clean()
        kind, code = data.get("kind"), data.get("code")
        if kind and code and not self.instance.pk and code.split("/")[1] != CODE_PREFIX[kind]:
            self.add_error(
                "code",
                _("The code of a %(kind)s must start with vn/%(prefix)s/.")
                % {"kind": Commitment.Kind(kind).label.lower(), "prefix": CODE_PREFIX[kind]},
            )
        lead, supporting = data.get("lead_agency"), data.get("supporting_agencies") or []
        if lead and lead in supporting:
            self.add_error(
                "supporting_agencies", _("The lead agency cannot also be a supporting agency.")
            )
        if self.instance.pk and kind and kind != self.instance.kind:
            events = self.instance.lifecycle_events()
            if lifecycle.check_events(kind, events):
                self.add_error("kind", _("The recorded events do not fit this kind."))
        return data

    def save(self, commit: bool = True) -> Commitment:
        commitment = super().save(commit=False)
        for field in ("title_vi", "title_en", "summary_vi", "summary_en", "short_name"):
            setattr(commitment, field, nfc(getattr(commitment, field)))
        groups = self.cleaned_data["affected_groups_text"]
        commitment.affected_groups = affected_group_values(groups)
        commitment.source_links = self.cleaned_data["source_links_text"]
        if commitment.pk:
            refresh_status(commitment)
        commitment.save()
        self.save_m2m()
        return commitment

    def as_data(self) -> CommitmentData:
        """The cleaned values of a new commitment, for ``actions.create_commitment``."""
        data = self.cleaned_data
        return CommitmentData(
            code=data["code"],
            kind=data["kind"],
            level=data["level"],
            scope=data["scope"],
            title_vi=data["title_vi"],
            title_en=data["title_en"],
            short_name=data["short_name"],
            lead_agency=data["lead_agency"].code,
            supporting_agencies=[a.code for a in data["supporting_agencies"]],
            partners=[p.code for p in data["partners"]],
            sectors=[s.code for s in data["sectors"]],
            confidentiality=data["confidentiality"],
            summary_vi=data["summary_vi"],
            summary_en=data["summary_en"],
            wto_rta_id=data["wto_rta_id"],
            affected_groups=affected_group_values(data["affected_groups_text"]),
            source_links=data["source_links_text"],
        )


class EventForm(forms.ModelForm):
    on = forms.DateField(label=gettext_lazy("Date"), input_formats=DATE_FORMATS, widget=DateInput())

    class Meta:
        model = CommitmentEvent
        fields = ["kind", "on", "place", "instrument", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"kind": field_help.EVENT_KIND, "instrument": field_help.EVENT_INSTRUMENT}

    def __init__(self, *args, commitment: Commitment, **kwargs):
        kwargs.setdefault("auto_id", "id_event_%s")  # shares the commitment page with others
        super().__init__(*args, **kwargs)
        self.commitment = commitment
        allowed = set(lifecycle.event_kinds_for(commitment.kind, commitment.level))
        self.fields["kind"].choices = [
            (value, label) for value, label in CommitmentEvent.Kind.choices if value in allowed
        ]

    def clean(self):
        data = super().clean()
        if data.get("kind") and data.get("on"):
            candidate = lifecycle.Event(data["kind"], data["on"])
            try:
                refresh_status(self.commitment, [*self.commitment.lifecycle_events(), candidate])
            except ValidationError as error:
                self.add_error("kind", error)
            else:
                if refused := gate_problem(self.commitment, data["kind"], data["on"]):
                    self.add_error("kind", refused)
            self.commitment.refresh_from_db(fields=["status", "signed_on", "in_force_on"])
        return data


class DocumentForm(forms.ModelForm):
    source_url = forms.URLField(
        label=gettext_lazy("Source URL"), required=False, assume_scheme="https", max_length=500
    )

    class Meta:
        model = Document
        fields = ["title", "language", "is_official", "file", "source_url"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_document_%s")  # shares the commitment page with others
        super().__init__(*args, **kwargs)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return upload
        if upload.size > settings.CAMKET_MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("The file %(name)s is larger than %(limit)d MB.")
                % {"name": upload.name, "limit": settings.CAMKET_MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        if Path(upload.name).suffix.lower() not in DOCUMENT_SUFFIXES:
            raise ValidationError(
                _("The file %(name)s is not of an accepted type (%(types)s).")
                % {"name": upload.name, "types": ", ".join(sorted(DOCUMENT_SUFFIXES))}
            )
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("source_url"):
            raise ValidationError(_("Attach a file or give the URL where the text is published."))
        return data


def relation_targets(user):
    """The commitments ``user`` may relate a commitment to: those they may read."""
    return Commitment.objects.visible_to(user)


class RelationForm(forms.ModelForm):
    target = forms.ModelChoiceField(
        Commitment.objects.none(),
        label=gettext_lazy("Related commitment"),
        error_messages={
            "required": gettext_lazy("Search for the related commitment, then choose it."),
            "invalid_choice": gettext_lazy("Choose a commitment that you may open."),
        },
    )

    class Meta:
        model = CommitmentRelation
        fields = ["kind"]

    def __init__(self, *args, source: Commitment, user, query: str = "", **kwargs):
        from camket.monitoring.forms import CommitmentChoicePicker  # imports this module

        kwargs.setdefault("auto_id", "id_relation_%s")  # shares the commitment page with others
        super().__init__(*args, **kwargs)
        self.source, self.user = source, user
        field = self.fields["target"]
        field.queryset = relation_targets(user)
        field.widget = CommitmentChoicePicker(
            query=query,
            search_url="registry:relation-picker",
            none_text=gettext_lazy("None chosen yet: search, then choose the related commitment."),
        )
        field.widget.choices = field.choices

    def clean_target(self) -> Commitment:
        target = self.cleaned_data["target"]
        if target.pk == self.source.pk:
            raise ValidationError(_("A commitment cannot be related to itself."))
        return target

    def save(self, commit: bool = True) -> CommitmentRelation:
        relation = super().save(commit=False)
        relation.source, relation.target = self.source, self.cleaned_data["target"]
        if CommitmentRelation.objects.filter(
            source=relation.source, target=relation.target, kind=relation.kind
        ).exists():
            raise ValidationError(_("This relation is already recorded."))
        return relation
