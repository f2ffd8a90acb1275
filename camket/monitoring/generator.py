"""Deterministic synthetic data at national scale (DESIGN.md §1) for benchmarks and demos.

Given a seed and a "today", the same rows come out every time: commitments with partners and
sectors, one action plan per commitment, tasks each serving one obligation, half-yearly
reporting cycles with one report per task, and frozen tallies for every cycle but the last.
Every row goes through the bulk actions of its app (validated, one audit row each), which
hand back the new keys in order.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import models, transaction

from camket.agencies.models import Agency, Membership
from camket.monitoring import counts
from camket.monitoring.actions import ReportData, bulk_create_reports
from camket.monitoring.models import ProgressReport, ReportingCycle
from camket.monitoring.stats import freeze_cycle
from camket.obligations.actions import (
    ObligationData,
    PlanData,
    TaskData,
    bulk_create_obligations,
    bulk_create_plans,
    bulk_create_tasks,
)
from camket.obligations.models import ActionPlan, Obligation, Task
from camket.registry.actions import CommitmentData, EventData, bulk_create_commitments
from camket.registry.models import Commitment, Partner, Sector


@dataclass(frozen=True)
class Scale:
    commitments: int
    tasks_per_commitment: int
    cycles: int


SCALES = {
    "small": Scale(commitments=40, tasks_per_commitment=5, cycles=3),
    "medium": Scale(commitments=2_000, tasks_per_commitment=15, cycles=7),
    "national": Scale(commitments=20_000, tasks_per_commitment=15, cycles=7),
}
PREFIX = "gen"
KINDS = [
    (Commitment.Kind.TREATY, 0.15),
    (Commitment.Kind.INTERNATIONAL_AGREEMENT, 0.7),
    (Commitment.Kind.LEADERS_STATEMENT, 0.15),
]
TASK_VERBS = [
    "Rà soát, sửa đổi",
    "Xây dựng, ban hành",
    "Tổ chức tuyên truyền, phổ biến",
    "Đào tạo, nâng cao năng lực về",
    "Hoàn thiện cơ chế phối hợp về",
    "Đánh giá tác động của",
]
TASK_OBJECTS = [
    "quy tắc xuất xứ hàng hóa",
    "thủ tục hải quan",
    "tiêu chuẩn lao động",
    "bảo hộ sở hữu trí tuệ",
    "mua sắm công",
    "biện pháp vệ sinh dịch tễ",
    "thương mại điện tử",
    "bảo vệ môi trường",
    "hợp tác đầu tư",
    "phòng, chống rửa tiền",
]
Progress = ProgressReport.Progress
Status = ProgressReport.Status


@dataclass
class Context:
    rng: random.Random
    today: dt.date
    scale: Scale
    agencies: list[Agency]
    progress: Callable[[str, int], Callable[[int], None]]


def _next_pk(model) -> int:
    return (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1


def _pick_kind(rng: random.Random) -> str:
    value, total = rng.random(), 0.0
    for kind, weight in KINDS:
        total += weight
        if value < total:
            return kind
    return KINDS[-1][0]


def generate(scale_name: str, seed: int, today: dt.date, progress=None) -> dict[str, int]:
    """Fill the database; return row counts per model."""
    scale = SCALES[scale_name]
    ctx = Context(
        rng=random.Random(seed),
        today=today,
        scale=scale,
        agencies=list(Agency.objects.filter(is_active=True).order_by("code")),
        progress=progress or (lambda label, total: lambda n: None),
    )
    with transaction.atomic():
        _users(ctx)
        commitments = _commitments(ctx)
        first_task = _plans_and_tasks(ctx, commitments)
        cycles = _cycles(ctx)
        _reports(ctx, cycles, first_task)
        counts.rebuild()  # bulk_create sends no signal
        for cycle in cycles[:-1]:
            freeze_cycle(cycle, today)
            cycle.is_closed = True
            cycle.save(update_fields=["is_closed"])
    counts.analyze()
    n = scale.commitments
    return {
        "commitments": n,
        "tasks": n * scale.tasks_per_commitment,
        "reports": n * scale.tasks_per_commitment * scale.cycles,
        "cycles": scale.cycles,
    }


def _users(ctx: Context) -> None:
    """A coordinator and, for each agency, one officer and one leader (unusable passwords)."""
    user_model = get_user_model()
    coordinator, _ = user_model.objects.get_or_create(username=f"{PREFIX}-coordinator")
    home = Agency.objects.filter(code="bng-vulpdu").first() or ctx.agencies[0]
    Membership.objects.get_or_create(
        user=coordinator, agency=home, role=Membership.Role.COORDINATOR
    )
    for agency in ctx.agencies:
        for role in (Membership.Role.OFFICER, Membership.Role.LEADER):
            user, created = user_model.objects.get_or_create(
                username=f"{PREFIX}-{role}-{agency.code}"
            )
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
            Membership.objects.get_or_create(user=user, agency=agency, role=role)


def _commitments(ctx: Context) -> list[int]:
    """Commitments through the register's bulk action (validated, audited); their pks."""
    rng, n = ctx.rng, ctx.scale.commitments
    first = _next_pk(Commitment)  # names only: the database hands out the keys
    partners = list(Partner.objects.values_list("code", flat=True))
    sectors = list(Sector.objects.values_list("code", flat=True))
    leads = [a.code for a in ctx.agencies]
    confidentiality = ["public"] * 5 + ["internal"] * 4 + ["restricted"]

    def items():
        for i in range(n):
            kind = _pick_kind(rng)
            year = rng.randint(1976, ctx.today.year)
            signed = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
            title = f"Thỏa thuận hợp tác số {first + i} về {rng.choice(TASK_OBJECTS)}"
            lead = rng.choice(leads)
            status = rng.choice([Commitment.Status.IN_FORCE, Commitment.Status.SIGNED])
            yield CommitmentData(
                code=f"{PREFIX}/{kind}/{year}/{seed_tag(first + i)}",
                kind=kind,
                level=Commitment.Level.GOVERNMENT,
                scope=Commitment.Scope.BILATERAL,
                title_vi=title,
                lead_agency=lead,
                confidentiality=rng.choice(confidentiality),
                partners=rng.sample(partners, k=min(len(partners), rng.randint(1, 3))),
                sectors=rng.sample(sectors, k=min(len(sectors), rng.randint(1, 2))),
                events=_events(kind, status, signed),
            )

    advance = ctx.progress("commitments", n)
    return bulk_create_commitments(items(), action="commitment.generated", progress=advance)


