"""Data migration 0003: audit rows written before the snapshot columns get their actor's name."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("audit", "0002_actor_snapshot")]
AFTER = [("audit", "0003_backfill_actor_snapshot")]


@pytest.mark.django_db(transaction=True)
def test_backfill_copies_username_and_full_name_and_is_idempotent(django_user_model):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    User = old_apps.get_model("auth", "User")
    Event = old_apps.get_model("audit", "AuditEvent")
    hoa = User.objects.create(username="canbo.bct", first_name="Lê", last_name="Thị Hoa")
    bare = User.objects.create(username="quansat")
    common = {"object_key": "registry.commitment:1", "object_repr": "VKFTA"}
    Event.objects.create(actor=hoa, action="commitment.updated", **common)
    Event.objects.create(actor=bare, action="commitment.updated", **common)
    Event.objects.create(actor=None, action="legal_document.inserted", **common)
    Event.objects.create(actor=bare, actor_username="kept", action="link.confirmed", **common)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    executor.migrate(AFTER)  # twice: the backfill is idempotent

    from camket.audit.models import AuditEvent

    rows = {
        (e.actor_username, e.actor_name, e.actor_label) for e in AuditEvent.objects.order_by("pk")
    }
    assert rows == {
        ("canbo.bct", "Lê Thị Hoa", "Lê Thị Hoa"),
        ("quansat", "", "quansat"),
        ("", "", "hệ thống"),
        ("kept", "", "kept"),
    }
    django_user_model.objects.filter(username="canbo.bct").delete()
    assert AuditEvent.objects.filter(actor_name="Lê Thị Hoa", actor=None).count() == 1
