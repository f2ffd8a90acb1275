"""No lost updates: every edit form carries a version, and a stale save is refused (issue 10).

Each edited kind goes through the same story: two people of the owner agency open the same
edit form, the first saves, the second's save is refused with status 409, a Vietnamese
message naming who saved and when, the list of fields where the saved record and what they
typed differ, and the form redrawn with everything typed and the saved version; saving again
then applies their version deliberately.
"""

from __future__ import annotations

import inspect
import threading

import pytest
from django import forms
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils import timezone

from camket.audit.models import AuditEvent
from camket.monitoring.tests.factories import make_cycle, make_task, open_reports
from camket.obligations.models import Task
from camket.registry.models import Commitment
from camket.versioning import EditConflict, Versioned, VersionedForm, claim_version


def _post_data(form) -> dict:
    """What a browser posts for the unbound ``form`` as drawn (hidden version included)."""
    data = {}
    for bound in form:
        value = bound.field.widget.format_value(bound.value())
        if isinstance(bound.field.widget, forms.CheckboxInput):
            if bound.value():
                data[bound.html_name] = "on"
            continue
        data[bound.html_name] = "" if value is None else value
    return data


def _commitment(vkfta, task):
    return vkfta, reverse("registry:commitment-edit", args=[vkfta.code]), "title_vi"


def _obligation(vkfta, task):
    obligation = task.obligations.get()
    return obligation, reverse("obligations:obligation-detail", args=[obligation.pk]), "text"


def _plan(vkfta, task):
    return task.plan, reverse("obligations:plan-edit", args=[task.plan.code]), "title_vi"


def _task(vkfta, task):
    return task, reverse("obligations:task-detail", args=[task.pk]), "title"


def _report(vkfta, task):
    report = next(r for r in open_reports(make_cycle("bct")) if r.task_id == task.pk)
    return report, reverse("monitoring:report-detail", args=[report.pk]), "narrative"


KINDS = {
    "commitment": _commitment,
    "obligation": _obligation,
    "plan": _plan,
    "task": _task,
    "report": _report,
}


@pytest.fixture
def bct_task(vkfta):
    task = make_task(vkfta)
    task.plan.commitments.add(
        vkfta
    )  # the task form offers the obligations of the plan's commitments
    return task


@pytest.fixture
def two_editors(client, django_user_model, officer_bct, leader_bct):
    from django.test import Client

    officer_bct.first_name = "Nguyễn Thị Lan"
    officer_bct.save()
    first, second = Client(), Client()
    first.force_login(officer_bct)
    second.force_login(leader_bct)
    return first, second


@pytest.mark.parametrize("kind", KINDS)
def test_second_saver_gets_the_conflict_and_keeps_what_they_typed(
    kind, two_editors, vkfta, bct_task
):
    record, url, field = KINDS[kind](vkfta, bct_task)
    first, second = two_editors
    opened_first = _post_data(first.get(url).context["form"])
    opened_second = _post_data(second.get(url).context["form"])
    assert opened_first["version"] == opened_second["version"] == str(record.version)

    assert first.post(url, {**opened_first, field: "Bản của cán bộ thứ nhất"}).status_code == 302
    typed = {**opened_second, field: "Bản của lãnh đạo, gõ cùng lúc"}
    response = second.post(url, typed)

    assert response.status_code == 409
    page = response.content.decode()
    assert "Bản ghi đã được Nguyễn Thị Lan sửa lúc" in page
    assert "trong khi bạn đang sửa" in page
    form = response.context["form"]
    label = str(form.fields[field].label)
    changes = {c.label: (c.saved, c.typed) for c in form.conflict.changes}
    assert changes == {label: ("Bản của cán bộ thứ nhất", "Bản của lãnh đạo, gõ cùng lúc")}
    assert form[field].value() == "Bản của lãnh đạo, gõ cùng lúc"  # what they typed is kept
    record.refresh_from_db()
    assert getattr(record, field) == "Bản của cán bộ thứ nhất"  # never silently applied
    assert form["version"].value() == str(record.version)
    assert f'name="version" value="{record.version}"' in page

    again = {**typed, "version": form["version"].value()}
    assert second.post(url, again).status_code == 302
    record.refresh_from_db()
    assert getattr(record, field) == "Bản của lãnh đạo, gõ cùng lúc"


