import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0004_seed_former_agencies"),
        ("obligations", "0005_search_columns"),
    ]

    operations = [
        migrations.AddField(
            model_name="actionplan",
            name="source_links",
            field=models.JSONField(blank=True, default=list, verbose_name="sources"),
        ),
        migrations.AddField(
            model_name="actionplan",
            name="source_note",
            field=models.TextField(blank=True, verbose_name="about the source"),
        ),
        migrations.AddField(
            model_name="task",
            name="lead_agency_as_named",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="agencies.agency",
                verbose_name="lead agency named in the instrument",
            ),
        ),
    ]
