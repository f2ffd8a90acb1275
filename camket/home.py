"""The home page: what each signed-in user has to do today (issue 11, "the first hour").

Every list starts from the records' own ``visible_to(user)``; a report is named by its subject
only where the reader may see that report (``ProgressReport.objects.visible_to``), and the
coordinator's late agencies are counts, never report content.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, Sum
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from camket.agencies.models import Agency
from camket.agencies.permissions import Scope, scope_of
from camket.compatibility.models import Notification as AgencyNotification
from camket.monitoring.models import Notification, ProgressReport, ReportCount, ReportingCycle
from camket.monitoring.permissions import leader_agency_ids
from camket.navigation import main_menu
from camket.obligations.models import Task

Status = ProgressReport.Status
PENDING = [Status.DRAFT, Status.RETURNED]
OPEN_TASK = [Task.Status.NOT_STARTED, Task.Status.IN_PROGRESS]
WEEK = dt.timedelta(days=7)
SHOWN = 10
"""At most this many rows per list; each list links to the full one."""


@dataclass
class Section:
    """One list of the home page: rows (records to open) and a link to all of them."""

    rows: list = field(default_factory=list)
    total: int = 0
    more_url: str = ""

    @property
    def more(self) -> int:
        return max(self.total - len(self.rows), 0)


@dataclass
class LateAgency:
    code: str
    name: str
    overdue_reports: int
    overdue_tasks: int
    url: str


@dataclass
class OpenCycle:
    title: str
    due_on: dt.date
    expected: int
    submitted: int
    url: str
    is_sample: bool = False  # a cycle of the demo's sample data (monitoring.sample)


@dataclass
class Home:
    today: dt.date
    role: str
    due_reports: Section
    due_tasks: Section
    overdue_reports: Section
    overdue_tasks: Section
    returned: Section
    to_approve: Section
    notifications: Section
    agency_notices: int = 0
    late_agencies: list[LateAgency] = field(default_factory=list)
    open_cycles: list[OpenCycle] = field(default_factory=list)

    @property
    def week_end(self) -> dt.date:
        return self.today + WEEK

    @property
    def shows_sample(self) -> bool:
        """A listed report belongs to a sample reporting cycle (the demo's): the page says so."""
        sections = (self.due_reports, self.overdue_reports, self.returned, self.to_approve)
        if any(c.is_sample for c in self.open_cycles):  # listed by name for the coordinator
            return True
        return any(getattr(r.cycle, "is_sample", False) for s in sections for r in s.rows)

    @property
    def is_empty(self) -> bool:
        sections = (
            self.due_reports,
            self.due_tasks,
            self.overdue_reports,
            self.overdue_tasks,
            self.returned,
            self.to_approve,
            self.notifications,
        )
        return not any(s.total for s in sections) and not (
            self.late_agencies or self.agency_notices or self.open_cycles
        )


def _url(name: str, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v})
    return reverse(name) + (f"?{query}" if query else "")


def _section(queryset, more_url: str = "") -> Section:
    rows = list(queryset[:SHOWN])
    total = len(rows) if len(rows) < SHOWN else queryset.count()
    return Section(rows=rows, total=total, more_url=more_url)


def role_of(scope: Scope, is_leader: bool) -> str:
    """The role the page is written for: coordinator, leader, officer, observer or none."""
    if scope.is_national:
        return "coordinator"
    if is_leader:
        return "leader"
    if scope.editor_agency_ids:
        return "officer"
    if scope.is_observer:
        return "observer"
    return "none"


def unread_notifications(user):
    """The user's own unread notifications (monitoring: reminders, returns, approvals)."""
    return Notification.objects.filter(user=user, read_at=None)


def unread_agency_notices(user):
    """Unread notices to one of the user's agencies (compatibility: a relied-on law changed)."""
    return AgencyNotification.objects.filter(
        agency_id__in=sorted(scope_of(user).agency_ids), read_at=None
    )


def unread_count(user) -> int:
    """The figure in the header: personal notifications plus notices to the user's agencies."""
    if not getattr(user, "is_authenticated", False):
        return 0
    count = unread_notifications(user).count()
    if scope_of(user).agency_ids:
        count += unread_agency_notices(user).count()
    return count


