"""Factories with real Vietnamese text for monitoring tests."""

from __future__ import annotations

import datetime as dt

from camket.agencies.models import Agency
from camket.monitoring.models import ProgressReport, ReportingCycle
from camket.obligations.actions import (
    ObligationData,
    PlanData,
    TaskData,
    create_obligation,
    create_plan,
    create_task,
)
from camket.obligations.models import ActionPlan, Obligation, Task

D = dt.date.fromisoformat


def make_task(
    commitment,
    *,
    lead: str = "bct",
    title: str = "Rà soát, sửa đổi quy định về quy tắc xuất xứ hàng hóa",
    due_on: str | None = "2026-06-30",
    status: str = Task.Status.IN_PROGRESS,
    plan_code: str | None = None,
) -> Task:
    """A task of ``lead`` serving a new obligation of ``commitment``, through the actions."""
    code = plan_code or f"kh-{lead}-{commitment.pk}"
    plan = ActionPlan.objects.filter(code=code).first() or create_plan(
        PlanData(
            code=code,
            title_vi=f"Kế hoạch thực hiện {commitment.short_name or commitment.code}",
            agency=lead,
        ),
        acting_user=None,
    )
    obligation = create_obligation(
        ObligationData(
            commitment=commitment.pk,
            text="Các Bên bảo đảm minh bạch các quy định về xuất xứ hàng hóa.",
            modality=Obligation.Modality.SHALL,
        ),
        acting_user=None,
    )
    return create_task(
        TaskData(
            plan=plan.pk,
            title=title,
            lead_agency=lead,
            due_on=D(due_on) if due_on else None,
            status=status,
            obligations=[obligation.pk],
        ),
        acting_user=None,
    )


def make_cycle(*agency_codes: str, due_on: str = "2026-07-15", **kwargs) -> ReportingCycle:
    cycle = ReportingCycle.objects.create(
        title=kwargs.pop("title", "6 tháng đầu năm 2026"),
        starts_on=D(kwargs.pop("starts_on", "2026-01-01")),
        ends_on=D(kwargs.pop("ends_on", "2026-06-30")),
        due_on=D(due_on),
        **kwargs,
    )
    cycle.agencies.set(Agency.objects.filter(code__in=agency_codes or ("bct", "btc")))
    return cycle


def open_reports(cycle) -> list[ProgressReport]:
    from camket.monitoring.actions import materialize_reports

    materialize_reports(cycle)
    return list(cycle.reports.order_by("pk"))
