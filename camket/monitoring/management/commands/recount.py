"""``camket recount``: rebuild the report and task counts behind the dashboards from the rows."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from camket.monitoring import counts


class Command(BaseCommand):
    help = "Rebuild the report and task counts the dashboards read, from the reports and tasks."

    def handle(self, *args, **options):
        rows = counts.rebuild()
        counts.analyze()
        self.stdout.write(
            f"{rows['report_counts']} report count rows, {rows['task_counts']} task count rows"
        )
