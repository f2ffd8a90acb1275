"""Monitoring: reporting cycles, progress reports, evidence, reminders and urging (C4)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from camket.agencies.models import Agency
from camket.agencies.permissions import scope_of
from camket.obligations.models import Task
from camket.registry.models import Commitment
from camket.versioning import Versioned, VersionedQuerySet


class ReportingCycle(models.Model):
    """A reporting period opened by the coordinator ("kỳ báo cáo")."""

    class Frequency(models.TextChoices):
        QUARTERLY = "quarterly", _("Quarterly")
        HALF_YEARLY = "half_yearly", _("Half-yearly")
        YEARLY = "yearly", _("Yearly")
        AD_HOC = "ad_hoc", _("Ad hoc")

    title = models.CharField(_("title"), max_length=200)
    frequency = models.CharField(
        _("frequency"), max_length=16, choices=Frequency.choices, default=Frequency.HALF_YEARLY
    )
    starts_on = models.DateField(_("period from"))
    ends_on = models.DateField(_("period to"))
    due_on = models.DateField(_("reports due on"))
    agencies = models.ManyToManyField(
        Agency, related_name="reporting_cycles", verbose_name=_("agencies")
    )
    commitments = models.ManyToManyField(
        Commitment,
        blank=True,
        related_name="reporting_cycles",
        verbose_name=_("commitments"),
        help_text=_("Leave empty to cover every commitment."),
    )
    is_closed = models.BooleanField(_("closed"), default=False)
    # Sample data ("dữ liệu mẫu"): a reporting round generated for the demo, since progress
    # reports cannot come from a public source. Every page and export that shows it says so.
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reporting cycle")
        verbose_name_plural = _("reporting cycles")
        ordering = ["-ends_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__lte=models.F("ends_on")), name="cycle_period_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("monitoring:cycle-detail", args=[self.pk])


class ProgressReportQuerySet(VersionedQuerySet):
    def visible_to(self, user) -> ProgressReportQuerySet:
        """Reports ``user`` may see: all for national roles; else those of the user's agencies.

        Observers also see approved reports on tasks and commitments they may read. Whether the
        content of a report (not only its existence and status) is shown is decided by
        ``permissions.can_read_report_content``.
        """
        scope = scope_of(user)
        if scope.is_national:
            return self
        mine = Q(agency_id__in=scope.agency_ids)
        if not scope.is_observer:
            return self.filter(mine) if scope.agency_ids else self.none()
        readable = Q(status=ProgressReport.Status.APPROVED) & (
            Q(task__in=Task.objects.visible_to(user))
            | Q(commitment__in=Commitment.objects.visible_to(user))
        )
        return self.filter(mine | readable)

    def pending(self) -> ProgressReportQuerySet:
        """Reports not yet submitted (draft or returned)."""
        return self.filter(status__in=[ProgressReport.Status.DRAFT, ProgressReport.Status.RETURNED])

    def overdue(self, today) -> ProgressReportQuerySet:
        """Reports still pending after their cycle's due date."""
        return self.pending().filter(due_on__lt=today)


