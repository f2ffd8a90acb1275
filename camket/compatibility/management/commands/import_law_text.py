from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from camket.compatibility.actions import import_document
from camket.compatibility.importing import RecordError
from camket.compatibility.lawtext_import import document_from_file


class Command(BaseCommand):
    help = (
        "Import Vietnamese legal documents from plain text (or DOCX, PDF, HTML) files, one "
        "document per file, each in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--number", default="", help="document number, if the header lacks it")
        parser.add_argument("--type", dest="doc_type", default="", help="e.g. Luật, Bộ luật")

    def handle(self, *args, files, number="", doc_type="", **options):
        missing = [str(f) for f in files if not f.is_file()]
        if missing:
            raise CommandError(f"No such file: {', '.join(missing)}")
        if number and len(files) > 1:
            raise CommandError("--number applies to one file only")
        counts = {"inserted": 0, "updated": 0, "unchanged": 0}
        failed = []
        for path in tqdm(files, unit="file", desc="law text", disable=options["verbosity"] == 0):
            try:
                data = document_from_file(path, number=number, doc_type=doc_type)
                counts[import_document(data).result] += 1
            except RecordError as error:
                failed.append(f"{path.name}: {error}")
        for failure in failed:
            self.stderr.write(f"failed: {failure}")
        self.stdout.write(
            f"inserted {counts['inserted']}, updated {counts['updated']}, "
            f"unchanged {counts['unchanged']}, failed {len(failed)}"
        )
