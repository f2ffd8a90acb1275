"""Which overlap candidates a user may see in the queue: one predicate, one 404.

National roles and observers see every pair; officers and leaders the pairs where their agency
leads one of the two items. Either way each side is then shown through ``items.describe`` (the
item's own visibility predicate), so a pair never tells more of a side than that it exists and
which agency leads it.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from camket.agencies.permissions import scope_of
from camket.coordination.models import OverlapCandidate, OverlapRun


def visible_candidates(user):
    scope = scope_of(user)
    if scope.is_national or scope.is_observer:
        return OverlapCandidate.objects.all()
    if not scope.agency_ids:
        return OverlapCandidate.objects.none()
    return OverlapCandidate.objects.filter(
        Q(a_agency_id__in=scope.agency_ids) | Q(b_agency_id__in=scope.agency_ids)
    )


def access_candidate(user, pk: int) -> OverlapCandidate:
    try:
        return visible_candidates(user).get(pk=pk)
    except OverlapCandidate.DoesNotExist:
        raise Http404(pk) from None


def access_run(user, pk: int) -> OverlapRun:
    """Runs are shown to national roles only (they start them)."""
    if not scope_of(user).is_national:
        raise Http404(pk)
    try:
        return OverlapRun.objects.get(pk=pk)
    except OverlapRun.DoesNotExist:
        raise Http404(pk) from None
