"""Update the partners of an existing database from ``registry/seed/partners.json``."""

from django.core.management.base import BaseCommand

from camket.registry.seeding import sync_partners


class Command(BaseCommand):
    help = "Bring partner names (countries, organisations) in line with the seed list."

    def handle(self, *args, **options):
        counts = sync_partners()
        self.stdout.write(
            f"Partners: inserted {counts.inserted}, updated {counts.updated}, "
            f"unchanged {counts.unchanged}"
        )
