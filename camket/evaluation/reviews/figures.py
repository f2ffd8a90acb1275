"""CamKet's own figures for a review, counted for every commitment at once (pre-fill, item 4).

One grouped query per figure, whatever the number of commitments, so a national campaign
(20,000 commitments) opens in a handful of queries. The figures are counted for the review's
agency (the commitment's lead agency) over the campaign's period:

- tasks serving the commitment (through its obligations, else through a plan for it:
  ``camket.obligations.serving``, the rule scoring uses) led by the agency: total, completed,
  overdue at the end of the period (open and due before it);
- progress reports of the commitment or of the tasks serving it in reporting cycles ending in
  the period: total and approved;
- compatibility findings (gap, conflict, needs guidance) not rejected, and legislative actions
  planned or in progress;
- money pledged and disbursed in the period's years (``FundingLine``);
- the overall effectiveness score of the commitment's latest scorecard in the period
  (``camket.evaluation.scoring``; none when no scorecard was computed: no score, not a zero).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, F, Q, Sum

from camket.compatibility.matrix import FINDING_VERDICTS
from camket.compatibility.models import LegislativeAction, ProvisionLink
from camket.evaluation.reviews.models import FundingLine
from camket.monitoring.models import ProgressReport
from camket.obligations import serving
from camket.obligations.models import Task
from lawcore.reviews import share

FIGURES = (
    "tasks",
    "tasks_completed",
    "tasks_overdue",
    "reports",
    "reports_approved",
    "findings_open",
    "legislative_pending",
    "pledged",
    "disbursed",
)


def _merge(target: dict, rows, key: str, names: tuple[str, ...]) -> None:
    for row in rows:
        subject = row[key]
        if subject is None:
            continue
        for name in names:
            target[subject][name] += int(row[name] or 0)


def figures_for(commitment_ids: list[int], starts_on: dt.date, ends_on: dt.date) -> dict:
    """``{commitment_id: {figure: int}}`` for every id given (zeros where nothing counts)."""
    result: dict[int, dict] = defaultdict(lambda: dict.fromkeys(FIGURES, 0))
    ids = list(commitment_ids)
    # A task serves a commitment through its obligations, else through its plan (the rule
    # scoring uses too: ``camket.obligations.serving``); one grouped query per route.
    for lookup, when in serving.routes():
        tasks = (
            Task.objects.exclude(status=Task.Status.CANCELLED)
            .filter(
                when,
                **{f"{lookup}__in": ids},
                lead_agency_id=F(f"{lookup}__lead_agency_id"),
            )
            .values(lookup)
            .annotate(
                tasks=Count("pk", distinct=True),
                tasks_completed=Count("pk", filter=Q(status=Task.Status.COMPLETED), distinct=True),
                tasks_overdue=Count(
                    "pk",
                    filter=Q(status__in=Task.OPEN_STATUSES, due_on__lt=ends_on),
                    distinct=True,
                ),
            )
            .order_by()
        )
        _merge(result, tasks, lookup, ("tasks", "tasks_completed", "tasks_overdue"))
    reports = ProgressReport.objects.filter(
        cycle__ends_on__gte=starts_on, cycle__ends_on__lte=ends_on
    )
    counted = {
        "reports": Count("pk", distinct=True),
        "reports_approved": Count(
            "pk", filter=Q(status=ProgressReport.Status.APPROVED), distinct=True
        ),
    }
    _merge(
        result,
        reports.filter(commitment_id__in=ids)
        .values("commitment_id")
        .annotate(**counted)
        .order_by(),
        "commitment_id",
        tuple(counted),
    )
    for lookup, when in serving.routes("task__"):
        _merge(
            result,
            reports.filter(when, **{f"{lookup}__in": ids})
            .values(lookup)
            .annotate(**counted)
            .order_by(),
            lookup,
            tuple(counted),
        )
    findings = ProvisionLink.objects.filter(verdict__in=FINDING_VERDICTS).exclude(
        status=ProvisionLink.Status.REJECTED
    )
    pending = LegislativeAction.objects.pending()
    for via in ("obligation", "provision"):
        key = f"{via}__commitment_id"
        _merge(
            result,
            findings.filter(**{f"{key}__in": ids})
            .values(key)
            .annotate(findings_open=Count("pk"))
            .order_by(),
            key,
            ("findings_open",),
        )
        key = f"link__{via}__commitment_id"
        _merge(
            result,
            pending.filter(**{f"{key}__in": ids})
            .values(key)
            .annotate(legislative_pending=Count("pk"))
            .order_by(),
            key,
            ("legislative_pending",),
        )
    money = (
        FundingLine.objects.filter(
            commitment_id__in=ids, year__gte=starts_on.year, year__lte=ends_on.year
        )
        .values("commitment_id")
        .annotate(pledged=Sum("pledged"), disbursed=Sum("disbursed"))
        .order_by()
    )
    _merge(result, money, "commitment_id", ("pledged", "disbursed"))
    scores = scores_for(ids, starts_on, ends_on)
    return {pk: {**result[pk], **scores.get(pk, {})} for pk in ids}


def completion_share(figures: dict) -> float | None:
    """Share of the counted tasks completed, in percent (None without tasks)."""
    return share(figures.get("tasks_completed", 0), figures.get("tasks", 0))


def scores_for(commitment_ids: list[int], starts_on: dt.date, ends_on: dt.date) -> dict:
    """``{commitment_id: {"score_total", "score_cycle"}}``: the overall effectiveness score of
    each commitment's latest scorecard (``camket.evaluation.scoring``) in a reporting cycle
    ending in the period, newest criteria set first; one query for every commitment."""
    from camket.evaluation.scoring.models import Scorecard

    cards = (
        Scorecard.objects.filter(
            subject="commitment",
            commitment_id__in=list(commitment_ids),
            cycle__ends_on__gte=starts_on,
            cycle__ends_on__lte=ends_on,
        )
        .order_by("commitment_id", "-cycle__ends_on", "-criteria_set__number", "-pk")
        .values_list("commitment_id", "total", "cycle_id")
    )
    found: dict[int, dict] = {}
    for commitment_id, total, cycle_id in cards:
        if commitment_id not in found:
            score = round(total, 1) if total is not None else None
            found[commitment_id] = {"score_total": score, "score_cycle": cycle_id}
    return found
