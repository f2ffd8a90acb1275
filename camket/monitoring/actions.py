"""Writes in monitoring: one transaction each, predicate checked inside, audit row left."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, fields

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from camket.agencies.models import Agency
from camket.audit.actions import record_audit
from camket.monitoring import counts, notify, permissions
from camket.monitoring.evidence import check_upload
from camket.monitoring.models import (
    Evidence,
    Notification,
    ProgressReport,
    ReportingCycle,
    UrgingNotice,
)
from camket.obligations.models import Task
from camket.registry.actions import Lookups
from camket.registry.models import Commitment
from camket.versioning import claim_version
from camket.writes import Problems, bulk_insert

Status = ProgressReport.Status
BATCH = 5000


@transaction.atomic
def open_cycle(form, *, acting_user) -> ReportingCycle:
    """Create a reporting cycle from a valid ``CycleForm`` and one draft report per subject.

    Each covered agency gets a report for every task it leads that serves an obligation of a
    covered commitment, and one for each covered commitment it leads with no such task.
    """
    if not permissions.can_open_cycle(acting_user):
        raise PermissionDenied
    cycle = form.save(commit=False)
    cycle.created_by = acting_user
    cycle.save()
    form.save_m2m()
    created = materialize_reports(cycle)
    record_audit(cycle, "cycle.opened", acting_user, after={"reports": created})
    agency_ids = list(cycle.agencies.values_list("pk", flat=True))
    transaction.on_commit(lambda: notify.cycle_opened(cycle.pk, agency_ids))
    return cycle


def materialize_reports(cycle: ReportingCycle) -> int:
    """Bulk-create the draft reports ``cycle`` expects and lacks; return how many were created.

    The one place reports are bulk-created, when a cycle opens and again for tasks and
    commitments added since (``add_missing_reports``). Idempotent: a task that already has a
    report in ``cycle`` is skipped, and so is a (commitment, agency) that already has a
    commitment report or a task report on one of the commitment's tasks (even if that task was
    cancelled since), so a second call creates only what is missing.
    """
    agency_ids = set(cycle.agencies.values_list("pk", flat=True))
    commitment_ids = set(cycle.commitments.values_list("pk", flat=True))
    existing = ProgressReport.objects.filter(cycle=cycle)
    reported_tasks = set(
        existing.filter(task__isnull=False)
        .values_list("task_id", flat=True)
        .iterator(chunk_size=BATCH)
    )
    covered: set[tuple[int, int]] = set(
        existing.filter(task__isnull=True).values_list("commitment_id", "agency_id")
    )
    if reported_tasks:
        covered.update(
            existing.filter(task__isnull=False)
            .values_list("task__obligations__commitment_id", "agency_id")
            .iterator(chunk_size=BATCH)
        )
    tasks = Task.objects.filter(lead_agency_id__in=agency_ids).exclude(status=Task.Status.CANCELLED)
    if commitment_ids:
        tasks = tasks.filter(obligations__commitment_id__in=commitment_ids)
    rows: dict[int, ProgressReport] = {}
    for task_id, agency_id, commitment_id in tasks.values_list(
        "pk", "lead_agency_id", "obligations__commitment_id"
    ).iterator(chunk_size=BATCH):
        covered.add((commitment_id, agency_id))
        if task_id not in reported_tasks:
            rows.setdefault(task_id, _draft(cycle, agency_id, task_id=task_id))
    reports = list(rows.values()) + _commitment_reports(cycle, agency_ids, commitment_ids, covered)
    if reports:
        ProgressReport.objects.bulk_create(reports, batch_size=BATCH)
        counts.refresh_reports(cycle.pk)  # bulk_create sends no signal
    return len(reports)


def _commitment_reports(cycle, agency_ids, commitment_ids, covered) -> list[ProgressReport]:
    commitments = Commitment.objects.filter(lead_agency_id__in=agency_ids, is_reference=False)
    if commitment_ids:
        commitments = commitments.filter(pk__in=commitment_ids)
    return [
        _draft(cycle, agency_id, commitment_id=pk)
        for pk, agency_id in commitments.values_list("pk", "lead_agency_id")
        if (pk, agency_id) not in covered
    ]


def _draft(cycle, agency_id, *, task_id=None, commitment_id=None) -> ProgressReport:
    return ProgressReport(
        cycle=cycle,
        agency_id=agency_id,
        task_id=task_id,
        commitment_id=commitment_id,
        due_on=cycle.due_on,
    )


@transaction.atomic
def add_missing_reports(cycle: ReportingCycle, *, acting_user) -> int:
    """Create the draft reports of tasks and commitments added since ``cycle`` opened.

    Returns how many were created (0 when none was missing). A closed cycle is refused: its
    figures are frozen.
    """
    if not permissions.can_open_cycle(acting_user):
        raise PermissionDenied
    cycle = ReportingCycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.is_closed:
        raise ValidationError(_("The reporting cycle is closed; no report can be added to it."))
    created = materialize_reports(cycle)
    record_audit(cycle, "cycle.reports_added", acting_user, after={"reports": created})
    return created


def _locked(report: ProgressReport) -> ProgressReport:
    return ProgressReport.objects.select_for_update().get(pk=report.pk)


CONTENT_FIELDS = (
    "progress",
    "percent_done",
    "narrative",
    "difficulties",
    "proposals",
    "resources_amount",
    "resources_source",
)


@transaction.atomic
def save_report(
    report: ProgressReport,
    content: dict | None,
    *,
    acting_user,
    version: int | None = None,
    upload=None,
    submit: bool = False,
) -> ProgressReport:
    """Save what is on the report page, then attach ``upload`` and submit if asked.

    ``content`` maps ``CONTENT_FIELDS`` to the values typed (None: keep the saved content);
    ``version`` is the one the page was drawn from (EditConflict if saved since). All in one
    transaction, content first, so attaching a file or submitting never drops what was typed,
    and a refused file or submission leaves nothing half-saved. A blank report (no text,
    0 percent) cannot be submitted.
    """
    if not permissions.can_edit_report(acting_user, _locked(report)):
        raise PermissionDenied
    if content is not None:
        claim_version(report, version)
        for name in CONTENT_FIELDS:
            setattr(report, name, content[name])
        report.author = acting_user
        report.save()
        record_audit(report, "report.saved", acting_user, after=_content(report))
    if upload is not None:
        add_evidence(report, upload, acting_user=acting_user)
    if submit:
        if report.is_blank:
            raise ValidationError(
                _(
                    "The report is empty: write the results achieved (or the difficulties) and "
                    "the percent done before submitting it to the leader."
                ),
                code="blank",
            )
        report = submit_report(report, acting_user=acting_user)
    return report


def _content(report: ProgressReport) -> dict:
    return {
        "status": report.status,
        "progress": report.progress,
        "percent_done": report.percent_done,
    }


def _transition(report: ProgressReport, verb: str, acting_user) -> tuple[ProgressReport, str]:
    """Lock ``report``, check the predicate for ``verb`` and set the new status."""
    report = _locked(report)
    if not permissions.PREDICATES[verb](acting_user, report):
        raise PermissionDenied
    before = report.status
    report.status = permissions.TRANSITIONS[verb][1]
    return report, before


@transaction.atomic
def submit_report(report: ProgressReport, *, acting_user) -> ProgressReport:
    """Send a draft or returned report to the agency's leader ("đã gửi")."""
    report, before = _transition(report, "submit", acting_user)
    now = timezone.now()
    report.submitted_at = now
    report.submitted_on = report.submitted_on or timezone.localdate(now)
    report.author = report.author or acting_user
    report.save(update_fields=["status", "submitted_at", "submitted_on", "author", "updated_at"])
    record_audit(
        report, "report.submitted", acting_user, before={"status": before}, after=_content(report)
    )
    transaction.on_commit(lambda: notify.report_submitted(report.pk))
    return report


