"""Former agencies of the 2025 reorganisation, with successors and legal basis; units re-seated.

Reads seed/agencies.json again (idempotent by code): adds the ministries merged on 01/03/2025
(Resolution 176/2025/QH15) as inactive agencies pointing at their successors, and seats the
treaty department of MOFA and Viet Nam Social Security as units of their ministries.
"""

import datetime as dt
import json
from pathlib import Path

from django.db import migrations

SEED = Path(__file__).resolve().parent.parent / "seed" / "agencies.json"
FIELDS = ("name_vi", "name_en", "kind", "abbreviation", "succession_note", "legal_basis")


def seed_former_agencies(apps, schema_editor):
    Agency = apps.get_model("agencies", "Agency")
    rows = json.loads(SEED.read_text(encoding="utf-8"))["agencies"]
    by_code = {}
    for row in rows:
        values = {k: row.get(k, "") for k in FIELDS}
        ended = row.get("ended_on")
        values["ended_on"] = dt.date.fromisoformat(ended) if ended else None
        values["is_active"] = not ended
        agency, _ = Agency.objects.update_or_create(code=row["code"], defaults=values)
        by_code[row["code"]] = agency
    for row in rows:
        agency = by_code[row["code"]]
        agency.parent = by_code.get(row["parent"]) if row.get("parent") else None
        agency.successor = by_code.get(row["successor"]) if row.get("successor") else None
        agency.save(update_fields=["parent", "successor"])
        agency.partial_successors.set([by_code[c] for c in row.get("partial_successors", [])])


class Migration(migrations.Migration):
    dependencies = [("agencies", "0003_former_agencies")]
    operations = [migrations.RunPython(seed_former_agencies, migrations.RunPython.noop)]
