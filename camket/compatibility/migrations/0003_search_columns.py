"""Folded search columns of legal documents, filled for existing rows (issue 16, item 5).

On PostgreSQL each column gets a trigram GIN index (pg_trgm, a trusted extension), so the
``LIKE '%word%'`` of ``camket.search.search`` is an index scan at national scale.
"""

from django.db import migrations, models

from camket.search import SearchText, search_columns

# The texts as ``LegalDocument.search_text`` built them when this migration was written.
TEXTS = {"LegalDocument": lambda d: SearchText([d.code], d.title, d.issuer)}
TABLES = ["compatibility_legaldocument"]

BATCH = 2000


def _fill(apps, schema_editor):
    for model_name, text_of in TEXTS.items():
        model = apps.get_model("compatibility", model_name)
        pks = list(model.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), BATCH):  # national scale: 300,000 tasks, a batch at a time
            rows = list(model.objects.filter(pk__in=pks[start : start + BATCH]))
            for row in rows:
                row.search_title, row.search_body = search_columns(text_of(row))
            model.objects.bulk_update(rows, ["search_title", "search_body"], batch_size=BATCH)


def _trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table in TABLES:
        for column in ("search_title", "search_body"):
            schema_editor.execute(
                f"CREATE INDEX {table}_{column}_trgm ON {table} USING gin ({column} gin_trgm_ops)"
            )


def _drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        for column in ("search_title", "search_body"):
            schema_editor.execute(f"DROP INDEX IF EXISTS {table}_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("compatibility", "0002_assessment_versions")]
    operations = [
        migrations.AddField(
            model_name="legaldocument",
            name="search_body",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="legaldocument",
            name="search_title",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(_fill, migrations.RunPython.noop),
        migrations.RunPython(_trigram_indexes, _drop_trigram_indexes),
    ]
