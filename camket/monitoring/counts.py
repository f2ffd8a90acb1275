"""Counts kept in step with reports and tasks (``ReportCount``, ``TaskCount``).

A dashboard at national scale would otherwise aggregate an open cycle's 300,000 reports and
every task on each request. Instead, each write recounts only the group it touched: one agency
in one cycle for a report, one lead agency for a task. The recount runs in the writer's
transaction, so the counts are never seen out of step with the rows they count.

- single saves and deletes are caught by signals (``connect``), including deletes that cascade
  from a task, a commitment or a cycle;
- bulk writes (``bulk_create``, ``QuerySet.update``) send no signals: their callers refresh
  (``materialize_reports``, the generator);
- ``camket recount`` rebuilds everything from the rows.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Case, CharField, Count, F, Q, Sum, Value, When
from django.db.models.functions import TruncMonth
from django.db.models.signals import post_delete, post_save, pre_save

from camket.monitoring.models import ProgressReport, ReportCount, TaskCount
from camket.obligations.models import Task

BATCH = 5000
NOT_SUBMITTED, ON_TIME, LATE = ReportCount.Timing.values


def _models(apps=None) -> dict:
    """The models counted and counting: the live ones, or a migration's historical ones."""
    names = {
        "report": ("monitoring", "ProgressReport"),
        "report_count": ("monitoring", "ReportCount"),
        "cycle": ("monitoring", "ReportingCycle"),
        "task": ("obligations", "Task"),
        "task_count": ("monitoring", "TaskCount"),
    }
    if apps is None:
        from django.apps import apps
    return {key: apps.get_model(*name) for key, name in names.items()}


def _timing():
    return Case(
        When(submitted_on__isnull=True, then=Value(NOT_SUBMITTED)),
        When(submitted_on__lte=F("due_on"), then=Value(ON_TIME)),
        default=Value(LATE),
        output_field=CharField(),
    )


def refresh_reports(cycle_id: int, agency_ids: Iterable[int] | None = None, apps=None) -> int:
    """Recount the reports of ``cycle_id`` (only of ``agency_ids`` if given); return row count."""
    m = _models(apps)
    reports = m["report"].objects.filter(cycle_id=cycle_id)
    counts = m["report_count"].objects.filter(cycle_id=cycle_id)
    if agency_ids is not None:
        agency_ids = list(agency_ids)
        reports = reports.filter(agency_id__in=agency_ids)
        counts = counts.filter(agency_id__in=agency_ids)
    groups = (
        reports.order_by()
        .annotate(timing=_timing())
        .values("agency_id", "status", "progress", "due_on", "timing")
        .annotate(reports=Count("pk"), percent_sum=Sum("percent_done", default=0))
    )
    rows = [m["report_count"](cycle_id=cycle_id, **g) for g in groups]
    with transaction.atomic():
        counts.delete()
        m["report_count"].objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def refresh_tasks(agency_ids: Iterable[int] | None = None, apps=None) -> int:
    """Recount the tasks led by ``agency_ids`` (every agency if None); return row count."""
    m = _models(apps)
    tasks, counts = m["task"].objects.all(), m["task_count"].objects.all()
    if agency_ids is not None:
        agency_ids = list(agency_ids)
        tasks = tasks.filter(lead_agency_id__in=agency_ids)
        counts = counts.filter(lead_agency_id__in=agency_ids)
    groups = (
        tasks.order_by()
        .annotate(due_month=TruncMonth("due_on"))
        .values("lead_agency_id", "status", "due_month")
        .annotate(tasks=Count("pk"))
    )
    rows = [m["task_count"](**g) for g in groups]
    with transaction.atomic():
        counts.delete()
        m["task_count"].objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def rebuild(apps=None) -> dict[str, int]:
    """Recount every cycle and every task from the rows."""
    m = _models(apps)
    with transaction.atomic():
        m["report_count"].objects.all().delete()
        cycles = m["cycle"].objects.values_list("pk", flat=True)
        report_rows = sum(refresh_reports(pk, apps=apps) for pk in cycles)
        task_rows = refresh_tasks(apps=apps)
    return {"report_counts": report_rows, "task_counts": task_rows}


