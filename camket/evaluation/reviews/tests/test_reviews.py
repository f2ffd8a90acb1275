"""Annual review: campaign, pre-fill, workflow, remedies turned into work, access."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from camket.audit.models import AuditEvent
from camket.compatibility.models import LegislativeAction, ProvisionLink
from camket.conftest import make_commitment
from camket.evaluation.reviews import actions
from camket.evaluation.reviews.models import AgencyReview
from camket.evaluation.reviews.tests.factories import CONTENT, open_campaign
from camket.monitoring.tests.factories import make_task
from camket.obligations.models import Task

Status = AgencyReview.Status
D = dt.date.fromisoformat


@pytest.fixture
def review(coordinator, vkfta):
    make_task(vkfta, due_on="2025-03-31", status=Task.Status.IN_PROGRESS)
    make_task(vkfta, due_on="2025-06-30", status=Task.Status.COMPLETED, title="Hướng dẫn xuất xứ")
    campaign = open_campaign(coordinator)
    return campaign.reviews.get(commitment=vkfta)


def test_each_lead_agency_gets_one_prefilled_review_per_commitment(
    coordinator, vkfta, restricted_btc
):
    make_task(vkfta, due_on="2025-03-31")
    campaign = open_campaign(coordinator)
    reviews = {r.commitment_id: r for r in campaign.reviews.all()}
    assert reviews[vkfta.pk].agency.code == "bct"
    assert reviews[restricted_btc.pk].agency.code == "btc"
    figures = reviews[vkfta.pk].figures
    assert figures["tasks"] == 1 and figures["tasks_overdue"] == 1
    assert reviews[restricted_btc.pk].figures["tasks"] == 0
    # Opening again creates nothing twice.
    assert actions.materialize_reviews(campaign) == 0


def test_treaty_template_covers_treaties_only(coordinator, vkfta, internal_btc):
    campaign = open_campaign(coordinator, template="treaties")
    assert set(campaign.reviews.values_list("commitment_id", flat=True)) == {vkfta.pk}


def test_only_the_coordinator_opens_a_campaign(officer_bct, vkfta):
    with pytest.raises(PermissionDenied):
        open_campaign(officer_bct)


def test_workflow_draft_submitted_approved_accepted(review, officer_bct, leader_bct, coordinator):
    with pytest.raises(ValidationError):  # an empty review cannot be submitted
        actions.transition(review, "submit", acting_user=officer_bct)
    review = actions.save_review(
        review, CONTENT, acting_user=officer_bct, version=review.version, submit=True
    )
    assert review.status == Status.SUBMITTED
    with pytest.raises(PermissionDenied):  # the coordinator cannot accept before the leader
        actions.transition(review, "accept", acting_user=coordinator)
    with pytest.raises(PermissionDenied):  # an officer cannot approve
        actions.transition(review, "approve", acting_user=officer_bct)
    review = actions.transition(review, "approve", acting_user=leader_bct)
    with pytest.raises(ValidationError):  # a return needs its reason
        actions.transition(review, "return", acting_user=coordinator, comment=" ")
    review = actions.transition(
        review, "return", acting_user=coordinator, comment="Bổ sung số liệu"
    )
    assert review.status == Status.RETURNED and review.return_comment == "Bổ sung số liệu"
    review = actions.transition(review, "submit", acting_user=officer_bct)
    review = actions.transition(review, "approve", acting_user=leader_bct)
    review = actions.transition(review, "accept", acting_user=coordinator)
    assert review.status == Status.ACCEPTED
    key = f"reviews.agencyreview:{review.pk}"
    verbs = list(
        AuditEvent.objects.filter(object_key=key).order_by("pk").values_list("action", flat=True)
    )
    assert verbs[-3:] == ["review.submit", "review.approve", "review.accept"]


def test_a_stale_save_is_refused(review, officer_bct):
    from camket.versioning import EditConflict

    version = review.version
    actions.save_review(review, CONTENT, acting_user=officer_bct, version=version)
    with pytest.raises(EditConflict):
        actions.save_review(review, CONTENT, acting_user=officer_bct, version=version)


def test_causes_must_be_coded(review, officer_bct):
    with pytest.raises(ValidationError):
        actions.save_review(
            review,
            {**CONTENT, "causes": ["weather"]},
            acting_user=officer_bct,
            version=review.version,
        )


def test_a_remedy_becomes_a_task_traceable_both_ways(client, review, officer_bct):
    remedy = actions.add_remedy(
        review, "Tập huấn quy tắc xuất xứ cho doanh nghiệp nhỏ", None, acting_user=officer_bct
    )
    client.force_login(officer_bct)
    response = client.post(reverse("reviews:remedy-task", args=[remedy.pk]))
    assert response.status_code == 302
    remedy.refresh_from_db()
    task = remedy.task
    assert task.title.startswith("Tập huấn") and task.lead_agency.code == "bct"
    assert task.external_key == actions.remedy_key(remedy)
    assert task.review_remedy == remedy
    assert review.commitment in task.plan.commitments.all()
    # From the task page back to the review, and from the review to the task.
    task_page = client.get(task.get_absolute_url()).content.decode()
    assert review.get_absolute_url() in task_page
    assert task.get_absolute_url() in client.get(review.get_absolute_url()).content.decode()
    # One click only: a second conversion is refused.
    with pytest.raises(ValidationError):
        actions.remedy_to_task(remedy, acting_user=officer_bct)


def test_a_remedy_becomes_a_legislative_action(review, officer_bct, vkfta):
    obligation = vkfta.obligations.first()
    link = ProvisionLink.objects.create(
        obligation=obligation, method=ProvisionLink.Method.PERSON,
        status=ProvisionLink.Status.CONFIRMED, verdict=ProvisionLink.Verdict.GAP,
    )  # fmt: skip
    remedy = actions.add_remedy(
        review, "Sửa đổi Nghị định về xuất xứ", None, acting_user=officer_bct
    )
    with pytest.raises(ValidationError):  # an amendment names the document it amends
        actions.remedy_to_legislative_action(remedy, link.pk, "amend", acting_user=officer_bct)
    action = actions.remedy_to_legislative_action(remedy, link.pk, "issue", acting_user=officer_bct)
    assert LegislativeAction.objects.get(pk=action.pk).link == link
    assert action.review_remedy == remedy
    assert action.responsible_agency.code == "bct"


def test_content_is_hidden_from_the_coordinator_until_the_leader_approves(
    client, review, officer_bct, leader_bct, coordinator
):
    actions.save_review(
        review, CONTENT, acting_user=officer_bct, version=review.version, submit=True
    )
    client.force_login(coordinator)
    page = client.get(review.get_absolute_url()).content.decode()
    assert "Tỷ lệ sử dụng ưu đãi" not in page
    actions.transition(review, "approve", acting_user=leader_bct)
    assert "Tỷ lệ sử dụng ưu đãi" in client.get(review.get_absolute_url()).content.decode()


def test_another_agency_gets_404(client, review, officer_btc):
    client.force_login(officer_btc)
    assert client.get(review.get_absolute_url()).status_code == 404
    assert (
        client.get(reverse("reviews:campaign-detail", args=[review.campaign_id])).status_code == 404
    )
    remedy = review.remedies.create(text="x")
    assert client.post(reverse("reviews:remedy-task", args=[remedy.pk])).status_code == 404


def test_review_page_saves_and_submits(client, review, officer_bct):
    client.force_login(officer_bct)
    data = {**CONTENT, "version": review.version, "submit": "1"}
    response = client.post(review.get_absolute_url(), data)
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == Status.SUBMITTED and review.causes == ["capacity", "coordination"]


def test_dormant_needs_two_cycles_without_task_or_report(coordinator, vkfta, internal_btc):
    from camket.evaluation.reviews.dormant import dormant_commitments
    from camket.monitoring.tests.factories import make_cycle

    make_cycle("bct", "btc", starts_on="2025-01-01", ends_on="2025-06-30", title="H1")
    assert list(dormant_commitments(coordinator)[0]) == []  # one cycle: nothing judged yet
    make_cycle("bct", "btc", starts_on="2025-07-01", ends_on="2025-12-31", title="H2")
    make_task(vkfta, due_on="2025-09-30")
    dormant = set(dormant_commitments(coordinator)[0])
    assert internal_btc in dormant and vkfta not in dormant


def test_the_review_is_prefilled_with_the_commitments_scorecard(
    client, coordinator, officer_bct, vkfta
):
    from camket.evaluation.scoring import actions as scoring
    from camket.evaluation.scoring.defaults import default_criteria
    from camket.evaluation.scoring.models import Scorecard
    from camket.monitoring.tests.factories import make_cycle, open_reports

    make_task(vkfta, due_on="2025-03-31")
    cycle = make_cycle("bct", starts_on="2025-01-01", ends_on="2025-06-30", title="H1 2025")
    open_reports(cycle)
    criteria = scoring.approve_criteria_set(
        scoring.create_criteria_set(default_criteria(), acting_user=None), acting_user=None
    )
    scoring.compute_scorecards(criteria, cycle, acting_user=None, today=dt.date(2025, 7, 20))
    card = Scorecard.objects.get(subject="commitment", commitment=vkfta, cycle=cycle)
    review = open_campaign(coordinator).reviews.get(commitment=vkfta)
    assert review.figures["score_cycle"] == cycle.pk
    assert review.figures["score_total"] == (
        round(card.total, 1) if card.total is not None else None
    )
    client.force_login(officer_bct)
    page = client.get(review.get_absolute_url()).content.decode()
    assert 'id="review-scores"' in page


def test_home_page_lists_the_reviews_waiting_for_each_role(
    client, review, officer_bct, leader_bct, coordinator
):
    client.force_login(officer_bct)
    assert 'data-home="reviews"' in client.get("/").content.decode()
    actions.save_review(
        review, CONTENT, acting_user=officer_bct, version=review.version, submit=True
    )
    client.force_login(leader_bct)
    assert "chờ phê duyệt hoặc trả lại" in client.get("/").content.decode()
    actions.transition(review, "approve", acting_user=leader_bct)
    client.force_login(coordinator)
    assert "chờ tiếp nhận hoặc trả lại" in client.get("/").content.decode()


def test_prefill_costs_the_same_queries_for_one_or_many_commitments(db, django_assert_num_queries):
    """One grouped query per figure, whatever the number of commitments (national campaigns)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from camket.evaluation.reviews.figures import figures_for

    first = make_commitment("vn/treaty/2001/mot", short_name="MOT")
    make_task(first, due_on="2001-06-30")
    with CaptureQueriesContext(connection) as one:
        figures_for([first.pk], D("2001-01-01"), D("2001-12-31"))
    many = [make_commitment(f"vn/treaty/2001/c{i}", short_name=f"C{i}") for i in range(6)]
    for c in many:
        make_task(c, due_on="2001-06-30")
    ids = [first.pk, *(c.pk for c in many)]
    with django_assert_num_queries(len(one.captured_queries)):
        figures = figures_for(ids, D("2001-01-01"), D("2001-12-31"))
    assert all(figures[pk]["tasks"] == 1 and figures[pk]["tasks_overdue"] == 1 for pk in ids)


def test_review_text_stays_out_of_the_commitments_change_history(
    client, review, officer_bct, officer_hanoi
):
    """The commitment's history is read by everyone who reads the commitment; a review and its
    remedies only by the agency (and, once approved, national roles and observers)."""
    review = actions.save_review(review, CONTENT, acting_user=officer_bct, version=review.version)
    remedy = actions.add_remedy(
        review, "Biện pháp nội bộ của Bộ Công Thương", None, acting_user=officer_bct
    )
    actions.transition(review, "submit", acting_user=officer_bct)
    client.force_login(officer_hanoi)
    page = client.get(review.commitment.get_absolute_url()).content.decode()
    assert review.campaign.title not in page
    assert remedy.text not in page and "Tỷ lệ sử dụng ưu đãi" not in page
