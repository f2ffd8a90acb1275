"""Obligations, plans and tasks written from plain values: validated, audited, all or nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from camket.audit.models import AuditEvent
from camket.obligations.actions import (
    ObligationData,
    PlanData,
    TaskData,
    bulk_create_tasks,
    create_obligation,
    create_plan,
    create_task,
    import_obligation,
)
from camket.obligations.models import ActionPlan, Obligation, Task

TEXT = "Việt Nam bảo đảm quyền tự do hiệp hội của người lao động."


def obligation(vkfta, **changes) -> ObligationData:
    values = {
        "commitment": vkfta.pk,
        "text": TEXT,
        "modality": Obligation.Modality.SHALL,
        "number": "19.3",
    }
    return ObligationData(**{**values, **changes})


@pytest.fixture
def plan(vkfta):
    return create_plan(
        PlanData(code="kh-bct-vkfta", title_vi="Kế hoạch thực hiện VKFTA", agency="bct"),
        acting_user=None,
    )


@pytest.mark.parametrize(
    ("changes", "field", "word"),
    [
        ({"modality": "must"}, "modality", "must"),
        ({"lead_agency": "bo-khong-co"}, "lead_agency", "bo-khong-co"),
        ({"text": ""}, "text", "Thiếu"),
        ({"sectors": ["khong-co"]}, "sectors", "khong-co"),
        ({"due_text": "x" * 201}, "due_text", "200"),
    ],
)
def test_invalid_obligation_is_refused_in_vietnamese_naming_it(vkfta, changes, field, word):
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        create_obligation(obligation(vkfta, **changes), acting_user=None)
    messages = caught.value.message_dict[field]
    assert any(m.startswith("Nghĩa vụ 19.3:") and word in m for m in messages), messages
    assert (
        not Obligation.objects.exists()
        and not AuditEvent.objects.filter(action__startswith="obligation").exists()
    )


def test_provision_of_another_commitment_is_refused(vkfta, restricted_btc):
    from camket.registry.models import Provision

    other = Provision.objects.create(commitment=restricted_btc, level="article", number="1")
    with pytest.raises(ValidationError, match="vn/treaty/2015/vkfta"):
        create_obligation(obligation(vkfta, provision=other.pk), acting_user=None)


def test_officer_of_another_agency_may_not_add_an_obligation(vkfta, officer_btc, officer_bct):
    with pytest.raises(PermissionDenied):
        create_obligation(obligation(vkfta), acting_user=officer_btc)
    made = create_obligation(obligation(vkfta, lead_agency="bct"), acting_user=officer_bct)
    event = AuditEvent.objects.get(action="obligation.created")
    assert (made.created_by, event.actor) == (officer_bct, officer_bct)


def test_import_is_idempotent_and_audits_only_changes(vkfta):
    data = obligation(vkfta, external_key="upr:1:1", sectors=["labour"])
    first, outcome = import_obligation(data)
    assert outcome == "inserted"
    assert import_obligation(data) == (first, "unchanged")
    data.text = TEXT + " Sửa đổi."
    again, outcome = import_obligation(data)
    assert (again.pk, outcome) == (first.pk, "updated")
    events = AuditEvent.objects.filter(action="obligation.imported").order_by("pk")
    assert [e.before is None for e in events] == [True, False]
    assert events.last().after["text"].endswith("Sửa đổi.")


def test_task_dates_plan_and_agencies_are_checked(plan):
    base = {"plan": plan.pk, "title": "Rà soát quy tắc xuất xứ", "lead_agency": "bct"}
    with pytest.raises(ValidationError) as caught:
        create_task(
            TaskData(**base, starts_on=dt.date(2026, 5, 1), due_on=dt.date(2026, 4, 1)),
            acting_user=None,
        )
    assert "due_on" in caught.value.message_dict
    with pytest.raises(ValidationError):
        create_task(TaskData(**{**base, "plan": 999_999}), acting_user=None)
    task = create_task(TaskData(**base, supporting_agencies=["bct", "btc"]), acting_user=None)
    assert list(task.supporting_agencies.values_list("code", flat=True)) == ["btc"]
    assert AuditEvent.objects.filter(action="task.created").count() == 1


def test_duplicate_plan_code_is_refused(plan):
    with pytest.raises(ValidationError, match="kh-bct-vkfta"):
        create_plan(PlanData(code=plan.code, title_vi="Bản sao", agency="bct"), acting_user=None)
    assert ActionPlan.objects.count() == 1


def test_bulk_tasks_are_all_or_nothing_and_audited(plan):
    good = [TaskData(plan=plan.pk, title=f"Nhiệm vụ {i}", lead_agency="bct") for i in range(3)]
    pks = bulk_create_tasks(good, batch_size=2)
    assert Task.objects.filter(pk__in=pks).count() == 3
    assert AuditEvent.objects.filter(action="task.generated").count() == 3
    bad = [*good, TaskData(plan=plan.pk, title="Nhiệm vụ lỗi", lead_agency="bct", status="xong")]
    with pytest.raises(ValidationError, match="xong"):
        bulk_create_tasks(bad, batch_size=10)
    assert Task.objects.count() == 3
