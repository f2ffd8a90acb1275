"""Provenance stored once per computation and formula (``ScoreInput``), shared by its scores.

A score keeps the ids of its own rows (``counted`` + ``skipped``) and points at the rows its
computation read; a frozen scorecard keeps explaining itself whatever happens to the records
later; an unchanged recomputation reuses the stored rows.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from unittest import mock

import numpy as np
import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from camket.evaluation.scoring import actions
from camket.evaluation.scoring.defaults import default_criteria
from camket.evaluation.scoring.models import (
    Score,
    Scorecard,
    ScoreInput,
    Subject,
    pack_ids,
    unpack_ids,
)
from camket.monitoring.actions import close_cycle
from camket.monitoring.models import ProgressReport
from camket.monitoring.tests.factories import make_cycle, make_task, open_reports
from camket.obligations.models import Task

D = dt.date.fromisoformat
TODAY = D("2026-07-20")


@pytest.fixture
def approved(db):
    return actions.approve_criteria_set(
        actions.create_criteria_set(default_criteria(), acting_user=None), acting_user=None
    )


@pytest.fixture
def world(vkfta):
    """Three MOIT tasks on VKFTA: done in time, overdue, and one not due before 2027."""
    done = make_task(vkfta, due_on="2026-03-31", status=Task.Status.COMPLETED)
    late = make_task(vkfta, due_on="2026-04-30", title="Xây dựng, ban hành thông tư hướng dẫn")
    later = make_task(vkfta, due_on="2026-06-30", title="Tập huấn quy tắc xuất xứ cho doanh nghiệp")
    cycle = make_cycle("bct")
    reports = {r.task_id: r for r in open_reports(cycle)}
    ProgressReport.objects.filter(pk=reports[done.pk].pk).update(
        status="submitted", submitted_on=D("2026-03-20"), progress="completed"
    )
    return {"cycle": cycle, "done": done, "late": late, "later": later}


def _score(criteria_set, cycle, subject, key, code) -> Score:
    card = Scorecard.objects.get(
        criteria_set=criteria_set, cycle=cycle, subject=subject, subject_key=str(key)
    )
    return card.scores.select_related("source").get(criterion__code=code)


def test_scores_of_one_computation_share_one_copy_of_each_formulas_rows(approved, world, vkfta):
    cycle = world["cycle"]
    actions.compute_scorecards(approved, cycle, acting_user=None, today=TODAY)
    by_commitment = _score(approved, cycle, Subject.COMMITMENT, vkfta.pk, "nhiem-vu-dung-han")
    by_agency = _score(approved, cycle, Subject.AGENCY, vkfta.lead_agency_id, "nhiem-vu-dung-han")
    assert by_commitment.source_id == by_agency.source_id
    source = by_commitment.source
    # One row per task, stored once whatever the number of subjects that count it.
    task_ids = sorted(t.pk for t in (world["done"], world["late"], world["later"]))
    assert [values[0] for values in json.loads(source.rows)] == task_ids
    assert (source.formula, source.row_type, source.row_count) == ("tasks_on_time", "DueRow", 3)
    assert source.params == {"today": TODAY.isoformat()}
    # Every formula with rows has exactly one copy for the computation.
    formulas = list(ScoreInput.objects.filter(cycle=cycle).values_list("formula", flat=True))
    assert len(formulas) == len(set(formulas))
    assert set(formulas) == set(Score.objects.exclude(formula="").values_list("formula", flat=True))


def test_a_score_keeps_the_rows_it_read_without_counting_them(approved, world, vkfta):
    cycle = world["cycle"]
    # On 20/06 the task due 30/06 is neither done nor late: read, not counted.
    actions.compute_scorecards(approved, cycle, acting_user=None, today=D("2026-06-20"))
    score = _score(approved, cycle, Subject.COMMITMENT, vkfta.pk, "nhiem-vu-dung-han")
    assert score.skipped == [world["later"].pk]
    assert sorted(score.counted) == sorted([world["done"].pk, world["late"].pk])
    again = actions.recompute_from_provenance(score)
    assert (again.value, list(again.counted), list(again.met)) == (
        score.value,
        score.counted,
        score.met,
    )


def test_an_unchanged_recomputation_reuses_the_stored_rows_and_a_change_replaces_them(
    approved, world, vkfta
):
    cycle = world["cycle"]
    actions.compute_scorecards(approved, cycle, acting_user=None, today=TODAY)
    first = set(ScoreInput.objects.values_list("pk", flat=True))
    actions.compute_scorecards(approved, cycle, acting_user=None, today=TODAY)
    assert set(ScoreInput.objects.values_list("pk", flat=True)) == first
    Task.objects.filter(pk=world["late"].pk).update(status=Task.Status.CANCELLED)
    actions.compute_scorecards(approved, cycle, acting_user=None, today=TODAY)
    score = _score(approved, cycle, Subject.COMMITMENT, vkfta.pk, "nhiem-vu-dung-han")
    assert score.source_id not in first
    assert (score.numerator, score.denominator) == (1, 2)  # done in time; the one due 30/06
    # The rows nobody points at any more are gone; the others are shared as before.
    assert not ScoreInput.objects.filter(scores__isnull=True).exists()
    assert ScoreInput.objects.filter(formula="tasks_on_time").count() == 1


def _score_writes(queries) -> list[str]:
    """The statements among ``queries`` that rewrote scores: an UPDATE of the table (SQLite),
    or the temporary table PostgreSQL's bulk update copies changed scores into."""
    table = Score._meta.db_table
    quoted = connection.ops.quote_name(table)
    return [
        q["sql"]
        for q in queries
        if f"UPDATE {quoted} " in q["sql"]
        or connection.ops.quote_name(f"{table}_changes") in q["sql"]
    ]