def _events(kind: str, status: str, signed: dt.date) -> list[EventData]:
    """Dated events that give ``status`` (a statement is adopted, not signed or in force)."""
    if kind == Commitment.Kind.LEADERS_STATEMENT:
        return [EventData("adoption", signed)]
    events = [EventData("signature", signed)]
    if status == Commitment.Status.IN_FORCE:
        events.append(EventData("entry_into_force", signed))
    return events


def seed_tag(pk: int) -> str:
    return f"c{pk:06d}"


def _plans_and_tasks(ctx: Context, commitments: list[int]) -> int:
    """Plans, obligations and tasks through the obligations' bulk actions; the first task pk."""
    rng, n, per = ctx.rng, ctx.scale.commitments, ctx.scale.tasks_per_commitment
    codes = dict(Agency.objects.values_list("pk", "code"))
    leads = {
        pk: codes[agency_id]
        for pk, agency_id in Commitment.objects.filter(pk__in=commitments).values_list(
            "pk", "lead_agency_id"
        )
    }
    agency_codes = [a.code for a in ctx.agencies]
    plans = bulk_create_plans(
        (
            PlanData(
                code=f"{PREFIX}-kh-{commitments[i]}",
                title_vi=f"Kế hoạch thực hiện thỏa thuận số {commitments[i]}",
                agency=leads[commitments[i]],
                status=ActionPlan.Status.APPROVED,
            )
            for i in range(n)
        ),
        progress=ctx.progress("plans", n),
    )
    obligations = bulk_create_obligations(
        (
            ObligationData(
                commitment=commitments[j // per],
                text=f"Bảo đảm thực hiện cam kết về {rng.choice(TASK_OBJECTS)}.",
                modality=Obligation.Modality.SHALL,
            )
            for j in range(n * per)
        ),
        progress=ctx.progress("obligations", n * per),
    )
    tasks = bulk_create_tasks(
        (
            _task(
                ctx,
                plans[j // per],
                obligations[j],
                _task_lead(rng, leads[commitments[j // per]], agency_codes),
            )
            for j in range(n * per)
        ),
        progress=ctx.progress("tasks", n * per),
    )
    return tasks[0]


def _task_lead(rng: random.Random, commitment_lead: str, agency_codes: list[str]) -> str:
    return commitment_lead if rng.random() < 0.6 else rng.choice(agency_codes)


def _task(ctx: Context, plan: int, obligation: int, lead: str) -> TaskData:
    rng = ctx.rng
    due = ctx.today + dt.timedelta(days=rng.randint(-3 * 365, 2 * 365))
    if due < ctx.today:
        status = rng.choices(
            [Task.Status.COMPLETED, Task.Status.CANCELLED, Task.Status.IN_PROGRESS],
            weights=[70, 5, 25],
        )[0]
    else:
        status = rng.choice([Task.Status.NOT_STARTED, Task.Status.IN_PROGRESS])
    return TaskData(
        plan=plan,
        obligations=[obligation],
        title=f"{rng.choice(TASK_VERBS)} {rng.choice(TASK_OBJECTS)}",
        lead_agency=lead,
        due_on=due,
        status=status,
    )


def _cycles(ctx: Context) -> list[ReportingCycle]:
    """Half-yearly cycles ending with the last half-year closed before ``today``."""
    year, half = (ctx.today.year, 1) if ctx.today.month > 6 else (ctx.today.year - 1, 2)
    periods = []
    for _ in range(ctx.scale.cycles):
        periods.append((year, half))
        year, half = (year, 1) if half == 2 else (year - 1, 2)
    cycles = []
    for year, half in reversed(periods):
        starts = dt.date(year, 1 if half == 1 else 7, 1)
        ends = dt.date(year, 6, 30) if half == 1 else dt.date(year, 12, 31)
        label = "6 tháng đầu năm" if half == 1 else "6 tháng cuối năm"
        cycle = ReportingCycle.objects.create(
            title=f"{label} {year}",
            frequency=ReportingCycle.Frequency.HALF_YEARLY,
            starts_on=starts,
            ends_on=ends,
            due_on=ends + dt.timedelta(days=15),
        )
        cycle.agencies.set(ctx.agencies)
        cycles.append(cycle)
    return cycles


def _reports(ctx: Context, cycles: list[ReportingCycle], first_task: int) -> None:
    codes = dict(Agency.objects.values_list("pk", "code"))
    tasks = [
        (pk, codes[agency_id])
        for pk, agency_id in Task.objects.filter(pk__gte=first_task)
        .values_list("pk", "lead_agency_id")
        .order_by("pk")
    ]

    def items():
        for index, cycle in enumerate(cycles):
            latest = index == len(cycles) - 1
            for task_id, agency in tasks:
                yield _report(ctx, cycle, task_id, agency, latest)

    bulk_create_reports(items(), progress=ctx.progress("reports", len(tasks) * len(cycles)))


def _report(ctx, cycle, task_id, agency, latest) -> ReportData:
    rng = ctx.rng
    weights = [25, 30, 35, 10] if latest else [4, 6, 85, 5]
    status = rng.choices(
        [Status.DRAFT, Status.SUBMITTED, Status.APPROVED, Status.RETURNED], weights=weights
    )[0]
    submitted = None
    if status != Status.DRAFT:
        submitted = min(ctx.today, cycle.due_on + dt.timedelta(days=rng.randint(-20, 12)))
    progress = rng.choice(Progress.values)
    percent = 100 if progress == Progress.COMPLETED else rng.randint(0, 95)
    return ReportData(
        cycle=cycle.pk,
        agency=agency,
        task=task_id,
        due_on=cycle.due_on,
        status=status,
        progress=progress,
        percent_done=percent,
        narrative="Đã triển khai các nội dung theo kế hoạch." if status != Status.DRAFT else "",
        difficulties="Thiếu nguồn lực chuyên trách." if rng.random() < 0.2 else "",
        submitted_on=submitted,
    )
