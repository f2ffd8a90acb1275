"""Writes for obligations, plans and tasks: one transaction and one audit row each."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from camket.audit.actions import record_audit, snapshot
from camket.obligations import permissions as perms
from camket.obligations.models import ActionPlan, Obligation, Task
from camket.registry.models import Commitment
from camket.versioning import claim_version


@transaction.atomic
def save_obligation(
    obligation: Obligation, *, acting_user, sectors=None, version: int | None = None
) -> Obligation:
    """Create or update an obligation (from a form or an accepted candidate).

    ``version``: the one an edit form was drawn from; EditConflict if it was saved since.
    """
    creating = obligation.pk is None
    allowed = (
        perms.can_add_obligation(acting_user, obligation.commitment)
        if creating
        else perms.can_edit_obligation(acting_user, obligation)
    )
    if not allowed:
        raise PermissionDenied
    if not creating:
        claim_version(obligation, version)
    before = None if creating else snapshot(Obligation.objects.get(pk=obligation.pk))
    if creating:
        obligation.created_by = acting_user
    obligation.save()
    if sectors is not None:
        obligation.sectors.set(sectors)
    action = "obligation.created" if creating else "obligation.updated"
    record_audit(
        obligation,
        action,
        acting_user,
        before=before,
        after=snapshot(obligation),
        subject=obligation.commitment,
    )
    return obligation


@transaction.atomic
def delete_obligation(obligation: Obligation, *, acting_user) -> None:
    if not perms.can_edit_obligation(acting_user, obligation):
        raise PermissionDenied
    record_audit(
        obligation,
        "obligation.deleted",
        acting_user,
        before=snapshot(obligation),
        subject=obligation.commitment,
    )
    obligation.delete()


@transaction.atomic
def mark_carried_into(
    obligation: Obligation, target: Commitment | None, *, acting_user, version: int | None = None
) -> None:
    """Record that a statement item was carried into a treaty or agreement (or undo it).

    ``version``: the one the person saw (EditConflict if the obligation was saved since).
    """
    if not perms.can_edit_obligation(acting_user, obligation):
        raise PermissionDenied
    claim_version(obligation, version)
    if target is not None and target.pk == obligation.commitment_id:
        raise ValidationError(_("An item cannot be carried into its own commitment."))
    before = snapshot(obligation)
    obligation.carried_into = target
    obligation.save(update_fields=["carried_into", "updated_at"])
    record_audit(
        obligation,
        "obligation.carried_into",
        acting_user,
        before=before,
        after=snapshot(obligation),
        subject=obligation.commitment,
    )


@transaction.atomic
def save_plan(
    plan: ActionPlan, *, acting_user, commitments=None, version: int | None = None
) -> ActionPlan:
    """Create or update a plan; ``version`` as in :func:`save_obligation`."""
    creating = plan.pk is None
    if creating and not perms.can_create_plan(acting_user):
        raise PermissionDenied
    if not creating and not perms.can_edit_plan(acting_user, plan):
        raise PermissionDenied
    if not creating:
        claim_version(plan, version)
    before = None if creating else snapshot(ActionPlan.objects.get(pk=plan.pk))
    plan.save()
    if commitments is not None:
        plan.commitments.set(commitments)
    record_audit(
        plan,
        "plan.created" if creating else "plan.updated",
        acting_user,
        before=before,
        after=snapshot(plan),
    )
    return plan


def _transition(plan: ActionPlan, status: str, action: str, acting_user, **fields) -> None:
    before = snapshot(plan)
    plan.status = status
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.save()
    record_audit(plan, action, acting_user, before=before, after=snapshot(plan))


@transaction.atomic
def submit_plan(plan: ActionPlan, *, acting_user) -> None:
    """Send a draft or returned plan to the national coordinator for approval."""
    if not perms.can_submit_plan(acting_user, plan):
        raise PermissionDenied
    if not plan.tasks.exists():
        raise ValidationError(_("Add at least one task before submitting the plan."))
    _transition(plan, ActionPlan.Status.SUBMITTED, "plan.submitted", acting_user)


@transaction.atomic
def approve_plan(plan: ActionPlan, *, acting_user) -> None:
    if not perms.can_approve_plan(acting_user, plan):
        raise PermissionDenied
    _transition(
        plan,
        ActionPlan.Status.APPROVED,
        "plan.approved",
        acting_user,
        approved_by=acting_user,
        approved_at=timezone.now(),
        return_comment="",
    )


@transaction.atomic
def return_plan(plan: ActionPlan, comment: str, *, acting_user) -> None:
    if not perms.can_approve_plan(acting_user, plan):
        raise PermissionDenied
    if not comment.strip():
        raise ValidationError(_("Say what must be revised when returning a plan."))
    _transition(
        plan,
        ActionPlan.Status.RETURNED,
        "plan.returned",
        acting_user,
        return_comment=comment.strip(),
    )


@transaction.atomic
def save_task(
    task: Task, *, acting_user, obligations=None, supporting=None, version: int | None = None
) -> Task:
    """Create or update a task; ``version`` as in :func:`save_obligation`."""
    creating = task.pk is None
    if creating and not perms.can_edit_plan(acting_user, task.plan):
        raise PermissionDenied
    if not creating and not perms.can_edit_task(acting_user, task):
        raise PermissionDenied
    if not creating:
        claim_version(task, version)
    if task.starts_on and task.due_on and task.starts_on > task.due_on:
        raise ValidationError(_("The start date is after the due date."))
    before = None if creating else snapshot(Task.objects.get(pk=task.pk))
    task.save()
    if obligations is not None:
        task.obligations.set(obligations)
    if supporting is not None:
        task.supporting_agencies.set([a for a in supporting if a.pk != task.lead_agency_id])
    record_audit(
        task,
        "task.created" if creating else "task.updated",
        acting_user,
        before=before,
        after=snapshot(task),
        subject=task.plan,
    )
    return task


@transaction.atomic
def delete_task(task: Task, *, acting_user) -> None:
    if not perms.can_edit_plan(acting_user, task.plan):
        raise PermissionDenied
    record_audit(task, "task.deleted", acting_user, before=snapshot(task), subject=task.plan)
    task.delete()


@transaction.atomic
def create_programme_from_items(
    statement: Commitment, items: list[Obligation], *, agency, title_vi: str, acting_user
) -> ActionPlan:
    """Turn confirmed statement items into an action programme, one task per item.

    Each item must have a confirmed lead agency; the task inherits it and traces back to the
    item (and through it to the statement sentence).
    """
    if not items:
        raise ValidationError(_("Choose at least one item."))
    missing = [item for item in items if item.lead_agency_id is None]
    if missing:
        raise ValidationError(_("Confirm a lead agency for every chosen item first."))
    plan = ActionPlan(
        code=_programme_code(statement),
        kind=ActionPlan.Kind.PROGRAMME,
        title_vi=title_vi,
        agency=agency,
    )
    save_plan(plan, acting_user=acting_user, commitments=[statement])
    for number, item in enumerate(items, start=1):
        task = Task(
            plan=plan,
            number=str(number),
            title=item.text[:500],
            lead_agency=item.lead_agency,
            due_on=item.due_on,
        )
        save_task(task, acting_user=acting_user, obligations=[item])
    return plan


def _programme_code(statement: Commitment) -> str:
    base = "ctht-" + statement.code.replace("/", "-")[:60]
    code, counter = base, 1
    while ActionPlan.objects.filter(code=code).exists():
        counter += 1
        code = f"{base}-{counter}"
    return code


@transaction.atomic
def save_milestone(milestone, *, acting_user):
    if not perms.can_edit_task(acting_user, milestone.task):
        raise PermissionDenied
    milestone.save()
    record_audit(
        milestone,
        "milestone.saved",
        acting_user,
        after=snapshot(milestone),
        subject=milestone.task.plan,
    )
    return milestone
