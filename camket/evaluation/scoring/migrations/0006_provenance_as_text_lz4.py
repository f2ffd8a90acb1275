"""A score's id lists become JSON text; on PostgreSQL the stored provenance is compressed with
lz4 where the server has it.

A national cycle writes about 60 MB of id lists (decision 0015). As ``jsonb`` the server parsed
them on every write (about 1.2 s); with the default compression (pglz) it spent 2.7 s
compressing them, with lz4 0.4 s, for 20 % more space. Existing lists keep their values
(``jsonb`` turns into its JSON text); only values written afterwards are compressed the new
way. On SQLite the lists were JSON text already.
"""

from django.db import migrations

import camket.evaluation.scoring.models

COLUMNS = [
    ("scoring_score", "counted"),
    ("scoring_score", "met"),
    ("scoring_score", "skipped"),
    ("scoring_scoreinput", "rows"),
]


def _has_lz4(schema_editor) -> bool:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' "
            "AND 'lz4' = ANY(enumvals)"
        )
        return cursor.fetchone() is not None


def _compress_with(method: str):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql" or not _has_lz4(schema_editor):
            return
        for table, column in COLUMNS:
            schema_editor.execute(
                f'ALTER TABLE "{table}" ALTER COLUMN "{column}" SET COMPRESSION {method}'
            )

    return apply


class Migration(migrations.Migration):
    dependencies = [("scoring", "0005_subject_assessed_label")]

    operations = [
        migrations.AlterField(
            model_name="score",
            name=name,
            field=camket.evaluation.scoring.models.IdListField(default=list),
        )
        for name in ("counted", "met", "skipped")
    ] + [migrations.RunPython(_compress_with("lz4"), _compress_with("pglz"))]
