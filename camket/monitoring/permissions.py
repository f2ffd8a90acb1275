"""Who may do what in monitoring (roles are explained in ``camket.agencies.permissions``).

- the national coordinator opens cycles, sends urging notices and reads approved reports;
- an agency's officers and leaders write and submit its reports;
- only an agency's leader approves or returns them;
- observers read dashboards and approved reports.
"""

from __future__ import annotations

from django.db.models import BooleanField, Case, ExpressionWrapper, Q, Value, When

from camket.agencies.models import Membership
from camket.agencies.permissions import scope_of
from camket.monitoring.models import ProgressReport

Status = ProgressReport.Status

# verb → (statuses it may start from, status it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({Status.DRAFT, Status.RETURNED}), Status.SUBMITTED),
    "approve": (frozenset({Status.SUBMITTED}), Status.APPROVED),
    "return": (frozenset({Status.SUBMITTED}), Status.RETURNED),
}
EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})


def leader_agency_ids(user) -> frozenset[int]:
    """Agencies in which ``user`` is a leader (cached on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_camket_leader_of", None)
    if cached is None:
        cached = frozenset(
            Membership.objects.filter(user=user, role=Membership.Role.LEADER).values_list(
                "agency_id", flat=True
            )
        )
        user._camket_leader_of = cached
    return cached


def can_open_cycle(user) -> bool:
    return scope_of(user).is_national


def can_send_urging(user) -> bool:
    return scope_of(user).is_national


def can_edit_report(user, report: ProgressReport) -> bool:
    return report.status in EDITABLE and report.agency_id in scope_of(user).editor_agency_ids


def can_submit_report(user, report: ProgressReport) -> bool:
    return report.status in TRANSITIONS["submit"][0] and can_write_for(user, report)


def can_approve_report(user, report: ProgressReport) -> bool:
    return report.status in TRANSITIONS["approve"][0] and report.agency_id in leader_agency_ids(
        user
    )


def can_return_report(user, report: ProgressReport) -> bool:
    return report.status in TRANSITIONS["return"][0] and report.agency_id in leader_agency_ids(user)


def can_write_for(user, report: ProgressReport) -> bool:
    return report.agency_id in scope_of(user).editor_agency_ids


def can_read_report_content(user, report: ProgressReport) -> bool:
    """The agency reads its own reports at every stage; others only once approved."""
    scope = scope_of(user)
    if report.agency_id in scope.agency_ids:
        return True
    return report.status == Status.APPROVED and (scope.is_national or scope.is_observer)


def readable_content(user) -> Q:
    """:func:`can_read_report_content` as a filter: the reports whose percent, progress,
    narrative and comments ``user`` may read (lists, exports, filters and counts use it)."""
    scope = scope_of(user)
    readable = Q(agency_id__in=sorted(scope.agency_ids))
    if scope.is_national or scope.is_observer:
        readable |= Q(status=Status.APPROVED)
    return readable


def with_content_flag(reports, user):
    """``reports`` annotated with ``content_readable`` (True where ``user`` may read them)."""
    flag = Case(When(readable_content(user), then=Value(True)), default=Value(False))
    return reports.annotate(content_readable=ExpressionWrapper(flag, output_field=BooleanField()))


PREDICATES = {
    "submit": can_submit_report,
    "approve": can_approve_report,
    "return": can_return_report,
}
