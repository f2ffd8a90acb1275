"""Seed Viet Nam's agencies (2025 structure) from seed/agencies.json; idempotent by code."""

import json
from pathlib import Path

from django.db import migrations

SEED = Path(__file__).resolve().parent.parent / "seed" / "agencies.json"


def seed_agencies(apps, schema_editor):
    Agency = apps.get_model("agencies", "Agency")
    rows = json.loads(SEED.read_text(encoding="utf-8"))["agencies"]
    by_code = {}
    for row in rows:
        values = {k: row[k] for k in ("name_vi", "name_en", "kind", "abbreviation")}
        values["parent"] = by_code.get(row["parent"]) if row["parent"] else None
        agency, _ = Agency.objects.update_or_create(code=row["code"], defaults=values)
        by_code[row["code"]] = agency


class Migration(migrations.Migration):
    dependencies = [("agencies", "0001_initial")]
    operations = [migrations.RunPython(seed_agencies, migrations.RunPython.noop)]
