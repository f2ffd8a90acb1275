"""How views fetch scoring objects: the same 404 for "missing" and "not yours"."""

from __future__ import annotations

from django.http import Http404

from camket.evaluation.scoring.models import CriteriaSet, Indicator, Score, Scorecard


def access_scorecard(user, pk: int) -> Scorecard:
    """Scorecard ``pk`` if ``user`` may read it (``Scorecard.objects.visible_to``), else 404."""
    try:
        return (
            Scorecard.objects.visible_to(user)
            .select_related("criteria_set", "cycle", "commitment", "agency")
            .get(pk=pk)
        )
    except Scorecard.DoesNotExist:
        raise Http404(pk) from None


def access_score(user, pk: int) -> Score:
    """Score ``pk`` if ``user`` may read its scorecard, else 404."""
    try:
        return (
            Score.objects.filter(scorecard__in=Scorecard.objects.visible_to(user))
            .defer("skipped")
            .select_related("scorecard__cycle", "criterion")
            .get(pk=pk)
        )
    except Score.DoesNotExist:
        raise Http404(pk) from None


def access_criteria_set(user, pk: int) -> CriteriaSet:
    """Criteria sets are public to every signed-in user: they say how everyone is judged."""
    try:
        return CriteriaSet.objects.get(pk=pk)
    except CriteriaSet.DoesNotExist:
        raise Http404(pk) from None


def access_indicator(user, pk: int) -> Indicator:
    """Indicator ``pk`` if ``user`` may read its commitment, else 404."""
    try:
        return Indicator.objects.visible_to(user).select_related("commitment").get(pk=pk)
    except Indicator.DoesNotExist:
        raise Http404(pk) from None
