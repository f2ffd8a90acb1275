"""From CamKet's records to the plain rows of ``lawcore.scoring``, each placed under its subjects.

One function per formula returns :class:`Placed` rows: the formula's row plus the commitments
and agencies it belongs to. Partners, sectors and provinces follow from those (a commitment's
partners and sectors; agencies of kind province). Each function reads its records in a few
queries whatever the number of subjects, so every scorecard of a cycle is computed in one pass.

What "the period" means (decision 0015): the reports of the cycle; the tasks, legislative
actions and plans due by the cycle's end; the obligations and gaps as they stand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, F, Min, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from camket.compatibility.models import LegislativeAction, ProvisionLink
from camket.monitoring.models import ProgressReport, ReportingCycle
from camket.obligations import serving
from camket.obligations.models import ActionPlan, Obligation, Task
from camket.registry.models import Commitment
from lawcore.scoring import CoverageRow, DueRow, FeasibilityRow, FundingRow, GapRow, PlanRow


@dataclass(slots=True)
class Placed:
    row: object
    commitments: tuple[int, ...]
    agencies: tuple[int, ...]


# Model behind each formula's ids, so a figure links to the records it counts.
COUNTED_MODEL = {
    "reports_on_time": ProgressReport,
    "tasks_on_time": Task,
    "obligations_covered": Obligation,
    "gaps_closed": ProvisionLink,
    "legislative_actions_on_time": LegislativeAction,
    "plan_in_time": Commitment,
    "feasibility_progress": Obligation,
}


def counted_model(formula: str):
    """The model whose rows ``formula`` counts (for links to them), or None."""
    if formula in COUNTED_MODEL:
        return COUNTED_MODEL[formula]
    if formula == "budget_absorption":
        from camket.evaluation.reviews.models import FundingLine

        return FundingLine
    if formula == "feedback_answered_on_time":
        from camket.portal.consultation.models import Feedback

        return Feedback
    return None


VIET_NAM = [
    Obligation.Addressee.VIET_NAM,
    Obligation.Addressee.EACH_PARTY,
    Obligation.Addressee.ALL_PARTIES,
]


def _plain(queryset, chunk: int = 20_000):
    """The rows of ``queryset`` (a ``values_list``) as the database cursor gives them.

    A national cycle reads about a million rows; Django's per-value converters cost more than
    the query itself. Dates come back as the engine gives them (a date on PostgreSQL, ISO text
    on SQLite): read them with :func:`_date` and :func:`_local_date`.
    """
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(chunk):
            yield from batch


def _date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def _local_date(value, zone) -> dt.date:
    """The date in ``zone`` of a stored moment (SQLite keeps it as UTC text or naive UTC), or
    ``value`` itself when the database already gave the local date."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(zone).date()


def task_commitments() -> dict[int, tuple[int, ...]]:
    """The commitments each task serves: through its obligations, else its plan's commitments
    (the one rule, ``camket.obligations.serving``, shared with the annual reviews)."""
    return serving.task_commitments()


def reports(cycle: ReportingCycle, as_of: dt.date, tasks_served=None) -> list[Placed]:
    served = tasks_served if tasks_served is not None else task_commitments()
    rows = ProgressReport.objects.filter(cycle=cycle).values_list(
        "pk", "due_on", "submitted_on", "agency_id", "task_id", "commitment_id"
    )
    placed = []
    for pk, due_on, submitted_on, agency_id, task_id, commitment_id in _plain(rows):
        commitments = served.get(task_id, ()) if task_id else (commitment_id,)
        row = DueRow(pk, _date(due_on), _date(submitted_on))
        placed.append(Placed(row, commitments, (agency_id,)))
    return placed


def completion_dates(task_ids=None) -> dict[int, dt.date]:
    """When each completed task was done: the first submission of a report saying so."""
    reports = ProgressReport.objects.filter(
        progress=ProgressReport.Progress.COMPLETED, submitted_on__isnull=False, task__isnull=False
    )
    if task_ids is not None:
        reports = reports.filter(task_id__in=task_ids)
    return dict(reports.order_by().values_list("task_id").annotate(on=Min("submitted_on")))


def tasks(cycle: ReportingCycle, as_of: dt.date, tasks_served=None) -> list[Placed]:
    """Tasks due by the cycle's end. A completed task without a report saying so is taken as
    done on its last change (an upper bound: it cannot have been done later)."""
    served = tasks_served if tasks_served is not None else task_commitments()
    done = completion_dates()
    completed, cancelled = Task.Status.COMPLETED.value, Task.Status.CANCELLED.value
    # The last change is read for completed tasks only: a national cycle has 300,000 tasks. Its
    # local date is taken by PostgreSQL, cheaper than a Python datetime per row; SQLite would
    # call Django's Python function for it, slower than converting here (measured).
    moment = TruncDate("updated_at") if connection.vendor == "postgresql" else F("updated_at")
    rows = (
        Task.objects.filter(due_on__lte=cycle.ends_on)
        .annotate(changed=Case(When(status=completed, then=moment), default=None))
        .values_list("pk", "due_on", "status", "lead_agency_id", "changed")
    )
    zone = timezone.get_current_timezone()
    placed = []
    for pk, due_on, status, agency_id, changed in _plain(rows):
        done_on = None
        if status == completed:
            done_on = done.get(pk) or _local_date(changed, zone)
        row = DueRow(pk, _date(due_on), done_on, cancelled=status == cancelled)
        placed.append(Placed(row, served.get(pk, ()), (agency_id,)))
    return placed