@transaction.atomic
def approve_report(report: ProgressReport, *, acting_user) -> ProgressReport:
    """Approve a submitted report; the coordinator sees it from now on."""
    report, before = _transition(report, "approve", acting_user)
    report.decided_by, report.decided_at = acting_user, timezone.now()
    report.return_comment = ""
    report.save(
        update_fields=["status", "decided_by", "decided_at", "return_comment", "updated_at"]
    )
    record_audit(
        report,
        "report.approved",
        acting_user,
        before={"status": before},
        after={"status": report.status},
    )
    transaction.on_commit(lambda: notify.report_decided(report.pk))
    return report


@transaction.atomic
def return_report(report: ProgressReport, *, acting_user, comment: str) -> ProgressReport:
    """Return a submitted report to its authors with a comment ("bị trả lại")."""
    if not comment.strip():
        raise ValidationError(_("Say what must be corrected before returning the report."))
    report, before = _transition(report, "return", acting_user)
    report.decided_by, report.decided_at = acting_user, timezone.now()
    report.return_comment = comment.strip()
    report.save(
        update_fields=["status", "decided_by", "decided_at", "return_comment", "updated_at"]
    )
    record_audit(
        report,
        "report.returned",
        acting_user,
        before={"status": before},
        after={"status": report.status, "comment": report.return_comment},
    )
    transaction.on_commit(lambda: notify.report_decided(report.pk))
    return report


TRANSITION_ACTIONS = {"submit": submit_report, "approve": approve_report}


@transaction.atomic
def mark_notifications_read(user, *, acting_user) -> int:
    """Mark every unread notification of ``user`` read (the header count drops to 0).

    Only the addressee marks their own notifications; returns how many were unread. One audit
    row names how many, not their texts.
    """
    if acting_user is None or acting_user.pk != user.pk:
        raise PermissionDenied
    count = Notification.objects.filter(user=user, read_at=None).update(read_at=timezone.now())
    if count:
        record_audit(user, "notifications.read", acting_user, after={"count": count})
    return count


