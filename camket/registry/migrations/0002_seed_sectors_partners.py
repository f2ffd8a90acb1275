"""Seed sectors and partners (ISO 3166-1 countries, international organisations); idempotent."""

import json
from pathlib import Path

from django.db import migrations

SEED = Path(__file__).resolve().parent.parent / "seed"


def seed(apps, schema_editor):
    for model_name, file_name in (("Sector", "sectors.json"), ("Partner", "partners.json")):
        model = apps.get_model("registry", model_name)
        for row in json.loads((SEED / file_name).read_text(encoding="utf-8")):
            code = row.pop("code")
            model.objects.update_or_create(code=code, defaults=row)


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
