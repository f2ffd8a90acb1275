"""The nightly / on-demand run, decisions remembered, merge and link (issue 15, item 3)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from camket.audit.models import AuditEvent
from camket.coordination import actions
from camket.coordination.models import OverlapCandidate, OverlapRun
from camket.coordination.tasks import nightly_overlap
from camket.coordination.tests.conftest import task_of
from camket.obligations.models import Task

pytestmark = pytest.mark.django_db
State = OverlapCandidate.State


def run_now(user=None, trigger=OverlapRun.Trigger.NIGHTLY) -> OverlapRun:
    return actions.execute_run(actions.start_run(trigger=trigger, acting_user=user))


def task_pairs():
    return OverlapCandidate.objects.filter(a_kind="task", b_kind="task")


def test_a_run_proposes_the_same_task_of_two_ministries_once(two_ministries):
    run = run_now()
    pair = task_pairs().get()
    assert {pair.a_id, pair.b_id} == {two_ministries["bct"].pk, two_ministries["btc"].pk}
    assert pair.state == State.OPEN and pair.score >= 0.71 and pair.reasons
    assert {pair.a_agency.code, pair.b_agency.code} == {"bct", "btc"}
    assert run.status == OverlapRun.Status.DONE and run.created >= 1 and run.items >= 4
    # Two tasks of the same ministry are its own plan's business: never a pair.
    assert not task_pairs().filter(a_agency=pair.a_agency, b_agency=pair.a_agency).exists()


def test_a_second_run_changes_nothing(two_ministries):
    run_now()
    before = list(OverlapCandidate.objects.values_list("pk", "a_id", "b_id", "score", "state"))
    second = run_now()
    after = list(OverlapCandidate.objects.values_list("pk", "a_id", "b_id", "score", "state"))
    assert after == before
    assert second.created == 0 and second.removed == 0 and second.updated == len(before)


def test_a_decided_pair_is_never_proposed_again(two_ministries, coordinator):
    run_now()
    pair = task_pairs().get()
    actions.decide(pair, State.DISTINCT, note="Hai việc khác nhau", acting_user=coordinator)
    first_run = pair.last_run_id
    again = run_now()
    pair.refresh_from_db()
    assert pair.state == State.DISTINCT and pair.last_run_id == first_run
    assert task_pairs().count() == 1 and again.created == 0
    assert AuditEvent.objects.filter(action="overlap.distinct").count() == 1
    with pytest.raises(ValidationError):
        actions.decide(pair, State.RELATED, acting_user=coordinator)


def test_an_open_pair_no_longer_found_is_withdrawn(two_ministries):
    run_now()
    task = two_ministries["btc"]
    task.title = "Đào tạo cán bộ hải quan về kỹ năng ngoại ngữ"
    task.description = ""
    task.save()
    run = run_now()
    assert not task_pairs().exists() and run.removed == 1


def test_only_a_coordinator_decides_or_runs(two_ministries, officer_bct, client):
    run_now()
    pair = task_pairs().get()
    with pytest.raises(PermissionDenied):
        actions.decide(pair, State.DUPLICATE, acting_user=officer_bct)
    with pytest.raises(PermissionDenied):
        actions.start_run(trigger=OverlapRun.Trigger.ON_DEMAND, acting_user=officer_bct)
    client.force_login(officer_bct)
    url = reverse("coordination:candidate-decide", args=[pair.pk])
    assert client.post(url, {"state": "duplicate"}).status_code == 404
    assert client.post(reverse("coordination:run-start")).status_code == 404
    pair.refresh_from_db()
    assert pair.state == State.OPEN


def test_merge_into_a_shared_task_keeps_the_history(two_ministries, coordinator):
    run_now()
    pair = task_pairs().get()
    kept, other = two_ministries["bct"], two_ministries["btc"]
    served = {*kept.obligations.values_list("pk", flat=True)} | {
        *other.obligations.values_list("pk", flat=True)
    }
    actions.merge_tasks(pair, keep_task=kept.pk, acting_user=coordinator)
    kept.refresh_from_db()
    other.refresh_from_db()
    assert kept.lead_agency.code == "bct"
    assert set(kept.supporting_agencies.values_list("code", flat=True)) == {"btc"}
    assert set(kept.obligations.values_list("pk", flat=True)) == served
    assert other.status == Task.Status.CANCELLED and kept.title in other.description
    assert other.obligations.exists()  # nothing of the merged task is deleted
    updated = AuditEvent.objects.filter(action="task.updated")
    assert {e.object_key for e in updated} == {
        f"obligations.task:{kept.pk}",
        f"obligations.task:{other.pk}",
    }
    pair.refresh_from_db()
    assert pair.state == State.DUPLICATE and pair.merged_into == kept
    assert run_now().created == 0  # and the merged pair is not proposed again


def test_merge_refuses_a_task_outside_the_pair(two_ministries, coordinator):
    run_now()
    pair = task_pairs().get()
    with pytest.raises(ValidationError):
        actions.merge_tasks(pair, keep_task=two_ministries["other"].pk, acting_user=coordinator)
    pair.refresh_from_db()
    assert pair.state == State.OPEN


def test_the_nightly_job_runs_through_django_tasks(two_ministries):
    result = nightly_overlap.call(None, False)
    run = OverlapRun.objects.get()
    assert run.trigger == OverlapRun.Trigger.NIGHTLY and result["run"] == run.pk
    assert task_pairs().count() == 1


def test_on_demand_run_from_the_queue_shows_its_progress(
    two_ministries, coordinator, client, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client.force_login(coordinator)
    response = client.post(reverse("coordination:run-start"))
    run = OverlapRun.objects.get()
    assert response.url == reverse("coordination:run", args=[run.pk])
    assert run.trigger == OverlapRun.Trigger.ON_DEMAND and run.status == OverlapRun.Status.DONE
    page = client.get(response.url).content.decode()
    assert "Đã xong" in page and "data-reload-after" not in page
    queue = client.get(reverse("coordination:queue")).content.decode()
    assert two_ministries["btc"].title in queue


def test_a_queued_run_page_reloads_itself_and_a_second_run_is_refused(coordinator, client):
    run = actions.start_run(trigger=OverlapRun.Trigger.ON_DEMAND, acting_user=coordinator)
    client.force_login(coordinator)
    page = client.get(reverse("coordination:run", args=[run.pk])).content.decode()
    assert 'data-reload-after="3"' in page and "<progress" in page
    with pytest.raises(ValidationError):
        actions.start_run(trigger=OverlapRun.Trigger.ON_DEMAND, acting_user=coordinator)


def test_link_instead_is_a_remembered_decision(restricted_pair, officer_bct):
    plan = restricted_pair["public_plan"]
    target = f"task:{restricted_pair['btc'].pk}"
    result = actions.link_instead(plan=plan, target=target, acting_user=officer_bct)
    row = result.candidate
    assert result.created and row.state == State.RELATED
    assert row.source == OverlapCandidate.Source.BEFORE_SAVE and row.decided_by == officer_bct
    assert {row.a_agency.code, row.b_agency.code} == {"bct", "btc"}
    assert not actions.link_instead(plan=plan, target=target, acting_user=officer_bct).created
    run_now()
    row.refresh_from_db()
    assert row.state == State.RELATED


def test_link_instead_needs_an_editor_of_the_plan(restricted_pair, officer_hanoi):
    with pytest.raises(PermissionDenied):
        actions.link_instead(
            plan=restricted_pair["public_plan"],
            target=f"task:{restricted_pair['btc'].pk}",
            acting_user=officer_hanoi,
        )


def test_tasks_of_the_same_agency_in_other_plans_are_not_pairs(two_ministries):
    vkfta = two_ministries["vkfta"]
    task_of("btc", vkfta, title="Tổ chức hội nghị phổ biến về thị trường Hàn Quốc")
    run_now()
    agencies = {
        frozenset((c.a_agency.code, c.b_agency.code))
        for c in task_pairs().select_related("a_agency", "b_agency")
    }
    assert agencies == {frozenset({"bct", "btc"})} and task_pairs().count() == 2


def test_the_demo_runs_the_check_once(two_ministries):
    import io

    from camket.coordination.demo import load_demo

    out = io.StringIO()
    assert load_demo(out) is not None and task_pairs().count() == 1
    before = list(OverlapCandidate.objects.values_list("pk", "score", "state", "last_run"))
    assert load_demo(out) is None  # a second createdemo changes nothing
    assert list(OverlapCandidate.objects.values_list("pk", "score", "state", "last_run")) == before
    assert OverlapRun.objects.count() == 1


def test_the_command_shows_its_steps_and_can_start_the_nightly_chain(two_ministries, settings):
    import io

    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    out = io.StringIO()
    call_command("overlap", stdout=out)
    text = out.getvalue()
    assert "step 1/5: reading" in text and "step 5/5: storing" in text and "new 1" in text
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("overlap", "--enqueue", stdout=out)
    assert DBTaskResult.objects.count() == 1 and OverlapRun.objects.count() == 1


def test_link_instead_refuses_a_target_of_another_kind(restricted_pair, officer_bct, client):
    plan = restricted_pair["public_plan"]
    client.force_login(officer_bct)
    url = reverse("coordination:link-instead", args=[plan.code])
    from camket.coordination.before_save import sign_target

    for target in ("foo:1", f"plan:{plan.pk}", "task:999999"):
        token = sign_target(officer_bct, plan.code, target)
        assert client.post(url, {"target": token}).status_code == 302
    nonsense = sign_target(officer_bct, plan.code, "nonsense")
    assert client.post(url, {"target": nonsense}).status_code == 404
    assert client.post(url, {"target": f"task:{restricted_pair['btc'].pk}"}).status_code == 404
    assert not OverlapCandidate.objects.exists()