def test_a_recomputation_rewrites_only_the_scores_that_differ_from_what_it_computed(
    approved, world, vkfta
):
    cycle = world["cycle"]
    actions.compute_scorecards(approved, cycle, acting_user=None, today=TODAY)
    with CaptureQueriesContext(connection) as unchanged:
        actions.compute_scorecards(approved, cycle, acting_user=None, today=TODAY)
    assert _score_writes(unchanged.captured_queries) == []
    # A stored score that no longer matches its records (its ids, or a figure) is rewritten.
    by_commitment = _score(approved, cycle, Subject.COMMITMENT, vkfta.pk, "nhiem-vu-dung-han")
    by_agency = _score(approved, cycle, Subject.AGENCY, vkfta.lead_agency_id, "nhiem-vu-dung-han")
    Score.objects.filter(pk=by_commitment.pk).update(met=[], skipped=[])
    Score.objects.filter(pk=by_agency.pk).update(value=0, numerator=0)
    with CaptureQueriesContext(connection) as repaired:
        actions.compute_scorecards(approved, cycle, acting_user=None, today=TODAY)
    assert _score_writes(repaired.captured_queries)
    for before in (by_commitment, by_agency):
        after = Score.objects.get(pk=before.pk)
        assert (after.value, after.numerator, after.counted, after.met, after.skipped) == (
            before.value,
            before.numerator,
            before.counted,
            before.met,
            before.skipped,
        )


def test_a_frozen_card_stays_explainable_when_records_change_and_a_new_set_scores_again(
    approved, world, vkfta, coordinator
):
    cycle = world["cycle"]
    actions.compute_scorecards(approved, cycle, acting_user=None, today=TODAY)
    close_cycle(cycle, acting_user=coordinator, today=TODAY)
    frozen = _score(approved, cycle, Subject.COMMITMENT, vkfta.pk, "nhiem-vu-dung-han")
    stored_rows = frozen.source.rows
    # After the close the late task is done and the reports arrive; a new version of the
    # criteria scores the same closed cycle again (its own cards, frozen at once).
    Task.objects.filter(pk=world["late"].pk).update(status=Task.Status.COMPLETED)
    ProgressReport.objects.filter(cycle=cycle, submitted_on=None).update(
        status="submitted", submitted_on=TODAY
    )
    newer = actions.approve_criteria_set(
        actions.new_version(approved, acting_user=None), acting_user=None
    )
    actions.compute_scorecards(newer, cycle, acting_user=None, today=TODAY)
    actions.compute_scorecards(approved, cycle, acting_user=None, today=TODAY)
    fresh = _score(newer, cycle, Subject.COMMITMENT, vkfta.pk, "nhiem-vu-dung-han")
    assert fresh.source_id != frozen.source_id
    assert (fresh.numerator, fresh.denominator) == (1, 3)  # the late task, done late
    kept = Score.objects.select_related("source").get(pk=frozen.pk)
    assert kept.source.rows == stored_rows
    assert (kept.numerator, kept.denominator, kept.counted, kept.met) == (
        frozen.numerator,
        frozen.denominator,
        frozen.counted,
        frozen.met,
    )
    again = actions.recompute_from_provenance(kept)
    assert (again.value, list(again.counted), list(again.met)) == (
        kept.value,
        kept.counted,
        kept.met,
    )


