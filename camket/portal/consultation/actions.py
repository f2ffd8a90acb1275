"""Writes of consultation and feedback: one transaction each, predicate checked inside, audit row.

Public submissions (a comment, a feedback) have no acting user: their audit rows name no one and
hold no personal data. Every public submission passes :func:`check_rate` (per client address and
per e-mail address) and the near-duplicate check of ``lawcore.public_input``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from camket.agencies.models import Agency, Membership
from camket.audit.actions import record_audit
from camket.monitoring import notify
from camket.monitoring.evidence import check_upload
from camket.portal.consultation import access
from camket.portal.consultation.models import (
    Audience,
    Comment,
    Consultation,
    ConsultationDocument,
    Feedback,
    FeedbackAttachment,
    Question,
    Submission,
)
from camket.portal.opendata import subscriptions
from camket.portal.opendata.models import EventKind
from camket.portal.visibility import public_commitments
from camket.registry.models import Commitment, Provision
from camket.versioning import claim_version
from lawcore import public_input

MAX_ATTACHMENTS = 3
RATE_WINDOW = dt.timedelta(hours=1)
DUPLICATE_LOOKBACK = dt.timedelta(days=90)
DUPLICATE_CANDIDATES = 2000


def _limit() -> int:
    """Public submissions one address may make per hour (``CAMKET_PUBLIC_SUBMISSIONS_PER_HOUR``)."""
    return getattr(settings, "CAMKET_PUBLIC_SUBMISSIONS_PER_HOUR", 5)


class RateLimited(ValidationError):
    """Too many submissions from one address in :data:`RATE_WINDOW`."""


########## Consultations ##########


@dataclass(frozen=True)
class ConsultationData:
    """What opening a consultation takes (plain values: a form, the demo and tests use it)."""

    subject: str
    commitment: str  # code
    title: str
    summary: str
    opens_on: dt.date
    closes_on: dt.date
    audiences: Sequence[str]
    questions: Sequence[str] = ()
    plan: str = ""  # code, for a draft implementation plan
    proposal_id: int | None = None
    with_provisions: bool = False
    is_sample: bool = False


@dataclass(frozen=True)
class DocumentData:
    title: str
    upload: object  # an UploadedFile or anything with name, size and read()


def _consultation_problems(data: ConsultationData, commitment, plan) -> dict[str, str]:
    problems: dict[str, str] = {}
    if commitment is None:
        problems["commitment"] = _("Choose the commitment the draft is about.")
    elif commitment.confidentiality == Commitment.Confidentiality.RESTRICTED:
        problems["commitment"] = _(
            "“%(title)s” is restricted: a restricted commitment is never put to public "
            "consultation."
        ) % {"title": commitment.title}
    if data.subject == Consultation.Subject.PLAN and plan is None:
        problems["plan"] = _("Choose the draft implementation plan put to consultation.")
    elif (
        data.subject == Consultation.Subject.PLAN
        and commitment is not None
        and not plan.commitments.filter(pk=commitment.pk).exists()
    ):
        problems["plan"] = _("The plan “%(plan)s” does not implement “%(title)s”.") % {
            "plan": plan.title,
            "title": commitment.title,
        }
    if data.subject == Consultation.Subject.PROPOSAL and not data.proposal_id:
        problems["proposal_id"] = _("Choose the proposal put to consultation.")
    if data.subject not in Consultation.Subject.values:
        problems["subject"] = _("Choose what is put to consultation.")
    if not data.title.strip():
        problems["title"] = _("Give the consultation a title.")
    if not data.summary.strip():
        problems["summary"] = _("Say what is consulted and why.")
    unknown = [a for a in data.audiences if a not in Audience.values]
    if not data.audiences or unknown:
        problems["audiences"] = _("Choose at least one audience.")
    if data.closes_on < data.opens_on:
        problems["closes_on"] = _("The consultation closes before it opens.")
    elif (short := public_input.window_problem(data.opens_on, data.closes_on)) is not None:
        problems["closes_on"] = _(
            "The consultation must stay open at least %(minimum)d days (Law No. 80/2015/QH13, "
            "art. 57(1)): close it on %(date)s or later (%(short)d days short)."
        ) % {
            "minimum": public_input.MIN_CONSULTATION_DAYS,
            "date": public_input.earliest_close(data.opens_on).strftime("%d/%m/%Y"),
            "short": short,
        }
    return problems


def _proposal_problem(data: ConsultationData, commitment, acting_user) -> str | None:
    """Why ``data.proposal_id`` cannot be consulted on: it must be a proposal of the same
    commitment that the acting user may read (missing and not yours read the same)."""
    from camket.evaluation.models import Proposal

    proposals = Proposal.objects.filter(commitment=commitment)
    if acting_user is not None:
        proposals = proposals.visible_to(acting_user)
    if proposals.filter(pk=data.proposal_id).exists():
        return None
    return _(
        "Proposal no. %(number)s is not a proposal of “%(title)s” that you may read: choose "
        "one from the list."
    ) % {"number": data.proposal_id, "title": commitment.title}


@transaction.atomic
def open_consultation(
    data: ConsultationData, *, acting_user, documents: Iterable[DocumentData] = ()
) -> Consultation:
    """Open a consultation on a draft; refused (ValidationError naming the field) when the
    window is shorter than the legal minimum, the commitment is restricted or a file is unsafe.

    The lead agency is the commitment's (the plan's agency for a plan). With
    ``with_provisions`` the commitment's current provisions are put to consultation, so the
    public may comment on one of them. Subscribers hear of it once the transaction commits.
    """
    if acting_user is not None and not access.can_open_consultation(acting_user):
        raise PermissionDenied
    commitment = Commitment.objects.filter(code=data.commitment).select_related("lead_agency")
    commitment = commitment.first()
    plan = None
    if data.plan:
        from camket.obligations.models import ActionPlan

        plan = ActionPlan.objects.filter(code=data.plan).select_related("agency").first()
    if data.subject != Consultation.Subject.PLAN:
        plan = None  # only a plan's consultation names a plan (and is led by its agency)
    proposal_id = data.proposal_id if data.subject == Consultation.Subject.PROPOSAL else None
    problems = _consultation_problems(data, commitment, plan)
    if proposal_id and commitment is not None and "commitment" not in problems:
        problem = _proposal_problem(data, commitment, acting_user)
        if problem is not None:
            problems["proposal_id"] = problem
    if problems:
        raise ValidationError(problems)
    lead = plan.agency if plan is not None else commitment.lead_agency
    if acting_user is not None and not access.can_edit_consultation(
        acting_user, Consultation(lead_agency=lead)
    ):
        raise PermissionDenied
    consultation = Consultation.objects.create(
        subject=data.subject,
        commitment=commitment,
        plan=plan,
        proposal_id=proposal_id,
        lead_agency=lead,
        title=data.title.strip(),
        summary=data.summary.strip(),
        opens_on=data.opens_on,
        closes_on=data.closes_on,
        audiences=list(dict.fromkeys(data.audiences)),
        is_sample=data.is_sample,
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    for number, text in enumerate((q.strip() for q in data.questions if q.strip()), 1):
        Question.objects.create(consultation=consultation, number=number, text=text)
    if data.with_provisions:
        consultation.provisions.set(
            Provision.objects.filter(commitment=commitment, withdrawn=False)
        )
    for document in documents:
        _add_document(consultation, document)
    record_audit(
        consultation,
        "consultation.opened",
        acting_user,
        after={"opens_on": data.opens_on.isoformat(), "closes_on": data.closes_on.isoformat()},
        subject=commitment,
    )
    announce(consultation, EventKind.CONSULTATION_OPENED)
    return consultation


def _add_document(consultation: Consultation, document: DocumentData) -> ConsultationDocument:
    checked = check_upload(document.upload)
    row = ConsultationDocument(
        consultation=consultation,
        title=document.title.strip() or checked.name,
        name=checked.name,
        size=checked.size,
        sha256=checked.sha256,
    )
    row.file.save(checked.name, ContentFile(checked.content), save=False)
    row.save()
    return row


@transaction.atomic
def add_consultation_document(
    consultation: Consultation, document: DocumentData, *, acting_user
) -> ConsultationDocument:
    """Publish one more file with ``consultation`` (refused once its report is published)."""
    if not access.can_edit_consultation(acting_user, consultation):
        raise PermissionDenied
    if consultation.report_is_published:
        raise ValidationError(_("The explanation report is published: the file list is final."))
    row = _add_document(consultation, document)
    record_audit(row, "consultation.document_added", acting_user, subject=consultation)
    return row


def announce(consultation: Consultation, event: str, *, today: dt.date | None = None) -> None:
    """Tell subscribers (``camket.portal.opendata.subscriptions``) that ``consultation`` opened
    or its answers were published, inside the caller's transaction.

    Nothing is announced before the consultation opens (its public page does not exist yet;
    the daily job announces it on the day, see ``queues.run_reminders``). It names its
    commitment only when that commitment is public: a draft's consultation is announced
    without the draft behind it. Idempotent: the same event is announced once.
    """
    if consultation.opens_on > (today or timezone.localdate()):
        return
    commitment = public_commitments().filter(pk=consultation.commitment_id).first()
    subscriptions.announce(
        event, commitment, title=consultation.title, url=consultation.get_public_url()
    )


########## Public submissions: rate limits and duplicates ##########


def address_hash(value: str) -> str:
    """A keyed hash of an address (client IP or e-mail): rate limits without storing them."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, value.strip().lower().encode(), hashlib.sha256).hexdigest()


