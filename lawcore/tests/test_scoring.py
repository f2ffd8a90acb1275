"""Score formulas against hand-computed expectations (issue 13, decision 0015)."""

import datetime as dt
import json
from decimal import Decimal

import pytest

from lawcore import scoring
from lawcore.scoring import (
    CoverageRow,
    DueRow,
    FeasibilityRow,
    FundingRow,
    GapRow,
    PlanRow,
)

TODAY = dt.date(2026, 7, 20)
D = dt.date


def test_reports_on_time_counts_due_or_submitted_and_lists_ids():
    rows = [
        DueRow(1, D(2026, 7, 15), D(2026, 7, 15)),  # on the day: on time
        DueRow(2, D(2026, 7, 15), D(2026, 7, 16)),  # a day late
        DueRow(3, D(2026, 7, 15), None),  # missing after its due date
        DueRow(4, D(2026, 8, 15), None),  # not due yet: not counted
        DueRow(5, D(2026, 8, 15), D(2026, 7, 1)),  # submitted early: counted, on time
    ]
    result = scoring.reports_on_time(rows, today=TODAY)
    assert (result.numerator, result.denominator) == (2, 4)
    assert result.value == 50.0
    assert result.counted == (1, 2, 3, 5)
    assert result.met == (1, 5)
    assert (result.formula, result.version) == ("reports_on_time", 1)


def test_tasks_on_time_leaves_out_cancelled_and_undated_tasks():
    rows = [
        DueRow(1, D(2026, 3, 31), D(2026, 3, 1)),
        DueRow(2, D(2026, 3, 31), D(2026, 4, 2)),
        DueRow(3, D(2026, 3, 31), None),
        DueRow(4, D(2026, 12, 31), None),
        DueRow(5, D(2026, 3, 31), None, cancelled=True),
        DueRow(6, None, D(2026, 3, 1)),
    ]
    result = scoring.tasks_on_time(rows, today=TODAY)
    assert result.value == 33.3
    assert result.counted == (1, 2, 3)


def test_nothing_due_gives_no_value_rather_than_zero():
    result = scoring.tasks_on_time([DueRow(1, D(2027, 1, 1))], today=TODAY)
    assert result.denominator == 0
    assert result.value is None


def test_obligations_covered_share():
    rows = [CoverageRow(1, 2), CoverageRow(2, 0), CoverageRow(3, 1), CoverageRow(4, 1)]
    result = scoring.obligations_covered(rows)
    assert result.value == 75.0
    assert result.met == (1, 3, 4)


def test_gaps_closed_counts_only_closures_up_to_today():
    rows = [GapRow(1, D(2026, 1, 1)), GapRow(2), GapRow(3, D(2026, 12, 1)), GapRow(4), GapRow(5)]
    result = scoring.gaps_closed(rows, today=TODAY)
    assert (result.numerator, result.denominator, result.value) == (1, 5, 20.0)


def test_legislative_actions_on_time():
    rows = [DueRow(1, D(2026, 6, 30), D(2026, 6, 1)), DueRow(2, D(2026, 6, 30))]
    assert scoring.legislative_actions_on_time(rows, today=TODAY).value == 50.0


def test_plan_in_time_uses_the_fifteen_days_of_law_108_article_76():
    rows = [
        PlanRow(1, D(2026, 1, 1), D(2026, 1, 16)),  # day 15: in time
        PlanRow(2, D(2026, 1, 1), D(2026, 1, 17)),  # day 16: late
        PlanRow(3, D(2026, 1, 1), None),  # time run out, no plan: late
        PlanRow(4, D(2026, 7, 10), None),  # still within 15 days: not counted
    ]
    result = scoring.plan_in_time(rows, today=TODAY)
    assert scoring.PLAN_DAYS == 15
    assert (result.numerator, result.denominator) == (1, 3)
    assert result.counted == (1, 2, 3)
    assert scoring.plan_in_time(rows, today=TODAY, allowed_days=30).numerator == 2


def test_budget_absorption_is_disbursed_over_planned_in_money():
    rows = [
        FundingRow(1, Decimal(100), Decimal(50)),
        FundingRow(2, Decimal(300), Decimal(150)),
        FundingRow(3, Decimal(0), Decimal(10)),  # nothing planned: left out
    ]
    result = scoring.budget_absorption(rows)
    assert result.value == 50.0
    assert (result.numerator, result.denominator) == (200.0, 400.0)
    assert result.counted == (1, 2)