def obligations(cycle: ReportingCycle, as_of: dt.date, tasks_served=None) -> list[Placed]:
    """Viet Nam's obligations (addressed to Viet Nam or every party; not mere permissions)."""
    served = Task.obligations.through.objects.order_by().values_list("obligation_id").distinct()
    covered = {obligation_id for (obligation_id,) in _plain(served)}
    rows = (
        Obligation.objects.filter(addressee__in=VIET_NAM)
        .exclude(modality=Obligation.Modality.MAY)
        .values_list("pk", "commitment_id", "lead_agency_id", "commitment__lead_agency_id")
    )
    return [
        Placed(CoverageRow(pk, 1 if pk in covered else 0), (commitment_id,), (lead or fallback,))
        for pk, commitment_id, lead, fallback in _plain(rows)
    ]


def _gap_owner(values) -> tuple[int, int]:
    commitment = values["obligation__commitment_id"] or values["provision__commitment_id"]
    agency = (
        values["obligation__lead_agency_id"]
        or values["obligation__commitment__lead_agency_id"]
        or values["provision__commitment__lead_agency_id"]
    )
    return commitment, agency


def gaps(cycle: ReportingCycle, as_of: dt.date, tasks_served=None) -> list[Placed]:
    """Confirmed gaps and conflicts; closed on the issue date of the first law that closed it."""
    closed = dict(
        LegislativeAction.objects.filter(
            status=LegislativeAction.Status.DONE, resulting_document__issued_on__isnull=False
        )
        .order_by()
        .values_list("link_id")
        .annotate(on=Min("resulting_document__issued_on"))
    )
    links = ProvisionLink.objects.filter(
        status=ProvisionLink.Status.CONFIRMED,
        verdict__in=[ProvisionLink.Verdict.GAP, ProvisionLink.Verdict.CONFLICTING],
    ).values(
        "pk",
        "obligation__commitment_id",
        "provision__commitment_id",
        "obligation__lead_agency_id",
        "obligation__commitment__lead_agency_id",
        "provision__commitment__lead_agency_id",
    )
    placed = []
    for values in links:
        commitment, agency = _gap_owner(values)
        placed.append(
            Placed(GapRow(values["pk"], closed.get(values["pk"])), (commitment,), (agency,))
        )
    return placed


def legislative_actions(cycle: ReportingCycle, as_of: dt.date, tasks_served=None) -> list[Placed]:
    """Legislative actions due by the cycle's end; done on the resulting document's issue date
    (a done action without that date cannot show it was in time)."""
    rows = LegislativeAction.objects.filter(due_on__lte=cycle.ends_on).values(
        "pk",
        "due_on",
        "status",
        "responsible_agency_id",
        "resulting_document__issued_on",
        "link__obligation__commitment_id",
        "link__provision__commitment_id",
    )
    placed = []
    for v in rows:
        done = v["resulting_document__issued_on"] if v["status"] == "done" else None
        commitment = v["link__obligation__commitment_id"] or v["link__provision__commitment_id"]
        row = DueRow(v["pk"], v["due_on"], done, cancelled=v["status"] == "cancelled")
        placed.append(Placed(row, (commitment,), (v["responsible_agency_id"],)))
    return placed


def plans(cycle: ReportingCycle, as_of: dt.date, tasks_served=None) -> list[Placed]:
    """Treaties in force by the cycle's end and the date of their first dated plan.

    Law 108/2016/QH13 art. 76 applies to treaties ("điều ước quốc tế"), so only they count.
    """
    first_plan = dict(
        ActionPlan.commitments.through.objects.filter(actionplan__instrument_on__isnull=False)
        .order_by()
        .values_list("commitment_id")
        .annotate(on=Min("actionplan__instrument_on"))
    )
    rows = Commitment.objects.filter(
        kind=Commitment.Kind.TREATY, in_force_on__isnull=False, in_force_on__lte=cycle.ends_on
    ).values_list("pk", "in_force_on", "lead_agency_id")
    return [
        Placed(PlanRow(pk, in_force_on, first_plan.get(pk)), (pk,), (agency_id,))
        for pk, in_force_on, agency_id in rows
    ]


