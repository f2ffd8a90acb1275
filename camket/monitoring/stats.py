"""Statistics behind the dashboards and official reports, as dataclasses (C5).

Every figure is computed over what the user may see (``visible_to``) and carries the URL of
the list it counts, so a chart or a number drills down to its records. Formulas live in
``formulas.py``.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractYear
from django.urls import get_script_prefix, reverse

from camket.agencies.models import Agency
from camket.agencies.permissions import scope_of
from camket.monitoring import counts, formulas
from camket.monitoring.models import CycleTally, ProgressReport, ReportCount, ReportingCycle
from camket.obligations.models import Task
from camket.registry.models import Commitment, Partner, Sector

Status = ProgressReport.Status
OPEN_TASK = [Task.Status.NOT_STARTED, Task.Status.IN_PROGRESS]
TOP = 20
TALLY_FIELDS = ("expected", "submitted", "approved", "due", "on_time", "overdue", "percent_sum")


@dataclass(frozen=True)
class Bucket:
    key: str
    label: str
    count: int
    url: str


@dataclass(frozen=True)
class ReportFigures:
    expected: int = 0
    submitted: int = 0
    approved: int = 0
    due: int = 0
    on_time: int = 0
    overdue: int = 0
    percent_sum: int = 0

    @property
    def on_time_rate(self) -> float | None:
        return formulas.on_time_rate(self.on_time, self.due)

    @property
    def average_percent(self) -> float | None:
        return formulas.average_percent(self.percent_sum, self.approved)


@dataclass(frozen=True)
class AgencyRow:
    code: str
    name: str
    kind: str
    tasks: int
    completed: int
    overdue: int
    reports: ReportFigures
    tasks_url: str
    overdue_url: str
    reports_url: str

    @property
    def completion_rate(self) -> float | None:
        return formulas.completion_rate(self.completed, self.tasks)


@dataclass(frozen=True)
class CycleRow:
    pk: int
    title: str
    ends_on: dt.date
    figures: ReportFigures
    url: str


@dataclass(frozen=True)
class Dashboard:
    today: dt.date
    cycle: ReportingCycle | None
    commitments: int
    tasks: int
    tasks_completed: int
    tasks_overdue: int
    reports: ReportFigures
    by_kind: list[Bucket] = field(default_factory=list)
    by_status: list[Bucket] = field(default_factory=list)
    by_partner: list[Bucket] = field(default_factory=list)
    by_sector: list[Bucket] = field(default_factory=list)
    by_lead: list[Bucket] = field(default_factory=list)
    by_province: list[Bucket] = field(default_factory=list)
    by_year: list[Bucket] = field(default_factory=list)
    report_status: list[Bucket] = field(default_factory=list)
    progress: list[Bucket] = field(default_factory=list)
    cycles: list[CycleRow] = field(default_factory=list)
    agencies: list[AgencyRow] = field(default_factory=list)

    @property
    def completion_rate(self) -> float | None:
        return formulas.completion_rate(self.tasks_completed, self.tasks)


@functools.lru_cache(maxsize=32)
def _path(name: str, script_prefix: str) -> str:
    """``reverse(name)`` once per process: a dashboard links a few hundred figures to lists."""
    return reverse(name)


def _url(name: str, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return _path(name, get_script_prefix()) + (f"?{query}" if query else "")


def report_aggregates(today: dt.date) -> dict:
    """Conditional counts of reports; see :class:`ReportFigures` and ``formulas``."""
    return {
        "expected": Count("pk"),
        "submitted": Count("pk", filter=Q(status__in=[Status.SUBMITTED, Status.APPROVED])),
        "approved": Count("pk", filter=Q(status=Status.APPROVED)),
        "due": Count("pk", filter=Q(due_on__lt=today) | Q(submitted_on__isnull=False)),
        "on_time": Count("pk", filter=Q(submitted_on__lte=F("due_on"))),
        "overdue": Count(
            "pk", filter=Q(status__in=[Status.DRAFT, Status.RETURNED], due_on__lt=today)
        ),
        "percent_sum": Sum("percent_done", filter=Q(status=Status.APPROVED), default=0),
    }


def count_aggregates(today: dt.date) -> dict:
    """The same figures as :func:`report_aggregates`, added up from ``ReportCount`` rows."""
    pending = [Status.DRAFT, Status.RETURNED]
    timing = ReportCount.Timing

    def total(condition=None, field="reports"):
        return Sum(field, filter=condition, default=0)

    return {
        "expected": total(),
        "submitted": total(Q(status__in=[Status.SUBMITTED, Status.APPROVED])),
        "approved": total(Q(status=Status.APPROVED)),
        "due": total(Q(due_on__lt=today) | ~Q(timing=timing.NOT_SUBMITTED)),
        "on_time": total(Q(timing=timing.ON_TIME)),
        "overdue": total(Q(status__in=pending, due_on__lt=today)),
        "percent_sum": total(Q(status=Status.APPROVED), field="percent_sum"),
    }


def counted_reports(user, cycle):
    """``ReportCount`` rows of ``cycle`` that ``user`` may count, or None if they cannot say.

    The counts are per agency, so they serve national roles and agency staff; an observer's
    view (approved reports on readable subjects) is aggregated from the reports themselves.
    """
    scope = scope_of(user)
    rows = ReportCount.objects.filter(cycle=cycle)
    if scope.is_national:
        return rows
    if scope.is_observer:
        return None
    return rows.filter(agency_id__in=scope.agency_ids)


def _figures(row: dict | None) -> ReportFigures:
    if not row:
        return ReportFigures()
    return ReportFigures(**{k: row.get(k) or 0 for k in ReportFigures.__dataclass_fields__})


def visible_cycles(user):
    """Cycles covering one of the user's agencies; all for national roles and observers."""
    scope = scope_of(user)
    qs = ReportingCycle.objects.all()
    if scope.is_national or scope.is_observer:
        return qs
    return qs.filter(agencies__in=scope.agency_ids).distinct()


