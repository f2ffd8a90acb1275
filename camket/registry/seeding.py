"""Bring the lookup tables of an existing database in line with the seed files (idempotent).

Migration ``registry/0002_seed_sectors_partners`` seeds a new database; when a seed file is
corrected later (e.g. a country's Vietnamese name, see ``seed/SOURCE.md``), this updates the rows
that differ, one audit row each, and leaves the rest untouched.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from camket.audit.actions import record_audit
from camket.registry.models import Partner

SEED = Path(__file__).resolve().parent / "seed"
FIELDS = ("kind", "name_vi", "name_en")


@dataclass
class SyncCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0


@transaction.atomic
def sync_partners(path: Path = SEED / "partners.json", *, acting_user=None) -> SyncCounts:
    """Insert missing partners and update the names and kind that differ from ``path``."""
    counts = SyncCounts()
    existing = {p.code: p for p in Partner.objects.all()}
    for row in json.loads(path.read_text(encoding="utf-8")):
        values = {name: row.get(name, "") for name in FIELDS}
        partner = existing.get(row["code"])
        if partner is None:
            partner = Partner.objects.create(code=row["code"], **values)
            record_audit(partner, "partner.created", acting_user, after=values)
            counts.inserted += 1
            continue
        before = {name: getattr(partner, name) for name in FIELDS}
        if before == values:
            counts.unchanged += 1
            continue
        for name, value in values.items():
            setattr(partner, name, value)
        partner.save(update_fields=list(FIELDS))
        record_audit(partner, "partner.updated", acting_user, before=before, after=values)
        counts.updated += 1
    return counts