def check_rate(kind: str, addresses: Iterable[str], *, now: dt.datetime | None = None) -> None:
    """Refuse (RateLimited) when one of ``addresses`` made the allowed number of public
    submissions in the last hour; otherwise count this one."""
    now = now or timezone.now()
    hashes = sorted({address_hash(a) for a in addresses if a})
    recent = Submission.objects.filter(address_hash__in=hashes, at__gt=now - RATE_WINDOW)
    for digest in hashes:
        if recent.filter(address_hash=digest).count() >= _limit():
            raise RateLimited(
                _(
                    "Too many submissions from your address in the last hour (at most "
                    "%(limit)d). Please try again later."
                )
                % {"limit": _limit()},
                code="rate",
            )
    Submission.objects.bulk_create(Submission(kind=kind, address_hash=d, at=now) for d in hashes)


def _duplicate(queryset, key: str) -> tuple[int, float] | None:
    candidates = queryset.order_by("-pk").values_list("pk", "folded")[:DUPLICATE_CANDIDATES]
    return public_input.best_duplicate(key, candidates)


########## Comments ##########


def _language(code: str) -> str:
    """The site language ``code`` names (``en-us`` → ``en``); Vietnamese when unknown."""
    code = (code or "").split("-")[0].lower()
    return code if code in dict(settings.LANGUAGES) else "vi"


