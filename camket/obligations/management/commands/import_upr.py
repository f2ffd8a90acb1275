from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from camket.obligations.upr import import_upr
from lawcore.shared_data import shared_data_path

DEFAULT = ("upr-viet-nam", "viet_nam_under_review.jsonl")


class Command(BaseCommand):
    help = "Import UPR recommendations received by Viet Nam (default: ../shared/data)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path)

    def handle(self, *args, path=None, **options):
        path = path or shared_data_path(*DEFAULT)
        if path is None or not path.exists():
            raise CommandError(f"No recommendations file: {path or '/'.join(DEFAULT)}")
        total = sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
        with tqdm(total=total, unit="rec", desc="UPR", disable=options["verbosity"] == 0) as bar:
            summary = import_upr(path, progress=bar.update)
        self.stdout.write(
            f"inserted {summary.inserted}, updated {summary.updated}, unchanged {summary.unchanged}"
        )
