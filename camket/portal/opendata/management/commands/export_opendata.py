"""``camket export_opendata [--enqueue] [--digests]``: rewrite the bulk open-data files."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from camket.portal.opendata import exports, subscriptions
from camket.portal.opendata.models import Subscription


class Command(BaseCommand):
    help = (
        "Write the CSV and JSON files of every public commitment and their manifest "
        "(CAMKET_OPENDATA_DIR); --digests also sends the subscription e-mails that are due."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="enqueue the daily job (files and digests, then again every day) instead",
        )
        parser.add_argument(
            "--digests", action="store_true", help="also send the e-mails that are due"
        )

    def handle(self, *args, enqueue=False, digests=False, **options):
        if enqueue:
            from camket.portal.opendata.tasks import daily_opendata

            result = daily_opendata.enqueue(timezone.localdate().isoformat(), True)
            self.stdout.write(f"enqueued {result.id} ({result.status})")
            return

        def progress(rows: int) -> None:
            self.stdout.write(f"  {rows} rows…")

        bulk = exports.write_bulk_files(progress=progress)
        self.stdout.write(f"{bulk.rows} public commitments written to {exports.folder()}")
        for name, info in bulk.files.items():
            self.stdout.write(f"  {name}: {info['bytes']} bytes, sha256 {info['sha256'][:16]}…")
        if digests:
            sent = subscriptions.send_pending(Subscription.Frequency.values)
            self.stdout.write(f"{sent.emails} e-mails, {sent.announcements} announcements")