@dataclass(frozen=True)
class CommentData:
    author_kind: str
    email: str
    text: str
    author_name: str = ""
    organisation: str = ""
    is_anonymous: bool = False
    provision: int | None = None  # pk of a provision put to consultation
    question: int | None = None  # number of a question
    is_sample: bool = False
    language: str = "vi"  # of the e-mails the author gets (the page's language)


def _author_problems(kind: str, name: str, organisation: str, anonymous: bool) -> dict:
    problems = {}
    if kind not in Audience.values:
        problems["author_kind"] = _("Say who you are.")
    if anonymous and not organisation.strip():
        problems["organisation"] = _(
            "To write anonymously, name the association or organisation that sends it for you."
        )
    if not anonymous and not name.strip():
        problems["author_name"] = _("Give your name, or write anonymously through an association.")
    return problems


@transaction.atomic
def submit_comment(
    consultation: Consultation,
    data: CommentData,
    *,
    address: str = "",
    now: dt.datetime | None = None,
) -> Comment:
    """Record a public comment while ``consultation`` is open; refused with a message naming
    the field when it is closed, the provision or question is not its own, the author is not
    named (or anonymous without an organisation), the address is over its rate, or the same
    e-mail address already sent the same comment."""
    now = now or timezone.now()
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not consultation.is_open(timezone.localdate(now)):
        raise ValidationError(_("This consultation is not open for comments."), code="closed")
    problems = _author_problems(
        data.author_kind, data.author_name, data.organisation, data.is_anonymous
    )
    if not data.text.strip():
        problems["text"] = _("Write your comment.")
    provision = question = None
    if data.provision is not None:
        provision = consultation.provisions.filter(pk=data.provision).first()
        if provision is None:
            problems["provision"] = _("That provision is not put to this consultation.")
    if data.question is not None:
        question = consultation.questions.filter(number=data.question).first()
        if question is None:
            problems["question"] = _("That question is not asked in this consultation.")
    if problems:
        raise ValidationError(problems)
    key = public_input.folded_key(data.text)
    same_author = consultation.comments.filter(email__iexact=data.email.strip())
    if _duplicate(same_author, key):
        raise ValidationError(
            {"text": _("You already sent this comment; it is being considered.")},
            code="duplicate",
        )
    check_rate(Submission.Kind.COMMENT, [address, data.email], now=now)
    comment = Comment.objects.create(
        consultation=consultation,
        provision=provision,
        question=question,
        author_kind=data.author_kind,
        author_name="" if data.is_anonymous else data.author_name.strip(),
        organisation=data.organisation.strip(),
        email=data.email.strip(),
        is_anonymous=data.is_anonymous,
        text=data.text.strip(),
        folded=key,
        submitted_at=now,
        is_sample=data.is_sample,
        language=_language(data.language),
    )
    record_audit(comment, "comment.submitted", None, subject=consultation)
    return comment


