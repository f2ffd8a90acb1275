""" "Link instead" accepts only the items the before-save panel offered (signed into its form),
only tasks, and answers a forged or out-of-range target with a 404, never a 500 or a pair."""

import pytest
from django.urls import reverse

from camket.conftest import make_commitment
from camket.coordination import before_save, items
from camket.coordination.models import OverlapCandidate
from camket.coordination.tests.conftest import obligation_of
from camket.registry.models import Commitment


@pytest.mark.parametrize(
    "target",
    [
        "task:99999999999999999999",
        "task:-1",
        "task:1\x00",
        "task:²",
        "commitment:9223372036854775808",
    ],
)
def test_a_hostile_target_is_a_404_not_a_500(restricted_pair, officer_bct, client, target):
    client.raise_request_exception = False
    client.force_login(officer_bct)
    plan = restricted_pair["public_plan"]
    url = reverse("coordination:link-instead", args=[plan.code])
    assert client.post(url, {"target": target}).status_code == 404
    signed = before_save.sign_target(officer_bct, plan.code, target)
    assert client.post(url, {"target": signed}).status_code in (302, 404)
    assert not OverlapCandidate.objects.exists()


def test_a_target_the_panel_did_not_offer_is_refused(
    restricted_pair, officer_bct, officer_btc, client
):
    """A forged commitment key would confirm that a hidden record exists and name its lead."""
    client.force_login(officer_bct)
    plan = restricted_pair["public_plan"]
    hidden = restricted_pair["hidden"]
    url = reverse("coordination:link-instead", args=[plan.code])
    assert client.post(url, {"target": f"commitment:{hidden.pk}"}).status_code == 404
    # Even signed, a commitment is not a target of a task's panel.
    signed = before_save.sign_target(officer_bct, plan.code, f"commitment:{hidden.pk}")
    assert client.post(url, {"target": signed}).status_code == 302
    # A token signed for another user, or for another plan, does not work.
    task_key = f"task:{restricted_pair['btc'].pk}"
    for token in (
        before_save.sign_target(officer_btc, plan.code, task_key),
        before_save.sign_target(officer_bct, "kh-khac", task_key),
    ):
        assert client.post(url, {"target": token}).status_code == 404
    assert not OverlapCandidate.objects.exists()
    # The token the panel offers works.
    token = before_save.sign_target(officer_bct, plan.code, task_key)
    assert client.post(url, {"target": token}).status_code == 302
    assert OverlapCandidate.objects.filter(b_kind="task", b_id=restricted_pair["btc"].pk).exists()


def test_a_hidden_obligation_is_labelled_neutrally(officer_bct):
    statement = make_commitment(
        "vn/statement/2024/btc-mat",
        kind=Commitment.Kind.LEADERS_STATEMENT,
        title_vi="Tuyên bố chung mật",
        lead="btc",
        events=(("adoption", "2024-03-01"),),
        confidentiality=Commitment.Confidentiality.RESTRICTED,
    )
    sentence = obligation_of(statement, "Hai Bên tăng cường hợp tác hải quan.")
    key = items.key("obligation", sentence.pk)
    seen = items.describe(officer_bct, [key])[key]
    assert not seen.visible
    assert str(seen.kind_label) == str(items.kind_label("obligation"))
