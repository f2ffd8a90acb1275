"""Writes for obligations, plans and tasks: one transaction and one audit row each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from camket.agencies.models import Agency, former_agency_problems
from camket.audit.actions import record_audit, snapshot
from camket.obligations import permissions as perms
from camket.obligations.models import ActionPlan, Obligation, Task
from camket.obligations.named_agencies import agency_names, read_agencies
from camket.portal.opendata.cache import public_changed
from camket.registry.actions import Lookups
from camket.registry.models import Commitment, Sector
from camket.versioning import claim_version
from camket.writes import Problems, bulk_insert
from lawcore import codes
from lawcore.text import nfc


def refuse_former_agencies(**codes: str | list[str] | None) -> None:
    """Raise ValidationError by field when an agency named for new work no longer exists."""
    errors: dict[str, list[str]] = {}
    for name, value in codes.items():
        values = value if isinstance(value, list) else [value]
        problems = former_agency_problems([v for v in values if v])
        if problems:
            errors[name] = list(problems.values())
    if errors:
        raise ValidationError(errors)


def _changed_lead(instance, name: str) -> str | None:
    """The code of ``instance``'s agency ``name`` when new or changed (else None: history stays)."""
    agency = getattr(instance, name, None)
    if agency is None:
        return None
    if instance.pk is not None:
        stored = type(instance).objects.filter(pk=instance.pk).values_list(f"{name}_id", flat=True)
        if stored.first() == agency.pk:
            return None
    return agency.code


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
    refuse_former_agencies(lead_agency=_changed_lead(obligation, "lead_agency"))
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
    current = obligation.carried_into_id
    if (
        current is not None
        and current != (target.pk if target else None)
        and not Commitment.objects.visible_to(acting_user).filter(pk=current).exists()
    ):
        # The editor cannot see the commitment recorded now, so the form could not show it:
        # an empty or different choice must not silently replace what they never saw.
        raise ValidationError(
            _(
                "This item was carried into a commitment you may not open; only someone who "
                "may open it can change this."
            )
        )
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
    refuse_former_agencies(agency=_changed_lead(plan, "agency"))
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
    refuse_former_agencies(lead_agency=_changed_lead(task, "lead_agency"))
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
    item (and through it to the statement sentence). Agencies the sentence names as cooperating
    ("phối hợp với Bộ Tài chính") support the task.
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
    names = agency_names()
    for number, item in enumerate(items, start=1):
        task = Task(
            plan=plan,
            number=str(number),
            title=item.text[:500],
            lead_agency=item.lead_agency,
            due_on=item.due_on,
        )
        assignment, named = read_agencies(item.source_text or item.text, names)
        supporting = [named[a.code] for a in assignment.cooperating]
        save_task(task, acting_user=acting_user, obligations=[item], supporting=supporting)
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


########## Plain-value writers: importers, the generator, the demo and tests ##########
# The form views save through the instance-taking actions above; everything else creates
# obligations, plans and tasks through these, so validation and the audit row are the same.


@dataclass
class ObligationData:
    """An obligation as plain values: the commitment and provision by pk, agencies by code."""

    commitment: int
    text: str
    modality: str
    number: str = ""
    provision: int | None = None
    source_text: str = ""
    source_start: int | None = None
    addressee: str = Obligation.Addressee.VIET_NAM
    addressee_partner: str | None = None
    response: str = ""
    due_on: dt.date | None = None
    due_text: str = ""
    schedule: list[dict] = field(default_factory=list)
    lead_agency: str | None = None
    method: str = Obligation.Method.PERSON
    reasons: list[str] = field(default_factory=list)
    external_key: str = ""
    sectors: list[str] = field(default_factory=list)
    affected_groups: list[str] = field(default_factory=list)


@dataclass
class PlanData:
    """An action plan as plain values: the agency by code, commitments by pk."""

    code: str
    title_vi: str
    agency: str
    kind: str = ActionPlan.Kind.PLAN
    title_en: str = ""
    commitments: list[int] = field(default_factory=list)
    instrument_number: str = ""
    instrument_on: dt.date | None = None
    source_links: list[dict] = field(default_factory=list)
    source_note: str = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    status: str = ActionPlan.Status.DRAFT


