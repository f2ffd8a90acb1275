from django.core.management import call_command
from django.core.management.base import BaseCommand

from lawcore.shared_data import shared_data_path


class Command(BaseCommand):
    help = "Load the Pháp điển subset (treaties, trade, labour) when ../shared/data is present."

    def handle(self, *args, **options):
        root = shared_data_path("vn-phapdien")
        if root is None:
            self.stdout.write("No shared data beside the project: the legal corpus stays empty.")
            return
        call_command(
            "import_phapdien",
            subset=True,
            path=root,
            verbosity=options["verbosity"],
            stdout=self.stdout._out,
            stderr=self.stderr._out,
        )
