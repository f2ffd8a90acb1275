"""Criteria sets, scorecards, provenance and freezing (issue 13 items 1 and 3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from camket.evaluation.scoring import actions
from camket.evaluation.scoring.defaults import default_criteria
from camket.evaluation.scoring.models import CriteriaSet, Criterion, Scorecard, Subject
from camket.evaluation.scoring.queries import scores_for
from camket.monitoring.actions import close_cycle
from camket.monitoring.models import ProgressReport
from camket.monitoring.tests.factories import make_cycle, make_task, open_reports
from camket.obligations.models import Task

D = dt.date.fromisoformat
TODAY = D("2026-07-20")


@pytest.fixture
def approved(db):
    criteria_set = actions.create_criteria_set(default_criteria(), acting_user=None)
    return actions.approve_criteria_set(criteria_set, acting_user=None)


@pytest.fixture
def world(vkfta):
    """Two tasks of the MOIT on VKFTA (one done in time, one overdue) and a cycle of reports."""
    done = make_task(vkfta, due_on="2026-03-31", status=Task.Status.COMPLETED)
    late = make_task(vkfta, due_on="2026-04-30", title="Xây dựng, ban hành thông tư hướng dẫn")
    cycle = make_cycle("bct")
    reports = {r.task_id: r for r in open_reports(cycle)}
    ProgressReport.objects.filter(pk=reports[done.pk].pk).update(
        status="submitted", submitted_on=D("2026-03-20"), progress="completed"
    )
    return {"cycle": cycle, "done": done, "late": late, "reports": reports}


def card(criteria_set, cycle, subject, key):
    return Scorecard.objects.get(
        criteria_set=criteria_set, cycle=cycle, subject=subject, subject_key=str(key)
    )


def score_of(scorecard, code):
    return scorecard.scores.get(criterion__code=code)


def test_scorecards_count_tasks_and_reports_with_the_ids_they_count(approved, world, vkfta):
    counts = actions.compute_scorecards(approved, world["cycle"], acting_user=None, today=TODAY)
    assert counts["created"] >= 3  # the commitment, the MOIT, Korea and the trade sector
    commitment = card(approved, world["cycle"], Subject.COMMITMENT, vkfta.pk)
    tasks = score_of(commitment, "nhiem-vu-dung-han")
    assert (tasks.numerator, tasks.denominator, tasks.value) == (1, 2, 50.0)
    assert sorted(tasks.counted) == sorted([world["done"].pk, world["late"].pk])
    assert tasks.met == [world["done"].pk]
    assert tasks.normalised == round(100 * 50 / 90, 1)  # against the 90 % target
    reports = score_of(commitment, "bao-cao-dung-han")
    # Due 15/07, so both are due on 20/07: one submitted on time, one missing.
    assert (reports.numerator, reports.denominator) == (1, 2)
    agency = card(approved, world["cycle"], Subject.AGENCY, vkfta.lead_agency_id)
    assert score_of(agency, "nhiem-vu-dung-han").value == 50.0
    partner = Scorecard.objects.get(cycle=world["cycle"], subject=Subject.PARTNER)
    assert partner.label == "Hàn Quốc" or partner.label  # labelled with the partner's name
    assert commitment.total is not None
    assert not any("sign" in c.formula for c in approved.criteria.all())


def test_a_frozen_scorecard_does_not_move_and_its_provenance_recomputes_it(
    approved, world, vkfta, coordinator
):
    cycle = world["cycle"]
    actions.compute_scorecards(approved, cycle, acting_user=None, today=TODAY)
    before = card(approved, cycle, Subject.COMMITMENT, vkfta.pk)
    stored = {s.criterion.code: (s.value, s.counted) for s in before.scores.all()}
    close_cycle(cycle, acting_user=coordinator, today=TODAY)
    before.refresh_from_db()
    assert before.is_frozen
    # The records change after the cycle closed: the late task is done, a report arrives.
    Task.objects.filter(pk=world["late"].pk).update(status=Task.Status.COMPLETED)
    ProgressReport.objects.filter(cycle=cycle, submitted_on=None).update(
        status="submitted", submitted_on=TODAY
    )
    counts = actions.compute_scorecards(approved, cycle, acting_user=None, today=TODAY)
    assert counts["created"] == counts["updated"] == 0
    after = card(approved, cycle, Subject.COMMITMENT, vkfta.pk)
    assert {s.criterion.code: (s.value, s.counted) for s in after.scores.all()} == stored
    for score in after.scores.exclude(formula=""):
        again = actions.recompute_from_provenance(score)
        assert (again.value, list(again.counted)) == (score.value, score.counted)


def test_an_open_cycle_recomputes_when_records_change(approved, world, vkfta):
    cycle = world["cycle"]
    actions.compute_scorecards(approved, cycle, acting_user=None, today=TODAY)
    Task.objects.filter(pk=world["late"].pk).update(status=Task.Status.CANCELLED)
    actions.compute_scorecards(approved, cycle, acting_user=None, today=TODAY)
    tasks = score_of(card(approved, cycle, Subject.COMMITMENT, vkfta.pk), "nhiem-vu-dung-han")
    assert (tasks.numerator, tasks.denominator) == (1, 1)


def test_an_approved_set_is_frozen_and_changes_through_a_new_version(approved):
    extra = actions.CriterionData(
        code="moi",
        name_vi="Tiêu chí mới",
        subject=Subject.AGENCY,
        method=Criterion.Method.COMPUTED,
        formula="reports_on_time",
    )
    with pytest.raises(ValidationError):
        actions.add_criterion(approved, extra, acting_user=None)
    draft = actions.new_version(approved, acting_user=None)
    assert (draft.number, draft.status) == (2, CriteriaSet.Status.DRAFT)
    assert draft.criteria.count() == approved.criteria.count()
    actions.add_criterion(draft, extra, acting_user=None)
    assert draft.criteria.count() == approved.criteria.count() + 1


def test_a_draft_set_cannot_score(world):
    draft = actions.create_criteria_set(default_criteria(), acting_user=None)
    with pytest.raises(ValidationError):
        actions.compute_scorecards(draft, world["cycle"], acting_user=None, today=TODAY)


def test_a_computed_criterion_needs_a_known_formula(db):
    data = actions.CriterionData(
        code="so-hiep-dinh-ky",
        name_vi="Số hiệp định đã ký",
        subject=Subject.AGENCY,
        method=Criterion.Method.COMPUTED,
        formula="signatures",
    )
    with pytest.raises(ValidationError, match="so-hiep-dinh-ky"):
        actions.create_criteria_set(
            actions.CriteriaSetData(code="x", title_vi="Thử", criteria=(data,)), acting_user=None
        )
    assert not CriteriaSet.objects.filter(code="x").exists()  # nothing half-written


def test_a_rating_needs_a_reason_and_survives_a_recompute(approved, world, vkfta, coordinator):
    cycle = world["cycle"]
    actions.compute_scorecards(approved, cycle, acting_user=None, today=TODAY)
    scorecard = card(approved, cycle, Subject.COMMITMENT, vkfta.pk)
    rated = approved.criteria.get(subject=Subject.COMMITMENT, method=Criterion.Method.RATED)
    with pytest.raises(ValidationError):
        actions.rate_score(scorecard, rated, rating=4, reason="  ", acting_user=coordinator)
    with pytest.raises(ValidationError):
        actions.rate_score(scorecard, rated, rating=9, reason="Quá thang", acting_user=coordinator)
    actions.rate_score(
        scorecard,
        rated,
        rating=4,
        reason="Doanh nghiệp tận dụng tốt ưu đãi thuế quan theo báo cáo của Bộ.",
        acting_user=coordinator,
    )
    actions.compute_scorecards(approved, cycle, acting_user=None, today=TODAY)
    kept = card(approved, cycle, Subject.COMMITMENT, vkfta.pk).scores.get(criterion=rated)
    assert (kept.rating, kept.normalised) == (4, 75.0)


def test_scores_for_serves_the_reviews_prefill(approved, world, vkfta):
    assert scores_for(Subject.COMMITMENT, vkfta.pk, world["cycle"]) == []
    actions.compute_scorecards(approved, world["cycle"], acting_user=None, today=TODAY)
    rows = scores_for(Subject.COMMITMENT, vkfta.pk, world["cycle"])
    assert {r["code"] for r in rows} >= {"nhiem-vu-dung-han", "bao-cao-dung-han"}


def test_budget_absorption_and_feedback_are_fed_from_the_other_parts_records(world, vkfta):
    """Funding lines (reviews part) and feedback (consultation part) reach their formulas."""
    from decimal import Decimal

    from camket.agencies.models import Agency
    from camket.evaluation.reviews.models import FundingLine
    from camket.portal.consultation.models import Feedback

    for pk, (pledged, disbursed) in enumerate([(100, 50), (300, 150)], start=1):
        FundingLine.objects.create(
            commitment=vkfta,
            source="state_budget" if pk == 1 else "oda",
            year=2026,
            pledged=Decimal(pledged * 1_000_000),
            disbursed=Decimal(disbursed * 1_000_000),
        )
    bct = Agency.objects.get(code="bct")
    for n, answered in enumerate([D("2026-05-01"), None]):
        Feedback.objects.create(
            token_hash=f"{n:064d}",
            commitment=vkfta,
            submitter_kind="business",
            email="dn@example.vn",
            subject="Thủ tục chứng nhận xuất xứ",
            text="Doanh nghiệp gặp khó khăn khi xin C/O mẫu AK.",
            screening_due_on=D("2026-04-01"),
            assigned_agency=bct,
            answer_due_on=D("2026-05-15"),
            answered_at=dt.datetime.combine(answered, dt.time(9), dt.UTC) if answered else None,
        )
    criteria = [
        actions.CriterionData(
            code=code, name_vi=code, subject=Subject.COMMITMENT, method="computed", formula=f
        )
        for code, f in (
            ("giai-ngan", "budget_absorption"),
            ("phan-anh", "feedback_answered_on_time"),
        )
    ]
    data = actions.CriteriaSetData(code="thu", title_vi="Thử", criteria=tuple(criteria))
    criteria_set = actions.approve_criteria_set(
        actions.create_criteria_set(data, acting_user=None), acting_user=None
    )
    actions.compute_scorecards(criteria_set, world["cycle"], acting_user=None, today=TODAY)
    scorecard = card(criteria_set, world["cycle"], Subject.COMMITMENT, vkfta.pk)
    assert score_of(scorecard, "giai-ngan").value == 50.0
    assert score_of(scorecard, "phan-anh").value == 50.0