@dataclass
class TaskData:
    """A task as plain values: the plan and obligations by pk, agencies by code."""

    plan: int
    title: str
    lead_agency: str
    number: str = ""
    description: str = ""
    obligations: list[int] = field(default_factory=list)
    supporting_agencies: list[str] = field(default_factory=list)
    lead_agency_as_named: str | None = None
    starts_on: dt.date | None = None
    due_on: dt.date | None = None
    deliverable: str = ""
    budget: int | None = None
    funding_source: str = ""
    status: str = Task.Status.NOT_STARTED
    external_key: str = ""


def obligation_errors(data: ObligationData, lookups: Lookups) -> dict[str, list[str]]:
    """Translated messages by field for ``data`` (empty when valid); no database reads."""
    problems = Problems(Obligation, data.number or data.external_key or data.text[:40])
    problems.check(
        data,
        required=("commitment", "text", "modality"),
        choices={
            "modality": Obligation.Modality,
            "addressee": Obligation.Addressee,
            "response": Obligation.Response,
            "method": Obligation.Method,
        },
        codes=(
            ("lead_agency", [data.lead_agency] if data.lead_agency else [], lookups.agencies),
            ("sectors", data.sectors, lookups.sectors),
            (
                "addressee_partner",
                [data.addressee_partner] if data.addressee_partner else [],
                lookups.partners,
            ),
        ),
    )
    return problems.errors


def plan_errors(data: PlanData, lookups: Lookups) -> dict[str, list[str]]:
    problems = Problems(ActionPlan, data.code or "?")
    problems.check(
        data,
        required=("code", "title_vi", "agency"),
        choices={"kind": ActionPlan.Kind, "status": ActionPlan.Status},
        codes=(("agency", [data.agency] if data.agency else [], lookups.agencies),),
    )
    if data.starts_on and data.ends_on and data.starts_on > data.ends_on:
        problems.add("ends_on", _("“%(field)s” is before the start."))
    return problems.errors


def task_errors(data: TaskData, lookups: Lookups) -> dict[str, list[str]]:
    problems = Problems(Task, data.number or data.external_key or data.title[:40] or "?")
    problems.check(
        data,
        required=("plan", "title", "lead_agency"),
        choices={"status": Task.Status, "funding_source": Task.Funding},
        codes=(
            ("lead_agency", [data.lead_agency] if data.lead_agency else [], lookups.agencies),
            ("supporting_agencies", data.supporting_agencies, lookups.agencies),
            (
                "lead_agency_as_named",
                [data.lead_agency_as_named] if data.lead_agency_as_named else [],
                lookups.agencies,
            ),
        ),
    )
    if data.starts_on and data.due_on and data.starts_on > data.due_on:
        problems.add("due_on", _("The start date is after the due date."))
    return problems.errors


def _obligation_row(data: ObligationData, lookups: Lookups, row: Obligation | None = None):
    row = row or Obligation()
    for name in _OBLIGATION_COLUMNS:
        setattr(row, name, getattr(data, name))
    row.commitment_id, row.provision_id = data.commitment, data.provision
    lead = lookups.agencies.get(data.lead_agency) if data.lead_agency else None
    row.lead_agency_id = lead.pk if lead else None
    partner = lookups.partners.get(data.addressee_partner) if data.addressee_partner else None
    row.addressee_partner_id = partner.pk if partner else None
    row.text, row.source_text = nfc(data.text), nfc(data.source_text)
    return row


_OBLIGATION_COLUMNS = (
    "number",
    "source_start",
    "addressee",
    "response",
    "due_on",
    "due_text",
    "schedule",
    "method",
    "reasons",
    "external_key",
    "affected_groups",
    "modality",
)


def _check_obligation(data: ObligationData, lookups: Lookups) -> Commitment:
    errors = obligation_errors(data, lookups)
    commitment = Commitment.objects.filter(pk=data.commitment).first()
    if commitment is None:
        errors.setdefault("commitment", []).append(
            _("There is no commitment with the id %(id)s.") % {"id": data.commitment}
        )
    elif data.provision and not commitment.provisions.filter(pk=data.provision).exists():
        errors.setdefault("provision", []).append(
            _("Provision %(id)s is not part of commitment %(code)s.")
            % {"id": data.provision, "code": commitment.code}
        )
    if errors:
        raise ValidationError(errors)
    return commitment