class Year(ExtractYear):
    """The year of a date; on SQLite read from the stored ISO text instead of calling Python.

    Django's SQLite date functions are Python callbacks, one call per row: at 20,000
    commitments that alone took 80 ms of the national dashboard.
    """

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"CAST(substr({sql}, 1, 4) AS integer)", params


def _tally(rows, key: str) -> list[tuple[str, int]]:
    """Add up ``n`` of grouped ``rows`` by ``key``, largest first."""
    totals: dict = {}
    for row in rows:
        totals[row[key]] = totals.get(row[key], 0) + row["n"]
    return sorted(totals.items(), key=lambda item: -item[1])


def commitment_buckets(qs) -> dict[str, list[Bucket]]:
    """Commitment counts by kind, status, partner, sector, lead agency, province and year."""
    link = "registry:commitment-list"
    kinds, statuses = dict(Commitment.Kind.choices), dict(Commitment.Status.choices)
    agencies = {a.pk: a for a in Agency.objects.all()}
    # One scan for three breakdowns: a few hundred (kind, status, lead) groups.
    groups = list(qs.order_by().values("kind", "status", "lead_agency_id").annotate(n=Count("pk")))
    leads = _tally(groups, "lead_agency_id")

    def lead_bucket(pk, n):
        agency = agencies[pk]
        return Bucket(agency.code, agency.name, n, _url(link, lead=agency.code))

    return {
        "kind": [
            Bucket(key, str(kinds.get(key, key)), n, _url(link, kind=key))
            for key, n in _tally(groups, "kind")
        ],
        "status": [
            Bucket(key, str(statuses.get(key, key)), n, _url(link, status=key))
            for key, n in _tally(groups, "status")
        ],
        "partner": _m2m_buckets(Partner, qs, "commitment", "partner"),
        "sector": _m2m_buckets(Sector, qs, "commitment", "sector"),
        "lead": [lead_bucket(pk, n) for pk, n in leads[:TOP]],
        "province": [
            lead_bucket(pk, n) for pk, n in leads if agencies[pk].kind == Agency.Kind.PROVINCE
        ][:TOP],
        "year": [
            Bucket(str(r["y"]), str(r["y"]), r["n"], _url(link, year=r["y"]))
            for r in qs.exclude(signed_on=None)
            .order_by()
            .annotate(y=Year("signed_on"))
            .values("y")
            .annotate(n=Count("pk"))
            .order_by("y")
        ],
    }


def _m2m_buckets(model, qs, relation: str, param: str) -> list[Bucket]:
    """The ``TOP`` partners or sectors by commitment count, counted on the link table alone."""
    through = getattr(Commitment, f"{param}s").through
    counted = dict(
        through.objects.filter(commitment_id__in=qs.values("pk"))
        .values_list(f"{param}_id")
        .annotate(n=Count("pk"))
    )
    named = model.objects.in_bulk(counted)
    rows = sorted(named.values(), key=lambda r: (-counted[r.pk], r.code))[:TOP]
    return [
        Bucket(r.code, r.name, counted[r.pk], _url("registry:commitment-list", **{param: r.code}))
        for r in rows
    ]


def task_rows(qs, today: dt.date) -> dict[int, dict]:
    """Per lead agency: tasks, completed and overdue counts (one query)."""
    rows = qs.values("lead_agency_id").annotate(
        tasks=Count("pk"),
        completed=Count("pk", filter=Q(status=Task.Status.COMPLETED)),
        overdue=Count("pk", filter=Q(status__in=OPEN_TASK, due_on__lt=today)),
    )
    return {r["lead_agency_id"]: r for r in rows}


