"""What an annual review covers and counts, and where its remedies lead (audit of issue 13).

- The commitments reviewed are those that exist as commitments in the period: concluded by its
  end, not ended before its start (a draft under negotiation has nothing to review).
- A task serves a commitment by one rule (``camket.obligations.serving``): the review's
  figures, the dormant list and the scorecards count the same tasks.
- A legislative action made from a remedy names its review wherever the action is listed.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from camket.compatibility.models import ProvisionLink
from camket.conftest import make_commitment
from camket.evaluation.reviews import actions
from camket.evaluation.reviews.tests.factories import CONTENT, open_campaign
from camket.evaluation.scoring import adapters
from camket.monitoring.tests.factories import make_cycle, make_task
from camket.obligations import serving
from camket.obligations.actions import PlanData, TaskData, create_plan, create_task
from camket.obligations.models import Task

D = dt.date.fromisoformat


@pytest.fixture
def review(coordinator, vkfta):
    make_task(vkfta, due_on="2025-03-31", status=Task.Status.IN_PROGRESS)
    return open_campaign(coordinator).reviews.get(commitment=vkfta)


def _plan_task(commitments, *, code, title, due_on="2025-03-31", status=Task.Status.IN_PROGRESS,
               lead="bct", obligations=()):  # fmt: skip
    """A task in a plan covering ``commitments``, tied to ``obligations`` (none by default)."""
    from camket.obligations.models import ActionPlan

    plan = ActionPlan.objects.filter(code=code).first() or create_plan(
        PlanData(code=code, title_vi=f"Kế hoạch {code}", agency=lead,
                 commitments=[c.pk for c in commitments]),
        acting_user=None,
    )  # fmt: skip
    return create_task(
        TaskData(plan=plan.pk, title=title, lead_agency=lead, due_on=D(due_on), status=status,
                 obligations=list(obligations)),
        acting_user=None,
    )  # fmt: skip


##### Which commitments a campaign reviews #####


def test_the_annual_review_covers_existing_commitments_not_drafts_under_negotiation(
    coordinator, vkfta
):
    """Issue 13 item 4: "Annual review of existing commitments". The demo asked the Ministry
    of Industry and Trade to review VN-EFTA (still negotiating) and recommend continue /
    terminate on it."""
    negotiating = make_commitment(
        "vn/treaty/2026/vn-efta", short_name="VN-EFTA", title_en="Viet Nam - EFTA FTA",
        events=(("negotiation_start", "2012-05-22"),),
    )  # fmt: skip
    assert negotiating.status == "negotiating"
    campaign = open_campaign(coordinator)
    reviewed = set(campaign.reviews.values_list("commitment_id", flat=True))
    assert vkfta.pk in reviewed
    assert negotiating.pk not in reviewed


@pytest.mark.parametrize(
    ("events", "reviewed"),
    [
        ((), False),  # a draft: never concluded
        ((("proposal", "2024-05-01"),), False),
        ((("signature", "2025-06-01"),), True),  # signed during the period
        ((("signature", "2026-02-01"),), False),  # signed after the period: not yet existing
        ((("signature", "2020-01-01"), ("termination", "2024-12-31")), False),  # ended before
        ((("signature", "2020-01-01"), ("termination", "2025-03-01")), True),  # ended during it
        ((("signature", "2020-01-01"), ("entry_into_force", "2020-06-01"),
          ("supersession", "2024-01-01")), False),
        ((("signature", "2020-01-01"), ("entry_into_force", "2020-06-01"),
          ("suspension", "2023-01-01")), True),  # suspended, not ended
    ],
)  # fmt: skip
def test_a_campaign_reviews_what_exists_as_a_commitment_during_its_period(
    coordinator, events, reviewed
):
    commitment = make_commitment("vn/treaty/2020/thu", short_name="THU", events=events)
    campaign = open_campaign(coordinator)  # 01/01/2025–31/12/2025
    assert campaign.reviews.filter(commitment=commitment).exists() is reviewed


def test_an_adopted_leaders_statement_is_reviewed(coordinator):
    statement = make_commitment(
        "vn/statement/2023/tuyen-bo", kind="leaders_statement", short_name="TB-2023",
        events=(("adoption", "2023-09-11"),),
    )  # fmt: skip
    assert open_campaign(coordinator).reviews.filter(commitment=statement).exists()


##### One rule for the tasks serving a commitment #####


def test_the_review_counts_the_tasks_of_a_plan_for_the_commitment(coordinator, vkfta):
    """The pre-fill counted only tasks tied to an obligation, while scoring also counts a task
    through its plan's commitments: in the demo RCEP had 43 tasks in the Ministry of Industry
    and Trade's plan and its review said 0 tasks, 0 overdue."""
    _plan_task([vkfta], code="kh-bct-vkfta", title="Tập huấn quy tắc xuất xứ")
    figures = open_campaign(coordinator).reviews.get(commitment=vkfta).figures
    assert (figures["tasks"], figures["tasks_overdue"]) == (1, 1)