@transaction.atomic
def create_obligation(
    data: ObligationData,
    *,
    acting_user,
    action: str = "obligation.created",
    lookups: Lookups | None = None,
) -> Obligation:
    """Validate ``data`` and insert the obligation; one audit row named ``action``.

    ``acting_user=None`` is the system (an import); a person needs ``can_add_obligation``.
    """
    lookups = lookups or Lookups.load()
    commitment = _check_obligation(data, lookups)
    refuse_former_agencies(lead_agency=data.lead_agency)
    if acting_user is not None and not perms.can_add_obligation(acting_user, commitment):
        raise PermissionDenied
    obligation = _obligation_row(data, lookups)
    obligation.created_by = acting_user if getattr(acting_user, "pk", None) else None
    obligation.save()
    obligation.sectors.set([lookups.sectors[c] for c in data.sectors])
    record_audit(obligation, action, acting_user, after=snapshot(obligation), subject=commitment)
    return obligation


@transaction.atomic
def import_obligation(
    data: ObligationData, *, acting_user=None, lookups: Lookups | None = None
) -> tuple[Obligation, str]:
    """Insert or update the obligation keyed ``(commitment, external_key)``; say which.

    Returns the obligation and "inserted", "updated" or "unchanged" (nothing written). Writes
    one ``obligation.imported`` audit row when something changed.
    """
    if not data.external_key:
        raise ValidationError({"external_key": _("An imported obligation needs a key.")})
    lookups = lookups or Lookups.load()
    commitment = _check_obligation(data, lookups)
    found = (
        Obligation.objects.select_for_update()
        .filter(commitment=commitment, external_key=data.external_key)
        .first()
    )
    if found is None:
        created = create_obligation(
            data, acting_user=acting_user, action="obligation.imported", lookups=lookups
        )
        return created, "inserted"
    before = snapshot(found)
    _obligation_row(data, lookups, found)
    found.sectors.set([lookups.sectors[c] for c in data.sectors])
    if snapshot(found) == before:
        return found, "unchanged"
    found.save()
    record_audit(
        found,
        "obligation.imported",
        acting_user,
        before=before,
        after=snapshot(found),
        subject=commitment,
    )
    return found, "updated"


def plan_code(data: PlanData) -> str:
    """A free code for ``data``: kind, agency, subject and year (``kh-bct-cptpp-2026``).

    The subject is the short name of the plan's first commitment, else the title; the year is
    that of the instrument, else of the start, else the current year.
    """
    first = Commitment.objects.filter(pk__in=data.commitments[:1]).first()
    subject = (first.short_name if first else "") or data.title_vi
    day = data.instrument_on or data.starts_on or timezone.localdate()
    prefix = "ct" if data.kind == ActionPlan.Kind.PROGRAMME else "kh"
    base = codes.plan_code(prefix, data.agency, subject, day.year)
    limit = ActionPlan._meta.get_field("code").max_length
    return codes.unique(
        base[:limit].rstrip("-"), lambda c: ActionPlan.objects.filter(code=c).exists(), limit
    )


def next_task_number(plan_id: int) -> str:
    """One more than the highest plain number among the plan's tasks ("1" for the first)."""
    numbers = Task.objects.filter(plan_id=plan_id).values_list("number", flat=True)
    return str(max((int(n) for n in numbers if n.isdigit() and len(n) < 9), default=0) + 1)


@transaction.atomic
def create_plan(
    data: PlanData, *, acting_user, action: str = "plan.created", lookups: Lookups | None = None
) -> ActionPlan:
    """Validate ``data`` and insert the plan with its commitments; one audit row.

    An empty ``data.code`` is generated (:func:`plan_code`).
    """
    lookups = lookups or Lookups.load()
    if not data.code.strip() and data.agency in lookups.agencies:
        data = replace(data, code=plan_code(data))
    errors = plan_errors(data, lookups)
    if ActionPlan.objects.filter(code=data.code).exists():
        errors.setdefault("code", []).append(
            _("A plan with the code %(code)s already exists.") % {"code": data.code}
        )
    if errors:
        raise ValidationError(errors)
    refuse_former_agencies(agency=data.agency)
    if acting_user is not None and not perms.can_create_plan(acting_user):
        raise PermissionDenied
    plan = _plan_row(data, lookups)
    plan.save()
    plan.commitments.set(data.commitments)
    record_audit(plan, action, acting_user, after=snapshot(plan))
    return plan


