import datetime as dt

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from camket.monitoring.formulas import reminder_kind_for
from camket.monitoring.models import Notification, Reminder
from camket.monitoring.reminders import run_reminders
from camket.monitoring.tasks import daily_reminders, next_run_after

D = dt.date.fromisoformat


def test_reminder_kind_falls_30_and_7_days_before_and_the_day_after():
    due = D("2026-06-30")
    assert reminder_kind_for(due, D("2026-05-31")) == "due_in_30"
    assert reminder_kind_for(due, D("2026-06-23")) == "due_in_7"
    assert reminder_kind_for(due, D("2026-07-01")) == "overdue"
    assert reminder_kind_for(due, D("2026-06-30")) is None


def test_reminders_are_sent_on_their_days_and_never_twice(
    bct_task, btc_task, officer_bct, officer_btc, mailoutbox
):
    officer_bct.email = "officer@bct.gov.vn"
    officer_bct.save()
    run = run_reminders(D("2026-05-31"))
    assert run.created == {"due_in_30": 1, "due_in_7": 0, "overdue": 0}
    assert Reminder.objects.get().subject_key == f"task:{bct_task.pk}"
    assert Notification.objects.filter(user=officer_bct).count() == 1
    assert not Notification.objects.filter(user=officer_btc).exists()
    assert len(mailoutbox) == 1
    again = run_reminders(D("2026-05-31"))
    assert again.total == 0
    assert len(mailoutbox) == 1
    assert run_reminders(D("2026-06-01")).created["overdue"] == 1  # btc task, due 31/05
    assert run_reminders(D("2026-06-23")).created["due_in_7"] == 1
    assert run_reminders(D("2026-07-01")).created["overdue"] == 1
    assert run_reminders(D("2026-07-02")).total == 0
    assert Reminder.objects.count() == 4


def test_pending_reports_are_reminded_but_submitted_ones_are_not(reports, officer_bct):
    from camket.monitoring import actions

    actions.submit_report(reports["bct"], acting_user=officer_bct)
    run = run_reminders(D("2026-07-16"))
    keys = set(Reminder.objects.filter(kind="overdue").values_list("subject_key", flat=True))
    assert f"report:{reports['btc'].pk}" in keys
    assert f"report:{reports['bct'].pk}" not in keys
    assert run.created["overdue"] >= 1


def test_the_unique_constraint_refuses_a_second_reminder(db):
    from camket.agencies.models import Agency

    fields = {
        "subject_key": "task:1",
        "kind": "due_in_7",
        "due_on": D("2026-01-08"),
        "sent_on": D("2026-01-01"),
        "agency": Agency.objects.get(code="bct"),
    }
    Reminder.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(**fields)


def test_remind_command_takes_today(bct_task, capsys):
    call_command("remind", "--today", "2026-05-31")
    assert "due_in_30: 1 new" in capsys.readouterr().out


def test_the_daily_job_runs_through_django_tasks(bct_task):
    result = daily_reminders.call("2026-05-31", False)
    assert result["created"]["due_in_30"] == 1
    assert next_run_after(D("2026-05-31")).isoformat() == "2026-06-01T06:00:00+07:00"


def test_enqueue_with_the_immediate_backend_runs_now(bct_task, capsys, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    call_command("remind", "--today", "2026-05-31", "--enqueue")
    assert "enqueued" in capsys.readouterr().out
    assert Reminder.objects.count() == 1


def test_enqueue_with_the_database_backend_queues_a_job(bct_task, capsys, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("remind", "--today", "2026-05-31", "--enqueue")
    assert "enqueued" in capsys.readouterr().out
    assert DBTaskResult.objects.count() == 1
    assert Reminder.objects.count() == 0  # nothing runs until the worker picks the job up
    # Run the stored job the way the worker does (the worker itself closes the test's
    # database connection): resolve its path to the task and call it with its arguments.
    job = DBTaskResult.objects.get()
    job.task.call(*job.args_kwargs["args"], **job.args_kwargs["kwargs"])
    assert Reminder.objects.count() == 1
    queued = DBTaskResult.objects.exclude(pk=job.pk)
    assert (
        queued.count() == 1
        and timezone.localtime(queued.get().run_after).isoformat() == "2026-06-01T06:00:00+07:00"
    )
