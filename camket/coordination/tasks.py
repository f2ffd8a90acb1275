"""Background jobs (django-tasks): the nightly overlap run and a coordinator's on-demand run.

With the database backend and ``camket db_worker`` running, ``nightly_overlap`` re-enqueues
itself for 02:00 the next night (start the chain once: ``camket overlap --enqueue``). A run a
coordinator asks for on the queue page is queued as ``run_overlap(run_pk)``; its progress is saved
step by step on the ``OverlapRun`` row the page reads.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tasks import task

from camket.coordination import actions
from camket.coordination.models import OverlapRun

RUN_AT = dt.time(2, 0)


def next_run_after(today: dt.date) -> dt.datetime:
    """02:00 local time on the night after ``today``, as an aware datetime."""
    return timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=1), RUN_AT))


@task()
def run_overlap(run_pk: int) -> dict:
    """Execute the queued run ``run_pk`` (once: a run already started is left alone)."""
    run = OverlapRun.objects.get(pk=run_pk)
    if run.status != OverlapRun.Status.QUEUED:
        return {"run": run.pk, "status": run.status}
    run = actions.execute_run(run)
    return {"run": run.pk, "status": run.status, "pairs": run.pairs, "created": run.created}


@task()
def nightly_overlap(today: str | None = None, reschedule: bool = True) -> dict:
    """Queue and execute tonight's run; with a deferring backend, enqueue tomorrow night's."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    try:
        run = actions.start_run(trigger=OverlapRun.Trigger.NIGHTLY)
    except ValidationError:
        result = {"skipped": "a run is already waiting or running"}
    else:
        run = actions.execute_run(run)
        result = {"run": run.pk, "pairs": run.pairs, "created": run.created}
    if reschedule:
        schedule_next(day)
    return result


def schedule_next(day: dt.date) -> bool:
    backend = nightly_overlap.get_backend()
    if not backend.supports_defer:
        return False
    nightly_overlap.using(run_after=next_run_after(day)).enqueue(None, True)
    return True


def enqueue_run(run: OverlapRun) -> None:
    """Hand a queued on-demand run to the job backend (the immediate backend runs it now)."""
    run_overlap.enqueue(run.pk)