def _plan_row(data: PlanData, lookups: Lookups) -> ActionPlan:
    values = {f.name: getattr(data, f.name) for f in fields(data)}
    values.pop("commitments")
    values["agency"] = lookups.agencies[data.agency]
    values["title_vi"], values["title_en"] = nfc(data.title_vi), nfc(data.title_en)
    return ActionPlan(**values)


@transaction.atomic
def create_task(
    data: TaskData, *, acting_user, action: str = "task.created", lookups: Lookups | None = None
) -> Task:
    """Validate ``data`` and insert the task with its obligations and supporting agencies.

    An empty ``data.number`` becomes the plan's next number (:func:`next_task_number`).
    """
    lookups = lookups or Lookups.load()
    if not data.number.strip() and isinstance(data.plan, int):
        data = replace(data, number=next_task_number(data.plan))
    errors = task_errors(data, lookups)
    plan = ActionPlan.objects.filter(pk=data.plan).first()
    if plan is None:
        errors.setdefault("plan", []).append(
            _("There is no action plan with the id %(id)s.") % {"id": data.plan}
        )
    if errors:
        raise ValidationError(errors)
    refuse_former_agencies(
        lead_agency=data.lead_agency, supporting_agencies=data.supporting_agencies
    )
    if acting_user is not None and not perms.can_edit_plan(acting_user, plan):
        raise PermissionDenied
    task = _task_row(data, lookups)
    task.save()
    task.obligations.set(data.obligations)
    task.supporting_agencies.set(
        [lookups.agencies[c] for c in data.supporting_agencies if c != data.lead_agency]
    )
    record_audit(task, action, acting_user, after=snapshot(task), subject=plan)
    return task


def _task_row(data: TaskData, lookups: Lookups) -> Task:
    values = {f.name: getattr(data, f.name) for f in fields(data)}
    for name in ("obligations", "supporting_agencies", "plan", "lead_agency"):
        values.pop(name)
    values.pop("lead_agency_as_named")
    values["title"] = nfc(data.title)
    named = lookups.agencies[data.lead_agency_as_named] if data.lead_agency_as_named else None
    return Task(
        plan_id=data.plan,
        lead_agency_id=lookups.agencies[data.lead_agency].pk,
        lead_agency_as_named_id=named.pk if named else None,
        **values,
    )


def bulk_create_obligations(
    items: Iterable[ObligationData],
    *,
    action="obligation.generated",
    batch_size=5000,
    progress=None,
) -> list[int]:
    """Many obligations at once (the generator): same checks and audit rows as one by one.

    The commitments and provisions named must exist (the database refuses others).
    """

    def after(rows, batch):
        through = Obligation.sectors.through
        through.objects.bulk_create(
            [
                through(obligation_id=row.pk, sector_id=lookups_sectors[c])
                for row, data in zip(rows, batch, strict=True)
                for c in data.sectors
            ],
            batch_size=5000,
        )

    lookups_sectors = dict(Sector.objects.values_list("code", "pk"))
    pks = bulk_insert(
        items,
        errors_of=obligation_errors,
        row_of=_obligation_row,
        after=after,
        action=action,
        subject_of=lambda row: f"registry.commitment:{row.commitment_id}",
        batch_size=batch_size,
        progress=progress,
    )
    public_changed()  # bulk_create sends no signal: the public record cache must know
    return pks


def bulk_create_plans(
    items: Iterable[PlanData], *, action="plan.generated", batch_size=5000, progress=None
) -> list[int]:
    """Many plans at once (the generator), validated and audited like :func:`create_plan`."""

    def after(rows, batch):
        through = ActionPlan.commitments.through
        through.objects.bulk_create(
            [
                through(actionplan_id=row.pk, commitment_id=pk)
                for row, data in zip(rows, batch, strict=True)
                for pk in data.commitments
            ],
            batch_size=5000,
        )

    return bulk_insert(
        items,
        errors_of=plan_errors,
        row_of=_plan_row,
        after=after,
        action=action,
        subject_of=lambda row: "",
        batch_size=batch_size,
        progress=progress,
    )