class ProgressReport(Versioned):
    """A report on the implementation of one task or commitment in one cycle.

    Workflow ("dự thảo → đã gửi → đã phê duyệt | bị trả lại"): see ``workflow.TRANSITIONS``.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    class Progress(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        ON_TRACK = "on_track", _("On track")
        AT_RISK = "at_risk", _("At risk")
        LATE = "late", _("Late")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    cycle = models.ForeignKey(
        ReportingCycle,
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("reporting cycle"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="progress_reports", verbose_name=_("agency")
    )
    task = models.ForeignKey(
        Task,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="progress_reports",
        verbose_name=_("task"),
    )
    commitment = models.ForeignKey(
        Commitment,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="progress_reports",
        verbose_name=_("commitment"),
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    progress = models.CharField(
        _("progress"), max_length=16, choices=Progress.choices, default=Progress.NOT_STARTED
    )
    percent_done = models.PositiveSmallIntegerField(_("percent done"), default=0)
    narrative = models.TextField(_("results achieved"), blank=True)
    difficulties = models.TextField(_("difficulties"), blank=True)
    proposals = models.TextField(_("proposed solutions"), blank=True)
    resources_amount = models.DecimalField(
        _("resources used (VND)"), max_digits=18, decimal_places=0, null=True, blank=True
    )
    resources_source = models.CharField(
        _("source of resources"), max_length=16, choices=Task.Funding.choices, blank=True
    )
    return_comment = models.TextField(_("comment when returned"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # Local date of the first submission, kept for fast on-time counts (formulas.on_time_rate).
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["due_on", "pk"]
        # The lists order by (due_on, pk): ending each index with due_on lets the database read
        # a filtered page in order instead of sorting every matching report.
        indexes = [
            models.Index(fields=["cycle", "status", "due_on"]),
            models.Index(fields=["agency", "cycle", "status", "due_on"]),
            models.Index(fields=["status", "due_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "task"],
                condition=Q(task__isnull=False),
                name="one_report_per_task",
            ),
            models.UniqueConstraint(
                fields=["cycle", "commitment", "agency"],
                condition=Q(task__isnull=True),
                name="one_report_per_commitment",
            ),
            models.CheckConstraint(
                condition=Q(task__isnull=False) | Q(commitment__isnull=False),
                name="report_has_subject",
            ),
            models.CheckConstraint(condition=Q(percent_done__lte=100), name="percent_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} · {self.subject_title}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:report-detail", args=[self.pk])

    @property
    def subject_title(self) -> str:
        if self.task_id:
            return self.task.title
        return self.commitment.title if self.commitment_id else ""

    @property
    def is_blank(self) -> bool:
        """Nothing reported yet: no text and 0 percent done, as a report is when it is opened."""
        texts = (self.narrative, self.difficulties, self.proposals)
        return not self.percent_done and not any(t.strip() for t in texts)

    def is_on_time(self) -> bool | None:
        """True if submitted by the due date, False if late or still missing after it."""
        from camket.monitoring.formulas import submitted_on_time

        return submitted_on_time(self.submitted_on, self.due_on)


class CycleTally(models.Model):
    """Figures of one agency in one closed cycle, frozen when the coordinator closes it.

    Published figures do not move when a late report arrives afterwards, and the series over
    cycles reads a few rows per cycle instead of every report.
    """

    cycle = models.ForeignKey(ReportingCycle, on_delete=models.CASCADE, related_name="tallies")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    expected = models.PositiveIntegerField(default=0)
    submitted = models.PositiveIntegerField(default=0)
    approved = models.PositiveIntegerField(default=0)
    due = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)
    percent_sum = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cycle", "agency"], name="one_tally_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id}/{self.agency_id}"


class ReportCount(models.Model):
    """How many reports of one agency in one cycle share a status, progress, due date and timing.

    Kept in step with ``ProgressReport`` by ``counts.refresh_reports`` in the transaction of
    every write, so the dashboards of an open cycle add up a few hundred rows instead of
    aggregating every report. ``camket recount`` rebuilds them from the reports.
    """

    class Timing(models.TextChoices):
        NOT_SUBMITTED = "", _("Not submitted")
        ON_TIME = "on_time", _("On time")
        LATE = "late", _("Late")

    cycle = models.ForeignKey(ReportingCycle, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=16, choices=ProgressReport.Status.choices)
    progress = models.CharField(max_length=16, choices=ProgressReport.Progress.choices)
    due_on = models.DateField()
    timing = models.CharField(max_length=8, choices=Timing.choices, blank=True)
    reports = models.PositiveIntegerField(default=0)
    percent_sum = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "agency", "status", "progress", "due_on", "timing"],
                name="one_report_count_per_group",
            )
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id}/{self.agency_id}/{self.status}: {self.reports}"


class TaskCount(models.Model):
    """How many tasks one agency leads with one status, due in one month (or with no due date).

    Kept in step with ``Task`` by ``counts.refresh_tasks``. A month is enough: the dashboard
    counts tasks overdue in earlier months from here and reads the current month live.
    """

    lead_agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=16, choices=Task.Status.choices)
    due_month = models.DateField(null=True)
    tasks = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["lead_agency", "status", "due_month"],
                name="one_task_count_per_group",
            )
        ]

    def __str__(self) -> str:
        return f"{self.lead_agency_id}/{self.status}/{self.due_month}: {self.tasks}"


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"evidence/{instance.report.cycle_id}/{instance.sha256[:2]}/{instance.sha256}"


# Sniffed evidence types (``monitoring.evidence.ALLOWED``) as a reader names them.
EVIDENCE_KIND_LABELS = {
    "pdf": "PDF",
    "docx": "Word (DOCX)",
    "xlsx": "Excel (XLSX)",
    "png": _("PNG image"),
    "jpeg": _("JPEG image"),
    "text": _("plain text"),
}


class Evidence(models.Model):
    """A file proving what a report states; type sniffed from its bytes, SHA-256 stored."""

    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("report")
    )
    file = models.FileField(_("file"), upload_to=evidence_path)
    name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("type"), max_length=8)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_label(self) -> str:
        """The file type as a reader names it ("PDF", "văn bản thuần"), never the stored code."""
        return str(EVIDENCE_KIND_LABELS.get(self.kind, self.kind.upper()))


class Reminder(models.Model):
    """One reminder sent about one object; never sent twice for the same (object, kind)."""

    class Kind(models.TextChoices):
        DAYS_30 = "due_in_30", _("Due in 30 days")
        DAYS_7 = "due_in_7", _("Due in 7 days")
        OVERDUE = "overdue", _("Overdue since yesterday")

    subject_key = models.CharField(max_length=80)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField(_("due date"))
    sent_on = models.DateField(_("sent on"))
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["subject_key", "kind"], name="one_reminder_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.subject_key} {self.kind}"


class UrgingNotice(models.Model):
    """A formal urging notice ("đôn đốc") from the coordinator to an agency."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="urging_notices", verbose_name=_("agency")
    )
    cycle = models.ForeignKey(
        ReportingCycle,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="urging_notices",
        verbose_name=_("reporting cycle"),
    )
    number = models.CharField(_("document number"), max_length=60, blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("content"))
    respond_by = models.DateField(_("respond by"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("urging notice")
        verbose_name_plural = _("urging notices")
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return self.subject


class Notification(models.Model):
    """An in-app notification for one user."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="camket_notifications"
    )
    text = models.CharField(_("text"), max_length=500)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text
