"""Background jobs (django-tasks). The reminder job runs daily and schedules its next run.

With the database backend (pip ``django-tasks-db``; ``TASKS = {"default": {"BACKEND":
"django_tasks_db.DatabaseBackend"}}`` and ``db_worker`` running) the job re-enqueues itself for
06:00 the next day. With a backend that cannot defer (the default immediate backend) it just
runs; then schedule ``camket remind`` with cron instead.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from camket.monitoring import counts
from camket.monitoring.reminders import run_reminders
from camket.portal.consultation.queues import run_reminders as consultation_reminders

RUN_AT = dt.time(6, 0)


def next_run_after(today: dt.date) -> dt.datetime:
    """06:00 local time on the day after ``today``, as an aware datetime."""
    naive = dt.datetime.combine(today + dt.timedelta(days=1), RUN_AT)
    return timezone.make_aware(naive)


@task()
def daily_reminders(today: str | None = None, reschedule: bool = True) -> dict:
    """Send today's reminders; with a deferring backend, enqueue tomorrow's run."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    run = run_reminders(day)
    public_input = consultation_reminders(day)  # comments and feedback from the public
    counts.analyze(full=False)
    if reschedule:
        schedule_next(day)
    return {
        "today": day.isoformat(),
        "created": run.created,
        "users": run.notified_users,
        "public_input": public_input,
    }


def schedule_next(day: dt.date) -> bool:
    """Enqueue the next daily run if the configured backend supports ``run_after``."""
    backend = daily_reminders.get_backend()
    if not backend.supports_defer:
        return False
    daily_reminders.using(run_after=next_run_after(day)).enqueue(None, True)
    return True


# The task is the module attribute its path names, so a worker can find it.
daily_reminders_task = daily_reminders
