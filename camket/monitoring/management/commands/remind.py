"""``camket remind [--today YYYY-MM-DD]``: send the reminders that fall due on that day."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from camket.monitoring.reminders import run_reminders
from camket.portal.consultation.queues import run_reminders as consultation_reminders


class Command(BaseCommand):
    help = "Send reminders due 30 and 7 days before and the day after each due date."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="the day to act as today, YYYY-MM-DD")
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="enqueue the daily job with django-tasks instead of running it here",
        )

    def handle(self, *args, today=None, enqueue=False, **options):
        try:
            day = dt.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--today: {error}") from error
        if enqueue:
            from camket.monitoring.tasks import daily_reminders_task

            result = daily_reminders_task.enqueue(day.isoformat(), True)
            self.stdout.write(f"enqueued {result.id} ({result.status})")
            return
        run = run_reminders(day)
        for kind, count in run.created.items():
            self.stdout.write(f"{kind}: {count} new")
        self.stdout.write(f"{run.total} reminders, {run.notified_users} users notified")
        public_input = consultation_reminders(day)
        self.stdout.write(f"{public_input} reminders of public comments and feedback")
