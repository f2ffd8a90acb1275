"""Permission-checked fetches for obligations, plans and tasks: one 404 for missing or not yours."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from camket.agencies.permissions import scope_of
from camket.obligations.models import ActionPlan, Obligation, Task


def access_obligation(user, pk: int) -> Obligation:
    """The obligation ``pk`` if its commitment is visible to ``user``."""
    try:
        return (
            Obligation.objects.visible_to(user)
            .with_carried_into_for(user)
            .select_related("commitment", "lead_agency", "provision")
            .get(pk=pk)
        )
    except Obligation.DoesNotExist:
        raise Http404(pk) from None


def visible_plans(user):
    """Plans ``user`` may read: national roles and observers all, others their agency's and
    those holding a task their agency leads or supports."""
    scope = scope_of(user)
    if scope.is_national or scope.is_observer:
        return ActionPlan.objects.all()
    tasks = Task.objects.visible_to(user).values("plan_id")
    return ActionPlan.objects.filter(Q(agency_id__in=scope.agency_ids) | Q(pk__in=tasks))


def access_plan(user, code: str) -> ActionPlan:
    try:
        return visible_plans(user).select_related("agency").get(code=code)
    except ActionPlan.DoesNotExist:
        raise Http404(code) from None


def access_task(user, pk: int) -> Task:
    try:
        return Task.objects.visible_to(user).select_related("plan", "lead_agency").get(pk=pk)
    except Task.DoesNotExist:
        raise Http404(pk) from None
