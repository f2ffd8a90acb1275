"""Background jobs of open data (django-tasks), run by ``camket db_worker``.

``daily_opendata`` regenerates the bulk CSV/JSON files and sends the daily digests (and the
weekly ones that are due), then, with a backend that can defer (the database backend), enqueues
itself for 05:00 the next day, as ``camket.monitoring.tasks.daily_reminders`` does. With the
immediate backend it just runs: then run ``camket export_opendata`` from cron instead.
``send_immediate`` is queued after every announcement and sends the "at once" e-mails.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from camket.portal.opendata import exports, subscriptions
from camket.portal.opendata.models import Subscription

RUN_AT = dt.time(5, 0)
Frequency = Subscription.Frequency


def next_run_after(today: dt.date) -> dt.datetime:
    """05:00 local time on the day after ``today``, as an aware datetime."""
    return timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=1), RUN_AT))


@task()
def daily_opendata(today: str | None = None, reschedule: bool = True) -> dict:
    """Rewrite the bulk files, send due digests; with a deferring backend, queue tomorrow."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    bulk = exports.write_bulk_files()
    sent = subscriptions.send_pending([Frequency.IMMEDIATE, Frequency.DAILY, Frequency.WEEKLY])
    if reschedule:
        schedule_next(day)
    return {
        "today": day.isoformat(),
        "rows": bulk.rows,
        "emails": sent.emails,
        "announcements": sent.announcements,
    }


def schedule_next(day: dt.date) -> bool:
    backend = daily_opendata.get_backend()
    if not backend.supports_defer:
        return False
    daily_opendata.using(run_after=next_run_after(day)).enqueue(None, True)
    return True


@task()
def send_immediate() -> dict:
    """Send what "at once" subscriptions are owed (queued after each announcement)."""
    sent = subscriptions.send_pending([Frequency.IMMEDIATE])
    return {"emails": sent.emails, "announcements": sent.announcements}
