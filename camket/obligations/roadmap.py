"""A roadmap ("lộ trình"): tasks as bars on a time axis, computed server-side.

Positions are percentages of the span between the earliest start and the latest due date, so
the page needs no script. A task without a start date is drawn from its plan's start, else as a
point at its due date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from camket.obligations.models import Task


@dataclass(frozen=True)
class Bar:
    task_id: int
    label: str
    group: str
    lead: str
    status: str
    status_label: str
    starts_on: dt.date | None
    due_on: dt.date | None
    left: float
    width: float
    overdue: bool


@dataclass(frozen=True)
class Roadmap:
    bars: list[Bar]
    start: dt.date | None
    end: dt.date | None
    years: list[tuple[int, float]]  # (year, left %) tick marks
    today: float | None


def _span(rows: list[dict]) -> tuple[dt.date, dt.date] | None:
    days = [d for r in rows for d in (r["starts_on"] or r["plan__starts_on"], r["due_on"]) if d]
    if not days:
        return None
    start, end = min(days), max(days)
    return start, max(end, start + dt.timedelta(days=30))


def _percent(day: dt.date, start: dt.date, total: int) -> float:
    return round(100 * (day - start).days / total, 3)


def build(tasks, *, group_by: str = "plan") -> Roadmap:
    """Lay out ``tasks`` (a queryset) grouped by plan title or by lead agency."""
    today = timezone.localdate()
    rows = list(
        tasks.order_by("due_on", "pk").values(
            "pk",
            "number",
            "title",
            "status",
            "starts_on",
            "due_on",
            "plan__title_vi",
            "plan__starts_on",
            "lead_agency__name_vi",
            "lead_agency__code",
        )
    )
    span = _span(rows)
    if span is None:
        return Roadmap([], None, None, [], None)
    start, end = span
    total = (end - start).days or 1
    labels = dict(Task.Status.choices)
    bars = []
    for row in rows:
        begin = row["starts_on"] or row["plan__starts_on"] or row["due_on"] or start
        finish = row["due_on"] or begin
        left = _percent(begin, start, total)
        bars.append(
            Bar(
                task_id=row["pk"],
                label=f"{row['number']} {row['title']}".strip(),
                group=row["plan__title_vi"] if group_by == "plan" else row["lead_agency__name_vi"],
                lead=row["lead_agency__name_vi"],
                status=row["status"],
                status_label=str(labels[row["status"]]),
                starts_on=row["starts_on"],
                due_on=row["due_on"],
                left=left,
                width=max(0.6, _percent(finish, start, total) - left),
                overdue=bool(
                    row["due_on"]
                    and row["due_on"] < today
                    and row["status"] in {Task.Status.NOT_STARTED, Task.Status.IN_PROGRESS}
                ),
            )
        )
    bars.sort(key=lambda b: (b.group, b.due_on or end, b.task_id))
    years = [
        (y, _percent(dt.date(y, 1, 1), start, total)) for y in range(start.year + 1, end.year + 1)
    ]
    marker = _percent(today, start, total) if start <= today <= end else None
    return Roadmap(bars, start, end, years, marker)
