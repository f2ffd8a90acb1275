"""Dormant commitments ("cam kết không có hoạt động"): no task and no report for two cycles.

The rule is ``lawcore.reviews.dormant_subjects``; this module gathers its inputs for the
commitments a user may read: the two latest reporting cycles (real ones: a sample round is not
evidence of activity), the cycles each commitment was reported in (a submitted or approved
report on it or one of the tasks serving it) and the creation and due dates of those tasks. A
task serves a commitment through its obligations, else through a plan for it
(``camket.obligations.serving``: the rule scoring and the review's figures use).
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q
from django.utils import timezone

from camket.monitoring.models import ProgressReport, ReportingCycle
from camket.obligations import serving
from camket.obligations.models import Task
from camket.registry.models import Commitment
from lawcore.reviews import DORMANT_CYCLES, Activity, Cycle, dormant_subjects

REPORTED = (ProgressReport.Status.SUBMITTED, ProgressReport.Status.APPROVED)


def last_cycles() -> list[Cycle]:
    cycles = ReportingCycle.objects.filter(is_sample=False).order_by("-ends_on", "-pk")
    return [Cycle(c.pk, c.starts_on, c.ends_on) for c in cycles[:DORMANT_CYCLES]]


def dormant_commitments(user):
    """(commitments, cycles): the dormant commitments ``user`` may read, and the cycles judged."""
    cycles = last_cycles()
    if len(cycles) < DORMANT_CYCLES:
        return Commitment.objects.none(), cycles
    candidates = Commitment.objects.visible_to(user).filter(is_reference=False)
    ids = list(candidates.values_list("pk", flat=True))
    activity: dict[int, Activity] = defaultdict(Activity)
    reports = ProgressReport.objects.filter(
        cycle_id__in=[c.key for c in cycles], status__in=REPORTED
    )
    for commitment_id, cycle_id in reports.filter(commitment_id__in=ids).values_list(
        "commitment_id", "cycle_id"
    ):
        activity[commitment_id].reported_in.add(cycle_id)
    for lookup, when in serving.routes("task__"):
        for commitment_id, cycle_id in reports.filter(when, **{f"{lookup}__in": ids}).values_list(
            lookup, "cycle_id"
        ):
            activity[commitment_id].reported_in.add(cycle_id)
    start = min(c.starts_on for c in cycles)
    recent = Q(created_at__date__gte=start) | Q(due_on__gte=start)
    for lookup, when in serving.routes():
        tasks = Task.objects.filter(recent).filter(when, **{f"{lookup}__in": ids})
        for commitment_id, created_at, due_on in tasks.values_list(lookup, "created_at", "due_on"):
            activity[commitment_id].task_dates.append(timezone.localtime(created_at).date())
            if due_on:
                activity[commitment_id].task_dates.append(due_on)
    dormant = dormant_subjects(ids, activity, cycles)
    return candidates.filter(pk__in=dormant).select_related("lead_agency"), cycles
