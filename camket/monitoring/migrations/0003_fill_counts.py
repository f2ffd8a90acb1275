from django.db import migrations


def fill(apps, schema_editor):
    from camket.monitoring import counts

    counts.rebuild(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0002_counts"),
        ("obligations", "0003_task_due_on_index"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