def funding(cycle: ReportingCycle, as_of: dt.date, tasks_served=None) -> list[Placed]:
    """Funding lines (the reviews part's ``FundingLine``) of the years up to the cycle's end:
    pledged as planned, disbursed as disbursed; the agency is the task's lead, else the
    commitment's."""
    from camket.evaluation.reviews.models import FundingLine

    rows = FundingLine.objects.filter(year__lte=cycle.ends_on.year).values_list(
        "pk",
        "pledged",
        "disbursed",
        "commitment_id",
        "task__lead_agency_id",
        "commitment__lead_agency_id",
    )
    return [
        Placed(FundingRow(pk, pledged, disbursed), (commitment_id,), (task_lead or lead,))
        for pk, pledged, disbursed, commitment_id, task_lead, lead in rows
    ]


def feedback(cycle: ReportingCycle, as_of: dt.date, tasks_served=None) -> list[Placed]:
    """Feedback (the consultation part's ``Feedback``) with an answer due by the cycle's end;
    answered on the local date of its answer; placed under its commitment and the agency it
    was assigned to."""
    from camket.portal.consultation.models import Feedback

    rows = Feedback.objects.filter(
        answer_due_on__isnull=False, answer_due_on__lte=cycle.ends_on
    ).values_list("pk", "answer_due_on", "answered_at", "commitment_id", "assigned_agency_id")
    placed = []
    for pk, due_on, answered_at, commitment_id, agency_id in rows:
        done_on = timezone.localdate(answered_at) if answered_at else None
        commitments = (commitment_id,) if commitment_id else ()
        placed.append(Placed(DueRow(pk, due_on, done_on), commitments, (agency_id,)))
    return placed


def _signed_proposals() -> dict[int, int]:
    """{commitment: proposal}: the approved signature proposal each signed commitment was
    signed under (the one whose draft plan CamKet made when the signature was recorded; the
    latest if there are several), read through the evaluation app's models."""
    from camket.evaluation.models import Proposal

    rows = (
        Proposal.objects.filter(
            stage=Proposal.Stage.SIGNATURE,
            status=Proposal.Status.DECIDED,
            decision__in=[Proposal.Decision.APPROVED, Proposal.Decision.APPROVED_WITH_CONDITIONS],
            draft_plan__isnull=False,
        )
        .order_by("commitment_id", "created_at", "pk")
        .values_list("commitment_id", "pk")
    )
    return dict(rows)  # the last proposal of each commitment wins


def _obligations_done(obligation_ids) -> dict[int, dt.date]:
    """When each obligation was implemented: the earliest completion of a task serving it
    (as the commitment's gate page reads "done": a completed task serves it)."""
    through = Task.obligations.through.objects.filter(
        obligation_id__in=obligation_ids, task__status=Task.Status.COMPLETED
    ).values_list("obligation_id", "task_id", "task__updated_at")
    links = list(through)
    done = completion_dates({task_id for _o, task_id, _u in links})
    result: dict[int, dt.date] = {}
    for obligation_id, task_id, updated_at in links:
        on = done.get(task_id) or timezone.localdate(updated_at)
        if obligation_id not in result or on < result[obligation_id]:
            result[obligation_id] = on
    return result


def feasibility(cycle: ReportingCycle, as_of: dt.date, tasks_served=None) -> list[Placed]:
    """Obligations with the feasibility category given at signing, promised by the cycle's end.

    The category comes from the approved signature proposal (decision 0014). The date promised:
    category A, the date given, else the commitment's entry into force; B and C, the date given
    (the draft plan's task is due then). Implemented on the earliest completion of a task serving
    the obligation. Placed under the commitment and the agency responsible for the obligation.
    """
    from camket.evaluation.models import Feasibility

    proposals = _signed_proposals()
    rows = Feasibility.objects.filter(proposal_id__in=list(proposals.values())).values_list(
        "obligation_id",
        "category",
        "ready_on",
        "responsible_agency_id",
        "proposal__commitment_id",
        "proposal__commitment__in_force_on",
    )
    promised = []
    for obligation_id, category, ready_on, agency_id, commitment_id, in_force_on in rows:
        due_on = ready_on
        if category == Feasibility.Category.A and due_on is None:
            due_on = in_force_on
        if due_on is not None and due_on <= cycle.ends_on:
            promised.append((obligation_id, category, due_on, agency_id, commitment_id))
    done = _obligations_done([row[0] for row in promised])
    return [
        Placed(
            FeasibilityRow(obligation_id, category, due_on, done.get(obligation_id)),
            (commitment_id,),
            (agency_id,),
        )
        for obligation_id, category, due_on, agency_id, commitment_id in promised
    ]


ADAPTERS = {
    "reports_on_time": reports,
    "tasks_on_time": tasks,
    "obligations_covered": obligations,
    "gaps_closed": gaps,
    "legislative_actions_on_time": legislative_actions,
    "plan_in_time": plans,
    "budget_absorption": funding,
    "feedback_answered_on_time": feedback,
    "feasibility_progress": feasibility,
}


def available_formulas() -> list[str]:
    """Formulas CamKet can feed today: every formula of ``lawcore.scoring``."""
    return list(ADAPTERS)