def task_figures(today) -> dict[int, dict]:
    """Per lead agency: tasks, completed and overdue (open and due before ``today``).

    Months before the current one come from ``TaskCount``; the current month is read live
    from the (lead_agency, status, due_on) index, because only part of it is past.
    """
    month = today.replace(day=1)
    open_statuses = [Task.Status.NOT_STARTED, Task.Status.IN_PROGRESS]
    groups = TaskCount.objects.values("lead_agency_id").annotate(
        total=Sum("tasks"),
        done=Sum("tasks", filter=Q(status=Task.Status.COMPLETED), default=0),
        late=Sum("tasks", filter=Q(status__in=open_statuses, due_month__lt=month), default=0),
    )
    rows = {
        g["lead_agency_id"]: {
            "lead_agency_id": g["lead_agency_id"],
            "tasks": g["total"],
            "completed": g["done"],
            "overdue": g["late"],
        }
        for g in groups
    }
    this_month = (
        Task.objects.filter(status__in=open_statuses, due_on__gte=month, due_on__lt=today)
        .order_by()
        .values_list("lead_agency_id")
        .annotate(n=Count("pk"))
    )
    for agency_id, n in this_month:
        rows[agency_id]["overdue"] += n
    return rows


def analyze(full: bool = True) -> None:
    """Refresh the query planner's statistics (after a bulk load, and daily).

    Without them SQLite sorts every open task to show the first page of overdue ones, because
    it cannot tell that reading the due-date index in order finds them at once. ``full=False``
    runs SQLite's ``PRAGMA optimize``, which re-analyses only tables that changed enough;
    PostgreSQL's autovacuum does that by itself. On PostgreSQL, outside a transaction, a full
    run also vacuums, so that counts over freshly loaded rows can be index-only scans.
    """
    if connection.vendor == "sqlite":
        statement = "ANALYZE" if full else "PRAGMA optimize"
    elif full:
        statement = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    else:
        return
    with connection.cursor() as cursor:
        cursor.execute(statement)


# Signals: one recount per group touched by a save or a delete.

_deleting = threading.local()


def _first_in_delete(origin, key) -> bool:
    """True the first time ``key`` is seen during the delete started by ``origin``.

    A cascade sends post_delete for every report only after all of them are deleted, so one
    recount per group is enough.
    """
    if origin is None:
        return True
    if getattr(_deleting, "origin", None) is not origin:
        _deleting.origin, _deleting.keys = origin, set()
    if key in _deleting.keys:
        return False
    _deleting.keys.add(key)
    return True


def _report_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_reports(instance.cycle_id, [instance.agency_id])


def _report_deleted(sender, instance, origin=None, **kwargs):
    if _first_in_delete(origin, ("report", instance.cycle_id, instance.agency_id)):
        refresh_reports(instance.cycle_id, [instance.agency_id])


def _task_saving(sender, instance, raw=False, **kwargs):
    if instance.pk and not raw:
        instance._counted_lead_id = (
            Task.objects.filter(pk=instance.pk).values_list("lead_agency_id", flat=True).first()
        )


def _task_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        previous = getattr(instance, "_counted_lead_id", None)
        refresh_tasks({instance.lead_agency_id, previous} - {None})


def _task_deleted(sender, instance, origin=None, **kwargs):
    if _first_in_delete(origin, ("task", instance.lead_agency_id)):
        refresh_tasks([instance.lead_agency_id])


def connect() -> None:
    uid = "camket.monitoring.counts"
    post_save.connect(_report_saved, sender=ProgressReport, dispatch_uid=f"{uid}.report_saved")
    post_delete.connect(
        _report_deleted, sender=ProgressReport, dispatch_uid=f"{uid}.report_deleted"
    )
    pre_save.connect(_task_saving, sender=Task, dispatch_uid=f"{uid}.task_saving")
    post_save.connect(_task_saved, sender=Task, dispatch_uid=f"{uid}.task_saved")
    post_delete.connect(_task_deleted, sender=Task, dispatch_uid=f"{uid}.task_deleted")