def late_agencies(today: dt.date, limit: int = SHOWN) -> list[LateAgency]:
    """Agencies with the most overdue reports (open cycles) and overdue tasks they lead.

    Report figures come from ``ReportCount`` (kept in step with every report write), so the
    page adds up a few hundred rows, not millions of reports.
    """
    reports = dict(
        ReportCount.objects.filter(status__in=PENDING, due_on__lt=today, cycle__is_closed=False)
        .values_list("agency_id")
        .annotate(n=Sum("reports"))
        .order_by()
    )
    tasks = dict(
        Task.objects.filter(status__in=OPEN_TASK, due_on__lt=today)
        .values_list("lead_agency_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    ids = {pk for pk, n in reports.items() if n} | {pk for pk, n in tasks.items() if n}
    agencies = Agency.objects.in_bulk(ids)
    rows = [
        LateAgency(
            code=a.code,
            name=a.name,
            overdue_reports=reports.get(pk, 0) or 0,
            overdue_tasks=tasks.get(pk, 0),
            url=reverse("monitoring:agency-detail", args=[a.code]),
        )
        for pk, a in agencies.items()
    ]
    rows.sort(key=lambda r: (-r.overdue_reports, -r.overdue_tasks, r.name))
    return rows[:limit]


def open_cycles(today: dt.date, limit: int = 5) -> list[OpenCycle]:
    """Open reporting cycles, nearest due first, with reports expected and sent (ReportCount)."""
    cycles = list(ReportingCycle.objects.filter(is_closed=False).order_by("due_on", "pk")[:limit])
    sent = [Status.SUBMITTED, Status.APPROVED]
    figures = {
        row["cycle_id"]: row
        for row in ReportCount.objects.filter(cycle__in=cycles)
        .values("cycle_id")
        .annotate(expected=Sum("reports"), submitted=Sum("reports", filter=Q(status__in=sent)))
        .order_by()
    }
    return [
        OpenCycle(
            title=c.title,
            due_on=c.due_on,
            expected=(figures.get(c.pk) or {}).get("expected") or 0,
            submitted=(figures.get(c.pk) or {}).get("submitted") or 0,
            url=c.get_absolute_url(),
            is_sample=c.is_sample,
        )
        for c in cycles
    ]


def build_home(user, today: dt.date) -> Home:
    """What ``user`` has to do around ``today``: each list read through its visibility rule."""
    scope = scope_of(user)
    leads = leader_agency_ids(user)
    writes = sorted(scope.editor_agency_ids)
    reports = ProgressReport.objects.visible_to(user).select_related(
        "cycle", "agency", "task", "commitment"
    )
    mine = reports.filter(agency_id__in=writes).order_by("due_on", "pk")
    tasks = Task.objects.visible_to(user).filter(lead_agency_id__in=writes, status__in=OPEN_TASK)
    tasks = tasks.select_related("lead_agency", "plan").order_by("due_on", "pk")
    week_end = today + WEEK
    notes = unread_notifications(user).order_by("-created_at", "-pk")
    return Home(
        today=today,
        role=role_of(scope, bool(leads)),
        # Every draft still in time, nearest first: a cycle due in two months is work today.
        due_reports=_section(
            mine.filter(status=Status.DRAFT, due_on__gte=today),
            _url("monitoring:report-list", status=Status.DRAFT),
        ),
        due_tasks=_section(
            tasks.filter(due_on__gte=today, due_on__lte=week_end),
            _url("monitoring:task-list", state="open"),
        ),
        overdue_reports=_section(
            mine.filter(status__in=PENDING, due_on__lt=today),
            _url("monitoring:report-list", timeliness="missing"),
        ),
        overdue_tasks=_section(
            tasks.filter(due_on__lt=today), _url("monitoring:task-list", state="overdue")
        ),
        returned=_section(
            mine.filter(status=Status.RETURNED), _url("monitoring:report-list", status="returned")
        ),
        to_approve=_section(
            reports.filter(agency_id__in=sorted(leads), status=Status.SUBMITTED).order_by(
                "due_on", "pk"
            ),
            _url("monitoring:report-list", status=Status.SUBMITTED),
        ),
        notifications=_section(notes, reverse("monitoring:notification-list")),
        agency_notices=unread_agency_notices(user).count() if scope.agency_ids else 0,
        late_agencies=late_agencies(today) if scope.is_national else [],
        open_cycles=open_cycles(today) if scope.is_national else [],
    )


def home(request):
    """Staff's "what to do today"; an anonymous visitor gets the public portal's home."""
    if not request.user.is_authenticated:
        from camket.portal.views import public_home

        return public_home(request)
    return staff_home(request)


@login_required
def staff_home(request):
    today = timezone.localdate()
    board = build_home(request.user, today)
    from camket.portal.consultation.views import home_link  # comments and feedback to answer

    public_input = home_link(request.user)
    context = {"home": board, "sample_data": board.shows_sample, "public_input": public_input}
    return render(request, "home.html", context)


@login_required
def help_page(request):
    """The short guide of the reader's role (docs/guide/ holds the same with screenshots)."""
    scope = scope_of(request.user)
    role = role_of(scope, bool(leader_agency_ids(request.user)))
    return render(request, "help.html", {"role": role})


def header(request) -> dict:
    """Template context: the unread count of the header, read once and only when shown, and the
    main menu (``camket.navigation``), built only where the page shows it."""
    user = getattr(request, "user", None)
    cached: list[int] = []

    def count() -> int:
        if not cached:
            cached.append(unread_count(user))
        return cached[0]

    def menu() -> list:
        return main_menu(request.path)

    return {"unread_count": count, "main_menu": menu}
