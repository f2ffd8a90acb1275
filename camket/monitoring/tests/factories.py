"""Factories with real Vietnamese text for monitoring tests."""

from __future__ import annotations

import datetime as dt

from camket.agencies.models import Agency
from camket.monitoring.models import ProgressReport, ReportingCycle
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
    agency = Agency.objects.get(code=lead)
    plan, _ = ActionPlan.objects.get_or_create(
        code=plan_code or f"kh-{lead}-{commitment.pk}",
        defaults={
            "title_vi": f"Kế hoạch thực hiện {commitment.short_name or commitment.code}",
            "agency": agency,
        },
    )
    obligation = Obligation.objects.create(
        commitment=commitment,
        text="Các Bên bảo đảm minh bạch các quy định về xuất xứ hàng hóa.",
        modality=Obligation.Modality.SHALL,
    )
    task = Task.objects.create(
        plan=plan,
        title=title,
        lead_agency=agency,
        due_on=D(due_on) if due_on else None,
        status=status,
    )
    task.obligations.add(obligation)
    return task


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
