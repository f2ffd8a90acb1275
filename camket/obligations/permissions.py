"""Who may change obligations, plans and tasks (roles: ``camket.agencies.permissions``).

Officers and leaders edit the obligations their agency is responsible for (the obligation's lead
agency, else the commitment's), the plans their agency owns and the tasks their agency leads.
Coordinators edit everything and alone approve action programmes.
"""

from __future__ import annotations

from camket.agencies.permissions import scope_of
from camket.obligations.models import ActionPlan, Obligation, Task
from camket.registry.models import Commitment


def can_add_obligation(user, commitment: Commitment) -> bool:
    scope = scope_of(user)
    return scope.is_national or commitment.lead_agency_id in scope.editor_agency_ids


def can_edit_obligation(user, obligation: Obligation) -> bool:
    scope = scope_of(user)
    if scope.is_national:
        return True
    return bool(
        {obligation.lead_agency_id, obligation.commitment.lead_agency_id} & scope.editor_agency_ids
    )


def can_edit_plan(user, plan: ActionPlan) -> bool:
    scope = scope_of(user)
    editable = plan.status in {ActionPlan.Status.DRAFT, ActionPlan.Status.RETURNED}
    return scope.is_national or (editable and plan.agency_id in scope.editor_agency_ids)


def can_submit_plan(user, plan: ActionPlan) -> bool:
    return can_edit_plan(user, plan) and plan.status in {
        ActionPlan.Status.DRAFT,
        ActionPlan.Status.RETURNED,
    }


def can_approve_plan(user, plan: ActionPlan) -> bool:
    return scope_of(user).is_national and plan.status == ActionPlan.Status.SUBMITTED


def can_edit_task(user, task: Task) -> bool:
    scope = scope_of(user)
    return (
        scope.is_national
        or task.lead_agency_id in scope.editor_agency_ids
        or task.plan.agency_id in scope.editor_agency_ids
    )


def can_create_plan(user) -> bool:
    scope = scope_of(user)
    return scope.is_national or bool(scope.editor_agency_ids)
