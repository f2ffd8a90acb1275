"""Draft criteria sets change through forms; an approved set is frozen (decision 0015).

Adding, editing and removing a criterion go through ``scoring.actions`` (audited); an edit form
carries the set's version, so a stale save is refused; removal asks first; the page shows the
total weight of each subject and approval keeps the weight rule.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from camket.audit.models import AuditEvent
from camket.evaluation.scoring import actions
from camket.evaluation.scoring.models import CriteriaSet, Criterion, Subject

FROZEN = "Bộ tiêu chí đã phê duyệt không thể thay đổi"


def _criterion(code, subject=Subject.COMMITMENT, weight=1, **kwargs):
    return actions.CriterionData(
        code=code,
        name_vi=kwargs.pop("name_vi", f"Tiêu chí {code}"),
        subject=subject,
        method="computed",
        formula=kwargs.pop("formula", "tasks_on_time"),
        weight=Decimal(weight),
        target=90,
        **kwargs,
    )


@pytest.fixture
def draft(db):
    data = actions.CriteriaSetData(
        code="bo-thu",
        title_vi="Bộ tiêu chí thử",
        criteria=(
            _criterion("nhiem-vu", weight=3),
            _criterion("bao-cao", weight=2, formula="reports_on_time"),
            _criterion("nhiem-vu", subject=Subject.AGENCY, weight="1.5"),
        ),
    )
    return actions.create_criteria_set(data, acting_user=None)


def _edit_url(criterion):
    return reverse("scoring:criterion-edit", args=[criterion.pk])


def _remove_url(criterion):
    return reverse("scoring:criterion-remove", args=[criterion.pk])


def _posted(form) -> dict:
    return {b.html_name: b.value() for b in form if b.value() is not None}


def test_a_coordinator_edits_a_criterion_of_a_draft_and_the_history_says_so(
    client, coordinator, draft
):
    criterion = draft.criteria.get(code="nhiem-vu", subject=Subject.COMMITMENT)
    client.force_login(coordinator)
    form = client.get(_edit_url(criterion)).context["form"]
    assert form["version"].value() == draft.version
    data = {
        **_posted(form),
        "name_vi": "Nhiệm vụ hoàn thành đúng hạn",
        "weight": "4",
        "target": "80",
    }
    response = client.post(_edit_url(criterion), data)
    assert response.status_code == 302
    criterion.refresh_from_db()
    assert (criterion.name_vi, criterion.weight, criterion.target) == (
        "Nhiệm vụ hoàn thành đúng hạn",
        Decimal(4),
        80,
    )
    assert criterion.code == "nhiem-vu"  # a code is an identifier: it stays
    event = AuditEvent.objects.get(action="criterion.updated")
    assert event.actor == coordinator and event.before["weight"] != event.after["weight"]


def test_the_page_shows_each_subjects_total_weight(client, coordinator, draft):
    client.force_login(coordinator)
    page = client.get(draft.get_absolute_url()).content.decode()
    weights = page[page.index('id="weights"') :]
    assert "<td>Cam kết</td><td>5</td>" in weights
    assert "<td>Cơ quan</td><td>1,50</td>" in weights
    assert _edit_url(draft.criteria.first()) in page


def test_a_stale_edit_is_refused_with_the_conflict_and_keeps_what_was_typed(coordinator, draft):
    criterion = draft.criteria.get(code="bao-cao")
    first, second = Client(), Client()
    first.force_login(coordinator)
    second.force_login(coordinator)
    opened_first = _posted(first.get(_edit_url(criterion)).context["form"])
    opened_second = _posted(second.get(_edit_url(criterion)).context["form"])
    assert first.post(_edit_url(criterion), {**opened_first, "weight": "5"}).status_code == 302
    typed = {**opened_second, "weight": "7"}
    response = second.post(_edit_url(criterion), typed)
    assert response.status_code == 409
    form = response.context["form"]
    changes = {c.label: (c.saved, c.typed) for c in form.conflict.changes}
    assert changes == {str(form.fields["weight"].label): ("5,00", "7")}
    assert "trong khi bạn đang sửa" in response.content.decode()
    criterion.refresh_from_db()
    assert criterion.weight == 5
    again = {**typed, "version": form["version"].value()}
    assert second.post(_edit_url(criterion), again).status_code == 302
    criterion.refresh_from_db()
    assert criterion.weight == 7


def test_removal_asks_first_then_removes_and_is_audited(client, coordinator, draft):
    criterion = draft.criteria.get(code="bao-cao")
    client.force_login(coordinator)
    page = client.get(_remove_url(criterion)).content.decode()
    assert "Gỡ bỏ tiêu chí này?" in page and criterion.name_vi in page
    assert Criterion.objects.filter(pk=criterion.pk).exists()  # a GET removes nothing
    response = client.post(_remove_url(criterion), {"version": draft.version})
    assert response.status_code == 302
    assert not Criterion.objects.filter(pk=criterion.pk).exists()
    event = AuditEvent.objects.get(action="criterion.removed")
    assert event.before["code"] == "bao-cao"


def test_a_removal_from_a_stale_page_is_refused(client, coordinator, draft):
    criterion = draft.criteria.get(code="bao-cao")
    client.force_login(coordinator)
    seen = draft.version
    actions.update_criterion(criterion, _criterion("x", weight=2), acting_user=coordinator)
    response = client.post(_remove_url(criterion), {"version": seen}, follow=True)
    assert Criterion.objects.filter(pk=criterion.pk).exists()
    assert any("thay đổi" in str(m) for m in response.context["messages"])


@pytest.mark.parametrize("verb", ["edit", "remove"])
def test_an_approved_set_refuses_every_change_in_vietnamese(client, coordinator, draft, verb):
    criterion = draft.criteria.get(code="bao-cao")
    actions.approve_criteria_set(draft, acting_user=coordinator)
    client.force_login(coordinator)
    url = _edit_url(criterion) if verb == "edit" else _remove_url(criterion)
    posted = {"name_vi": "Đổi", "version": draft.version + 1}
    for response in (client.get(url, follow=True), client.post(url, posted, follow=True)):
        assert response.redirect_chain[-1][0] == draft.get_absolute_url()
        assert any(FROZEN in str(m) for m in response.context["messages"])
    criterion.refresh_from_db()
    assert criterion.name_vi == "Tiêu chí bao-cao"
    with pytest.raises(ValidationError, match=r"make a new version|phiên bản mới"):
        actions.update_criterion(criterion, _criterion("bao-cao"), acting_user=coordinator)
    with pytest.raises(ValidationError):
        actions.remove_criterion(criterion, acting_user=coordinator)
    with pytest.raises(ValidationError):
        actions.add_criterion(draft, _criterion("moi"), acting_user=coordinator)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert _edit_url(criterion) not in page and _remove_url(criterion) not in page


def test_a_new_version_copies_the_criteria_into_a_draft_that_can_change(coordinator, draft):
    approved = actions.approve_criteria_set(draft, acting_user=coordinator)
    copy = actions.new_version(approved, acting_user=coordinator)
    assert (copy.number, copy.status) == (2, CriteriaSet.Status.DRAFT)
    fields = ("subject", "code", "weight", "formula", "target")
    assert list(copy.criteria.values_list(*fields)) == list(approved.criteria.values_list(*fields))
    actions.remove_criterion(copy.criteria.get(code="bao-cao"), acting_user=coordinator)
    assert approved.criteria.filter(code="bao-cao").exists()  # the frozen one never changes


def test_only_coordinators_change_criteria(client, officer_bct, draft):
    criterion = draft.criteria.first()
    client.force_login(officer_bct)
    assert client.get(_edit_url(criterion)).status_code == 403
    assert client.post(_remove_url(criterion)).status_code == 403
    with pytest.raises(PermissionDenied):
        actions.remove_criterion(criterion, acting_user=officer_bct)
    assert Criterion.objects.filter(pk=criterion.pk).exists()


@pytest.mark.parametrize(
    ("field", "value"), [("weight", "0"), ("method", "computed"), ("scale_max", "0")]
)
def test_bad_values_are_refused_by_field_and_nothing_changes(
    client, coordinator, draft, field, value
):
    criterion = draft.criteria.get(code="bao-cao")
    client.force_login(coordinator)
    data = {**_posted(client.get(_edit_url(criterion)).context["form"]), field: value}
    if field == "method":
        data["formula"] = ""  # computed without a formula
    if field == "scale_max":
        data.update(method="rated", scale_min="3")
    response = client.post(_edit_url(criterion), data)
    assert response.status_code == 400
    assert response.context["form"].errors
    criterion.refresh_from_db()
    assert (criterion.weight, criterion.formula) == (2, "reports_on_time")


def test_approval_keeps_the_weight_rule(coordinator, draft):
    Criterion.objects.filter(criteria_set=draft, code="bao-cao").update(weight=0)
    with pytest.raises(ValidationError, match="bao-cao"):
        actions.approve_criteria_set(draft, acting_user=coordinator)
    draft.refresh_from_db()
    assert draft.status == CriteriaSet.Status.DRAFT
