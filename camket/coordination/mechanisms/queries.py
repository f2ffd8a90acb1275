"""Reads of the mechanisms app: early warnings and roll-ups, each through ``visible_to``."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from camket.compatibility.models import LegislativeAction, ProvisionLink
from camket.coordination.mechanisms.models import ImplementationIssue, Mechanism, Meeting
from camket.monitoring.models import ProgressReport
from camket.monitoring.permissions import readable_content
from camket.obligations.models import Obligation
from camket.registry.models import Commitment
from lawcore import early_warning

# Obligations of Viet Nam: the addressees that bind Viet Nam (not a named partner alone).
VIET_NAM_ADDRESSEES = (
    Obligation.Addressee.VIET_NAM,
    Obligation.Addressee.EACH_PARTY,
    Obligation.Addressee.ALL_PARTIES,
    Obligation.Addressee.BOTH_SIDES,
)
REPORTED = (ProgressReport.Status.SUBMITTED, ProgressReport.Status.APPROVED)


@dataclass
class Warned:
    obligation: Obligation
    warning: early_warning.EarlyWarning


def _progress_by_task(user, task_ids: set[int]) -> dict[int, list[str]]:
    """Progress of each task's reports, latest cycle first: submitted or approved, not sample,
    and only reports whose progress ``user`` may read (national roles: approved ones)."""
    rows = (
        ProgressReport.objects.filter(task_id__in=task_ids, status__in=REPORTED)
        .filter(readable_content(user))
        .exclude(cycle__is_sample=True)
        .order_by("task_id", "-cycle__ends_on", "-pk")
        .values_list("task_id", "progress")
    )
    found: dict[int, list[str]] = defaultdict(list)
    for task_id, progress in rows:
        found[task_id].append(progress)
    return found


def early_warnings(user, today: dt.date, *, horizon_days: int = early_warning.HORIZON_DAYS):
    """Obligations of Viet Nam ``user`` may read, due within the horizon and at risk."""
    obligations = list(
        Obligation.objects.filter(
            commitment__in=Commitment.objects.visible_to(user),
            addressee__in=VIET_NAM_ADDRESSEES,
            due_on__gte=today,
            due_on__lte=today + dt.timedelta(days=horizon_days),
        )
        .select_related("commitment", "lead_agency")
        .prefetch_related("tasks")
    )
    if not obligations:
        return []
    ids = [o.pk for o in obligations]
    tasks = {o.pk: [t.pk for t in o.tasks.all()] for o in obligations}
    progress = _progress_by_task(user, {t for ts in tasks.values() for t in ts})
    gaps = set(
        ProvisionLink.objects.filter(
            obligation_id__in=ids,
            status=ProvisionLink.Status.CONFIRMED,
            verdict__in=[ProvisionLink.Verdict.GAP, ProvisionLink.Verdict.CONFLICTING],
        )
        .exclude(legislative_actions__status=LegislativeAction.Status.DONE)
        .values_list("obligation_id", flat=True)
    )
    raised = set(
        ImplementationIssue.objects.open()
        .filter(obligation_id__in=ids)
        .values_list("obligation_id", flat=True)
    )
    states = []
    for o in obligations:
        reports = [progress.get(t, []) for t in tasks[o.pk]]
        states.append(
            early_warning.ObligationState(
                key=o.pk,
                due_on=o.due_on,
                latest_progress=tuple(r[0] for r in reports if r),
                previous_progress=tuple(r[1] for r in reports if len(r) > 1),
                open_gap=o.pk in gaps,
                already_raised=o.pk in raised,
            )
        )
    by_pk = {o.pk: o for o in obligations}
    found = early_warning.warnings(states, today, horizon_days=horizon_days)
    return [Warned(by_pk[w.key], w) for w in found]


@dataclass
class RollupRow:
    """Open issues of one partner or mechanism: how many, how long, how many settled."""

    label: str
    key: object = None
    open: int = 0
    closed: int = 0
    resolved: float = 0
    days_open: list[int] = field(default_factory=list)
    next_meeting: Meeting | None = None

    @property
    def total(self) -> int:
        return self.open + self.closed

    @property
    def share_resolved(self) -> float | None:
        """Resolved among closed issues (partly resolved counts half); None when none closed."""
        if not self.closed:
            return None
        return self.resolved / self.closed

    @property
    def max_days_open(self) -> int | None:
        return max(self.days_open) if self.days_open else None

    @property
    def mean_days_open(self) -> int | None:
        return round(sum(self.days_open) / len(self.days_open)) if self.days_open else None


def _count(row: RollupRow, issue: ImplementationIssue) -> None:
    if issue.is_open:
        row.open += 1
        row.days_open.append(issue.days_open)
        return
    row.closed += 1
    if issue.status == ImplementationIssue.Status.RESOLVED:
        row.resolved += 1
    elif issue.status == ImplementationIssue.Status.PARTLY_RESOLVED:
        row.resolved += 0.5


def rollup(user, today: dt.date) -> tuple[list[RollupRow], list[RollupRow]]:
    """(by partner, by mechanism) over the issues ``user`` may read."""
    issues = list(
        ImplementationIssue.objects.visible_to(user)
        .select_related("partner", "mechanism", "commitment")
        .prefetch_related("commitment__partners")
    )
    partners: dict[object, RollupRow] = {}
    mechanisms: dict[object, RollupRow] = {}
    for issue in issues:
        named = [issue.partner] if issue.partner else list(issue.commitment.partners.all())
        for partner in named or [None]:
            key = partner.pk if partner else None
            label = partner.name if partner else ""
            _count(partners.setdefault(key, RollupRow(label, partner)), issue)
        mech = issue.mechanism
        key = mech.pk if mech else None
        _count(mechanisms.setdefault(key, RollupRow(mech.name if mech else "", mech)), issue)
    upcoming = next_meetings(today)
    for row in mechanisms.values():
        if row.key is not None:
            row.next_meeting = upcoming.get(row.key.pk)
    order = lambda row: (row.key is None, -row.open, row.label)  # noqa: E731
    return sorted(partners.values(), key=order), sorted(mechanisms.values(), key=order)


def next_meetings(today: dt.date) -> dict[int, Meeting]:
    """The next meeting of each mechanism, from ``today`` on."""
    found: dict[int, Meeting] = {}
    for meeting in Meeting.objects.filter(held_on__gte=today).order_by("held_on", "pk"):
        found.setdefault(meeting.mechanism_id, meeting)
    return found


def agenda_issues(user, meeting: Meeting):
    """Open issues ``user`` may read that belong on ``meeting``'s agenda: those raised at its
    mechanism or at a committee under it."""
    mechanisms = Mechanism.objects.filter(
        Q(pk=meeting.mechanism_id) | Q(parent=meeting.mechanism_id)
    )
    return (
        ImplementationIssue.objects.visible_to(user)
        .open()
        .filter(mechanism__in=mechanisms)
        .select_related("commitment", "lead_agency", "partner")
        .prefetch_related("steps")
        .order_by("raised_on", "pk")
    )


def visible_commitments(user, mechanism: Mechanism):
    """The commitments of ``mechanism`` that ``user`` may read (never a title beyond that)."""
    return mechanism.commitments.filter(pk__in=Commitment.objects.visible_to(user).values("pk"))