def test_a_rating_stays_in_place_through_recomputations(approved, world, vkfta, coordinator):
    cycle = world["cycle"]
    actions.compute_scorecards(approved, cycle, acting_user=None, today=TODAY)
    card = Scorecard.objects.get(
        criteria_set=approved, cycle=cycle, subject=Subject.COMMITMENT, subject_key=str(vkfta.pk)
    )
    rated = approved.criteria.get(subject=Subject.COMMITMENT, method="rated")
    rating = actions.rate_score(
        card, rated, rating=5, reason="Bộ Công Thương báo cáo đầy đủ.", acting_user=coordinator
    )
    computed = set(card.scores.exclude(formula="").values_list("pk", flat=True))
    actions.compute_scorecards(approved, cycle, acting_user=None, today=TODAY)
    card.refresh_from_db()
    assert card.scores.get(criterion=rated).pk == rating.pk
    assert set(card.scores.exclude(formula="").values_list("pk", flat=True)) == computed
    parts = [(float(s.criterion.weight), s.normalised) for s in card.scores.all()]
    assert card.total == actions.scoring.weighted_total(parts)


@pytest.mark.parametrize(
    ("changed_at_utc", "in_time"),
    [
        ("2026-03-31T16:30:00+00:00", True),  # 23:30 on 31 March in Hà Nội
        ("2026-03-31T17:30:00+00:00", False),  # 00:30 on 1 April in Hà Nội
    ],
)
def test_a_task_completed_without_a_report_is_done_on_the_local_date_of_its_last_change(
    approved, vkfta, changed_at_utc, in_time
):
    task = make_task(vkfta, due_on="2026-03-31")
    Task.objects.filter(pk=task.pk).update(
        status=Task.Status.COMPLETED, updated_at=dt.datetime.fromisoformat(changed_at_utc)
    )
    cycle = make_cycle("bct")
    actions.compute_scorecards(approved, cycle, acting_user=None, today=TODAY)
    score = _score(approved, cycle, Subject.COMMITMENT, vkfta.pk, "nhiem-vu-dung-han")
    assert score.counted == [task.pk]
    assert score.met == ([task.pk] if in_time else [])


@pytest.mark.parametrize(
    "ids", [[], [7], [1, 2, 3], [5, 2**31 - 1], [3, 2**31, 2**40], list(range(1, 20_000, 3))]
)
def test_id_lists_are_stored_packed_and_read_back_whole(approved, world, ids):
    cycle = world["cycle"]
    actions.compute_scorecards(approved, cycle, acting_user=None, today=TODAY)
    score = Score.objects.filter(rating__isnull=True).first()
    Score.objects.filter(pk=score.pk).update(counted=ids)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT counted FROM {Score._meta.db_table} WHERE id = %s", [score.pk])
        (stored,) = cursor.fetchone()
    assert stored == pack_ids(ids)
    if len(ids) > 100:  # a long list takes less room than as JSON
        assert len(stored) < len(json.dumps(ids, separators=(",", ":")))
    assert Score.objects.get(pk=score.pk).counted == ids


@pytest.mark.parametrize(
    ("ids", "dtype"),
    [
        ([], "int32"),
        ([7], "int32"),
        ([5, 2**31 - 1], "int32"),
        ([5, 2**31 - 1], "int64"),
        ([3, 2**31, 2**40], "int64"),
        ([-(2**31), 9], "int64"),
    ],
)
def test_ids_computed_as_an_array_are_stored_as_the_same_ids_in_a_list(ids, dtype):
    """Scores computed in bulk hand their ids over as NumPy arrays: the stored text must be the
    list's, or a recomputation would take unchanged scores for changed ones."""
    packed = pack_ids(np.array(ids, dtype=dtype))
    assert packed == pack_ids(ids)
    assert unpack_ids(packed) == ids


