from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from camket.backup.archive import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite backup API or pg_dump), the media files and a manifest "
        "with the SHA-256 of every file into DIR (a new or empty folder)."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory, **options):
        try:
            report = backup(directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"backup of the {report.engine} database written to {directory}: "
            f"{report.rows} rows in {report.models} models, {report.media_files} media files, "
            f"{report.files} files, {report.bytes} bytes"
        )