def test_a_task_serves_its_obligations_commitments_else_its_plans(vkfta):
    evfta = make_commitment("vn/treaty/2019/evfta", short_name="EVFTA", partners=("FRA",))
    rcep = make_commitment("vn/treaty/2020/rcep", short_name="RCEP", partners=("CHN",))
    by_plan = _plan_task([evfta, rcep], code="kh-chung", title="Phổ biến hai hiệp định")
    tied = make_task(vkfta, plan_code="kh-chung")  # in the same plan, tied to VKFTA's obligation
    unplanned = _plan_task([], code="kh-trong", title="Việc không gắn cam kết")
    served = serving.task_commitments()
    assert served[by_plan.pk] == tuple(sorted((evfta.pk, rcep.pk)))
    assert served[tied.pk] == (vkfta.pk,)
    assert unplanned.pk not in served
    assert adapters.task_commitments() == served  # scoring reads the same rule


def test_figures_dormant_list_and_scoring_count_the_same_tasks(coordinator, vkfta):
    """Whatever route ties a task to a commitment, the review's task count is the number of
    tasks the scorecards place under that commitment (led by its lead agency, not cancelled)."""
    from camket.evaluation.reviews.figures import figures_for

    rcep = make_commitment("vn/treaty/2020/rcep", short_name="RCEP", partners=("CHN",))
    evfta = make_commitment("vn/treaty/2019/evfta", short_name="EVFTA", partners=("FRA",))
    make_task(vkfta, due_on="2025-05-01")
    _plan_task([rcep, evfta], code="kh-bct-rcep", title="Rà soát biểu thuế", due_on="2025-09-30")
    _plan_task([rcep], code="kh-bct-rcep", title="Hướng dẫn doanh nghiệp",
               status=Task.Status.COMPLETED)  # fmt: skip
    _plan_task([rcep], code="kh-bct-rcep", title="Đã hủy", status=Task.Status.CANCELLED)
    make_task(evfta, plan_code="kh-bct-rcep", due_on="2025-04-30")
    ids = [vkfta.pk, rcep.pk, evfta.pk]
    figures = figures_for(ids, D("2025-01-01"), D("2025-12-31"))
    served = serving.task_commitments()
    counted = Task.objects.exclude(status=Task.Status.CANCELLED)
    for pk in ids:
        expected = sum(1 for task in counted if pk in served.get(task.pk, ()))
        assert figures[pk]["tasks"] == expected, pk
    # The plan covers RCEP and EVFTA: its two live tasks tied to no obligation serve both.
    assert [figures[pk]["tasks"] for pk in ids] == [1, 2, 3]
    assert [figures[pk]["tasks_completed"] for pk in ids] == [0, 1, 1]


def test_a_commitment_worked_on_through_its_plan_is_not_dormant(coordinator, vkfta):
    from camket.evaluation.reviews.dormant import dormant_commitments

    rcep = make_commitment("vn/treaty/2020/rcep", short_name="RCEP", partners=("CHN",))
    make_cycle("bct", starts_on="2025-01-01", ends_on="2025-06-30", title="H1 2025")
    make_cycle("bct", starts_on="2025-07-01", ends_on="2025-12-31", title="H2 2025")
    assert rcep in set(dormant_commitments(coordinator)[0])
    _plan_task([rcep], code="kh-bct-rcep", title="Rà soát biểu thuế", due_on="2025-09-30")
    assert rcep not in set(dormant_commitments(coordinator)[0])