def report_rows(qs, today: dt.date) -> dict[int, dict]:
    """Per agency: report figures (one query) over reports or over their ``ReportCount`` rows."""
    counted = qs.model is ReportCount
    aggregates = count_aggregates(today) if counted else report_aggregates(today)
    rows = qs.values("agency_id").annotate(**aggregates)
    return {r["agency_id"]: r for r in rows}


def _grouped(qs, field: str) -> dict[str, int]:
    """Report counts by ``field`` over reports or ``ReportCount`` rows."""
    total = Sum("reports") if qs.model is ReportCount else Count("pk")
    return dict(qs.order_by().values_list(field).annotate(n=total))


def _agency_rows(tasks, reports, cycle, today) -> list[AgencyRow]:
    agencies = Agency.objects.in_bulk(set(tasks) | set(reports))
    cycle_pk = cycle.pk if cycle else None
    rows = []
    for pk, agency in agencies.items():
        t = tasks.get(pk, {})
        rows.append(
            AgencyRow(
                code=agency.code,
                name=agency.name,
                kind=agency.kind,
                tasks=t.get("tasks", 0),
                completed=t.get("completed", 0),
                overdue=t.get("overdue", 0),
                reports=_figures(reports.get(pk)),
                tasks_url=_url("monitoring:task-list", agency=agency.code, state="all"),
                overdue_url=_url("monitoring:task-list", agency=agency.code, state="overdue"),
                reports_url=_url("monitoring:report-list", agency=agency.code, cycle=cycle_pk),
            )
        )
    return sorted(rows, key=lambda r: (-r.overdue, -r.tasks, r.name))


def cycle_report_rows(user, cycle: ReportingCycle, today: dt.date, agency_ids=None) -> dict:
    """Per agency: the report figures of ``cycle`` that ``user`` may count.

    Closed cycles read their frozen tallies, open ones the kept counts (or, for observers, the
    reports themselves). ``agency_ids`` narrows the figures to those agencies.
    """
    scope = scope_of(user)
    if cycle.is_closed:
        tallies = CycleTally.objects.filter(cycle=cycle)
        if not (scope.is_national or scope.is_observer):
            tallies = tallies.filter(agency_id__in=scope.agency_ids)
        if agency_ids is not None:
            tallies = tallies.filter(agency_id__in=agency_ids)
        return {t["agency_id"]: t for t in tallies.values("agency_id", *TALLY_FIELDS)}
    reports = counted_reports(user, cycle)
    if reports is None:
        reports = ProgressReport.objects.visible_to(user).filter(cycle=cycle)
    if agency_ids is not None:
        reports = reports.filter(agency_id__in=agency_ids)
    return report_rows(reports, today)


def period_report_rows(user, cycles, today: dt.date, agency_ids=None) -> dict[int, dict]:
    """Per agency: report figures added up over ``cycles`` (see :func:`cycle_report_rows`)."""
    totals: dict[int, dict] = {}
    for cycle in cycles:
        for agency_id, row in cycle_report_rows(user, cycle, today, agency_ids).items():
            total = totals.setdefault(agency_id, dict.fromkeys(TALLY_FIELDS, 0))
            for key in TALLY_FIELDS:
                total[key] += row.get(key) or 0
    return totals


def cycle_series(user, today: dt.date, limit: int = 8) -> list[CycleRow]:
    """Report figures per cycle, oldest first: frozen tallies for closed cycles, live otherwise."""
    cycles = list(visible_cycles(user).order_by("-ends_on", "-pk")[:limit])
    rows = []
    for cycle in reversed(cycles):
        figures = _sum_figures(cycle_report_rows(user, cycle, today).values())
        url = _url("monitoring:report-list", cycle=cycle.pk)
        rows.append(CycleRow(cycle.pk, cycle.title, cycle.ends_on, figures, url))
    return rows


def _choice_buckets(rows: dict, choices, param: str, cycle) -> list[Bucket]:
    labels = dict(choices)
    cycle_pk = cycle.pk if cycle else None
    return [
        Bucket(
            key,
            str(labels[key]),
            rows.get(key, 0),
            _url("monitoring:report-list", cycle=cycle_pk, **{param: key}),
        )
        for key in labels
        if rows.get(key)
    ]