def test_feedback_answered_on_time():
    rows = [DueRow(1, D(2026, 7, 1), D(2026, 6, 30)), DueRow(2, D(2026, 7, 1), D(2026, 7, 3))]
    assert scoring.feedback_answered_on_time(rows, today=TODAY).value == 50.0


def test_feasibility_progress_skips_obligations_without_a_promised_date():
    rows = [
        FeasibilityRow(1, "A", D(2026, 1, 1), D(2026, 1, 1)),
        FeasibilityRow(2, "B", D(2026, 6, 1), None),
        FeasibilityRow(3, "C", None, None),
    ]
    result = scoring.feasibility_progress(rows, today=TODAY)
    assert result.counted == (1, 2)
    assert result.value == 50.0


def test_every_formula_is_registered_and_none_counts_signatures():
    assert set(scoring.FORMULAS) == {
        "reports_on_time",
        "tasks_on_time",
        "obligations_covered",
        "gaps_closed",
        "legislative_actions_on_time",
        "plan_in_time",
        "budget_absorption",
        "feedback_answered_on_time",
        "feasibility_progress",
    }
    assert not any("sign" in name for name in scoring.FORMULAS)


@pytest.mark.parametrize("name", sorted(scoring.FORMULAS))
def test_rows_survive_the_provenance_round_trip(name):
    formula = scoring.FORMULAS[name]
    samples = {
        DueRow: DueRow(7, D(2026, 1, 2), D(2026, 1, 1)),
        CoverageRow: CoverageRow(7, 3),
        GapRow: GapRow(7, D(2026, 1, 1)),
        PlanRow: PlanRow(7, D(2026, 1, 1), D(2026, 1, 5)),
        FundingRow: FundingRow(7, Decimal("1000000"), Decimal("250000")),
        FeasibilityRow: FeasibilityRow(7, "B", D(2026, 1, 1), None),
    }
    row = samples[formula.row_type]
    stored = json.loads(json.dumps(scoring.row_values(row)))
    assert scoring.row_from_values(formula.row_type.__name__, stored) == row
    again = scoring.compute(
        name, [scoring.row_from_values(type(row).__name__, stored)], today=TODAY
    )
    assert again == scoring.compute(name, [row], today=TODAY)


def test_normalise_against_target():
    assert scoring.normalise(45, 90) == 50.0
    assert scoring.normalise(120, 90) == 100.0
    assert scoring.normalise(None, 90) is None
    assert scoring.normalise(10, 10, higher_is_better=False) == 100.0
    assert scoring.normalise(15, 10, higher_is_better=False) == 50.0
    assert scoring.normalise(30, 10, higher_is_better=False) == 0.0


def test_rated_percent_and_weighted_total():
    assert scoring.rated_percent(4, 1, 5) == 75.0
    assert scoring.weighted_total([(2, 50), (1, 80), (1, None)]) == 60.0
    assert scoring.weighted_total([(1, None)]) is None
    with pytest.raises(ValueError):
        scoring.rated_percent(1, 3, 3)


@pytest.mark.parametrize(
    ("actual", "expected_status"),
    [
        (200, "on_track"),
        (148, "on_track"),
        (130, "moderate"),
        (110, "off_track"),
        (90, "worsening"),
    ],
)
def test_indicator_status_like_open_sdg(actual, expected_status):
    status = scoring.indicator_status(
        baseline=100, baseline_year=2020, target=200, target_year=2030, actual=actual, year=2025
    )
    assert status.status == expected_status
    assert status.expected == 150


def test_indicator_status_when_lower_is_better():
    status = scoring.indicator_status(
        baseline=40,
        baseline_year=2020,
        target=20,
        target_year=2030,
        actual=35,
        year=2025,
        higher_is_better=False,
    )
    # expected 30, moved 5 of the 10 needed → ratio 0.5 → moderate
    assert (status.status, status.ratio) == ("moderate", 0.5)
    worse = scoring.indicator_status(
        baseline=40,
        baseline_year=2020,
        target=20,
        target_year=2030,
        actual=45,
        year=2025,
        higher_is_better=False,
    )
    assert worse.status == "worsening"