def test_funding_names_a_task_of_the_commitment_by_the_same_rule(officer_bct, vkfta):
    rcep = make_commitment("vn/treaty/2020/rcep", short_name="RCEP", partners=("CHN",))
    _plan_task([rcep], code="kh-bct-rcep", title="Tập huấn RCEP")
    tied = make_task(vkfta, plan_code="kh-bct-rcep")  # tied to VKFTA, in a plan covering RCEP
    assert rcep in tied.plan.commitments.all()
    data = actions.FundingData(commitment=rcep.code, source="state_budget", year=2025,
                               task=tied.pk)  # fmt: skip
    errors, _commitment, _task = actions.funding_errors(data, officer_bct)
    assert "task" in errors


##### A legislative action points back to its remedy's review #####


def _action_from_remedy(review, officer):
    obligation = review.commitment.obligations.first()
    link = ProvisionLink.objects.create(
        obligation=obligation, method=ProvisionLink.Method.PERSON,
        status=ProvisionLink.Status.CONFIRMED, verdict=ProvisionLink.Verdict.GAP,
    )  # fmt: skip
    remedy = actions.add_remedy(review, "Sửa đổi Nghị định về xuất xứ", None, acting_user=officer)
    action = actions.remedy_to_legislative_action(remedy, link.pk, "issue", acting_user=officer)
    return obligation, action


def test_a_legislative_action_from_a_remedy_points_back_to_its_review(client, review, officer_bct):
    """Issue 13 item 4: a remedy becomes a task or a legislative action "traceable both ways".
    The task page names its remedy; the legislative action's pages must too."""
    obligation, action = _action_from_remedy(review, officer_bct)
    client.force_login(officer_bct)
    review_url = review.get_absolute_url()
    assert action.review_remedy.review == review  # the remedy side holds the link
    response = client.get(reverse("compatibility:obligation-assess", args=[obligation.pk]))
    assert response.status_code == 200
    assert review_url in response.content.decode()
    # The list of pending legislative actions names it too.
    gaps = client.get(reverse("compatibility:gap-list")).content.decode()
    assert review_url in gaps and "data-action-origin" in gaps
    # And the review leads to the action's page.
    assert (
        reverse("compatibility:obligation-assess", args=[obligation.pk])
        in client.get(review_url).content.decode()
    )


def test_the_origin_of_an_action_is_shown_only_to_readers_of_the_review(
    client, review, officer_bct, leader_bct, coordinator
):
    """A coordinator reads a review's content once the agency's leader has approved it: before,
    the action is listed without its remedy's text or review."""
    obligation, _action = _action_from_remedy(review, officer_bct)
    client.force_login(coordinator)
    urls = [
        reverse("compatibility:obligation-assess", args=[obligation.pk]),
        reverse("compatibility:gap-list"),
    ]
    for url in urls:
        page = client.get(url).content.decode()
        assert "Sửa đổi Nghị định về xuất xứ" in page, url  # the action itself is listed
        assert review.get_absolute_url() not in page and "data-action-origin" not in page, url
    actions.save_review(review, CONTENT, acting_user=officer_bct, version=review.version,
                        submit=True)  # fmt: skip
    actions.transition(review, "approve", acting_user=leader_bct)
    for url in urls:
        assert review.get_absolute_url() in client.get(url).content.decode(), url


def test_listing_pending_actions_costs_no_query_per_action(
    client, review, officer_bct, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _action_from_remedy(review, officer_bct)
    client.force_login(officer_bct)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("compatibility:gap-list"))
    for number in range(4):
        link = ProvisionLink.objects.create(
            obligation=make_task(review.commitment, title=f"Việc {number}").obligations.first(),
            method=ProvisionLink.Method.PERSON, status=ProvisionLink.Status.CONFIRMED,
            verdict=ProvisionLink.Verdict.GAP,
        )  # fmt: skip
        remedy = actions.add_remedy(review, f"Biện pháp {number}", None, acting_user=officer_bct)
        actions.remedy_to_legislative_action(remedy, link.pk, "issue", acting_user=officer_bct)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("compatibility:gap-list")).content.decode()
    assert page.count("data-action-origin") == 5