def test_id_lists_written_as_json_before_are_still_read(approved, world):
    actions.compute_scorecards(approved, world["cycle"], acting_user=None, today=TODAY)
    score = Score.objects.filter(rating__isnull=True).first()
    table = Score._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET met = %s WHERE id = %s", ["[4,5,2147483648]", score.pk])
    assert Score.objects.get(pk=score.pk).met == [4, 5, 2147483648]


def _figures(criteria_set, cycle) -> dict:
    return {
        (s.scorecard.subject, s.scorecard.subject_key, s.criterion.code): (
            s.numerator,
            s.denominator,
            s.counted,
            s.met,
            s.skipped,
        )
        for s in Score.objects.filter(scorecard__cycle=cycle).select_related(
            "scorecard", "criterion"
        )
    }


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="records are read aside on PostgreSQL only"
)
def test_records_read_on_a_second_connection_give_the_figures_read_in_one(seeded):
    """Outside any transaction of the caller's, a cycle's records are read on a second
    connection while the previous formula's are judged; the figures are those of one."""
    from camket.conftest import make_commitment

    approved = actions.approve_criteria_set(
        actions.create_criteria_set(default_criteria(), acting_user=None), acting_user=None
    )
    vkfta = make_commitment()
    make_task(vkfta, due_on="2026-03-31", status=Task.Status.COMPLETED)
    make_task(vkfta, due_on="2026-04-30", title="Xây dựng, ban hành thông tư hướng dẫn")
    cycle = make_cycle("bct")
    open_reports(cycle)
    reads = []
    original = actions._placed_rows

    def placed_rows(formula, *args):
        reads.append(threading.current_thread().name)
        return original(formula, *args)

    with transaction.atomic():  # the caller's transaction: read in one
        assert not actions._may_read_aside()
        actions.compute_scorecards(approved, cycle, acting_user=None, today=TODAY)
    in_one = _figures(approved, cycle)
    Scorecard.objects.filter(cycle=cycle).delete()
    assert actions._may_read_aside()
    with mock.patch.object(actions, "_placed_rows", placed_rows):
        actions.compute_scorecards(approved, cycle, acting_user=None, today=TODAY)
    assert reads and all(name.startswith("scoring-reads") for name in reads)
    assert _figures(approved, cycle) == in_one
    assert in_one  # the world above is scored


def test_a_task_serving_two_commitments_of_one_partner_counts_once_for_that_partner(
    approved, vkfta
):
    """Each commitment counts the task; its partner, sector and agency count it once."""
    from camket.conftest import make_commitment
    from camket.obligations.actions import ObligationData, TaskData, create_obligation, create_task

    other = make_commitment("vn/treaty/2020/kor-mou", short_name="MOU Hàn Quốc")  # Korea, trade
    obligations = [
        create_obligation(
            ObligationData(commitment=c.pk, text=text, modality="shall"), acting_user=None
        ).pk
        for c, text in ((vkfta, "Các Bên công bố thông tin."), (other, "Các Bên trao đổi số liệu."))
    ]
    plan = make_task(vkfta, due_on="2026-03-31").plan
    task = create_task(
        TaskData(
            plan=plan.pk,
            title="Công bố số liệu thương mại song phương",
            lead_agency="bct",
            due_on=D("2026-04-30"),
            obligations=obligations,
        ),
        acting_user=None,
    )
    cycle = make_cycle("bct")
    actions.compute_scorecards(approved, cycle, acting_user=None, today=TODAY)
    keys = {
        Subject.COMMITMENT: [vkfta.pk, other.pk],
        Subject.PARTNER: list(vkfta.partners.values_list("pk", flat=True)),
        Subject.SECTOR: list(vkfta.sectors.values_list("pk", flat=True)),
        Subject.AGENCY: [vkfta.lead_agency_id],
    }
    for subject, subject_keys in keys.items():
        for key in subject_keys:
            cards = Score.objects.filter(
                scorecard__cycle=cycle,
                scorecard__subject=subject,
                scorecard__subject_key=str(key),
                formula="tasks_on_time",
            )
            (counted,) = [score.counted for score in cards]
            assert counted.count(task.pk) == 1, (subject, key, counted)
