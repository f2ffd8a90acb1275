from django.core.management import call_command
from django.db import migrations, models

CACHE_TABLE = "camket_cache"


def create_cache_table(apps, schema_editor):
    """The shared cache's table (``CACHES["shared"]``): request counts of every server process.

    Django's own command writes it for the engine in use and skips a table already there.
    """
    call_command("createcachetable", CACHE_TABLE, database=schema_editor.connection.alias)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(CACHE_TABLE)}")


class Migration(migrations.Migration):
    dependencies = [
        ("opendata", "0001_subscriptions"),
    ]

    operations = [
        migrations.CreateModel(
            name="PublicVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token", models.CharField(max_length=32)),
            ],
            options={
                "verbose_name": "version of the public data",
                "verbose_name_plural": "versions of the public data",
            },
        ),
        migrations.RunPython(create_cache_table, drop_cache_table),
    ]
