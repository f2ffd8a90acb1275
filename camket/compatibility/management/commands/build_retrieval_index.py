from django.core.management.base import BaseCommand

from camket.compatibility.retrieval import index_dir, rebuild_index


class Command(BaseCommand):
    help = "Rebuild the retrieval index of domestic legal provisions from the database."

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=2, help="analysis processes")

    def handle(self, *args, workers=2, **options):
        count = rebuild_index(workers=workers, progress=options["verbosity"] > 0)
        self.stdout.write(f"indexed {count} provisions into {index_dir()}")
