"""Copy each existing audit row's actor username and full name into its snapshot columns.

Idempotent: only rows with an actor and an empty snapshot are written. Rows whose user was
deleted before this migration lost their actor already and stay "system".
"""

from django.conf import settings
from django.db import migrations
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Concat, Trim


def backfill(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    user = User.objects.filter(pk=OuterRef("actor_id"))
    full_name = Trim(Concat("first_name", Value(" "), "last_name"))
    AuditEvent.objects.filter(actor__isnull=False, actor_username="").update(
        actor_username=Subquery(user.values("username")[:1]),
        actor_name=Subquery(user.annotate(full=full_name).values("full")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_actor_snapshot"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
