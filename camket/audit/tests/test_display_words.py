"""Change history in words: a phrase per action, field labels, value labels (issue 11)."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from camket.audit.actions import record_audit, snapshot
from camket.audit.display import ACTION_LABELS, described_rows
from camket.audit.models import AuditEvent
from camket.conftest import make_commitment
from camket.i18n_scan import audit_actions
from camket.registry.models import CommitmentRelation

pytestmark = pytest.mark.django_db


def test_every_audit_action_written_in_the_code_has_a_phrase():
    nouns = {action.split(".")[0] for action in ACTION_LABELS}
    written = {a for a in audit_actions() if a.split(".")[0] in nouns}
    assert written - set(ACTION_LABELS) == set()


def test_history_reads_actions_fields_and_values_in_vietnamese(client, coordinator):
    source = make_commitment()
    target = make_commitment(
        "vn/treaty/2019/evfta", title_vi="Hiệp định EVFTA", title_en="EVFTA", short_name="EVFTA"
    )
    relation = CommitmentRelation.objects.create(
        source=source, target=target, kind=CommitmentRelation.Kind.IMPLEMENTS
    )
    record_audit(relation, "relation.added", coordinator, after=snapshot(relation), subject=source)
    client.force_login(coordinator)
    page = client.get(source.get_absolute_url()).content.decode()
    history = page[page.index('id="audit"') :]
    assert "relation.added" not in history and "Thêm quan hệ" in history
    assert "target_id" not in history and "implements" not in history
    assert "Hiệp định EVFTA" in history  # the related commitment by name, not its number

    row = described_rows(AuditEvent.objects.filter(action="relation.added"), coordinator)[0]
    labels = {field: after for field, _before, after in row.changes}
    assert str(CommitmentRelation._meta.get_field("kind").verbose_name) in labels
    assert labels[str(CommitmentRelation._meta.get_field("kind").verbose_name)] == str(
        CommitmentRelation.Kind.IMPLEMENTS.label
    )
    assert reverse("registry:commitment-detail", args=[source.code])


def test_history_shows_a_moment_as_day_month_year_and_local_time(client, coordinator):
    """A date-time in a snapshot (e.g. created_at) reads as dd/mm/yyyy hh:mm, never ISO text."""
    commitment = make_commitment()
    record_audit(commitment, "commitment.created", coordinator, after=snapshot(commitment))
    client.force_login(coordinator)
    page = client.get(commitment.get_absolute_url()).content.decode()
    history = page[page.index('id="audit"') :]
    created = timezone.localtime(commitment.created_at)
    assert created.strftime("%d/%m/%Y %H:%M") in history
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", history)


def test_history_names_affected_groups_by_their_label_not_their_code(client, coordinator):
    commitment = make_commitment()
    before = snapshot(commitment)
    commitment.affected_groups = ["exporters", "Hợp tác xã nghề cá"]
    commitment.save()
    record_audit(commitment, "commitment.updated", coordinator, before=before,
                 after=snapshot(commitment))  # fmt: skip
    client.force_login(coordinator)
    page = client.get(commitment.get_absolute_url()).content.decode()
    history = page[page.index('id="audit"') :]
    assert "exporters" not in history
    assert "doanh nghiệp xuất khẩu, Hợp tác xã" in history  # a typed group stays as typed
