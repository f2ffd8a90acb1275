"""Forms of consultation and feedback. A form's job ends at ``cleaned_data``: views turn it into
the plain values of ``actions.py``. No form edits a model directly (they are not ModelForms);
the answer forms carry the version they were drawn from."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from camket.monitoring.evidence import ALLOWED
from camket.portal import visibility
from camket.portal.consultation.models import Audience, Comment, Consultation, Feedback
from camket.registry.forms import DateInput
from camket.versioning import version_field
from lawcore.public_input import MIN_CONSULTATION_DAYS, earliest_close

ACCEPT = ",".join(f".{ext}" for ext in ALLOWED)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the action (``check_upload``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class ConsultationForm(forms.Form):
    subject = forms.ChoiceField(
        label=_("What is put to consultation"), choices=Consultation.Subject.choices
    )
    plan = forms.ChoiceField(label=_("Draft implementation plan"), required=False)
    proposal = forms.TypedChoiceField(
        label=_("Proposal"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("For a proposal: its published explanation report satisfies the dossier item."),
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(
        label=_("What is consulted and why"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Written for businesses and citizens: what the draft changes for them."),
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput)
    closes_on = forms.DateField(
        label=_("Closes on"),
        widget=DateInput,
        help_text=_(
            "At least %(days)d days after it opens (Law on Promulgation of Legal Documents "
            "No. 80/2015/QH13, art. 57(1))."
        )
        % {"days": MIN_CONSULTATION_DAYS},
    )
    audiences = forms.MultipleChoiceField(
        label=_("Who is asked"), choices=Audience.choices, widget=forms.CheckboxSelectMultiple
    )
    questions = forms.CharField(
        label=_("Questions (one a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    with_provisions = forms.BooleanField(
        label=_("Put the provisions of the draft to consultation"),
        required=False,
        help_text=_("The public may then comment on one provision; the texts are published."),
    )
    document_title = forms.CharField(
        label=_("Title of the document"), max_length=300, required=False
    )
    document = forms.FileField(
        label=_("The draft or its explanatory note"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    def __init__(self, *args, plans=(), proposals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [("", "—"), *((p.code, p.title_vi) for p in plans)]
        self.fields["proposal"].choices = [("", "—")] + [
            (p.pk, proposal_label(p)) for p in proposals
        ]
        if not self.is_bound:
            today = timezone.localdate()
            self.initial.setdefault("opens_on", today)
            self.initial.setdefault("closes_on", earliest_close(today))


def proposal_label(proposal) -> str:
    """A proposal as a choice: its step, proposing agency, status and date (no code)."""
    return " · ".join(
        (
            str(proposal.get_stage_display()),
            proposal.proposing_agency.name,
            str(proposal.get_status_display()),
            timezone.localtime(proposal.created_at).strftime("%d/%m/%Y"),
        )
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title of the document"), max_length=300)
    file = forms.FileField(
        label=_("File"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPT})
    )


class CommentForm(forms.Form):
    about = forms.ChoiceField(label=_("Your comment is about"), required=False)
    author_kind = forms.ChoiceField(label=_("Who you are"), choices=Audience.choices)
    author_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=300, required=False)
    is_anonymous = forms.BooleanField(
        label=_("Anonymous through the organisation named above"),
        required=False,
        help_text=_("Your name is then neither kept nor published; the organisation is."),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("Never published: we write to you when the answers are published."),
    )
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, consultation: Consultation, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("The whole draft"))]
        choices += [
            (f"q{q.number}", f"{q.number}. {q.text[:120]}") for q in consultation.questions.all()
        ]
        choices += [(f"p{p.pk}", p.label[:120]) for p in consultation.provisions.all()]
        self.fields["about"].choices = choices

    def target(self) -> tuple[int | None, int | None]:
        """(provision pk, question number) chosen in ``about``."""
        about = self.cleaned_data.get("about") or ""
        if about.startswith("p"):
            return int(about[1:]), None
        if about.startswith("q"):
            return None, int(about[1:])
        return None, None


class AnswerForm(forms.Form):
    version = version_field()
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Comment.Outcome.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ReportForm(forms.Form):
    report_summary = forms.CharField(
        label=_("Conclusion of the explanation report"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the draft takes on from the comments, and what it does not and why."),
    )


class FeedbackForm(forms.Form):
    commitment = forms.ModelChoiceField(
        label=_("Commitment concerned"),
        queryset=visibility.public_commitments().none(),
        required=False,
    )
    submitter_kind = forms.ChoiceField(label=_("Who you are"), choices=Audience.choices)
    submitter_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=300, required=False)
    is_anonymous = forms.BooleanField(
        label=_("Anonymous through the organisation named above"),
        required=False,
        help_text=_("Your name is then neither kept nor published; the organisation is."),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("Never published: we send the private link to follow your feedback here."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=300)
    text = forms.CharField(
        label=_("The difficulty"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What happened, where, and which rule of the commitment it concerns."),
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("Up to 3 files: PDF, DOCX, XLSX, PNG, JPEG or TXT, 20 MB each."),
    )

    def __init__(self, *args, query: str = "", **kwargs):
        """Any public commitment may be named: a search picker (``CommitmentChoicePicker``)
        over ``camket.portal.visibility.public_commitments``, never a list of all of them."""
        from camket.monitoring.forms import CommitmentChoicePicker

        super().__init__(*args, **kwargs)
        field = self.fields["commitment"]
        field.queryset = visibility.public_commitments().select_related(None)
        field.widget = CommitmentChoicePicker(
            query=query,
            search_url="consultation:feedback-commitment-picker",
            none_text=_("None chosen: search for the commitment concerned, or leave it empty."),
        )
        field.widget.choices = field.choices

    @classmethod
    def searching(cls, data) -> bool:
        """True when ``data`` was posted by the picker's search button (no JavaScript)."""
        from camket.monitoring.forms import CommitmentPicker

        return CommitmentPicker.SEARCH_BUTTON in data


class ScreenForm(forms.Form):
    version = version_field()
    agency = forms.ChoiceField(label=_("Agency that answers"), required=False)
    refusal = forms.ChoiceField(
        label=_("Or refuse it because"),
        required=False,
        choices=[("", "—"), *Feedback.Refusal.choices],
    )

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "—"), *((a.code, a.name) for a in agencies)]


class FeedbackAnswerForm(forms.Form):
    version = version_field()
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 8}))
    is_confidential = forms.BooleanField(
        label=_("Confidential answer"),
        required=False,
        help_text=_("Sent to the submitter only, never published."),
    )
