"""Who works on what: counts per agency and partner/sector, visible records only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from camket.coordination import matrix

pytestmark = pytest.mark.django_db


def cells(result):
    return {
        (agency.code, col.code): n
        for agency, counts, _total in result.rows
        for col, n in zip(result.columns, counts, strict=True)
        if n
    }


def test_tasks_count_per_lead_agency_and_partner(two_ministries, restricted_pair, coordinator):
    result = matrix.build(coordinator, "partner", "task")
    # Finance's restricted task sits in its plan for VKFTA (KOR) and serves the LAO agreement.
    assert cells(result) == {("bct", "KOR"): 2, ("btc", "KOR"): 2, ("btc", "LAO"): 1}
    totals = {agency.code: total for agency, _c, total in result.rows}
    assert totals == {"bct": 2, "btc": 2}  # distinct tasks: one task with two partners is one


def test_a_hidden_commitment_names_no_partner(two_ministries, restricted_pair, officer_bct):
    """bct may not open Finance's restricted agreement (partner LAO) nor its task."""
    result = matrix.build(officer_bct, "partner", "task")
    assert cells(result) == {("bct", "KOR"): 2}
    commitments = matrix.build(officer_bct, "partner", "commitment")
    assert cells(commitments) == {("bct", "KOR"): 1}


def test_supporting_agency_counts_the_restricted_task_it_may_open(
    two_ministries, restricted_pair, officer_hanoi
):
    assert cells(matrix.build(officer_hanoi, "partner", "commitment")) == {
        ("btc", "LAO"): 1,
        ("bct", "KOR"): 1,
    }


def test_each_count_opens_the_list_it_counts(two_ministries, restricted_pair, officer_bct, client):
    client.force_login(officer_bct)
    page = client.get(reverse("coordination:matrix")).content.decode()
    url = reverse("coordination:matrix-tasks") + "?axis=partner&amp;agency=bct&amp;value=KOR"
    assert f'<a href="{url}">2</a>' in page and "Lào" not in page
    listing = client.get(url.replace("&amp;", "&")).content.decode()
    assert two_ministries["bct"].title in listing and two_ministries["other"].title in listing
    hidden = client.get(
        reverse("coordination:matrix-tasks") + "?axis=partner&agency=btc&value=LAO"
    ).content.decode()
    assert restricted_pair["secret_title"] not in hidden
    commitments = client.get(reverse("coordination:matrix") + "?kind=commitment").content.decode()
    assert reverse("registry:commitment-list") + "?lead=bct&amp;partner=KOR" in commitments


def test_sectors_axis(two_ministries, coordinator):
    result = matrix.build(coordinator, "sector", "task")
    assert cells(result) == {("bct", "trade"): 2, ("btc", "trade"): 1}


def test_a_visible_task_of_a_hidden_commitment_names_no_partner(officer_bct, coordinator):
    """bct leads a task serving the Ministry of Health's restricted agreement with Japan: the
    task is bct's, the agreement is not bct's to open, so Japan is never a column for bct."""
    from camket.conftest import make_commitment
    from camket.coordination.tests.conftest import task_of
    from camket.registry.models import Commitment

    hidden = make_commitment(
        "vn/agreement/2025/byt-jpn",
        kind=Commitment.Kind.INTERNATIONAL_AGREEMENT,
        short_name="BYT-JPN",
        lead="byt",
        partners=("JPN",),
        confidentiality=Commitment.Confidentiality.RESTRICTED,
        events=(("signature", "2025-01-01"),),
    )
    task_of("bct", hidden, title="Phối hợp thực hiện thỏa thuận y tế")
    assert cells(matrix.build(officer_bct, "partner", "task")) == {}
    assert cells(matrix.build(coordinator, "partner", "task")) == {("bct", "JPN"): 1}
    assert not matrix.tasks_in_cell(officer_bct, "partner", "bct", "JPN").exists()
