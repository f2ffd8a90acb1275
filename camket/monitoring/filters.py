"""List filters read from the query string; every list starts from ``visible_to(user)``."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Count, F

from camket.agencies.models import Agency
from camket.monitoring.models import ProgressReport
from camket.monitoring.permissions import readable_content
from camket.obligations.models import Task
from camket.querystring import id_param, text_param
from camket.search import matching, ranked

Status = ProgressReport.Status
OPEN_TASK = [Task.Status.NOT_STARTED, Task.Status.IN_PROGRESS]
TASK_STATES = ("all", "open", "overdue", "completed")
TIMELINESS = ("on_time", "late", "missing")
REPORT_FILTERS = ("cycle", "agency", "status", "progress", "timeliness", "q")
TASK_FILTERS = ("agency", "state", "q")
FACET_TOP = 15


class Facets:
    """Counts by agency and by status of a list's rows, each ignoring its own filter.

    Computed when a template first reads them, so an XLSX export does not pay for them.
    """

    def __init__(self, by_agency, agency_field: str, by_status=None, statuses=()):
        self._by_agency, self._agency_field = by_agency, agency_field
        self._by_status, self._statuses = by_status, statuses

    def agencies(self) -> list[tuple[str, str, int]]:
        """The ``FACET_TOP`` agencies with the most rows: (code, name, count)."""
        rows = (
            self._by_agency.order_by()
            .values_list(self._agency_field)
            .annotate(n=Count("pk"))
            .order_by("-n")[:FACET_TOP]
        )
        counted = dict(rows)
        names = Agency.objects.in_bulk(counted)
        ranked = sorted(counted.items(), key=lambda item: (-item[1], names[item[0]].name))
        return [(names[pk].code, names[pk].name, n) for pk, n in ranked]

    def statuses(self) -> list[tuple[str, str, int]]:
        """Every status with its count: (value, label, count)."""
        if self._by_status is None:
            return []
        counted = dict(self._by_status.order_by().values_list("status").annotate(n=Count("pk")))
        return [(value, label, counted.get(value, 0)) for value, label in self._statuses]


def _active(params, names) -> dict[str, str]:
    return {n: value for n in names if (value := text_param(params, n))}


def filter_reports(user, params, today):
    """Reports visible to ``user`` filtered by cycle, agency, status, progress and timeliness."""
    active = _active(params, REPORT_FILTERS)
    query = active.get("q", "")
    qs = _matching_subject(ProgressReport.objects.visible_to(user), query)
    if (cycle := id_param(active, "cycle")) is not None:
        qs = qs.filter(cycle_id=cycle)
    if active.get("progress") in ProgressReport.Progress.values:
        # Progress is content: only reports whose content ``user`` may read can match.
        qs = qs.filter(readable_content(user), progress=active["progress"])
    qs = _timeliness(qs, active.get("timeliness"), today)
    by_status = qs
    if active.get("status") in Status.values:
        qs = qs.filter(status=active["status"])
    elif active.get("status") == "sent":
        qs = qs.filter(status__in=[Status.SUBMITTED, Status.APPROVED])
    by_agency = qs
    if "agency" in active:
        qs = qs.filter(agency__code=active["agency"])
        by_status = by_status.filter(agency__code=active["agency"])
    qs = ranked(qs.order_by("due_on", "pk"), query, via="task")
    return qs, _context(
        active,
        statuses=Status.choices,
        progresses=ProgressReport.Progress.choices,
        facets=Facets(by_agency, "agency_id", by_status, Status.choices),
    )


def _matching_subject(qs, query: str):
    """Reports whose subject (what the list shows: the task, else the commitment) matches."""
    if not query:
        return qs
    by_task = matching(qs.filter(task__isnull=False), query, via="task")
    by_commitment = matching(qs.filter(task__isnull=True), query, via="commitment")
    return by_task | by_commitment


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
    active = _active(params, TASK_FILTERS)
    state = active.get("state", default_state)
    if state not in TASK_STATES:
        state = default_state
    active["state"] = state
    query = active.get("q", "")
    qs = matching(Task.objects.visible_to(user), query)
    if state == "open":
        qs = qs.filter(status__in=OPEN_TASK)
    elif state == "overdue":
        qs = qs.overdue(today)
    elif state == "completed":
        qs = qs.filter(status=Task.Status.COMPLETED)
    by_agency = qs
    if "agency" in active:
        qs = qs.filter(lead_agency__code=active["agency"])
    qs = ranked(qs.order_by("due_on", "pk"), query)
    return qs, _context(active, states=TASK_STATES, facets=Facets(by_agency, "lead_agency_id"))


def _context(active: dict, **options) -> dict:
    query = urlencode(active)
    return {
        "active": active,
        "query": active.get("q", ""),
        "query_base": query,
        # the query string without one filter, for the facet links that replace it
        "query_without": {
            name: urlencode({k: v for k, v in active.items() if k != name})
            for name in ("agency", "status")
        },
        **options,
        "export_url": "?" + urlencode({**active, "export": "xlsx"}),
    }
