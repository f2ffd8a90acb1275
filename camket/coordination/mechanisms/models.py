"""Mechanisms with partners, their meetings, and implementation issues raised there (C14).

Directive 56-CT/TW asks that problems in implementing a commitment be resolved through bilateral
and multilateral mechanisms. A ``Mechanism`` is such a body (a joint committee, an FTA committee or
sub-committee, an ASEAN body such as ASSIST, a WTO committee); a ``Meeting`` is one of its sessions;
an ``ImplementationIssue`` is a problem of one commitment, followed step by step until the partner
and Viet Nam settle it. Access (docs/decisions/0021-mechanisms-and-issues.md): mechanisms and
meetings are staff-wide; an issue is read by whoever may read its commitment, and a commitment a
reader may not see never shows through a mechanism, a meeting or a brief.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from camket.agencies.models import Agency
from camket.agencies.permissions import scope_of
from camket.obligations.models import Obligation, Task
from camket.registry.models import Commitment, Partner
from camket.versioning import Versioned, VersionedQuerySet
from lawcore.early_warning import days_open


def _reads_staff_records(user) -> bool:
    scope = scope_of(user)
    return scope.is_national or scope.is_observer or bool(scope.agency_ids)


class MechanismQuerySet(models.QuerySet):
    def visible_to(self, user) -> MechanismQuerySet:
        """Every mechanism for staff with a role; none for anyone else."""
        return self if _reads_staff_records(user) else self.none()


class Mechanism(Versioned):
    """A standing body where Viet Nam and its partners take up implementation."""

    class Kind(models.TextChoices):
        JOINT_COMMITTEE = "joint_committee", _("Joint committee (intergovernmental)")
        FTA_COMMITTEE = "fta_committee", _("Free trade agreement committee")
        FTA_SUBCOMMITTEE = "fta_subcommittee", _("Committee or working group under an agreement")
        ASEAN_BODY = "asean_body", _("ASEAN body or mechanism")
        WTO_COMMITTEE = "wto_committee", _("WTO committee")
        OTHER = "other", _("Other mechanism")

    name_vi = models.CharField(_("name (Vietnamese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("part of"),
    )
    commitments = models.ManyToManyField(
        Commitment, blank=True, related_name="mechanisms", verbose_name=_("commitments")
    )
    partners = models.ManyToManyField(
        Partner, blank=True, related_name="mechanisms", verbose_name=_("partners")
    )
    focal_agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Vietnamese focal agency"),
    )
    mandate = models.TextField(_("mandate"), blank=True)
    source_links = models.JSONField(_("sources"), default=list, blank=True)
    external_key = models.CharField(max_length=80, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MechanismQuerySet.as_manager()

    class Meta:
        ordering = ["name_vi"]
        verbose_name = _("mechanism")
        verbose_name_plural = _("mechanisms")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name_vi


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user) -> MeetingQuerySet:
        return self if _reads_staff_records(user) else self.none()


class Meeting(Versioned):
    """One session of a mechanism: when, where, what is on the agenda, what was decided."""

    mechanism = models.ForeignKey(
        Mechanism, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("mechanism")
    )
    title = models.CharField(_("title"), max_length=300)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    source_links = models.JSONField(_("sources"), default=list, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    external_key = models.CharField(max_length=80, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return self.title

    @property
    def is_upcoming(self) -> bool:
        return self.held_on >= timezone.localdate()


class IssueQuerySet(VersionedQuerySet):
    def visible_to(self, user) -> IssueQuerySet:
        """Issues of the commitments ``user`` may read (the commitment's own rule)."""
        if scope_of(user).is_national:
            return self
        return self.filter(commitment__in=Commitment.objects.visible_to(user))

    def editable_by(self, user) -> IssueQuerySet:
        """Coordinators all; officers and leaders those their agency leads or whose commitment
        their agency leads."""
        scope = scope_of(user)
        if scope.is_national:
            return self
        agencies = scope.editor_agency_ids
        return self.filter(
            Q(lead_agency_id__in=agencies) | Q(commitment__lead_agency_id__in=agencies)
        ).filter(commitment__in=Commitment.objects.visible_to(user))

    def open(self) -> IssueQuerySet:
        return self.filter(status__in=ImplementationIssue.OPEN_STATUSES)


class ImplementationIssue(Versioned):
    """A problem in implementing a commitment, taken to the partner ("vướng mắc thực thi")."""

    class Origin(models.TextChoices):
        PROGRESS_REPORT = "progress_report", _("Difficulty in a progress report")
        PUBLIC_FEEDBACK = "public_feedback", _("Feedback from businesses or the public")
        REVIEW = "review", _("Annual review")
        PARTNER = "partner", _("Raised by the partner")
        EARLY_WARNING = "early_warning", _("Early warning (obligation due soon and at risk)")
        OTHER = "other", _("Other")

    class Side(models.TextChoices):
        VIET_NAM = "viet_nam", _("Viet Nam's obligation")
        PARTNER = "partner", _("The partner's obligation")

    class Status(models.TextChoices):
        RAISED = "raised", _("Raised")
        UNDER_DISCUSSION = "under_discussion", _("Under discussion")
        RESOLVED = "resolved", _("Resolved")
        PARTLY_RESOLVED = "partly_resolved", _("Partly resolved")
        NOT_RESOLVED = "not_resolved", _("Not resolved")

    class Measure(models.TextChoices):
        NONE = "", _("None proposed")
        EXTENSION = "extension", _("Extension of the time limit")
        TRANSITIONAL_MEASURE = "transitional_measure", _("Transitional measure")
        RENEGOTIATION = "renegotiation", _("Renegotiation")

    OPEN_STATUSES = (Status.RAISED, Status.UNDER_DISCUSSION)

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.PROTECT,
        related_name="implementation_issues",
        verbose_name=_("commitment"),
    )
    obligation = models.ForeignKey(
        Obligation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="implementation_issues",
        verbose_name=_("obligation"),
    )
    title = models.CharField(_("title"), max_length=300)
    origin = models.CharField(_("origin"), max_length=24, choices=Origin.choices)
    origin_report = models.ForeignKey(
        "monitoring.ProgressReport",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("progress report"),
    )
    origin_reference = models.CharField(_("reference of the origin"), max_length=200, blank=True)
    side = models.CharField(_("whose obligation"), max_length=16, choices=Side.choices)
    partner = models.ForeignKey(
        Partner,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("partner concerned"),
    )
    lead_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("lead agency")
    )
    facts = models.TextField(_("facts"))
    impact = models.TextField(_("impact"), blank=True)
    businesses_affected = models.CharField(_("businesses affected"), max_length=300, blank=True)
    trade_value_usd = models.DecimalField(
        _("trade value concerned (USD)"), max_digits=16, decimal_places=0, null=True, blank=True
    )
    proposed_measure = models.CharField(
        _("measure proposed"), max_length=24, choices=Measure.choices, blank=True
    )
    mechanism = models.ForeignKey(
        Mechanism,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issues",
        verbose_name=_("mechanism where it is raised"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RAISED
    )
    raised_on = models.DateField(_("raised on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    tasks = models.ManyToManyField(
        Task, blank=True, related_name="implementation_issues", verbose_name=_("follow-up tasks")
    )
    is_sample = models.BooleanField(_("sample data"), default=False)
    external_key = models.CharField(max_length=80, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = IssueQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_on", "-pk"]
        verbose_name = _("implementation issue")
        verbose_name_plural = _("implementation issues")
        indexes = [models.Index(fields=["status", "raised_on"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def days_open(self) -> int:
        return days_open(self.raised_on, self.closed_on, timezone.localdate())


class IssueStep(models.Model):
    """One step of an issue: raised, discussed at a meeting, settled; with what was decided."""

    issue = models.ForeignKey(ImplementationIssue, on_delete=models.CASCADE, related_name="steps")
    on = models.DateField(_("date"))
    status = models.CharField(
        _("status after this step"), max_length=20, choices=ImplementationIssue.Status.choices
    )
    meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="issue_steps",
        verbose_name=_("meeting"),
    )
    note = models.TextField(_("what happened"), blank=True)
    decision = models.TextField(_("decision"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self) -> str:
        return f"{self.on:%d/%m/%Y} {self.get_status_display()}"
