"""Related records the reader may not open: masked when shown, kept when the reader saves."""

from __future__ import annotations

import pytest
from django.test import Client

from camket.obligations.models import ActionPlan, Task
from camket.registry.models import Commitment
from camket.tests.test_access_sweep import UNRELATED, build_world

pytestmark = pytest.mark.django_db


def _client(django_user_model, username: str) -> Client:
    client = Client()
    client.force_login(django_user_model.objects.get(username=username))
    return client


def _by_title(word: str) -> Commitment:
    return Commitment.objects.get(title_vi__contains=word)


def _tokens(django_user_model) -> dict[str, str]:
    """Build the access sweep's world; return its tokens by label."""
    world, _users = build_world(django_user_model)
    return {label: token for token, (label, _) in world.tokens.items()}


def test_change_history_masks_a_relation_to_a_commitment_the_reader_may_not_open(
    django_user_model,
):
    key = _tokens(django_user_model)
    public = _by_title(key["public owner title_vi"])
    page = public.get_absolute_url()
    officer = _client(django_user_model, "officer_owner").get(page).content.decode()
    coordinator = _client(django_user_model, "coordinator").get(page).content.decode()
    assert key["restricted other code"] not in officer
    assert "(một bản ghi bạn không có quyền xem)" in officer
    assert key["restricted other code"] in coordinator


def test_province_saving_its_task_keeps_an_obligation_it_may_not_read(django_user_model):
    key = _tokens(django_user_model)
    restricted = _by_title(key["restricted owner title_vi"])
    task = Task.objects.get(lead_agency__code=UNRELATED)
    task.obligations.add(restricted.obligations.get())
    visible = task.obligations.exclude(commitment=restricted).get()
    client = _client(django_user_model, "officer_unrelated")

    page = client.get(task.get_absolute_url()).content.decode()
    assert key["restricted owner obligation text"] not in page
    task.refresh_from_db()
    response = client.post(
        task.get_absolute_url(),
        {
            "title": "Rà soát văn bản đã sửa",
            "obligations": [visible.pk],
            "lead_agency": task.lead_agency_id,
            "status": Task.Status.IN_PROGRESS,
            "version": task.version,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    task.refresh_from_db()
    assert task.title == "Rà soát văn bản đã sửa"
    assert set(task.obligations.values_list("commitment", flat=True)) == {
        visible.commitment_id,
        restricted.pk,
    }


def test_agency_saving_its_plan_keeps_a_commitment_it_may_not_read(django_user_model):
    key = _tokens(django_user_model)
    plan = ActionPlan.objects.get(code="kh-owner-plan")
    hidden = _by_title(key["restricted other title_vi"])
    plan.commitments.add(hidden)
    client = _client(django_user_model, "officer_owner")
    edit = f"/implementation/plans/{plan.code}/edit/"

    form_page = client.get(edit).content.decode()
    assert key["restricted other code"] not in form_page
    plan.refresh_from_db()
    shown = list(plan.commitments.exclude(pk=hidden.pk).values_list("code", flat=True))
    shown_pks = list(plan.commitments.exclude(pk=hidden.pk).values_list("pk", flat=True))
    response = client.post(
        edit,
        {
            "kind": plan.kind,
            "title_vi": "Kế hoạch đã sửa",
            "agency": plan.agency_id,
            "commitments": shown_pks,
            "version": plan.version,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    plan.refresh_from_db()
    assert plan.title_vi == "Kế hoạch đã sửa"
    assert set(plan.commitments.values_list("code", flat=True)) == {*shown, hidden.code}


def test_task_filter_by_a_hidden_commitment_matches_nothing(django_user_model):
    """Filtering by a code one may not open does not confirm which tasks serve it."""
    key = _tokens(django_user_model)
    restricted = _by_title(key["restricted owner title_vi"])
    public = _by_title(key["public owner title_vi"])
    task = Task.objects.get(lead_agency__code=UNRELATED)
    task.obligations.add(restricted.obligations.get())
    client = _client(django_user_model, "officer_unrelated")

    by_hidden = client.get("/implementation/tasks/", {"commitment": restricted.code})
    by_public = client.get("/implementation/tasks/", {"commitment": public.code})
    assert key["task province title"] not in by_hidden.content.decode()
    assert key["task province title"] in by_public.content.decode()
