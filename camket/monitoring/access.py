"""How views fetch monitoring objects: the same 404 for "missing" and "not yours"."""

from __future__ import annotations

from django.http import Http404

from camket.agencies.models import Agency
from camket.agencies.permissions import scope_of
from camket.monitoring.models import ProgressReport, ReportingCycle


def access_report(user, pk: int) -> ProgressReport:
    """Return report ``pk`` if ``user`` may see it, else raise Http404."""
    try:
        return (
            ProgressReport.objects.visible_to(user)
            .select_related("cycle", "agency", "task", "commitment")
            .get(pk=pk)
        )
    except ProgressReport.DoesNotExist:
        raise Http404(pk) from None


def access_cycle(user, pk: int) -> ReportingCycle:
    """Return cycle ``pk`` if ``user`` is national or an observer, or the cycle covers one of
    the user's agencies; else raise Http404."""
    scope = scope_of(user)
    qs = ReportingCycle.objects.all()
    if not (scope.is_national or scope.is_observer):
        qs = qs.filter(agencies__in=scope.agency_ids).distinct()
    try:
        return qs.get(pk=pk)
    except ReportingCycle.DoesNotExist:
        raise Http404(pk) from None


def access_agency(user, code: str) -> Agency:
    """Return agency ``code`` if ``user`` is national, an observer or a member; else Http404."""
    scope = scope_of(user)
    try:
        agency = Agency.objects.get(code=code)
    except Agency.DoesNotExist:
        raise Http404(code) from None
    if scope.is_national or scope.is_observer or agency.pk in scope.agency_ids:
        return agency
    raise Http404(code)
