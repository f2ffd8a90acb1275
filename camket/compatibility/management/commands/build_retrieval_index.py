from django.core.management.base import BaseCommand

from camket.compatibility.retrieval import index_dir, rebuild_index, sync_index


class Command(BaseCommand):
    help = (
        "Rebuild the retrieval index of domestic legal provisions from the database, or with "
        "--repair only check it against the database and re-index what is missing or stale."
    )

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=2, help="analysis processes")
        parser.add_argument(
            "--repair", action="store_true", help="verify and repair instead of rebuilding"
        )

    def handle(self, *args, workers=2, repair=False, **options):
        if repair:
            report = sync_index(workers=workers, progress=options["verbosity"] > 1)
            self.stdout.write(report.line())
            return
        count = rebuild_index(workers=workers, progress=options["verbosity"] > 0)
        self.stdout.write(f"indexed {count} provisions into {index_dir()}")