def _random_rows(kind: type, rng, n: int) -> list:
    """``n`` rows of ``kind`` with dates around TODAY, some missing, some cancelled."""

    def day():
        return None if rng.random() < 0.25 else TODAY + dt.timedelta(days=rng.randint(-60, 60))

    rows = []
    for pk in range(1, n + 1):
        if kind is DueRow:
            rows.append(DueRow(pk, day(), day(), cancelled=rng.random() < 0.1))
        elif kind is CoverageRow:
            rows.append(CoverageRow(pk, rng.choice([0, 0, 1, 3])))
        elif kind is GapRow:
            rows.append(GapRow(pk, day()))
        elif kind is PlanRow:
            rows.append(PlanRow(pk, day() or TODAY, day()))
        elif kind is FundingRow:
            rows.append(
                FundingRow(pk, Decimal(rng.choice([0, 100, 250])), Decimal(rng.randint(0, 300)))
            )
        else:
            rows.append(FeasibilityRow(pk, rng.choice("ABC"), day(), day()))
    return rows


@pytest.mark.parametrize("name", sorted(scoring.FORMULAS))
def test_grouped_results_equal_each_group_computed_alone(name):
    """Judging each row once for all its groups gives what each group alone gives: the same
    figures, the same counted and met ids in the same order, and the rows read but skipped."""
    import random

    rng = random.Random(name)
    spec = scoring.FORMULAS[name]
    rows = _random_rows(spec.row_type, rng, 200)
    groups = {key: sorted(rng.sample(range(200), rng.randint(0, 60))) for key in range(40)}
    grouped = list(scoring.compute_groups(name, rows, groups, today=TODAY))
    assert [key for key, _r, _s in grouped] == list(groups)
    for key, result, skipped in grouped:
        mine = [rows[i] for i in groups[key]]
        alone = scoring.compute(name, mine, today=TODAY)
        assert (result.formula, result.version) == (alone.formula, alone.version)
        assert (result.numerator, result.denominator) == (alone.numerator, alone.denominator)
        assert result.value == alone.value
        assert list(result.counted) == list(alone.counted)
        assert list(result.met) == list(alone.met)
        assert list(skipped) == [r.id for r in mine if r.id not in set(alone.counted)]
    assert any(result.denominator for _k, result, _s in grouped)
    assert any(len(skipped) for _k, _r, skipped in grouped) or spec.standing in (
        scoring._coverage_standing,
        scoring._gap_standing,
    )


def test_grouped_ids_keep_ids_beyond_32_bits_and_empty_groups():
    """Ids past 2³¹ stay whole; a group of no rows and a call without groups give nothing to
    count."""
    big = 2**31 + 5
    rows = [
        DueRow(big, TODAY - dt.timedelta(days=3), TODAY - dt.timedelta(days=4)),
        DueRow(big + 1, TODAY - dt.timedelta(days=3), None),
        DueRow(big + 2, TODAY + dt.timedelta(days=3), None),
    ]
    grouped = {
        key: (result, skipped)
        for key, result, skipped in scoring.compute_groups(
            "tasks_on_time", rows, {"all": [0, 1, 2], "none": []}, today=TODAY
        )
    }
    result, skipped = grouped["all"]
    assert list(result.counted) == [big, big + 1]
    assert list(result.met) == [big]
    assert list(skipped) == [big + 2]
    assert result.value == 50.0
    empty, nothing = grouped["none"]
    assert (empty.denominator, empty.value, len(empty.counted), len(nothing)) == (0, None, 0, 0)
    assert list(scoring.compute_groups("tasks_on_time", rows, {}, today=TODAY)) == []
    assert list(scoring.compute_groups("tasks_on_time", [], {}, today=TODAY)) == []


@pytest.mark.parametrize("name", sorted(scoring.FORMULAS))
def test_many_rows_are_written_as_each_row_alone(name):
    """``rows_values`` (column by column, each distinct date written once) writes what
    ``row_values`` writes row by row: dates, missing values, and amounts as typed."""
    import random

    spec = scoring.FORMULAS[name]
    rows = _random_rows(spec.row_type, random.Random(name), 300)
    if spec.row_type is FundingRow:  # equal amounts written differently stay different
        rows += [FundingRow(901, Decimal("1.0"), Decimal("1")), FundingRow(902, Decimal("1"), None)]
    together = json.loads(json.dumps(scoring.rows_values(rows)))
    assert together == [json.loads(json.dumps(scoring.row_values(row))) for row in rows]
    with pytest.raises(ValueError):
        scoring.rows_values([rows[0], object()])
