"""Writes of the coordination app: runs, candidates, decisions, merges and links (one
transaction and one audit row each, like ``camket/monitoring/actions.py::submit_report``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from camket.agencies.models import Agency
from camket.agencies.permissions import is_coordinator
from camket.audit.actions import record_audit, snapshot
from camket.coordination import items as I
from camket.coordination.models import ItemKind, OverlapCandidate, OverlapRun
from camket.obligations import actions as obligation_actions
from camket.obligations import permissions as obligation_perms
from camket.obligations.models import ActionPlan, Task
from lawcore.overlap import DEFAULT_THRESHOLD, Item, Pair, find_pairs

State = OverlapCandidate.State


def ordered(a: str, b: str) -> tuple[str, str]:
    """A pair's two keys in stored order (kind, then pk): each pair has one row."""
    ka, kb = I.split_key(a), I.split_key(b)
    return (a, b) if ka <= kb else (b, a)


@transaction.atomic
def start_run(*, trigger: str, acting_user=None) -> OverlapRun:
    """Queue a run. A coordinator asks for one on demand; the nightly job queues its own.

    Refused (ValidationError) while another run is waiting or running: a second one would
    only repeat the first.
    """
    if trigger == OverlapRun.Trigger.ON_DEMAND and not is_coordinator(acting_user):
        raise PermissionDenied
    if (
        OverlapRun.objects.select_for_update()
        .filter(status__in=[OverlapRun.Status.QUEUED, OverlapRun.Status.RUNNING])
        .exists()
    ):
        raise ValidationError(_("A run of the overlap check is already waiting or running."))
    run = OverlapRun.objects.create(
        trigger=trigger,
        requested_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    record_audit(run, "overlap.run_queued", acting_user, after=snapshot(run))
    return run


def _step(run: OverlapRun, step: str, **counts) -> None:
    """Save the run's progress at once (outside any long transaction, so pages see it)."""
    on_step = getattr(run, "on_step", None)
    if on_step:
        on_step(run, step)
    run.step = step
    for name, value in counts.items():
        setattr(run, name, value)
    run.save(update_fields=["step", "status", "started_at", *counts])


def execute_run(
    run: OverlapRun,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    read_items: Callable[[], list[Item]] = I.register_items,
) -> OverlapRun:
    """Run the engine over the register and store what it proposes (the job's body).

    Progress is saved step by step; the candidates are written in one transaction at the end
    (:func:`record_candidates`), so a failed run leaves the stored candidates as they were.
    Pairs already decided are not scored again (``keep``), so they are never proposed again.
    """
    run.status, run.started_at = OverlapRun.Status.RUNNING, timezone.now()
    _step(run, "reading")
    try:
        items = read_items()
        _step(run, "features", items=len(items))
        decided = set(
            OverlapCandidate.objects.exclude(state=State.OPEN).values_list(
                "a_kind", "a_id", "b_kind", "b_id"
            )
        )

        def keep(a: Item, b: Item) -> bool:
            if not I.comparable(a, b):
                return False
            first, second = ordered(a.id, b.id)
            return (*I.split_key(first), *I.split_key(second)) not in decided

        def progress(message: str) -> None:
            if message.startswith("features"):
                _step(run, "candidates")
            elif message.startswith("candidates"):
                _step(run, "scoring")

        pairs = find_pairs(items, threshold, keep=keep, progress=progress)
        _step(run, "storing", pairs=len(pairs))
        agencies = {item.id: item.meta.get("agency") for item in items}
        record_candidates(run, pairs, agencies, full=True)
    except Exception as error:
        run.status, run.error, run.finished_at = (
            OverlapRun.Status.FAILED,
            repr(error),
            timezone.now(),
        )
        run.save(update_fields=["status", "error", "finished_at"])
        raise
    run.refresh_from_db()
    return run


@transaction.atomic
def record_candidates(
    run: OverlapRun, pairs: Iterable[Pair], agencies: dict[str, str | None], *, full: bool
) -> OverlapRun:
    """Store ``pairs`` as open candidates of ``run``: new ones inserted, open ones updated, decided
    ones left as decided. With ``full`` (the run read the whole register) an open candidate the run
    did not find again is removed: it is no longer proposed. One audit row for the run."""
    codes = {code for code in agencies.values() if code}
    agency_ids = dict(Agency.objects.filter(code__in=codes).values_list("code", "pk"))
    existing = {
        (c.a_kind, c.a_id, c.b_kind, c.b_id): c
        for c in OverlapCandidate.objects.select_for_update()
    }
    source = (
        OverlapCandidate.Source.NIGHTLY
        if run.trigger == OverlapRun.Trigger.NIGHTLY
        else OverlapCandidate.Source.ON_DEMAND
    )
    created, updated, found = [], [], set()
    for pair in pairs:
        first, second = ordered(pair.a, pair.b)
        k = (*I.split_key(first), *I.split_key(second))
        found.add(k)
        values = {
            "score": round(pair.score, 4),
            "reasons": list(pair.reasons),
            "a_agency_id": agency_ids.get(agencies.get(first) or ""),
            "b_agency_id": agency_ids.get(agencies.get(second) or ""),
        }
        row = existing.get(k)
        if row is None:
            created.append(
                OverlapCandidate(
                    a_kind=k[0], a_id=k[1], b_kind=k[2], b_id=k[3], source=source,
                    last_run=run, **values,
                )
            )  # fmt: skip
        elif row.is_open:
            for name, value in values.items():
                setattr(row, name, value)
            row.last_run = run
            updated.append(row)
    OverlapCandidate.objects.bulk_create(created, batch_size=1_000)
    OverlapCandidate.objects.bulk_update(
        updated, ["score", "reasons", "a_agency", "b_agency", "last_run"], batch_size=1_000
    )
    stale = [
        c.pk
        for k, c in existing.items()
        if full and c.is_open and c.source != OverlapCandidate.Source.BEFORE_SAVE and k not in found
    ]
    OverlapCandidate.objects.filter(pk__in=stale).delete()
    run.created, run.updated, run.removed = len(created), len(updated), len(stale)
    run.status, run.step, run.finished_at = OverlapRun.Status.DONE, "", timezone.now()
    run.save()
    record_audit(run, "overlap.run_finished", run.requested_by, after=snapshot(run))
    return run


def _locked_open(candidate: OverlapCandidate, acting_user) -> OverlapCandidate:
    if not is_coordinator(acting_user):
        raise PermissionDenied
    row = OverlapCandidate.objects.select_for_update().get(pk=candidate.pk)
    if not row.is_open:
        raise ValidationError(
            _("This pair was already decided (“%(state)s”).") % {"state": row.get_state_display()}
        )
    return row


def _decided(row: OverlapCandidate, state: str, note: str, acting_user, before: dict) -> None:
    row.state, row.note = state, note.strip()
    row.decided_by, row.decided_at = acting_user, timezone.now()
    row.save()
    record_audit(row, f"overlap.{state}", acting_user, before=before, after=snapshot(row))


@transaction.atomic
def decide(candidate: OverlapCandidate, state: str, *, note: str = "", acting_user):
    """A coordinator's decision on an open pair: duplicate, related ("link as related") or
    distinct. Decided pairs are never proposed again, whatever later runs find."""
    if state not in OverlapCandidate.DECIDED:
        raise ValidationError(_("Choose duplicate, related or distinct."))
    row = _locked_open(candidate, acting_user)
    _decided(row, state, note, acting_user, snapshot(row))
    return row


@transaction.atomic
def merge_tasks(candidate: OverlapCandidate, *, keep_task: int, note: str = "", acting_user):
    """Merge two duplicate tasks into one shared task ("nhiệm vụ chung").

    The kept task keeps its lead agency; the other task's lead and supporting agencies become
    supporting agencies of it, and it serves both tasks' obligations. The other task is not
    deleted: it is cancelled with a note naming the shared task, so its reports, milestones and
    history stay. Both changes go through ``obligations.actions.save_task`` (audit rows there).
    """
    row = _locked_open(candidate, acting_user)
    if row.a_kind != ItemKind.TASK or row.b_kind != ItemKind.TASK:
        raise ValidationError(_("Only two tasks can be merged into a shared task."))
    if keep_task not in (row.a_id, row.b_id):
        raise ValidationError(_("Choose one of the two tasks to keep."))
    other_pk = row.b_id if keep_task == row.a_id else row.a_id
    tasks = Task.objects.select_for_update().in_bulk([keep_task, other_pk])
    if len(tasks) != 2:
        raise ValidationError(_("One of the two tasks no longer exists."))
    kept, other = tasks[keep_task], tasks[other_pk]
    before = snapshot(row)
    supporting = {
        *kept.supporting_agencies.all(),
        other.lead_agency,
        *other.supporting_agencies.all(),
    }
    obligation_actions.save_task(
        kept,
        acting_user=acting_user,
        obligations=[*kept.obligations.all(), *other.obligations.all()],
        supporting=sorted(supporting, key=lambda a: a.pk),
        version=kept.version,
    )
    other.status = Task.Status.CANCELLED
    merged_note = _("Merged into the shared task %(number)s “%(title)s” led by %(agency)s.") % {
        "number": kept.number or kept.pk,
        "title": kept.title,
        "agency": kept.lead_agency.name,
    }
    other.description = f"{other.description}\n\n{merged_note}".strip()
    obligation_actions.save_task(other, acting_user=acting_user, version=other.version)
    row.merged_into = kept
    _decided(row, State.DUPLICATE, note, acting_user, before)
    return row


@dataclass(frozen=True)
class LinkResult:
    candidate: OverlapCandidate
    created: bool


@transaction.atomic
def link_instead(*, plan: ActionPlan, target: str, acting_user, note: str = "") -> LinkResult:
    """An officer about to add a task to ``plan`` links the plan to another agency's existing
    item (``target``, "task:12") instead: a pair decided "related" at once, remembered like any
    decision. The officer may not be able to open the target; linking reveals nothing of it."""
    if not obligation_perms.can_edit_plan(acting_user, plan):
        raise PermissionDenied
    kind, _pk = I.split_key(target)
    # A task's panel offers only tasks (the view accepts only targets the panel signed).
    seen = I.describe(acting_user, [target]).get(target) if kind == ItemKind.TASK else None
    if seen is None or not seen.exists:
        raise ValidationError(_("The item to link to no longer exists."))
    first, second = ordered(I.key(ItemKind.PLAN, plan.pk), target)
    (ak, ai), (bk, bi) = I.split_key(first), I.split_key(second)
    row, created = OverlapCandidate.objects.select_for_update().get_or_create(
        a_kind=ak,
        a_id=ai,
        b_kind=bk,
        b_id=bi,
        defaults={"source": OverlapCandidate.Source.BEFORE_SAVE, "score": 0.0},
    )
    if not created and not row.is_open:
        return LinkResult(row, False)
    agencies = {
        I.key(ItemKind.PLAN, plan.pk): plan.agency_id,
        target: getattr(seen.agency, "pk", None),
    }
    row.a_agency_id, row.b_agency_id = agencies[first], agencies[second]
    _decided(row, State.RELATED, note, acting_user, snapshot(row))
    return LinkResult(row, True)
