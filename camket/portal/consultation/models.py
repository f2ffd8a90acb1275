"""Public consultation on drafts, and feedback and complaints from the public (C11).

A **consultation** ("lấy ý kiến") is opened by the lead agency on a draft commitment, a proposal
(camket.evaluation) or a draft implementation plan, for a window of at least
``lawcore.public_input.MIN_CONSULTATION_DAYS``; the public **comments** on the whole draft, on a
question or on a provision; the agency answers each comment and publishes the explanation report
("báo cáo tiếp thu, giải trình").

**Feedback** ("phản ánh, kiến nghị") is a difficulty reported by anyone: received -> screened by
the coordinator -> assigned to the lead agency -> answered -> closed; the submitter follows it by
a private link whose token only they hold (its SHA-256 is stored, never the token).

Writes go through ``actions.py``; staff reads through ``access.py``; public reads through
``public.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from camket.agencies.models import Agency
from camket.agencies.permissions import scope_of
from camket.registry.models import Commitment
from camket.versioning import Versioned, VersionedQuerySet


class Audience(models.TextChoices):
    """Who is asked ("đối tượng lấy ý kiến") and who writes ("người gửi")."""

    BUSINESS = "business", _("Business")
    ASSOCIATION = "association", _("Business or professional association")
    CITIZEN = "citizen", _("Citizen")
    EXPERT = "expert", _("Expert or scientist")
    SOCIAL_ORGANISATION = "social_organisation", _("Social organisation")
    AGENCY = "agency", _("State agency")


class ConsultationQuerySet(VersionedQuerySet):
    def visible_to(self, user) -> ConsultationQuerySet:
        """Consultations ``user`` may open on the staff side: national roles all; observers and
        agency staff (those their agency leads) only while they may also read the commitment, so
        a consultation follows its commitment when that becomes restricted or internal."""
        scope = scope_of(user)
        if scope.is_national:
            return self
        readable = self.filter(commitment__in=Commitment.objects.visible_to(user))
        if scope.is_observer:
            return readable
        return readable.filter(lead_agency_id__in=scope.agency_ids)

    def editable_by(self, user) -> ConsultationQuerySet:
        """Consultations ``user`` may answer and report on: coordinators all, else the officers
        and leaders of the lead agency."""
        scope = scope_of(user)
        if scope.is_national:
            return self
        return self.filter(lead_agency_id__in=scope.editor_agency_ids)


class Consultation(Versioned):
    """A public consultation on a draft ("lấy ý kiến về dự thảo")."""

    class Subject(models.TextChoices):
        COMMITMENT = "commitment", _("Draft commitment")
        PROPOSAL = "proposal", _("Proposal to negotiate or sign")
        PLAN = "plan", _("Draft implementation plan")

    subject = models.CharField(_("subject"), max_length=16, choices=Subject.choices)
    commitment = models.ForeignKey(
        "registry.Commitment",
        verbose_name=_("commitment"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    # A proposal of camket.evaluation, by primary key: the two apps migrate independently.
    proposal_id = models.PositiveIntegerField(_("proposal"), null=True, blank=True)
    plan = models.ForeignKey(
        "obligations.ActionPlan",
        verbose_name=_("implementation plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    lead_agency = models.ForeignKey(
        Agency, verbose_name=_("lead agency"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("what is consulted and why"))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    audiences = models.JSONField(_("audiences"), default=list)
    provisions = models.ManyToManyField(
        "registry.Provision", verbose_name=_("provisions put to consultation"), blank=True
    )
    report_summary = models.TextField(_("summary of the explanation report"), blank=True)
    report_published_at = models.DateTimeField(_("report published at"), null=True, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-opens_on", "-pk"]
        indexes = [models.Index(fields=["lead_agency", "closes_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultation:consultation-detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("consultation:public-consultation", args=[self.pk])

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on

    def has_closed(self, today=None) -> bool:
        return (today or timezone.localdate()) > self.closes_on

    @property
    def report_is_published(self) -> bool:
        return self.report_published_at is not None

    @property
    def audience_labels(self) -> list[str]:
        labels = dict(Audience.choices)
        return [str(labels.get(a, a)) for a in self.audiences]


class ConsultationDocument(models.Model):
    """A file published with a consultation: the draft, its explanatory note, an annex."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=300)
    name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to="consultation/%Y/")
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("consultation document")
        verbose_name_plural = _("consultation documents")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """A question the agency asks in a consultation."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="questions"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("question"))

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "number"], name="one_question_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"


class Comment(Versioned):
    """A comment on a consultation ("ý kiến góp ý"), answered one by one by the agency."""

    class Outcome(models.TextChoices):
        # Translators: "tiếp thu" (taken on) as in "báo cáo tiếp thu, giải trình".
        ACCEPTED = "accepted", pgettext_lazy("comment outcome", "Accepted")
        PARTLY = "partly", pgettext_lazy("comment outcome", "Partly accepted")
        NOT_ACCEPTED = "not_accepted", pgettext_lazy("comment outcome", "Not accepted")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments"
    )
    provision = models.ForeignKey(
        "registry.Provision",
        verbose_name=_("provision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    question = models.ForeignKey(
        Question,
        verbose_name=_("question"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    author_kind = models.CharField(_("who you are"), max_length=24, choices=Audience.choices)
    author_name = models.CharField(_("full name"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail"))
    language = models.CharField(
        _("language of the messages"), max_length=8, default="vi", editable=False
    )
    is_anonymous = models.BooleanField(_("anonymous through the organisation"), default=False)
    text = models.TextField(_("comment"))
    folded = models.TextField(editable=False, default="")
    submitted_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["submitted_at", "pk"]
        indexes = [models.Index(fields=["consultation", "answered_at"])]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_answered(self) -> bool:
        return bool(self.outcome)

    @property
    def public_author(self) -> str:
        """Who wrote it, as published: the organisation alone when anonymous through it."""
        if self.is_anonymous:
            return self.organisation
        return ", ".join(part for part in (self.author_name, self.organisation) if part)


class FeedbackQuerySet(models.QuerySet):
    def visible_to(self, user) -> FeedbackQuerySet:
        """Feedback ``user`` may read on the staff side: national roles all (they screen it),
        the staff of the agency it is assigned to; nobody else (it holds personal data)."""
        scope = scope_of(user)
        if scope.is_national:
            return self
        return self.filter(assigned_agency_id__in=scope.agency_ids)

    def open(self) -> FeedbackQuerySet:
        return self.exclude(status__in=Feedback.FINAL)

    def published(self) -> FeedbackQuerySet:
        """Answered feedback whose answer is public (not confidential, not refused)."""
        return self.filter(
            status__in=[Feedback.Status.ANSWERED, Feedback.Status.CLOSED],
            is_confidential=False,
        ).exclude(answer="")


class Feedback(Versioned):
    """A difficulty or complaint from the public ("phản ánh, kiến nghị")."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        SCREENED = "screened", _("Screened")
        ASSIGNED = "assigned", _("Assigned to the lead agency")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")
        REJECTED = "rejected", pgettext_lazy("feedback status", "Not accepted")

    class Refusal(models.TextChoices):
        DUPLICATE = "duplicate", _("Duplicate of another submission")
        OUT_OF_SCOPE = "out_of_scope", _("Not about an international commitment")
        SPAM = "spam", _("Advertising or abuse")

    FINAL = (Status.CLOSED, Status.REJECTED)

    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    commitment = models.ForeignKey(
        "registry.Commitment",
        verbose_name=_("commitment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitter_kind = models.CharField(_("who you are"), max_length=24, choices=Audience.choices)
    submitter_name = models.CharField(_("full name"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail"))
    language = models.CharField(
        _("language of the messages"), max_length=8, default="vi", editable=False
    )
    is_anonymous = models.BooleanField(_("anonymous through the organisation"), default=False)
    subject = models.CharField(_("subject"), max_length=300)
    text = models.TextField(_("the difficulty"))
    folded = models.TextField(editable=False, default="")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    received_at = models.DateTimeField(default=timezone.now)
    screening_due_on = models.DateField(_("to be screened by"))
    possible_duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    screened_at = models.DateTimeField(null=True, blank=True)
    refusal = models.CharField(_("reason"), max_length=16, choices=Refusal.choices, blank=True)
    assigned_agency = models.ForeignKey(
        Agency,
        verbose_name=_("lead agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    answer_due_on = models.DateField(_("answer due on"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    is_confidential = models.BooleanField(
        _("confidential answer"),
        default=False,
        help_text=_("A confidential answer is sent to the submitter only, never published."),
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    issue_url = models.CharField(_("implementation issue"), max_length=300, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "screening_due_on"]),
            models.Index(fields=["assigned_agency", "status", "answer_due_on"]),
        ]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("consultation:feedback-detail", args=[self.pk])

    @property
    def answered_on_time(self) -> bool | None:
        """Whether the answer came by ``answer_due_on`` (None while unanswered or unassigned)."""
        if self.answered_at is None or self.answer_due_on is None:
            return None
        return timezone.localtime(self.answered_at).date() <= self.answer_due_on

    @property
    def public_submitter(self) -> str:
        return self.get_submitter_kind_display()


class FeedbackAttachment(models.Model):
    """A file sent with feedback, checked as every upload is (``monitoring.evidence``)."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(max_length=8)
    file = models.FileField(_("file"), upload_to="feedback/%Y/")
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Submission(models.Model):
    """One public submission by one address, kept for rate limits (hashes, never addresses)."""

    class Kind(models.TextChoices):
        COMMENT = "comment", _("comment")
        FEEDBACK = "feedback", _("feedback")

    kind = models.CharField(max_length=16, choices=Kind.choices)
    address_hash = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["address_hash", "at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%d/%m/%Y %H:%M}"