@transaction.atomic
def answer_comment(
    comment: Comment, outcome: str, reason: str, *, acting_user, version: int | None = None
) -> Comment:
    """Record the agency's answer to ``comment`` (accepted / partly / not accepted, with the
    reason); it may be changed until the explanation report is published."""
    comment = Comment.objects.select_for_update().select_related("consultation").get(pk=comment.pk)
    consultation = comment.consultation
    if not access.can_edit_consultation(acting_user, consultation):
        raise PermissionDenied
    if consultation.report_is_published:
        raise ValidationError(_("The explanation report is published: answers are final."))
    problems = {}
    if outcome not in Comment.Outcome.values:
        problems["outcome"] = _("Choose whether the comment is accepted.")
    if not reason.strip():
        problems["reason"] = _("Give the reason for the answer.")
    if problems:
        raise ValidationError(problems)
    claim_version(comment, version)
    before = {"outcome": comment.outcome}
    comment.outcome = outcome
    comment.reason = reason.strip()
    comment.answered_by = acting_user
    comment.answered_at = timezone.now()
    comment.save()
    record_audit(
        comment, "comment.answered", acting_user, before=before, after={"outcome": outcome},
        subject=consultation,
    )  # fmt: skip
    return comment


@transaction.atomic
def publish_report(consultation: Consultation, summary: str, *, acting_user, today=None):
    """Publish the explanation report ("báo cáo tiếp thu, giải trình") of a closed consultation
    whose every comment is answered; commenters and subscribers are told after commit."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not access.can_edit_consultation(acting_user, consultation):
        raise PermissionDenied
    today = today or timezone.localdate()
    if consultation.report_is_published:
        raise ValidationError(_("The explanation report is already published."))
    if not consultation.has_closed(today):
        raise ValidationError(
            _("The consultation is open until %(date)s: publish the report after it closes.")
            % {"date": consultation.closes_on.strftime("%d/%m/%Y")}
        )
    unanswered = consultation.comments.filter(outcome="").count()
    if unanswered:
        raise ValidationError(
            _("%(count)d comments are not answered yet: answer each one first.")
            % {"count": unanswered}
        )
    if not summary.strip():
        raise ValidationError({"report_summary": _("Summarise what was taken on and why.")})
    consultation.report_summary = summary.strip()
    consultation.report_published_at = timezone.now()
    consultation.save()
    record_audit(consultation, "consultation.report_published", acting_user)
    announce(consultation, EventKind.ANSWER_PUBLISHED, today=today)
    if consultation.proposal_id is not None:
        # The report satisfies the consultation item of the proposal's dossier (decision 0019).
        from camket.evaluation.actions import take_consultation_report

        take_consultation_report(consultation.proposal_id, acting_user=acting_user)
    transaction.on_commit(lambda: _report_published(consultation.pk))
    return consultation


def _report_published(pk: int) -> None:
    """E-mail every author of a comment, once per address, in the language they wrote in."""
    consultation = Consultation.objects.get(pk=pk)
    url = settings.CAMKET_PUBLIC_URL.rstrip("/") + consultation.get_public_url()
    languages = {}
    for email, language in consultation.comments.order_by("submitted_at", "pk").values_list(
        "email", "language"
    ):
        languages.setdefault(email.lower(), (email, language))
    for email, language in sorted(languages.values()):
        with translation.override(language):
            subject = _("Answers to the comments on “%(title)s” are published") % {
                "title": consultation.title
            }
            body = _(
                "Thank you for your comment. The agency has answered every comment and "
                "published its explanation report:\n%(url)s"
            ) % {"url": url}
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email], fail_silently=True)


########## Feedback ##########


@dataclass(frozen=True)
class FeedbackData:
    submitter_kind: str
    email: str
    subject: str
    text: str
    submitter_name: str = ""
    organisation: str = ""
    is_anonymous: bool = False
    commitment: str = ""  # code of a public commitment
    uploads: Sequence[object] = field(default_factory=tuple)
    is_sample: bool = False
    language: str = "vi"  # of the e-mails the submitter gets (the page's language)


@dataclass(frozen=True)
class Submitted:
    feedback: Feedback
    token: str  # shown once to the submitter and e-mailed; only its hash is stored

    @property
    def private_path(self) -> str:
        return reverse("consultation:feedback-private", args=[self.token])


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def submit_feedback(
    data: FeedbackData, *, address: str = "", now: dt.datetime | None = None
) -> Submitted:
    """Receive a difficulty from the public; return it with its private token.

    Refused with a message naming the field when the submitter is not named (or anonymous
    without an organisation), the commitment is not public, a file is unsafe, the address is
    over its rate, or the same e-mail address already sent the same text. A text like another
    open submission of someone else is received and flagged for the coordinator. The
    submitter gets the private link by e-mail; the coordinators are notified.
    """
    now = now or timezone.now()
    problems = _author_problems(
        data.submitter_kind, data.submitter_name, data.organisation, data.is_anonymous
    )
    commitment = None
    if data.commitment:
        commitment = public_commitments().filter(code=data.commitment).first()
        if commitment is None:
            problems["commitment"] = _("Choose a commitment from the list, or none.")
    if not data.subject.strip():
        problems["subject"] = _("Give your feedback a subject.")
    if not data.text.strip():
        problems["text"] = _("Describe the difficulty.")
    if len(data.uploads) > MAX_ATTACHMENTS:
        problems["attachments"] = _("Attach at most %(count)d files.") % {"count": MAX_ATTACHMENTS}
    if problems:
        raise ValidationError(problems)
    checked = []
    for upload in data.uploads:
        try:
            checked.append(check_upload(upload))
        except ValidationError as error:
            raise ValidationError({"attachments": error.messages}) from None
    key = public_input.folded_key(f"{data.subject}\n{data.text}")
    recent = Feedback.objects.filter(received_at__gt=now - DUPLICATE_LOOKBACK)
    if _duplicate(recent.filter(email__iexact=data.email.strip()), key):
        raise ValidationError(
            {"text": _("You already sent this; follow it by the private link we e-mailed you.")},
            code="duplicate",
        )
    check_rate(Submission.Kind.FEEDBACK, [address, data.email], now=now)
    similar = _duplicate(recent.exclude(status=Feedback.Status.REJECTED), key)
    token = secrets.token_urlsafe(32)
    feedback = Feedback.objects.create(
        token_hash=token_hash(token),
        commitment=commitment,
        submitter_kind=data.submitter_kind,
        submitter_name="" if data.is_anonymous else data.submitter_name.strip(),
        organisation=data.organisation.strip(),
        email=data.email.strip(),
        is_anonymous=data.is_anonymous,
        subject=data.subject.strip(),
        text=data.text.strip(),
        folded=key,
        received_at=now,
        screening_due_on=timezone.localdate(now) + dt.timedelta(days=public_input.SCREENING_DAYS),
        possible_duplicate_of_id=similar[0] if similar else None,
        is_sample=data.is_sample,
        language=_language(data.language),
    )
    for item in checked:
        attachment = FeedbackAttachment(
            feedback=feedback, name=item.name, kind=item.kind, size=item.size, sha256=item.sha256
        )
        attachment.file.save(item.name, ContentFile(item.content), save=False)
        attachment.save()
    record_audit(feedback, "feedback.received", None, after={"status": feedback.status})
    submitted = Submitted(feedback, token)
    if not data.is_sample:
        transaction.on_commit(lambda: _feedback_received(feedback.pk, submitted.private_path))
    return submitted


def _private_link(path: str) -> str:
    return settings.CAMKET_PUBLIC_URL.rstrip("/") + path


def _feedback_received(pk: int, path: str) -> None:
    feedback = Feedback.objects.get(pk=pk)
    with translation.override(feedback.language):
        subject = _("CamKet received your feedback: %(subject)s") % {"subject": feedback.subject}
        body = _(
            "We received your feedback “%(subject)s”. The national coordinator screens it by "
            "%(date)s and sends it to the agency in charge. Follow it at this private link "
            "(keep it to yourself: anyone holding it can read your feedback):\n%(url)s"
        ) % {
            "subject": feedback.subject,
            "date": feedback.screening_due_on.strftime("%d/%m/%Y"),
            "url": _private_link(path),
        }
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [feedback.email], fail_silently=True)
    with notify.in_readers_language():
        text = _("New feedback to screen: %(subject)s") % {"subject": feedback.subject}
    notify.send(coordinators(), text, feedback.get_absolute_url())


def coordinators():
    return (
        get_user_model()
        .objects.filter(memberships__role=Membership.Role.COORDINATOR, is_active=True)
        .distinct()
    )


def _tell_submitter(feedback: Feedback, message) -> None:
    """E-mail the submitter ``message()`` (subject, body), built in the language they wrote in
    whatever the language of the officer acting."""
    if feedback.is_sample:
        return
    with translation.override(feedback.language):
        subject, body = message()
        text = body + "\n\n" + _("Follow your feedback by the private link we e-mailed you first.")
    transaction.on_commit(
        lambda: send_mail(
            subject, text, settings.DEFAULT_FROM_EMAIL, [feedback.email], fail_silently=True
        )
    )


def _locked(feedback: Feedback) -> Feedback:
    return Feedback.objects.select_for_update().get(pk=feedback.pk)


@transaction.atomic
def screen_feedback(
    feedback: Feedback,
    *,
    acting_user,
    agency: str = "",
    refusal: str = "",
    version: int | None = None,
    today: dt.date | None = None,
) -> Feedback:
    """The coordinator's screening of received feedback: assign it to ``agency`` (code), which
    must answer within ``lawcore.public_input.ANSWER_DAYS``, or refuse it with ``refusal``."""
    if not access.can_screen_feedback(acting_user):
        raise PermissionDenied
    feedback = _locked(feedback)
    if feedback.status != Feedback.Status.RECEIVED:
        raise ValidationError(_("This feedback was already screened."))
    if bool(agency) == bool(refusal):
        raise ValidationError(
            {"agency": _("Choose the agency that answers, or the reason for refusing.")}
        )
    claim_version(feedback, version)
    today = today or timezone.localdate()
    feedback.screened_at = timezone.now()
    if refusal:
        if refusal not in Feedback.Refusal.values:
            raise ValidationError({"refusal": _("Choose a reason from the list.")})
        feedback.status, feedback.refusal = Feedback.Status.REJECTED, refusal
        feedback.closed_at = feedback.screened_at
        feedback.save()
        record_audit(feedback, "feedback.refused", acting_user, after={"refusal": refusal})
        _tell_submitter(
            feedback,
            lambda: (
                _("Your feedback was not accepted: %(subject)s") % {"subject": feedback.subject},
                _("Reason: %(reason)s.") % {"reason": feedback.get_refusal_display()},
            ),
        )
        return feedback
    target = Agency.objects.filter(code=agency, is_active=True).first()
    if target is None:
        raise ValidationError({"agency": _("Choose an existing agency.")})
    feedback.status = Feedback.Status.ASSIGNED
    feedback.assigned_agency = target
    feedback.assigned_at = feedback.screened_at
    feedback.answer_due_on = today + dt.timedelta(days=public_input.ANSWER_DAYS)
    feedback.save()
    record_audit(
        feedback,
        "feedback.assigned",
        acting_user,
        after={"agency": target.code, "answer_due_on": feedback.answer_due_on.isoformat()},
    )
    with notify.in_readers_language():
        text = _("Feedback to answer by %(date)s: %(subject)s") % {
            "date": feedback.answer_due_on.strftime("%d/%m/%Y"),
            "subject": feedback.subject,
        }
    url = feedback.get_absolute_url()
    transaction.on_commit(
        lambda: notify.send(notify.staff_of([target.pk]), text, url, email_subject=text)
    )
    _tell_submitter(
        feedback,
        lambda: (
            _("Your feedback was sent to %(agency)s") % {"agency": target.name},
            _("%(agency)s will answer by %(date)s.")
            % {"agency": target.name, "date": feedback.answer_due_on.strftime("%d/%m/%Y")},
        ),
    )
    return feedback


@transaction.atomic
def answer_feedback(
    feedback: Feedback,
    answer: str,
    *,
    acting_user,
    is_confidential: bool = False,
    version: int | None = None,
) -> Feedback:
    """The lead agency's answer; published (personal data masked) unless confidential. The
    submitter is e-mailed. An answer may be corrected until the feedback is closed."""
    feedback = _locked(feedback)
    if not access.can_answer_feedback(acting_user, feedback):
        raise PermissionDenied
    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer.")})
    claim_version(feedback, version)
    first = feedback.answered_at is None
    feedback.answer = answer.strip()
    feedback.is_confidential = is_confidential
    feedback.status = Feedback.Status.ANSWERED
    if first:
        feedback.answered_at = timezone.now()
    feedback.answered_by = acting_user
    feedback.save()
    record_audit(
        feedback,
        "feedback.answered",
        acting_user,
        after={"confidential": is_confidential, "on_time": feedback.answered_on_time},
    )
    if not is_confidential:
        _announce_answer(feedback)
    _tell_submitter(
        feedback,
        lambda: (
            _("Your feedback was answered: %(subject)s") % {"subject": feedback.subject},
            _("%(agency)s answered your feedback. Read the answer by your private link.")
            % {"agency": feedback.assigned_agency.name},
        ),
    )
    return feedback


def _announce_answer(feedback: Feedback) -> None:
    """Tell subscribers of "answer published" that ``feedback``'s answer is public, as a
    consultation's report does: once per feedback (a corrected answer is not announced again),
    naming its commitment only when public, with the subject as published (masked)."""
    from camket.portal.consultation.public import masked

    commitment = public_commitments().filter(pk=feedback.commitment_id).first()
    url = reverse("consultation:public-feedback-list") + f"#feedback-{feedback.pk}"
    subscriptions.announce(
        EventKind.ANSWER_PUBLISHED,
        commitment,
        title=masked(feedback.subject),
        url=url,
        key=f"{EventKind.ANSWER_PUBLISHED}:feedback:{feedback.pk}",
    )


@transaction.atomic
def close_feedback(feedback: Feedback, *, acting_user) -> Feedback:
    """Close answered feedback (its answer stays published unless confidential)."""
    feedback = _locked(feedback)
    if not access.can_close_feedback(acting_user, feedback):
        raise PermissionDenied
    feedback.status = Feedback.Status.CLOSED
    feedback.closed_at = timezone.now()
    feedback.save()
    record_audit(feedback, "feedback.closed", acting_user)
    return feedback


@transaction.atomic
def raise_issue(feedback: Feedback, *, acting_user):
    """Raise a difficulty that needs the partner as an implementation issue of its commitment
    (``camket.coordination.mechanisms.actions.open_issue``), once: the feedback remembers it.

    Refused (ValidationError) when the feedback names no commitment. The issue's facts are the
    feedback as published (personal data masked); the submitter is not named.
    """
    from camket.coordination.mechanisms import actions as mechanisms
    from camket.coordination.mechanisms.models import ImplementationIssue
    from camket.portal.consultation.public import masked

    feedback = _locked(feedback)
    if not access.can_answer_feedback(acting_user, feedback):
        raise PermissionDenied
    if feedback.commitment_id is None:
        raise ValidationError(_("Only feedback about a commitment can be raised with the partner."))
    issue = mechanisms.open_issue(
        mechanisms.IssueData(
            commitment=feedback.commitment.code,
            title=masked(feedback.subject)[:300],
            facts=masked(feedback.text),
            origin=ImplementationIssue.Origin.PUBLIC_FEEDBACK,
            side=ImplementationIssue.Side.PARTNER,
            lead_agency=feedback.assigned_agency.code if feedback.assigned_agency else "",
            origin_reference=_("Feedback from the public no. %(pk)d") % {"pk": feedback.pk},
            external_key=f"consultation.feedback:{feedback.pk}",
            is_sample=feedback.is_sample,
        ),
        acting_user=acting_user,
    )
    feedback.issue_url = reverse("mechanisms:issue-detail", args=[issue.pk])
    feedback.save()
    record_audit(feedback, "feedback.issue_raised", acting_user, after={"issue": issue.pk})
    return issue