def dashboard(user, today: dt.date, cycle: ReportingCycle | None = None) -> Dashboard:
    """Every figure of the main dashboard for ``user``, for ``cycle`` (default: the latest)."""
    if cycle is None:
        cycle = visible_cycles(user).order_by("-ends_on", "-pk").first()
    commitments = Commitment.objects.visible_to(user).filter(is_reference=False)
    tasks = _task_figures(user, today)
    reports_qs = counted_reports(user, cycle) if cycle else None
    if reports_qs is None:
        reports_qs = ProgressReport.objects.visible_to(user)
        reports_qs = reports_qs.filter(cycle=cycle) if cycle else reports_qs.none()
    reports = report_rows(reports_qs, today)
    statuses = _grouped(reports_qs, "status")
    progress = _grouped(reports_qs.filter(status=Status.APPROVED), "progress")
    buckets = commitment_buckets(commitments)
    return Dashboard(
        today=today,
        cycle=cycle,
        commitments=sum(b.count for b in buckets["kind"]),
        tasks=sum(r["tasks"] for r in tasks.values()),
        tasks_completed=sum(r["completed"] for r in tasks.values()),
        tasks_overdue=sum(r["overdue"] for r in tasks.values()),
        reports=_sum_figures(reports.values()),
        by_kind=buckets["kind"],
        by_status=buckets["status"],
        by_partner=buckets["partner"],
        by_sector=buckets["sector"],
        by_lead=buckets["lead"],
        by_province=buckets["province"],
        by_year=buckets["year"],
        report_status=_choice_buckets(statuses, Status.choices, "status", cycle),
        progress=_choice_buckets(progress, ProgressReport.Progress.choices, "progress", cycle),
        cycles=cycle_series(user, today),
        agencies=_agency_rows(tasks, reports, cycle, today),
    )


def _task_figures(user, today: dt.date) -> dict[int, dict]:
    """Per lead agency: task figures over what ``user`` may see (kept counts for national roles)."""
    scope = scope_of(user)
    if scope.is_national:
        return counts.task_figures(today)
    if scope.is_observer:
        return task_rows(Task.objects.visible_to(user), today)
    return agency_task_figures(scope.agency_ids, today)


def agency_task_figures(agency_ids, today: dt.date) -> dict[int, dict]:
    """Per lead agency: figures of the tasks the staff of ``agency_ids`` see, as
    :func:`task_rows` over ``Task.objects.visible_to`` gives them.

    The tasks they lead, those of their plans and those they support are read as one union of
    indexed lookups and added up here: grouped in SQL behind ``pk IN (union)``, PostgreSQL
    scans all 300,000 tasks at national scale (about 100 ms) to count a few thousand.
    """
    agencies = list(agency_ids)
    columns = ("pk", "lead_agency_id", "status", "due_on")
    lookups = [
        Q(lead_agency_id__in=agencies),
        Q(plan__agency_id__in=agencies),
        Q(supporting_agencies__in=agencies),
    ]
    first, *others = (Task.objects.filter(q).order_by().values_list(*columns) for q in lookups)
    figures: dict[int, dict] = {}
    for _pk, lead, status, due_on in first.union(*others):
        row = figures.setdefault(
            lead, {"lead_agency_id": lead, "tasks": 0, "completed": 0, "overdue": 0}
        )
        row["tasks"] += 1
        row["completed"] += status == Task.Status.COMPLETED
        row["overdue"] += status in OPEN_TASK and due_on is not None and due_on < today
    return figures


def period_board(user, cycles, today: dt.date, agency_ids=None) -> Dashboard:
    """The figures of an official report: commitments and tasks as of ``today``, reports added
    up over ``cycles``; all narrowed to ``agency_ids`` (lead or reporting agency) if given."""
    commitments = Commitment.objects.visible_to(user).filter(is_reference=False)
    tasks = _task_figures(user, today)
    if agency_ids is not None:
        commitments = commitments.filter(lead_agency_id__in=agency_ids)
        tasks = {pk: row for pk, row in tasks.items() if pk in agency_ids}
    reports = period_report_rows(user, cycles, today, agency_ids)
    cycle = cycles[0] if len(cycles) == 1 else None
    return Dashboard(
        today=today,
        cycle=cycle,
        commitments=commitments.count(),
        tasks=sum(r["tasks"] for r in tasks.values()),
        tasks_completed=sum(r["completed"] for r in tasks.values()),
        tasks_overdue=sum(r["overdue"] for r in tasks.values()),
        reports=_sum_figures(reports.values()),
        agencies=_agency_rows(tasks, reports, cycle, today),
    )


def _sum_figures(rows) -> ReportFigures:
    keys = ReportFigures.__dataclass_fields__
    totals = dict.fromkeys(keys, 0)
    for row in rows:
        for key in keys:
            totals[key] += row.get(key) or 0
    return ReportFigures(**totals)


def freeze_cycle(cycle: ReportingCycle, today: dt.date) -> int:
    """Replace ``cycle``'s tallies with its current per-agency figures; return the row count."""
    rows = report_rows(ReportCount.objects.filter(cycle=cycle), today)
    CycleTally.objects.filter(cycle=cycle).delete()
    CycleTally.objects.bulk_create(
        CycleTally(cycle=cycle, agency_id=agency, **{k: row[k] or 0 for k in TALLY_FIELDS})
        for agency, row in rows.items()
    )
    return len(rows)
