"""A roadmap ("lộ trình"): tasks as bars on a time axis, computed server-side.

Positions are percentages of the span between the earliest start and the latest due date, so
the page needs no script. A task without a start date is drawn from its plan's start, else as a
point at its due date; a task with no date at all is listed without a bar.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

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
    if not rows:
        return Roadmap([], None, None, [], None)
    start, end = _span(rows) or (today, today + dt.timedelta(days=365))
    total = (end - start).days or 1
    labels = dict(Task.Status.choices)
    bars = []
    for row in rows:
        begin = row["starts_on"] or row["plan__starts_on"] or row["due_on"]
        finish = row["due_on"] or begin
        left = _percent(begin, start, total) if begin else 0.0
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
                width=max(0.6, _percent(finish, start, total) - left) if begin else 0.0,
                overdue=bool(
                    row["due_on"]
                    and row["due_on"] < today
                    and row["status"] in Task.OPEN_STATUSES
                ),
            )
        )
    bars.sort(key=lambda b: (b.group, b.due_on or end, b.task_id))
    years = [
        (y, _percent(dt.date(y, 1, 1), start, total)) for y in range(start.year + 1, end.year + 1)
    ]
    marker = _percent(today, start, total) if start <= today <= end else None
    return Roadmap(bars, start, end, years, marker)


def _day(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "…"


def _row_html(bar: Bar, task_url: str, no_date: str) -> str:
    label = escape(bar.label)
    short = escape(bar.label if len(bar.label) <= 70 else bar.label[:69] + "…")
    if bar.width:
        classes = f"rm-bar {bar.status}" + (" overdue" if bar.overdue else "")
        title = escape(f"{bar.status_label}: {_day(bar.starts_on)} – {_day(bar.due_on)}")
        axis = (
            f'<span class="{classes}" data-left="{bar.left}" data-width="{bar.width}" '
            f'title="{title}"></span>'
        )
    else:
        axis = f'<small class="muted">{no_date}</small>'
    return (
        f'<div class="rm-row" role="row" data-task="{bar.task_id}">'
        f'<span class="rm-cell" role="cell">'
        f'<a class="rm-label" href="{task_url.replace("0", str(bar.task_id), 1)}" '
        f'title="{label} · {escape(bar.lead)}">{short} <small>· {escape(bar.lead)}</small></a>'
        "</span>"
        f'<span class="rm-axis" role="cell">{axis}</span></div>'
    )


def render_rows(roadmap: Roadmap) -> SafeString:
    """The rows of the roadmap as HTML, grouped; built in Python because pages can hold
    thousands of tasks and a template loop would dominate the response time."""
    task_url = reverse("obligations:task-detail", args=[0])
    no_date = escape(_("no date yet"))
    parts, group = [], None
    for bar in roadmap.bars:
        if bar.group != group:
            group = bar.group
            cell = f'<span role="cell">{escape(group or "")}</span>'
            parts.append(f'<div class="rm-group" role="row">{cell}</div>')
        parts.append(_row_html(bar, task_url, no_date))
    return mark_safe("".join(parts))
