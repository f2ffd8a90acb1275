"""Daily reminders: 30 and 7 days before a due date and the day after it (C4).

Subjects are open tasks (``Task.due_on``) and pending progress reports (``ProgressReport.due_on``).
``Reminder`` has a unique (subject_key, kind): running the job twice on a day, or on two
machines, never sends the same reminder twice. Overdue reminders catch up on the last
``CATCH_UP_DAYS`` days so that a missed daily run is not a missed reminder.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from camket.monitoring import notify
from camket.monitoring.formulas import due_dates_for
from camket.monitoring.models import ProgressReport, Reminder
from camket.obligations.models import Task

CATCH_UP_DAYS = 7
OPEN_TASK = [Task.Status.NOT_STARTED, Task.Status.IN_PROGRESS]
CHUNK = 900


@dataclass
class ReminderRun:
    today: dt.date
    created: dict[str, int] = field(default_factory=dict)
    notified_users: int = 0

    @property
    def total(self) -> int:
        return sum(self.created.values())


def _candidates(kind: str, due: dt.date, today: dt.date):
    """(subject_key, agency_id, due_on) of items for which ``kind`` falls due today."""
    if kind == Reminder.Kind.OVERDUE:
        window = {"due_on__gte": today - dt.timedelta(days=CATCH_UP_DAYS), "due_on__lt": today}
    else:
        window = {"due_on": due}
    tasks = Task.objects.filter(status__in=OPEN_TASK, **window)
    for pk, agency_id, due_on in tasks.values_list("pk", "lead_agency_id", "due_on").iterator():
        yield f"task:{pk}", agency_id, due_on
    reports = ProgressReport.objects.pending().filter(**window)
    for pk, agency_id, due_on in reports.values_list("pk", "agency_id", "due_on").iterator():
        yield f"report:{pk}", agency_id, due_on


def _new_only(kind: str, rows: list[tuple[str, int, dt.date]]) -> list[tuple[str, int, dt.date]]:
    keys = [key for key, _, _ in rows]
    sent: set[str] = set()
    for start in range(0, len(keys), CHUNK):
        sent.update(
            Reminder.objects.filter(
                kind=kind, subject_key__in=keys[start : start + CHUNK]
            ).values_list("subject_key", flat=True)
        )
    return [row for row in rows if row[0] not in sent]


@transaction.atomic
def _record(kind: str, rows, today: dt.date) -> list[Reminder]:
    reminders = [
        Reminder(subject_key=key, kind=kind, agency_id=agency, due_on=due, sent_on=today)
        for key, agency, due in rows
    ]
    # The unique constraint is the last word if two runs race.
    Reminder.objects.bulk_create(reminders, batch_size=2000, ignore_conflicts=True)
    return reminders


def _message(kind: str, count: int) -> str:
    params = {"count": count}
    if kind == Reminder.Kind.DAYS_30:
        return _("%(count)s tasks or reports of your agency are due in 30 days.") % params
    if kind == Reminder.Kind.DAYS_7:
        return _("%(count)s tasks or reports of your agency are due in 7 days.") % params
    return _("%(count)s tasks or reports of your agency are overdue.") % params


def _notify(kind: str, reminders: list[Reminder]) -> int:
    by_agency: dict[int, int] = defaultdict(int)
    for reminder in reminders:
        by_agency[reminder.agency_id] += 1
    users = 0
    url = reverse("monitoring:overdue-list")
    for agency_id, count in by_agency.items():
        with notify.in_readers_language():
            text = _message(kind, count)
        users += notify.send(notify.staff_of([agency_id]), text, url, email_subject=text)
    return users


def run_reminders(today: dt.date) -> ReminderRun:
    """Record and send every reminder that falls due on ``today``; return the counts."""
    run = ReminderRun(today=today)
    for kind, due in due_dates_for(today).items():
        rows = _new_only(kind, list(_candidates(kind, due, today)))
        reminders = _record(kind, rows, today)
        run.created[kind] = len(reminders)
        run.notified_users += _notify(kind, reminders)
    return run
