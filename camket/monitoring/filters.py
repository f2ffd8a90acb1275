"""List filters read from the query string; every list starts from ``visible_to(user)``."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import F

from camket.monitoring.models import ProgressReport
from camket.obligations.models import Task

Status = ProgressReport.Status
OPEN_TASK = [Task.Status.NOT_STARTED, Task.Status.IN_PROGRESS]
TASK_STATES = ("all", "open", "overdue", "completed")
TIMELINESS = ("on_time", "late", "missing")


def _active(params, names) -> dict[str, str]:
    return {n: params.get(n, "").strip() for n in names if params.get(n, "").strip()}


def filter_reports(user, params, today):
    """Reports visible to ``user`` filtered by cycle, agency, status, progress and timeliness."""
    active = _active(params, ("cycle", "agency", "status", "progress", "timeliness"))
    qs = ProgressReport.objects.visible_to(user)
    if active.get("cycle", "").isdigit():
        qs = qs.filter(cycle_id=int(active["cycle"]))
    if "agency" in active:
        qs = qs.filter(agency__code=active["agency"])
    if active.get("status") in Status.values:
        qs = qs.filter(status=active["status"])
    elif active.get("status") == "sent":
        qs = qs.filter(status__in=[Status.SUBMITTED, Status.APPROVED])
    if active.get("progress") in ProgressReport.Progress.values:
        qs = qs.filter(progress=active["progress"])
    qs = _timeliness(qs, active.get("timeliness"), today)
    return qs, _context(active, statuses=Status.choices, progresses=ProgressReport.Progress.choices)


def _timeliness(qs, value, today):
    if value == "on_time":
        return qs.filter(submitted_on__lte=F("due_on"))
    if value == "late":
        return qs.filter(submitted_on__gt=F("due_on"))
    if value == "missing":
        return qs.overdue(today)
    return qs


def filter_tasks(user, params, today, default_state: str):
    """Tasks visible to ``user`` filtered by lead agency and state (all/open/overdue/completed)."""
    active = _active(params, ("agency", "state"))
    state = active.get("state", default_state)
    if state not in TASK_STATES:
        state = default_state
    active["state"] = state
    qs = Task.objects.visible_to(user)
    if "agency" in active:
        qs = qs.filter(lead_agency__code=active["agency"])
    if state == "open":
        qs = qs.filter(status__in=OPEN_TASK)
    elif state == "overdue":
        qs = qs.overdue(today)
    elif state == "completed":
        qs = qs.filter(status=Task.Status.COMPLETED)
    return qs, _context(active, states=TASK_STATES)


def _context(active: dict, **options) -> dict:
    query = urlencode(active)
    return {
        "active": active,
        "query_base": query,
        **options,
        "export_url": "?" + urlencode({**active, "export": "xlsx"}),
    }