@pytest.mark.parametrize("kind", KINDS)
def test_a_save_without_its_version_is_refused(kind, two_editors, vkfta, bct_task):
    record, url, field = KINDS[kind](vkfta, bct_task)
    first, _second = two_editors
    data = _post_data(first.get(url).context["form"])
    del data["version"]
    response = first.post(url, {**data, field: "Không rõ phiên bản"})
    assert response.status_code == 400 if kind in {"obligation", "task", "report"} else 200
    assert "version" in response.context["form"].errors
    record.refresh_from_db()
    assert getattr(record, field) != "Không rõ phiên bản"


def test_every_write_raises_the_version(vkfta, bct_task):
    """Importers, the demo and bulk updates are writes too: a form opened before is stale."""
    start = vkfta.version
    vkfta.title_en = "Changed by an importer"
    vkfta.save()
    assert vkfta.version == start + 1  # read back after the save
    vkfta.save(update_fields=["title_en"])
    assert Commitment.objects.get(pk=vkfta.pk).version == start + 2
    Commitment.objects.filter(pk=vkfta.pk).update(short_name="VK")
    assert Commitment.objects.get(pk=vkfta.pk).version == start + 3
    Task.objects.bulk_update([bct_task], ["title"])
    assert Task.objects.get(pk=bct_task.pk).version == bct_task.version + 1


def test_version_is_left_out_of_the_audit_snapshot(vkfta):
    from camket.audit.actions import snapshot

    assert "version" not in snapshot(vkfta)


def test_a_stale_claim_raises_and_writes_nothing(vkfta):
    version = vkfta.version
    claim_version(vkfta, version)
    with pytest.raises(EditConflict) as raised:
        claim_version(Commitment.objects.get(pk=vkfta.pk), version)
    assert raised.value.current.version == version + 1
    assert Commitment.objects.get(pk=vkfta.pk).version == version + 1


def test_every_edit_form_is_versioned():
    """A ModelForm that edits existing rows must carry a version; create-only ones say so."""
    import camket.compatibility.forms
    import camket.evaluation.forms
    import camket.evaluation.reviews.forms
    import camket.evaluation.scoring.forms
    import camket.monitoring.forms
    import camket.obligations.forms
    import camket.registry.forms

    create_only = {
        "EventForm",
        "DocumentForm",
        "RelationForm",
        "MilestoneForm",
        "UrgingForm",
        "CycleForm",
        "LegislativeActionForm",
    }
    modules = [
        camket.registry.forms,
        camket.obligations.forms,
        camket.monitoring.forms,
        camket.compatibility.forms,
        camket.evaluation.forms,
        camket.evaluation.reviews.forms,
        camket.evaluation.scoring.forms,
    ]
    found = {
        name: cls
        for module in modules
        for name, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, forms.ModelForm) and cls.__module__ == module.__name__
    }
    unversioned = {n for n, c in found.items() if not issubclass(c, VersionedForm)} - create_only
    assert unversioned == set()
    for name, cls in found.items():
        if issubclass(cls, VersionedForm):
            assert issubclass(cls._meta.model, Versioned), name
    assert {"CommitmentForm", "ObligationForm", "PlanForm", "TaskForm", "ReportForm"} <= set(
        found
    ) - create_only
    # Plain forms that change an existing row (an assessment, a legislative action) too.
    plain_forms = (
        camket.compatibility.forms.LinkForm,
        camket.compatibility.forms.ActionUpdateForm,
        camket.obligations.forms.CarriedIntoForm,
        camket.evaluation.forms.ImpactForm,
        camket.evaluation.reviews.forms.ExpertEditForm,
        camket.evaluation.scoring.forms.CriterionEditForm,
        camket.evaluation.scoring.forms.OverrideForm,
    )
    for plain in plain_forms:
        assert "version" in plain.base_fields, plain.__name__


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two concurrent sessions need PostgreSQL"
)
def test_two_sessions_claiming_the_same_version_one_wins(seeded):
    """Two workers: both hold version N; the database lets exactly one of them claim N+1."""
    from camket.conftest import make_commitment

    commitment = make_commitment()
    version = commitment.version
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def worker(title: str) -> None:
        try:
            with transaction.atomic():
                row = Commitment.objects.get(pk=commitment.pk)
                barrier.wait(timeout=10)
                try:
                    claim_version(row, version)
                except EditConflict:
                    outcomes.append("conflict")
                    return
                row.title_en = title
                row.save()
                outcomes.append("saved")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(t,)) for t in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["conflict", "saved"]
    assert Commitment.objects.get(pk=commitment.pk).version == version + 1


