"""Data migration 0003: each score's input rows move into one shared ``ScoreInput``."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("scoring", "0002_score_inputs_once_per_cycle")]
MOVED = [("scoring", "0004_drop_per_score_inputs")]
LATEST = [("scoring", "0006_provenance_as_text_lz4")]

# Two tasks due in the cycle (one done in time, one late), a third not due yet: rows of
# ``lawcore.scoring.DueRow`` as ``row_values`` wrote them.
DONE = [11, "2026-03-31", "2026-03-20", False]
LATE = [12, "2026-04-30", None, False]
LATER = [13, "2026-09-30", None, False]
PARAMS = {"today": "2026-07-20"}


def _old_world(apps):
    """Scorecards as the code before 0002 wrote them: every score with its own input rows."""
    Cycle = apps.get_model("monitoring", "ReportingCycle")
    CriteriaSet = apps.get_model("scoring", "CriteriaSet")
    Criterion = apps.get_model("scoring", "Criterion")
    Scorecard = apps.get_model("scoring", "Scorecard")
    Score = apps.get_model("scoring", "Score")
    cycle = Cycle.objects.create(
        title="6 tháng đầu năm 2026",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 6, 30),
        due_on=dt.date(2026, 7, 15),
    )
    criteria_set = CriteriaSet.objects.create(code="thu", title_vi="Bộ tiêu chí thử")
    now = timezone.now()
    scores = {}
    for subject, key, rows in (
        ("partner", "1", [DONE, LATE, LATER]),
        ("sector", "2", [DONE, LATE]),
    ):
        criterion = Criterion.objects.create(
            criteria_set=criteria_set,
            code="nhiem-vu-dung-han",
            name_vi="Nhiệm vụ hoàn thành đúng hạn",
            subject=subject,
            method="computed",
            formula="tasks_on_time",
            target=90,
        )
        card = Scorecard.objects.create(
            criteria_set=criteria_set,
            cycle=cycle,
            subject=subject,
            subject_key=key,
            label=f"Chủ thể {key}",
            computed_on=dt.date(2026, 7, 20),
            computed_at=now,
        )
        scores[subject] = Score.objects.create(
            scorecard=card,
            criterion=criterion,
            value=50.0,
            normalised=55.6,
            numerator=1,
            denominator=2,
            formula="tasks_on_time",
            formula_version=1,
            row_type="DueRow",
            inputs=rows,
            counted=[11, 12],
            met=[11],
            params=PARAMS,
        )
    return {s: score.pk for s, score in scores.items()}


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_rows_move_to_one_shared_input_and_back_and_the_move_is_idempotent():
    old_apps = _migrate(BEFORE)
    pks = _old_world(old_apps)

    _migrate(MOVED)
    Score = _migrate(BEFORE).get_model("scoring", "Score")  # back: each score gets its rows...
    back = {s: Score.objects.get(pk=pk) for s, pk in pks.items()}
    assert [r[0] for r in back["partner"].inputs] == [11, 12, 13]
    assert [r[0] for r in back["sector"].inputs] == [11, 12]
    assert back["partner"].params == PARAMS
    _migrate(MOVED)  # ...and forth again: still one shared copy

    from camket.evaluation.scoring.actions import recompute_from_provenance
    from camket.evaluation.scoring.models import Score, ScoreInput

    sources = list(ScoreInput.objects.all())
    assert len(sources) == 1
    assert sources[0].row_values() == {11: DONE, 12: LATE, 13: LATER}
    assert (sources[0].formula, sources[0].row_count, sources[0].params) == (
        "tasks_on_time",
        3,
        PARAMS,
    )
    partner, sector = (Score.objects.get(pk=pks[s]) for s in ("partner", "sector"))
    assert partner.source_id == sector.source_id == sources[0].pk
    assert (partner.skipped, sector.skipped) == ([13], [])
    for score in (partner, sector):
        again = recompute_from_provenance(score)
        assert (again.numerator, again.denominator, list(again.counted), list(again.met)) == (
            1,
            2,
            [11, 12],
            [11],
        )
    _migrate(LATEST)


@pytest.mark.django_db(transaction=True)
def test_id_lists_keep_their_values_as_text_and_back():
    """0006 stores a score's id lists as JSON text (lz4 on PostgreSQL): the lists read the
    same after it, after going back to JSON and after coming forward again."""
    old_apps = _migrate(BEFORE)
    pks = _old_world(old_apps)
    _migrate(LATEST)
    from camket.evaluation.scoring.models import Score

    def lists():
        return {
            s: (score.counted, score.met, score.skipped)
            for s, score in ((s, Score.objects.get(pk=pk)) for s, pk in pks.items())
        }

    expected = {"partner": ([11, 12], [11], [13]), "sector": ([11, 12], [11], [])}
    assert lists() == expected
    Json = _migrate(MOVED).get_model("scoring", "Score")
    assert Json.objects.get(pk=pks["partner"]).counted == [11, 12]
    _migrate(LATEST)
    assert lists() == expected
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT atttypid::regtype::text FROM pg_attribute "
                "WHERE attrelid = 'scoring_score'::regclass AND attname = 'counted'"
            )
            assert cursor.fetchone()[0] == "text"