@transaction.atomic
def add_evidence(report: ProgressReport, upload, *, acting_user) -> Evidence:
    """Attach a checked file (type sniffed, size limited, SHA-256 stored) to an editable report."""
    if not permissions.can_edit_report(acting_user, _locked(report)):
        raise PermissionDenied
    checked = check_upload(upload)
    evidence = Evidence(
        report=report,
        name=checked.name,
        kind=checked.kind,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=acting_user,
    )
    evidence.file.save(checked.name, ContentFile(checked.content), save=False)
    evidence.save()
    record_audit(
        evidence,
        "report.evidence_added",
        acting_user,
        subject=report,
        after={"name": checked.name, "sha256": checked.sha256, "size": checked.size},
    )
    return evidence


@transaction.atomic
def send_urging(form, agency: Agency, *, acting_user) -> UrgingNotice:
    """Record a formal urging notice ("đôn đốc") to ``agency`` and notify its staff."""
    if not permissions.can_send_urging(acting_user):
        raise PermissionDenied
    notice = form.save(commit=False)
    notice.agency = agency
    notice.sent_by = acting_user
    notice.save()
    record_audit(
        notice,
        "urging.sent",
        acting_user,
        subject=agency,
        after={"subject": notice.subject, "number": notice.number},
    )
    transaction.on_commit(lambda: notify.urging_sent(notice.pk))
    return notice


@transaction.atomic
def close_cycle(cycle: ReportingCycle, *, acting_user, today) -> ReportingCycle:
    """Close ``cycle`` and freeze its per-agency figures (published figures stop moving)."""
    from camket.monitoring.stats import freeze_cycle

    if not permissions.can_open_cycle(acting_user):
        raise PermissionDenied
    cycle = ReportingCycle.objects.select_for_update().get(pk=cycle.pk)
    rows = freeze_cycle(cycle, today)
    cycle.is_closed = True
    cycle.save(update_fields=["is_closed"])
    record_audit(cycle, "cycle.closed", acting_user, after={"tallies": rows})
    # Scorecards of the cycle freeze with it (issue 13, decision 0015).
    from camket.evaluation.scoring.actions import freeze_scorecards

    freeze_scorecards(cycle, acting_user=acting_user)
    return cycle


@dataclass
class ReportData:
    """A progress report as plain values: cycle, task and commitment by pk, agency by code."""

    cycle: int
    agency: str
    due_on: dt.date
    task: int | None = None
    commitment: int | None = None
    status: str = Status.DRAFT
    progress: str = ProgressReport.Progress.NOT_STARTED
    percent_done: int = 0
    narrative: str = ""
    difficulties: str = ""
    proposals: str = ""
    submitted_on: dt.date | None = None


def report_errors(data: ReportData, lookups: Lookups) -> dict[str, list[str]]:
    """Translated messages by field for ``data`` (empty when valid); no database reads."""
    problems = Problems(ProgressReport, f"{data.agency} · {data.task or data.commitment}")
    problems.check(
        data,
        required=("cycle", "agency", "due_on"),
        choices={"status": Status, "progress": ProgressReport.Progress},
        codes=(("agency", [data.agency] if data.agency else [], lookups.agencies),),
    )
    if not 0 <= data.percent_done <= 100:
        problems.add("percent_done", _("“%(field)s” must be between 0 and 100."))
    if (data.task is None) == (data.commitment is None):
        problems.add("task", _("A report is about one task or one commitment."))
    return problems.errors


def _report_row(data: ReportData, lookups: Lookups) -> ProgressReport:
    values = {f.name: getattr(data, f.name) for f in fields(data)}
    for name in ("cycle", "agency", "task", "commitment"):
        values.pop(name)
    return ProgressReport(
        cycle_id=data.cycle,
        agency_id=lookups.agencies[data.agency].pk,
        task_id=data.task,
        commitment_id=data.commitment,
        **values,
    )


def _attach_subjects(rows: list[ProgressReport], batch) -> None:
    """Give each row its cycle, task and commitment, so naming it in the audit reads nothing."""
    cycles = ReportingCycle.objects.in_bulk({row.cycle_id for row in rows})
    tasks = Task.objects.only("title").in_bulk({row.task_id for row in rows if row.task_id})
    commitments = Commitment.objects.only("title_vi", "title_en").in_bulk(
        {row.commitment_id for row in rows if row.commitment_id}
    )
    for row in rows:
        row.cycle = cycles[row.cycle_id]
        if row.task_id:
            row.task = tasks[row.task_id]
        if row.commitment_id:
            row.commitment = commitments[row.commitment_id]


def bulk_create_reports(
    items: Iterable[ReportData], *, action="report.generated", batch_size=BATCH, progress=None
) -> list[int]:
    """Many reports at once (the generator): validated, one audit row each, batch by batch.

    Counters are not maintained here: call ``counts.rebuild()`` afterwards.
    """
    return bulk_insert(
        items,
        errors_of=report_errors,
        row_of=_report_row,
        after=_attach_subjects,
        action=action,
        subject_of=lambda row: f"monitoring.reportingcycle:{row.cycle_id}",
        batch_size=batch_size,
        progress=progress,
    )
