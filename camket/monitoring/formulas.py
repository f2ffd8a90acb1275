"""Pure formulas behind the monitoring figures; no Django imports, so they test without a DB.

Each formula is documented with its definition and a worked example. Source: issue 4 and
docs/decisions/0004-monitoring.md.
"""

from __future__ import annotations

import datetime as dt


def submitted_on_time(submitted_on: dt.date | None, due_on: dt.date) -> bool | None:
    """Whether a report was filed on time.

    True when it was submitted on or before ``due_on``; False when submitted after it; None
    when not submitted yet (its lateness is then judged by :func:`is_overdue`).

    >>> submitted_on_time(dt.date(2026, 7, 15), dt.date(2026, 7, 15))
    True
    """
    if submitted_on is None:
        return None
    return submitted_on <= due_on


def is_overdue(due_on: dt.date | None, today: dt.date, *, done: bool) -> bool:
    """An open item is overdue from the day after its due date ("quá hạn")."""
    return not done and due_on is not None and due_on < today


def on_time_rate(on_time: int, due: int) -> float | None:
    """Share of due items filed on time, in percent, one decimal.

    on_time_rate = 100 × (reports submitted on or before their due date)
                       / (reports whose due date has passed, plus reports already submitted).

    A report not yet due and not yet submitted counts in neither term: it cannot be late yet.
    The first submission date counts; a report returned and resubmitted keeps it.

    None when nothing was due yet (no rate, rather than a misleading 0 % or 100 %).
    Worked example: 3 reports due, 2 submitted on time, 1 late → 66.7.

    >>> on_time_rate(2, 3)
    66.7
    """
    if due <= 0:
        return None
    return round(100 * on_time / due, 1)


def completion_rate(completed: int, total: int) -> float | None:
    """Share of tasks completed, in percent, one decimal; None for no task.

    >>> completion_rate(1, 4)
    25.0
    """
    if total <= 0:
        return None
    return round(100 * completed / total, 1)


def average_percent(total_percent: int, count: int) -> float | None:
    """Mean of reported "percent done" values; None when there is no report.

    >>> average_percent(150, 2)
    75.0
    """
    if count <= 0:
        return None
    return round(total_percent / count, 1)


REMINDER_OFFSETS = {"due_in_30": -30, "due_in_7": -7, "overdue": 1}


def reminder_kind_for(due_on: dt.date, today: dt.date) -> str | None:
    """Which reminder falls due today for an item due on ``due_on``, if any.

    Reminders go 30 and 7 days before the due date and on the day after it.

    >>> reminder_kind_for(dt.date(2026, 7, 31), dt.date(2026, 7, 1))
    'due_in_30'
    >>> reminder_kind_for(dt.date(2026, 7, 31), dt.date(2026, 8, 1))
    'overdue'
    """
    delta = (today - due_on).days
    for kind, offset in REMINDER_OFFSETS.items():
        if delta == offset:
            return kind
    return None


def due_dates_for(today: dt.date) -> dict[str, dt.date]:
    """The due date that makes each reminder kind fire on ``today`` (inverse of the above)."""
    return {kind: today - dt.timedelta(days=offset) for kind, offset in REMINDER_OFFSETS.items()}