def bulk_create_tasks(
    items: Iterable[TaskData], *, action="task.generated", batch_size=5000, progress=None
) -> list[int]:
    """Many tasks at once (the generator), validated and audited like :func:`create_task`."""

    def after(rows, batch):
        obligations, supporting = Task.obligations.through, Task.supporting_agencies.through
        obligations.objects.bulk_create(
            [
                obligations(task_id=row.pk, obligation_id=pk)
                for row, data in zip(rows, batch, strict=True)
                for pk in data.obligations
            ],
            batch_size=5000,
        )
        supporting.objects.bulk_create(
            [
                supporting(task_id=row.pk, agency_id=agency_ids[c])
                for row, data in zip(rows, batch, strict=True)
                for c in data.supporting_agencies
                if c != data.lead_agency
            ],
            batch_size=5000,
        )

    agency_ids = dict(Agency.objects.values_list("code", "pk"))
    return bulk_insert(
        items,
        errors_of=task_errors,
        row_of=_task_row,
        after=after,
        action=action,
        subject_of=lambda row: f"obligations.actionplan:{row.plan_id}",
        batch_size=batch_size,
        progress=progress,
    )


########## Idempotent imports of plans and tasks (the demo's real plans) ##########
# Columns an import compares and writes; the rest (ids, versions, approvals, search columns,
# times) belong to the record's life in CamKet, not to the source.
_NOT_IMPORTED = {"id", "code", "version", "created_at", "updated_at", "approved_by", "approved_at"}
_NOT_IMPORTED |= {"return_comment", "search_title", "search_body", "plan"}


def _imported_values(row) -> dict:
    return {
        f.attname: getattr(row, f.attname)
        for f in type(row)._meta.concrete_fields
        if f.name not in _NOT_IMPORTED
    }


def _differs(row, values: dict) -> bool:
    return any(getattr(row, name) != value for name, value in values.items())


@transaction.atomic
def import_plan(data: PlanData, *, acting_user=None, lookups: Lookups | None = None):
    """Insert or update the plan with ``data.code``; return it and what happened.

    "inserted" goes through :func:`create_plan`; "updated" writes the changed columns and
    commitments with one ``plan.imported`` audit row; "unchanged" writes nothing.
    """
    lookups = lookups or Lookups.load()
    found = ActionPlan.objects.select_for_update().filter(code=data.code).first()
    if found is None:
        plan = create_plan(data, acting_user=acting_user, action="plan.imported", lookups=lookups)
        return plan, "inserted"
    errors = plan_errors(data, lookups)
    if errors:
        raise ValidationError(errors)
    values = _imported_values(_plan_row(data, lookups))
    same_links = set(found.commitments.values_list("pk", flat=True)) == set(data.commitments)
    if not _differs(found, values) and same_links:
        return found, "unchanged"
    before = snapshot(found)
    for name, value in values.items():
        setattr(found, name, value)
    found.save()
    found.commitments.set(data.commitments)
    record_audit(found, "plan.imported", acting_user, before=before, after=snapshot(found))
    return found, "updated"


@transaction.atomic
def import_task(data: TaskData, *, acting_user=None, lookups: Lookups | None = None):
    """Insert or update the task keyed ``(plan, external_key)``; return it and what happened."""
    if not data.external_key:
        raise ValidationError({"external_key": _("An imported task needs a key.")})
    lookups = lookups or Lookups.load()
    found = (
        Task.objects.select_for_update()
        .filter(plan_id=data.plan, external_key=data.external_key)
        .first()
    )
    if found is None:
        task = create_task(data, acting_user=acting_user, action="task.imported", lookups=lookups)
        return task, "inserted"
    errors = task_errors(data, lookups)
    if errors:
        raise ValidationError(errors)
    values = _imported_values(_task_row(data, lookups))
    supporting = {lookups.agencies[c].pk for c in data.supporting_agencies}
    supporting.discard(lookups.agencies[data.lead_agency].pk)
    same_links = set(found.supporting_agencies.values_list("pk", flat=True)) == supporting
    same_links &= set(found.obligations.values_list("pk", flat=True)) == set(data.obligations)
    if not _differs(found, values) and same_links:
        return found, "unchanged"
    before = snapshot(found)
    for name, value in values.items():
        setattr(found, name, value)
    found.save()
    found.supporting_agencies.set(supporting)
    found.obligations.set(data.obligations)
    after, plan = snapshot(found), found.plan
    record_audit(found, "task.imported", acting_user, before=before, after=after, subject=plan)
    return found, "updated"
