from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from camket.registry.tota_import import import_files
from lawcore.tota import iter_tota_files


class Command(BaseCommand):
    help = "Import ToTA treaty XML files (or directories of them) into the register."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)

    def handle(self, *args, paths, **options):
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise CommandError(f"No such file or directory: {', '.join(missing)}")
        total = sum(1 for _ in iter_tota_files(paths))
        with tqdm(total=total, unit="file", desc="ToTA", disable=options["verbosity"] == 0) as bar:
            summary = import_files(paths, progress=lambda _path: bar.update())
        for failure in summary.failed:
            self.stderr.write(f"failed: {failure}")
        self.stdout.write(
            f"inserted {summary.inserted}, updated {summary.updated}, "
            f"unchanged {summary.unchanged}, failed {len(summary.failed)}"
        )
        if summary.inserted == summary.updated == 0 and not summary.failed:
            self.stdout.write("Nothing changed: every file was already imported.")
