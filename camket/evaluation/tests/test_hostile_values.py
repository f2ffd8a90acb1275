"""Defects a hostile review found on the evaluation pages: a proposal opened for another
agency's commitment, the gate page showing a proposal the reader may not open, and form values
that ended in a server error instead of a form message."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from camket.evaluation import actions
from camket.evaluation.actions import obligations_assessed
from camket.evaluation.models import ImpactEntry, Proposal
from camket.evaluation.tests.factories import negotiating_commitment, open_proposal
from camket.evaluation.tests.test_proposals import _sign, approved, efta  # noqa: F401


def test_an_unrelated_agency_cannot_open_a_proposal_for_another_agencys_commitment(
    officer_hanoi, client, db
):
    commitment = negotiating_commitment()  # public, led by bct; Ha Noi neither leads nor supports
    client.force_login(officer_hanoi)
    url = reverse("evaluation:proposal-create", args=[commitment.code])
    assert client.get(url).status_code == 404
    r = client.post(
        url,
        {
            "stage": "signature",
            "legal_basis": Proposal.LegalBasis.TREATY_GOVERNMENT,
            "proposing_agency": "hanoi",
            "necessity": "Thành phố Hà Nội đề xuất ký Hiệp định.",
            "expected_in_force_on": "01/06/2027",
        },
    )
    assert r.status_code == 404, (r.status_code, Proposal.objects.filter(commitment=commitment).count())
    assert not Proposal.objects.filter(commitment=commitment).exists()
    gate = client.get(reverse("evaluation:commitment-gate", args=[commitment.code]))
    assert reverse("evaluation:proposal-create", args=[commitment.code]) not in gate.content.decode()


def test_the_action_refuses_an_agency_that_neither_leads_nor_supports(officer_hanoi, db):
    commitment = negotiating_commitment()
    with pytest.raises(PermissionDenied):
        actions.create_proposal(
            actions.ProposalData(
                commitment=commitment.code,
                stage="signature",
                legal_basis=Proposal.LegalBasis.TREATY_GOVERNMENT,
                proposing_agency="hanoi",
                necessity="Thành phố Hà Nội đề xuất ký Hiệp định.",
            ),
            acting_user=officer_hanoi,
        )
    assert not Proposal.objects.filter(commitment=commitment).exists()


def test_gate_page_hides_feasibility_of_a_proposal_the_reader_may_not_open(
    efta, coordinator, officer_hanoi, client  # noqa: F811
):
    proposal = approved(efta, coordinator)
    _sign(efta, coordinator)
    assert not Proposal.objects.visible_to(officer_hanoi).filter(pk=proposal.pk).exists()
    client.force_login(officer_hanoi)
    r = client.get(reverse("evaluation:commitment-gate", args=[efta.code]))
    assert r.status_code == 200
    page = r.content.decode()
    assert 'id="promise"' not in page
    assert "C: cần thêm thời gian và nguồn lực" not in page


@pytest.fixture
def proposal(db):
    return open_proposal(negotiating_commitment())


@pytest.mark.parametrize("row", ["o²", "o99999999999999999999", "o١٢", "o-1"])
def test_feasibility_row_name_is_not_a_500(proposal, officer_bct, client, row):
    client.raise_request_exception = False
    client.force_login(officer_bct)
    r = client.post(reverse("evaluation:feasibility", args=[proposal.pk]), {"row": row})
    assert r.status_code in (200, 302, 400, 404), r.status_code


def test_feasibility_huge_amount_is_a_form_error(proposal, officer_bct, client):
    client.raise_request_exception = False
    client.force_login(officer_bct)
    ob = obligations_assessed(proposal)[0]
    p = f"o{ob.pk}"
    r = client.post(
        reverse("evaluation:feasibility", args=[proposal.pk]),
        {
            "row": p,
            f"{p}-category": "c",
            f"{p}-responsible_agency": "bct",
            f"{p}-amount": str(10**30),
            f"{p}-ready_on": "01/01/2028",
        },
    )
    assert r.status_code == 400, r.status_code
    assert not proposal.feasibility.exists()


def test_impact_huge_cost_is_a_form_error(proposal, officer_bct, client):
    client.raise_request_exception = False
    client.force_login(officer_bct)
    data = {"version": proposal.version, "affected_groups": ["exporters"]}
    for value in ImpactEntry.Dimension.values:
        data.update(
            {
                f"{value}_score": "1",
                f"{value}_argument": "Tác động",
                f"{value}_cost": str(10**30),
            }
        )
    r = client.post(reverse("evaluation:impact", args=[proposal.pk]), data)
    assert r.status_code == 400, r.status_code
    assert not ImpactEntry.objects.filter(proposal=proposal).exists()
