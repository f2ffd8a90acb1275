from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from camket.backup.archive import BackupError, read_manifest, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `camket backup`: check its manifest, restore the database and "
        "media files, then rebuild the retrieval index. Stop the web server first."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="restore even though this instance already holds users or commitments",
        )
        parser.add_argument("--workers", type=int, default=2, help="indexing processes")
        parser.add_argument(
            "--dry-run", action="store_true", help="only check the backup against its manifest"
        )

    def handle(self, *args, directory, replace=False, workers=2, dry_run=False, **options):
        if dry_run:
            try:
                manifest = read_manifest(directory)
            except BackupError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(
                f"{directory}: manifest verified ({len(manifest['files'])} files, "
                f"{sum(manifest['counts'].values())} rows, made {manifest['created_at']}); "
                "nothing restored"
            )
            return
        try:
            report = restore(directory, replace=replace, workers=workers)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if report.mismatches:
            raise CommandError(
                "restored, but these differ from the manifest: " + "; ".join(report.mismatches)
            )
        self.stdout.write(
            f"restored {directory}: counts equal ({report.rows} rows in {report.models} models), "
            f"SHA-256 equal ({report.files} files, {report.media_files} media), "
            f"{report.indexed} provisions indexed"
        )
        if report.kept_aside:
            self.stdout.write(f"the previous media folder was kept as {report.kept_aside}")