def test_conflict_names_the_saver_from_the_audit(two_editors, vkfta, bct_task):
    _record, url, field = _task(vkfta, bct_task)
    first, second = two_editors
    opened = _post_data(second.get(url).context["form"])
    first.post(url, {**_post_data(first.get(url).context["form"]), field: "Mới"})
    last = AuditEvent.objects.filter(action="task.updated").latest("at")
    response = second.post(url, {**opened, field: "Cũ"})
    assert response.status_code == 409
    when = timezone.localtime(last.at).strftime("%H:%M %d/%m/%Y")
    assert f"Nguyễn Thị Lan sửa lúc {when}" in response.content.decode()


def test_a_stale_carried_into_is_refused(two_editors, vkfta, bct_task):
    from camket.conftest import make_commitment

    target = make_commitment(
        "vn/treaty/2008/vjepa", title_vi="Hiệp định Đối tác kinh tế Việt Nam - Nhật Bản"
    )
    obligation = bct_task.obligations.get()
    detail = reverse("obligations:obligation-detail", args=[obligation.pk])
    carried = reverse("obligations:obligation-carried", args=[obligation.pk])
    first, second = two_editors
    seen_first = first.get(detail).context["carried_form"].initial["version"]
    seen_second = second.get(detail).context["carried_form"].initial["version"]

    first.post(carried, {"target": target.pk, "version": seen_first})
    response = second.post(carried, {"target": "", "version": seen_second}, follow=True)

    obligation.refresh_from_db()
    assert obligation.carried_into == target
    shown = [str(m) for m in response.context["messages"]]
    assert any("trong khi bạn đang sửa" in m for m in shown), shown


def test_an_import_in_between_makes_an_open_form_stale(two_editors, vkfta):
    """Importers write through the same actions: a form opened before their write is stale."""
    from camket.registry.actions import CommitmentData, EventData, replace_commitment

    url = reverse("registry:commitment-edit", args=[vkfta.code])
    first, _second = two_editors
    opened = _post_data(first.get(url).context["form"])
    imported = CommitmentData(
        code=vkfta.code,
        kind=vkfta.kind,
        level=vkfta.level,
        scope=vkfta.scope,
        title_vi="Hiệp định VKFTA (theo tệp ToTA mới)",
        lead_agency="bct",
        confidentiality=vkfta.confidentiality,
        partners=["KOR"],
        events=[EventData(e.kind, e.on) for e in vkfta.events.all()],
    )
    replace_commitment(vkfta, imported, acting_user=None, action="commitment.tota_updated")

    response = first.post(url, {**opened, "title_vi": "Hiệp định VKFTA (cán bộ sửa)"})
    assert response.status_code == 409
    changes = {c.label: c.saved for c in response.context["form"].conflict.changes}
    assert "Hiệp định VKFTA (theo tệp ToTA mới)" in changes.values()
    assert Commitment.objects.get(pk=vkfta.pk).title_vi == "Hiệp định VKFTA (theo tệp ToTA mới)"


def test_conflict_lists_only_what_was_changed_as_people_read_it(two_editors, vkfta, bct_task):
    """Text areas come back with the browser's CRLF line ends; parsed fields show as typed."""
    Commitment.objects.filter(pk=vkfta.pk).update(
        source_links=[
            {"url": "https://example.vn/a", "title": "Nguồn một"},
            {"url": "https://example.vn/b", "title": "Nguồn hai"},
        ]
    )
    vkfta.refresh_from_db()
    url = reverse("registry:commitment-edit", args=[vkfta.code])
    first, second = two_editors
    opened = _post_data(first.get(url).context["form"])
    as_browser = {
        k: v.replace("\n", "\r\n") if isinstance(v, str) else v for k, v in opened.items()
    }
    assert "\r\n" in as_browser["source_links_text"]
    assert first.post(url, {**as_browser, "title_vi": "Tên mới"}).status_code == 302

    response = second.post(url, {**as_browser, "summary_vi": "Tóm tắt của người thứ hai"})
    assert response.status_code == 409
    changes = {c.label for c in response.context["form"].conflict.changes}
    fields = response.context["form"].fields
    assert changes == {str(fields["title_vi"].label), str(fields["summary_vi"].label)}
    assert "{&#x27;url&#x27;" not in response.content.decode()
