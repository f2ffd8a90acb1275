"""``camket overlap``: run the overlap check now (steps printed), or start the nightly chain."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from camket.coordination import actions
from camket.coordination.models import OverlapRun
from camket.coordination.tasks import nightly_overlap


class Command(BaseCommand):
    help = "Run the overlap check over the register now, or --enqueue the nightly job (02:00)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="queue the nightly job (with camket db_worker running it re-queues itself)",
        )

    def handle(self, *args, enqueue: bool = False, **options):
        if enqueue:
            nightly_overlap.enqueue(None, True)
            self.stdout.write("Nightly overlap check enqueued.")
            return
        try:
            run = actions.start_run(trigger=OverlapRun.Trigger.NIGHTLY)
        except Exception as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from None
        total = len(OverlapRun.STEPS)

        def show(run, step):
            number = OverlapRun.STEPS.index(step) + 1
            bar = "#" * number + "." * (total - number)
            self.stdout.write(f"[{bar}] step {number}/{total}: {step}")

        run.on_step = show
        run = actions.execute_run(run)
        self.stdout.write(
            f"Overlap check: {run.items} items, {run.pairs} pairs; new {run.created}, "
            f"updated {run.updated}, no longer proposed {run.removed}"
        )
