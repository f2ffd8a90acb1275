"""Score formulas of the criteria sets ("bộ tiêu chí đánh giá hiệu quả thực hiện"), pure Python.

Every formula takes plain rows (dataclasses of ids, dates and amounts) and returns a
:class:`Result`: the value in percent, its numerator and denominator, the ids it counted (so a
figure links to its records) and the formula's name and version. Nothing here imports Django:
``camket.evaluation.scoring.adapters`` turns CamKet's records into these rows.

No formula counts signatures: a commitment signed is not a commitment implemented
(issue 13, "quality over quantity"). A change of definition bumps the formula's version, and a
stored score keeps the version it was computed with (docs/decisions/0015-scoring.md).

Public API for other parts (announced to the reviews engineer, issue 13 item 4):
``compute(name, rows, today=..., **params)``, :data:`FORMULAS`, the ``*Row`` dataclasses,
:func:`weighted_total`, :func:`normalise`, :func:`rated_percent`, :func:`indicator_status`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from decimal import Decimal
from functools import partial
from itertools import chain
from operator import attrgetter

import numpy as np

# Results


@dataclass(frozen=True)
class Result:
    """What a formula found: ``value`` = 100 × numerator ÷ denominator (one decimal), or None
    when nothing could be counted (no rate rather than a misleading 0 % or 100 %).

    ``counted`` holds the ids in the denominator, ``met`` those in the numerator.
    """

    formula: str
    version: int
    numerator: float
    denominator: float
    counted: tuple = ()
    met: tuple = ()

    @property
    def value(self) -> float | None:
        if not self.denominator:
            return None
        return round(100 * float(self.numerator) / float(self.denominator), 1)

    def as_dict(self) -> dict:
        return {
            "formula": self.formula,
            "version": self.version,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "value": self.value,
            "counted": list(self.counted),
            "met": list(self.met),
        }


# Input rows (one per record counted)


@dataclass(frozen=True)
class DueRow:
    """Something due on ``due_on`` and done (submitted, completed, answered) on ``done_on``."""

    id: int
    due_on: dt.date | None
    done_on: dt.date | None = None
    cancelled: bool = False


@dataclass(frozen=True)
class CoverageRow:
    """An obligation of Viet Nam and how many tasks serve it."""

    id: int
    tasks: int = 0


@dataclass(frozen=True)
class GapRow:
    """A confirmed gap or conflict with domestic law; ``closed_on`` when the law was changed."""

    id: int
    closed_on: dt.date | None = None


@dataclass(frozen=True)
class PlanRow:
    """A commitment in force since ``in_force_on``; ``plan_on`` the date of its first plan."""

    id: int
    in_force_on: dt.date
    plan_on: dt.date | None = None


@dataclass(frozen=True)
class FundingRow:
    """A funding line: planned (pledged) and disbursed amounts, in VND."""

    id: int
    planned: Decimal
    disbursed: Decimal = Decimal(0)


@dataclass(frozen=True)
class FeasibilityRow:
    """An obligation with the feasibility category given at signing and its expected date.

    ``due_on`` is the date its category promised (category A: at entry into force; B: after
    the transition period; C: once assistance arrives); ``done_on`` when it was implemented.
    """

    id: int
    category: str
    due_on: dt.date | None
    done_on: dt.date | None = None


ROW_TYPES: dict[str, type] = {
    cls.__name__: cls for cls in (DueRow, CoverageRow, GapRow, PlanRow, FundingRow, FeasibilityRow)
}


def _field_kinds(cls) -> tuple[tuple[str, str], ...]:
    """(name, "date" | "decimal" | "plain") of each field of a row type, in order."""
    kinds = []
    for f in fields(cls):
        text = str(f.type)
        kind = "date" if "date" in text else "decimal" if "Decimal" in text else "plain"
        kinds.append((f.name, kind))
    return tuple(kinds)


FIELD_KINDS = {name: _field_kinds(cls) for name, cls in ROW_TYPES.items()}


def row_values(row) -> list:
    """``row`` as a compact JSON-safe list (dates ISO, amounts as strings), in field order: the
    provenance a stored score keeps, read back by :func:`row_from_values`."""
    values = []
    for name, kind in FIELD_KINDS[type(row).__name__]:
        value = getattr(row, name)
        if value is not None and kind == "date":
            value = value.isoformat()
        elif value is not None and kind == "decimal":
            value = str(value)
        values.append(value)
    return values


def row_from_values(kind: str, values: list):
    """The row of type ``kind`` that :func:`row_values` wrote."""
    parsed = []
    for (_name, field_kind), value in zip(FIELD_KINDS[kind], values, strict=True):
        if value is not None and field_kind == "date":
            value = dt.date.fromisoformat(value)
        elif value is not None and field_kind == "decimal":
            value = Decimal(value)
        parsed.append(value)
    return ROW_TYPES[kind](*parsed)


def rows_values(rows: Sequence) -> list[tuple]:
    """:func:`row_values` of many rows of one type (as tuples), column by column (a national
    cycle stores about a million rows: one pass per field instead of one call per row; each
    distinct date is written once, a cycle's rows share a few hundred).

    ``ValueError`` when the rows are not all of one row type.
    """
    if not rows:
        return []
    kind = type(rows[0])
    if any(type(row) is not kind for row in rows):
        raise ValueError("rows of several types")
    columns = []
    for name, field_kind in FIELD_KINDS[kind.__name__]:
        column = list(map(attrgetter(name), rows))
        if field_kind == "date":
            text = {value: value.isoformat() for value in set(column) if value is not None}
            column = list(map(text.get, column))
        elif field_kind == "decimal":  # not through a dict: Decimal("1.0") == Decimal("1")
            column = [None if v is None else str(v) for v in column]
        columns.append(column)
    return list(zip(*columns, strict=True))


# Formulas

# A row's standing under a counting formula (every formula but the budget's): read but not
# counted, counted (in the denominator), or counted and met (in the numerator too). Each
# formula judges a row by itself alone, so one judgement serves every group the row is in
# (:func:`compute_groups`).
SKIPPED, COUNTED, MET = 0, 1, 2


def _count(name: str, version: int, rows: Iterable, standing, **params) -> Result:
    counted, met = [], []
    for row in rows:
        judged = standing(row, **params)
        if judged:
            counted.append(row.id)
            if judged == MET:
                met.append(row.id)
    return Result(name, version, len(met), len(counted), tuple(counted), tuple(met))


def _due_standing(row, *, today: dt.date) -> int:
    """Shared rule of the on-time formulas.

    Counted: items not cancelled, with a due date, that were done or whose due date has passed
    (an item not yet due and not yet done cannot be late yet). Met: done on or before the due
    date.
    """
    if getattr(row, "cancelled", False) or row.due_on is None:
        return SKIPPED
    if row.done_on is None:
        return SKIPPED if row.due_on >= today else COUNTED
    return MET if row.done_on <= row.due_on else COUNTED


def reports_on_time(rows: Iterable[DueRow], *, today: dt.date) -> Result:
    """Progress reports submitted by their due date, in percent.

    reports_on_time = 100 × (reports first submitted on or before their due date)
                         / (reports submitted, plus reports whose due date has passed)

    The first submission counts (a report returned and resubmitted keeps it), as in
    ``camket.monitoring.formulas.on_time_rate`` (decision 0004). Example: 3 reports due,
    2 submitted on time, 1 missing → 66.7.
    """
    return _count("reports_on_time", 1, rows, _due_standing, today=today)


def tasks_on_time(rows: Iterable[DueRow], *, today: dt.date) -> Result:
    """Tasks completed by their due date, in percent.

    tasks_on_time = 100 × (tasks completed on or before their due date)
                       / (tasks completed, plus open tasks whose due date has passed)

    A cancelled task or one without a due date is not counted. The completion date is the
    first submission of a report saying "completed" (see the adapter). Example: 4 tasks, one
    done early, one done late, one open and overdue, one not due yet → 1 ÷ 3 = 33.3.
    """
    return _count("tasks_on_time", 1, rows, _due_standing, today=today)


def legislative_actions_on_time(rows: Iterable[DueRow], *, today: dt.date) -> Result:
    """Legislative actions done by their deadline, in percent (same rule as the tasks).

    The date done is the issue date of the resulting legal document. Example: 2 actions past
    their deadline, one done in time → 50.0.
    """
    return _count("legislative_actions_on_time", 1, rows, _due_standing, today=today)


def feedback_answered_on_time(rows: Iterable[DueRow], *, today: dt.date) -> Result:
    """Feedback ("góp ý, phản ánh") answered within its deadline, in percent (same rule)."""
    return _count("feedback_answered_on_time", 1, rows, _due_standing, today=today)


def _coverage_standing(row: CoverageRow, *, today=None) -> int:
    return MET if row.tasks > 0 else COUNTED


def obligations_covered(rows: Iterable[CoverageRow], *, today: dt.date | None = None) -> Result:
    """Share of Viet Nam's obligations served by at least one task, in percent.

    obligations_covered = 100 × (obligations of Viet Nam with ≥ 1 task) / (obligations of
    Viet Nam). Example: 4 obligations, 3 with a task → 75.0.
    """
    return _count("obligations_covered", 1, rows, _coverage_standing)


def _gap_standing(row: GapRow, *, today: dt.date) -> int:
    return MET if row.closed_on is not None and row.closed_on <= today else COUNTED


def gaps_closed(rows: Iterable[GapRow], *, today: dt.date) -> Result:
    """Share of confirmed compatibility gaps and conflicts closed by a change of law, in percent.

    gaps_closed = 100 × (gaps closed on or before ``today``) / (confirmed gaps and conflicts).
    Example: 5 gaps, 2 closed → 40.0.
    """
    return _count("gaps_closed", 1, rows, _gap_standing, today=today)


# Law 108/2016/QH13 on treaties, art. 76(2): the proposing agency submits the implementation
# plan to the Prime Minister "within 15 days of receiving MOFA's notice that the treaty has
# entered into force" (text: ../shared/data/vn-laws/texts/Luat-dieu-uoc-quoc-te-2016-303284.txt).
PLAN_DAYS = 15


def _plan_standing(row: PlanRow, *, today: dt.date, allowed_days: int = PLAN_DAYS) -> int:
    limit = row.in_force_on + dt.timedelta(days=allowed_days)
    if row.plan_on is None:
        return SKIPPED if limit >= today else COUNTED
    return MET if row.plan_on <= limit else COUNTED


def plan_in_time(
    rows: Iterable[PlanRow], *, today: dt.date, allowed_days: int = PLAN_DAYS
) -> Result:
    """Commitments whose implementation plan came within the legal time, in percent.

    plan_in_time = 100 × (commitments with a plan dated ≤ entry into force + allowed_days)
                      / (commitments with a plan, plus those whose allowed time has run out)

    CamKet does not record the date of MOFA's notice, so the clock starts at entry into force
    (the earliest the notice can be); the plan's date is that of its instrument. Example:
    in force 01/01, plan 10/01 → on time; plan 20/01 → late (15 days).
    """
    return _count("plan_in_time", 1, rows, _plan_standing, today=today, allowed_days=allowed_days)


def budget_absorption(rows: Iterable[FundingRow], *, today: dt.date | None = None) -> Result:
    """Budget absorption ("tỷ lệ giải ngân"): disbursed ÷ planned over the funding lines, in %.

    budget_absorption = 100 × Σ disbursed / Σ planned, over lines with a planned amount > 0.
    Example: planned 100 and 300, disbursed 50 and 150 → 50.0.
    """
    counted, met = [], []
    planned = disbursed = Decimal(0)
    for row in rows:
        if row.planned <= 0:
            continue
        counted.append(row.id)
        planned += row.planned
        disbursed += row.disbursed
        if row.disbursed >= row.planned:
            met.append(row.id)
    return Result(
        "budget_absorption", 1, float(disbursed), float(planned), tuple(counted), tuple(met)
    )


def feasibility_progress(rows: Iterable[FeasibilityRow], *, today: dt.date) -> Result:
    """Obligations implemented by the date their feasibility category promised, in percent.

    Same rule as :func:`tasks_on_time`, over obligations with a category; an obligation
    without a promised date (category C awaiting assistance) is not counted yet.
    """
    return _count("feasibility_progress", 1, rows, _due_standing, today=today)


@dataclass(frozen=True)
class Formula:
    name: str
    function: Callable[..., Result]
    row_type: type
    version: int
    standing: Callable[..., int] | None = None  # a counting formula's judgement of one row


FORMULAS: dict[str, Formula] = {
    f.__name__: Formula(f.__name__, f, row_type, 1, standing)
    for f, row_type, standing in (
        (reports_on_time, DueRow, _due_standing),
        (tasks_on_time, DueRow, _due_standing),
        (obligations_covered, CoverageRow, _coverage_standing),
        (gaps_closed, GapRow, _gap_standing),
        (legislative_actions_on_time, DueRow, _due_standing),
        (plan_in_time, PlanRow, _plan_standing),
        (budget_absorption, FundingRow, None),
        (feedback_answered_on_time, DueRow, _due_standing),
        (feasibility_progress, FeasibilityRow, _due_standing),
    )
}


def compute(name: str, rows: Iterable, *, today: dt.date, **params) -> Result:
    """Run the formula ``name`` over ``rows``; ``KeyError`` for an unknown name."""
    return FORMULAS[name].function(list(rows), today=today, **params)


def compute_groups(
    name: str, rows: Sequence, groups: Mapping, *, today: dt.date, **params
) -> Iterator[tuple[object, Result, Sequence[int]]]:
    """(key, result, skipped) for each ``key: indexes`` of ``groups``: the formula over the
    rows of ``rows`` at those indexes, and the ids of those rows it read but did not count.

    The same results as :func:`compute` on each group; a counting formula judges each row
    once, however many groups hold it (a national cycle places a row in about five). Its ids
    (``counted``, ``met``, skipped) come as NumPy integer arrays rather than tuples: a national
    cycle places some four million rows in groups, and every group's ids are taken in three
    whole-array steps, not row by row.
    """
    spec = FORMULAS[name]
    if spec.standing is None:
        ids = [row.id for row in rows]
        for key, indexes in groups.items():
            result = spec.function([rows[i] for i in indexes], today=today, **params)
            counted = set(result.counted)
            skipped = tuple(ids[i] for i in indexes if ids[i] not in counted)
            yield key, result, skipped
        return
    judge = partial(spec.standing, today=today, **params)
    standing = np.array(list(map(judge, rows)), dtype=np.int8)
    ids = np.array([row.id for row in rows], dtype=np.int64)
    if len(ids) and ids.min() >= INT32.min and ids.max() <= INT32.max:
        ids = ids.astype(np.int32)
    sizes = np.fromiter(map(len, groups.values()), dtype=np.int64, count=len(groups))
    ends = np.cumsum(sizes)
    total = int(ends[-1]) if len(ends) else 0
    placed = np.fromiter(chain.from_iterable(groups.values()), dtype=np.int64, count=total)
    placed_ids, placed_standing = ids[placed], standing[placed]
    version = spec.version

    def picked(mask):  # the ids of each group where ``mask`` holds, as slices of one array
        before = np.concatenate(([0], np.cumsum(mask)))
        return placed_ids[mask], before[ends - sizes].tolist(), before[ends].tolist()

    counted, c_from, c_to = picked(placed_standing != SKIPPED)
    met, m_from, m_to = picked(placed_standing == MET)
    skipped, s_from, s_to = picked(placed_standing == SKIPPED)
    for g, key in enumerate(groups):
        result = Result(
            name,
            version,
            m_to[g] - m_from[g],
            c_to[g] - c_from[g],
            counted[c_from[g] : c_to[g]],
            met[m_from[g] : m_to[g]],
        )
        yield key, result, skipped[s_from[g] : s_to[g]]


INT32 = np.iinfo(np.int32)


# From values to scores


def normalise(value: float | None, target: float | None, *, higher_is_better: bool = True):
    """A criterion's value as a score from 0 to 100 against its target.

    Higher is better: min(100, 100 × value ÷ target). Lower is better: 100 at or below the
    target, falling linearly to 0 at twice the target. None when there is no value.
    Example: value 45 %, target 90 % → 50.0.
    """
    if value is None:
        return None
    if not target:
        return round(max(0.0, min(100.0, value)), 1)
    if higher_is_better:
        return round(max(0.0, min(100.0, 100 * value / target)), 1)
    if value <= target:
        return 100.0
    return round(max(0.0, 100 * (2 - value / target)), 1)


def rated_percent(rating: float | None, scale_min: int, scale_max: int) -> float | None:
    """A rating on a ``scale_min``–``scale_max`` scale as 0–100. Example: 4 on 1–5 → 75.0."""
    if rating is None:
        return None
    if scale_max <= scale_min:
        raise ValueError("empty scale")
    return round(100 * (rating - scale_min) / (scale_max - scale_min), 1)


def weighted_total(items: Iterable[tuple[float, float | None]]) -> float | None:
    """Weighted mean of the scores that exist: Σ wᵢ·sᵢ ÷ Σ wᵢ over criteria with a score.

    A criterion without a score (nothing to count) is left out and the others' weights are
    rescaled, so a missing figure neither helps nor hurts. Example: (2, 50), (1, 80), (1, None)
    → (100 + 80) ÷ 3 = 60.0.
    """
    total = weights = 0.0
    for weight, score in items:
        if score is None or weight <= 0:
            continue
        total += weight * score
        weights += weight
    if not weights:
        return None
    return round(total / weights, 1)


# Indicators

ON_TRACK, MODERATE, OFF_TRACK, WORSENING = "on_track", "moderate", "off_track", "worsening"


@dataclass(frozen=True)
class IndicatorStatus:
    status: str | None
    ratio: float | None
    expected: float | None
    explanation: dict = field(default_factory=dict)


def indicator_status(
    *,
    baseline: float,
    baseline_year: int,
    target: float,
    target_year: int,
    actual: float,
    year: int,
    higher_is_better: bool = True,
) -> IndicatorStatus:
    """Status of an indicator, after the progress status of Open SDG (decision 0015).

    The expected value in ``year`` lies on the straight line from the baseline to the target;
    ratio = (actual − baseline) ÷ (expected − baseline), so 1.0 is exactly on the line:
    target reached or ratio ≥ 0.95 → on track; ≥ 0.5 → moderate; ≥ 0 → off track;
    < 0 (moved away from the target) → worsening. Example: baseline 100 (2020), target 200
    (2030), actual 130 in 2025: expected 150, ratio 30 ÷ 50 = 0.6 → moderate.
    """
    sign = 1 if higher_is_better else -1
    reached = sign * (actual - target) >= 0
    span = max(1, target_year - baseline_year)
    elapsed = min(max(year - baseline_year, 0), span)
    expected = baseline + (target - baseline) * elapsed / span
    explanation = {"expected": round(expected, 4), "elapsed_years": elapsed, "span_years": span}
    if reached:
        return IndicatorStatus(ON_TRACK, None, expected, {**explanation, "target_reached": True})
    needed = expected - baseline
    moved = actual - baseline
    if sign * moved < 0:
        return IndicatorStatus(WORSENING, None, expected, explanation)
    if needed == 0:  # at the baseline year nothing is expected yet
        return IndicatorStatus(ON_TRACK, None, expected, explanation)
    ratio = round(moved / needed, 3)
    if ratio >= 0.95:
        status = ON_TRACK
    elif ratio >= 0.5:
        status = MODERATE
    else:
        status = OFF_TRACK
    return IndicatorStatus(status, ratio, expected, explanation)
