"""Progress against the feasibility category given at signing, fed from the gate's records.

Hand-computed world (issue 13, item 1 of the remaining features): a treaty signed under an
approved signature proposal, in force on 01/01/2027, four obligations of Viet Nam:

| obligation | category | promised by | implemented | in the 1st half of 2027 (today 20/07/2027) |
|---|---|---|---|---|
| 1 | B | 31/03/2027 | task completed 20/03/2027 | counted, met |
| 2 | C | 30/06/2027 | task still open | counted (past its date), not met |
| 3 | A | entry into force 01/01/2027 | task completed 15/02/2027 | counted, not met (late) |
| 4 | B | 30/09/2027 | – | not counted (promised after the period) |

So 1 ÷ 3 = 33.3 %, scored 33.3 ÷ 90 × 100 = 37.0 against the default 90 % target.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from camket.agencies.models import Agency
from camket.evaluation import actions as gate_actions
from camket.evaluation.models import ChecklistItem, Proposal
from camket.evaluation.scoring import actions, adapters
from camket.evaluation.scoring.defaults import default_criteria
from camket.evaluation.scoring.models import Scorecard, Subject
from camket.evaluation.tests.factories import (
    TODAY as DECIDED_ON,
)
from camket.evaluation.tests.factories import (
    negotiating_commitment,
    open_proposal,
    text_file,
)
from camket.monitoring.tests.factories import make_cycle
from camket.obligations.actions import ObligationData, TaskData, create_obligation, create_task
from camket.obligations.models import Task
from camket.registry.actions import record_event
from camket.registry.models import Commitment, CommitmentEvent
from lawcore import scoring

D = dt.date.fromisoformat
TODAY = D("2027-07-20")
CODE = "tien-do-theo-nhom-kha-thi"
CATEGORIES = {
    "1": ("b", D("2027-03-31")),
    "2": ("c", D("2027-06-30")),
    "3": ("a", None),
    "4": ("b", D("2027-09-30")),
}


def _approve(proposal: Proposal, coordinator) -> Proposal:
    gate_actions.save_impact(
        proposal,
        [
            gate_actions.ImpactData(d, 1, f"Tác động {d}", cost=1_000_000, cost_bearer="Ngân sách")
            for d in ("economy", "legal", "institutions", "society", "environment", "security")
        ],
        affected_groups=["exporters"],
        acting_user=None,
    )
    for obligation in gate_actions.obligations_assessed(proposal):
        category, ready_on = CATEGORIES[obligation.number]
        gate_actions.save_feasibility(
            proposal,
            gate_actions.FeasibilityData(
                obligation=obligation.pk,
                category=category,
                responsible_agency="bct",
                ready_on=ready_on,
                amount=5_000_000_000 if category == "c" else None,
                funding_source="state_budget" if category == "c" else "",
            ),
            acting_user=None,
        )
    for item in proposal.items.exclude(kind=ChecklistItem.Kind.OPINION):
        if not item.is_satisfied:
            gate_actions.satisfy_item(
                item, note="Đã đánh giá.", upload=text_file(), acting_user=None
            )
    gate_actions.submit_proposal(proposal, acting_user=None, today=DECIDED_ON)
    for request in proposal.opinions.all():
        gate_actions.give_opinion(
            request, stance="agree", text="Đồng ý.", acting_user=None, today=DECIDED_ON
        )
    for _item in proposal.items.filter(kind="opinion", satisfied_at__isnull=True):
        gate_actions.request_opinion(proposal, "btc", acting_user=None, today=DECIDED_ON)
        gate_actions.give_opinion(
            proposal.opinions.get(agency__code="btc"), stance="agree", text="Nhất trí.",
            acting_user=None, today=DECIDED_ON,
        )  # fmt: skip
    return gate_actions.decide_proposal(
        proposal, decision="approved", instrument="Quyết định số 12/QĐ-TTg ngày 20/11/2026",
        acting_user=coordinator, today=DECIDED_ON,
    )  # fmt: skip


def _completed(task: Task, on: str) -> None:
    """Completed on ``on`` (no report says so: the task's last change is its completion)."""
    at = timezone.make_aware(dt.datetime.combine(D(on), dt.time(10)))
    Task.objects.filter(pk=task.pk).update(status=Task.Status.COMPLETED, updated_at=at)


@pytest.fixture
def signed(db, coordinator):
    """The treaty of the table above, signed on 01/12/2026; returns (commitment, obligations)."""
    efta = negotiating_commitment()
    for number, text in (
        ("3", "Việt Nam công bố thông tin về các biện pháp kỹ thuật trước khi áp dụng."),
        ("4", "Việt Nam mở cửa thị trường dịch vụ vận tải biển theo lộ trình."),
    ):
        create_obligation(
            ObligationData(commitment=efta.pk, number=number, text=text, modality="shall"),
            acting_user=None,
        )
    proposal = _approve(open_proposal(efta), coordinator)
    record_event(
        efta, CommitmentEvent(kind="signature", on=D("2026-12-01")), acting_user=coordinator
    )
    Commitment.objects.filter(pk=efta.pk).update(in_force_on=D("2027-01-01"))
    obligations = {o.number: o for o in efta.obligations.all()}
    proposal.refresh_from_db()
    drafted = {t.obligations.get().number: t for t in Task.objects.filter(plan=proposal.draft_plan)}
    assert set(drafted) == {"1", "2", "4"}  # the B and C obligations became draft tasks
    _completed(drafted["1"], "2027-03-20")
    later = create_task(
        TaskData(
            plan=proposal.draft_plan_id,
            title="Công bố thông tin về biện pháp kỹ thuật trên cổng thông tin",
            lead_agency="bct",
            obligations=[obligations["3"].pk],
            due_on=D("2027-01-01"),
        ),
        acting_user=None,
    )
    _completed(later, "2027-02-15")
    return efta, obligations


@pytest.fixture
def half_year(db):
    return make_cycle("bct", starts_on="2027-01-01", ends_on="2027-06-30", due_on="2027-07-15")


def test_every_formula_of_lawcore_has_an_adapter_and_a_list_of_counted_records():
    assert set(adapters.available_formulas()) == set(scoring.FORMULAS)
    assert all(adapters.counted_model(name) is not None for name in scoring.FORMULAS)


def test_feasibility_rows_follow_the_category_and_the_promised_date(signed, half_year):
    _efta, obligations = signed
    placed = adapters.feasibility(half_year, TODAY)
    rows = {p.row.id: p.row for p in placed}
    number = {o.pk: n for n, o in obligations.items()}
    assert {number[i] for i in rows} == {"1", "2", "3"}  # 4 is promised after the period
    by_number = {number[i]: r for i, r in rows.items()}
    assert by_number["1"] == scoring.FeasibilityRow(
        obligations["1"].pk, "b", D("2027-03-31"), D("2027-03-20")
    )
    assert by_number["2"].done_on is None and by_number["2"].due_on == D("2027-06-30")
    # Category A promised readiness at entry into force.
    assert (by_number["3"].due_on, by_number["3"].done_on) == (D("2027-01-01"), D("2027-02-15"))
    bct = Agency.objects.get(code="bct")  # the agency responsible in the feasibility rows
    assert {p.agencies for p in placed} == {(bct.pk,)}
    assert {p.commitments for p in placed} == {(_efta.pk,)}


def test_the_default_criterion_scores_the_commitment_and_explains_itself(signed, half_year):
    efta, obligations = signed
    criteria_set = actions.approve_criteria_set(
        actions.create_criteria_set(default_criteria(), acting_user=None), acting_user=None
    )
    actions.compute_scorecards(criteria_set, half_year, acting_user=None, today=TODAY)
    for subject, key in ((Subject.COMMITMENT, efta.pk), (Subject.AGENCY, efta.lead_agency_id)):
        card = Scorecard.objects.get(
            criteria_set=criteria_set, cycle=half_year, subject=subject, subject_key=str(key)
        )
        score = card.scores.get(criterion__code=CODE)
        assert (score.numerator, score.denominator, score.value) == (1, 3, 33.3)
        assert score.normalised == 37.0
        assert sorted(score.counted) == sorted(obligations[n].pk for n in "123")
        assert score.met == [obligations["1"].pk]
        assert actions.recompute_from_provenance(score).value == 33.3


def test_an_approved_proposal_not_yet_signed_counts_nothing(db, coordinator, half_year):
    efta = negotiating_commitment()
    _approve(open_proposal(efta), coordinator)
    assert adapters.feasibility(half_year, TODAY) == []


def test_show_formula_and_the_counted_obligations_on_the_pages(
    signed, half_year, client, coordinator, django_user_model
):
    from camket.conftest import make_user

    _efta, obligations = signed
    criteria_set = actions.approve_criteria_set(
        actions.create_criteria_set(default_criteria(), acting_user=None), acting_user=None
    )
    actions.compute_scorecards(criteria_set, half_year, acting_user=None, today=TODAY)
    card = Scorecard.objects.get(
        criteria_set=criteria_set, cycle=half_year, subject=Subject.COMMITMENT
    )
    score = card.scores.get(criterion__code=CODE)
    client.force_login(coordinator)
    page = client.get(card.get_absolute_url()).content.decode()
    assert "đúng thời điểm theo nhóm khả thi xác định khi ký" in page  # the criterion
    assert "ngày hiệu lực của cam kết" in page  # "show formula": category A's date
    url = reverse("scoring:score-records", args=[score.pk])
    listed = client.get(url).content.decode()
    for number in "123":
        assert obligations[number].get_absolute_url() in listed
    assert obligations["4"].get_absolute_url() not in listed
    met_only = client.get(url, {"met": "1"}).content.decode()
    assert obligations["1"].get_absolute_url() in met_only
    assert obligations["2"].get_absolute_url() not in met_only
    # The commitment is public, so another agency reads the card; its list is the same.
    other = make_user(django_user_model, "officer_btp_kt", "btp", "officer")
    client.force_login(other)
    assert client.get(url).status_code == 200


def test_a_frozen_default_set_without_the_criterion_gets_a_new_version_once(db):
    """A database approved before the criterion existed keeps its set and gains version 2."""
    from dataclasses import replace

    from camket.evaluation.scoring.demo import approved_default_set
    from camket.evaluation.scoring.models import CriteriaSet

    defaults = default_criteria()
    older = replace(defaults, criteria=tuple(c for c in defaults.criteria if c.code != CODE))
    first = actions.approve_criteria_set(
        actions.create_criteria_set(older, acting_user=None), acting_user=None
    )
    before = list(first.criteria.values_list("subject", "code", "weight"))

    current = approved_default_set()
    assert (current.number, current.status) == (2, CriteriaSet.Status.APPROVED)
    assert set(current.criteria.filter(code=CODE).values_list("subject", flat=True)) == set(
        Subject.values
    )
    assert list(first.criteria.values_list("subject", "code", "weight")) == before
    assert not first.criteria.filter(code=CODE).exists()
    assert approved_default_set() == current  # a second run changes nothing
    assert CriteriaSet.objects.count() == 2
