from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from camket.compatibility.importing import RecordError
from camket.compatibility.phapdien import import_phapdien
from lawcore.shared_data import shared_data_path, skip_reason


class Command(BaseCommand):
    help = "Import the Pháp điển (vn-phapdien) articles into the domestic legal corpus."

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path, help="the vn-phapdien folder (default: shared)")
        parser.add_argument("--limit", type=int, help="import only the first N articles")
        parser.add_argument(
            "--subset", action="store_true", help="only subset_treaty_trade_labour.jsonl (~3.6k)"
        )
        parser.add_argument("--workers", type=int, default=2, help="indexing processes")

    def handle(self, *args, path=None, limit=None, subset=False, workers=2, **options):
        root = path or shared_data_path("vn-phapdien")
        if root is None or not root.is_dir():
            raise CommandError(f"No Pháp điển data: {path or skip_reason('vn-phapdien')}")
        bar = tqdm(unit="doc", desc="Pháp điển", disable=options["verbosity"] == 0)
        try:
            summary = import_phapdien(
                root,
                subset=subset,
                limit=limit,
                workers=workers,
                progress=bar.update,
                on_total=lambda total: setattr(bar, "total", total),
            )
        except RecordError as error:
            raise CommandError(str(error)) from error
        finally:
            bar.close()
        for failure in summary.failed:
            self.stderr.write(f"failed: {failure}")
        self.stdout.write(summary.line())
        if summary.index_check and summary.index_check.repaired:
            self.stdout.write(summary.index_check.line())
        if summary.flagged:
            self.stdout.write(f"assessments flagged for review: {summary.flagged}")
