"""Writes of the scoring app: criteria sets, scorecards, ratings, indicators (one transaction and
an audit row each).

Public functions other parts may call (issue 13; the reviews part pre-fills its reviews):
``scores_for(subject, key, cycle)`` in ``camket.evaluation.scoring.queries``, and
``compute_scorecards`` / ``freeze_scorecards`` here.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from camket.agencies.models import Agency
from camket.agencies.permissions import is_coordinator, scope_of
from camket.audit.actions import record_audit, snapshot
from camket.evaluation.scoring import adapters
from camket.evaluation.scoring.models import (
    CriteriaSet,
    Criterion,
    Indicator,
    IndicatorValue,
    Score,
    Scorecard,
    Subject,
)
from camket.monitoring.models import ReportingCycle
from camket.registry.models import Commitment, Partner, Sector
from camket.versioning import claim_version
from lawcore import scoring

# Criteria sets


@dataclass(frozen=True)
class CriterionData:
    code: str
    name_vi: str
    subject: str
    method: str
    name_en: str = ""
    weight: Decimal = Decimal(1)
    direction: str = Criterion.Direction.HIGHER
    target: float | None = None
    formula: str = ""
    scale_min: int = 1
    scale_max: int = 5


@dataclass(frozen=True)
class CriteriaSetData:
    code: str
    title_vi: str
    title_en: str = ""
    basis: str = ""
    criteria: tuple[CriterionData, ...] = field(default_factory=tuple)


def _check_criterion(data: CriterionData) -> None:
    where = {"criterion": data.code}
    if data.subject not in Subject.values:
        raise ValidationError(_("Criterion %(criterion)s: unknown subject.") % where)
    if data.method == Criterion.Method.COMPUTED and data.formula not in scoring.FORMULAS:
        raise ValidationError(
            _("Criterion %(criterion)s: a computed criterion needs a known formula.") % where
        )
    if data.method == Criterion.Method.RATED and data.scale_max <= data.scale_min:
        raise ValidationError(
            _("Criterion %(criterion)s: the highest rating must exceed the lowest.") % where
        )
    if data.method not in Criterion.Method.values:
        raise ValidationError(_("Criterion %(criterion)s: unknown method.") % where)
    if data.weight <= 0:
        raise ValidationError(_("Criterion %(criterion)s: the weight must be positive.") % where)


def _add_criteria(criteria_set: CriteriaSet, criteria) -> None:
    seen = set()
    for position, data in enumerate(criteria):
        _check_criterion(data)
        if (data.subject, data.code) in seen:
            raise ValidationError(
                _("Criterion %(criterion)s appears twice for the same subject.")
                % {"criterion": data.code}
            )
        seen.add((data.subject, data.code))
        Criterion.objects.create(
            criteria_set=criteria_set,
            position=position,
            **{k: getattr(data, k) for k in CriterionData.__dataclass_fields__},
        )


@transaction.atomic
def create_criteria_set(data: CriteriaSetData, *, acting_user) -> CriteriaSet:
    """A new draft set (version 1, or the next number of ``data.code``) with its criteria."""
    if acting_user is not None and not is_coordinator(acting_user):
        raise PermissionDenied
    last = CriteriaSet.objects.filter(code=data.code).order_by("-number").first()
    criteria_set = CriteriaSet.objects.create(
        code=data.code,
        number=(last.number + 1) if last else 1,
        title_vi=data.title_vi,
        title_en=data.title_en,
        basis=data.basis,
        previous=last,
    )
    _add_criteria(criteria_set, data.criteria)
    record_audit(criteria_set, "criteria_set.created", acting_user, after=snapshot(criteria_set))
    return criteria_set


@transaction.atomic
def add_criterion(criteria_set: CriteriaSet, data: CriterionData, *, acting_user) -> Criterion:
    """Add a criterion to a draft set; an approved set is frozen."""
    if acting_user is not None and not is_coordinator(acting_user):
        raise PermissionDenied
    criteria_set = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
    if criteria_set.is_frozen:
        raise ValidationError(_("An approved criteria set cannot change: make a new version."))
    count = criteria_set.criteria.count()
    _add_criteria(criteria_set, [data])
    criterion = criteria_set.criteria.get(subject=data.subject, code=data.code)
    criterion.position = count
    criterion.save(update_fields=["position"])
    record_audit(criterion, "criterion.added", acting_user, after=snapshot(criterion))
    return criterion


@transaction.atomic
def approve_criteria_set(
    criteria_set: CriteriaSet, *, acting_user, version: int | None = None
) -> CriteriaSet:
    """Approve (and so freeze) a draft set."""
    if acting_user is not None and not is_coordinator(acting_user):
        raise PermissionDenied
    if criteria_set.is_frozen:
        raise ValidationError(_("This criteria set is already approved."))
    if not criteria_set.criteria.exists():
        raise ValidationError(_("A criteria set needs at least one criterion to be approved."))
    claim_version(criteria_set, version)
    criteria_set.status = CriteriaSet.Status.APPROVED
    criteria_set.approved_by = acting_user if acting_user else None
    criteria_set.approved_at = timezone.now()
    criteria_set.save(update_fields=["status", "approved_by", "approved_at", "version"])
    record_audit(criteria_set, "criteria_set.approved", acting_user)
    return criteria_set


def _criterion_data(criterion: Criterion) -> CriterionData:
    return CriterionData(**{k: getattr(criterion, k) for k in CriterionData.__dataclass_fields__})


def new_version(criteria_set: CriteriaSet, *, acting_user) -> CriteriaSet:
    """A draft copy of ``criteria_set`` under the next version number, to change and approve."""
    data = CriteriaSetData(
        code=criteria_set.code,
        title_vi=criteria_set.title_vi,
        title_en=criteria_set.title_en,
        basis=criteria_set.basis,
        criteria=tuple(_criterion_data(c) for c in criteria_set.criteria.all()),
    )
    return create_criteria_set(data, acting_user=acting_user)


# Scorecards


def _labels(subject: str, keys) -> dict[int, str]:
    model = {
        Subject.COMMITMENT: Commitment,
        Subject.AGENCY: Agency,
        Subject.PROVINCE: Agency,
        Subject.PARTNER: Partner,
        Subject.SECTOR: Sector,
    }[subject]
    field_name = "title_vi" if model is Commitment else "name_vi"
    return dict(model.objects.filter(pk__in=keys).values_list("pk", field_name))


class _Placement:
    """Which subjects of each kind a placed row belongs to."""

    def __init__(self):
        self.partners = defaultdict(set)
        self.sectors = defaultdict(set)
        for commitment_id, partner_id in Commitment.partners.through.objects.values_list(
            "commitment_id", "partner_id"
        ):
            self.partners[commitment_id].add(partner_id)
        for commitment_id, sector_id in Commitment.sectors.through.objects.values_list(
            "commitment_id", "sector_id"
        ):
            self.sectors[commitment_id].add(sector_id)
        self.provinces = set(
            Agency.objects.filter(kind=Agency.Kind.PROVINCE).values_list("pk", flat=True)
        )

    def keys(self, subject: str, placed: adapters.Placed):
        if subject == Subject.COMMITMENT:
            return {c for c in placed.commitments if c}
        if subject == Subject.AGENCY:
            return {a for a in placed.agencies if a}
        if subject == Subject.PROVINCE:
            return {a for a in placed.agencies if a in self.provinces}
        table = self.partners if subject == Subject.PARTNER else self.sectors
        return {k for c in placed.commitments for k in table.get(c, ())}


def _as_of(cycle: ReportingCycle, today: dt.date) -> dt.date:
    """Figures of an open cycle are as of today; of a closed one, as of its due date at latest."""
    return min(today, cycle.due_on) if cycle.is_closed else today


def _result_score(criterion: Criterion, result: scoring.Result, inputs, params) -> dict:
    return {
        "value": result.value,
        "normalised": scoring.normalise(
            result.value, criterion.target, higher_is_better=criterion.higher_is_better
        ),
        "numerator": result.numerator,
        "denominator": result.denominator,
        "formula": result.formula,
        "formula_version": result.version,
        "row_type": scoring.FORMULAS[criterion.formula].row_type.__name__,
        "inputs": inputs,
        "counted": list(result.counted),
        "met": list(result.met),
        "params": params,
    }


def _grouped_scores(criteria, cycle, as_of, placement) -> dict:
    """{(subject, key): {criterion_id: score fields}} for every computed criterion.

    Each formula's records are read once; each row is serialised once for the provenance of
    every subject that counts it.
    """
    by_formula: dict[str, list[Criterion]] = defaultdict(list)
    for criterion in criteria:
        if criterion.method == Criterion.Method.COMPUTED:
            by_formula[criterion.formula].append(criterion)
    needs_tasks = by_formula.keys() & {"reports_on_time", "tasks_on_time"}
    served = adapters.task_commitments() if needs_tasks else {}
    out: dict = defaultdict(dict)
    for formula, formula_criteria in by_formula.items():
        adapter = adapters.ADAPTERS.get(formula)
        if adapter is None:
            continue
        placed = adapter(cycle, as_of, served)
        serial = [scoring.row_values(item.row) for item in placed]
        params = {"today": as_of.isoformat()}
        for subject in {c.subject for c in formula_criteria}:
            groups: dict = defaultdict(list)
            for index, item in enumerate(placed):
                for key in placement.keys(subject, item):
                    groups[key].append(index)
            for key, indexes in groups.items():
                result = scoring.compute(formula, [placed[i].row for i in indexes], today=as_of)
                inputs = [serial[i] for i in indexes]
                for criterion in formula_criteria:
                    if criterion.subject == subject:
                        fields = _result_score(criterion, result, inputs, params)
                        out[(subject, key)][criterion.pk] = fields
    return out


@transaction.atomic
def compute_scorecards(
    criteria_set: CriteriaSet, cycle: ReportingCycle, *, acting_user, today: dt.date | None = None
) -> dict[str, int]:
    """Compute (or recompute) every scorecard of ``cycle`` under an approved ``criteria_set``.

    Frozen scorecards never change. Ratings already given are kept. A closed cycle's scorecards
    are frozen as soon as they are computed. Returns counts: created, updated, frozen (kept).
    """
    if acting_user is not None and not is_coordinator(acting_user):
        raise PermissionDenied
    if not criteria_set.is_frozen:
        raise ValidationError(_("Only an approved criteria set can be used to score."))
    today = today or timezone.localdate()
    as_of = _as_of(cycle, today)
    criteria = list(criteria_set.criteria.all())
    existing = {
        (s.subject, int(s.subject_key)): s
        for s in Scorecard.objects.filter(criteria_set=criteria_set, cycle=cycle)
    }
    frozen = {k for k, s in existing.items() if s.is_frozen}
    grouped = _grouped_scores(criteria, cycle, as_of, _Placement())
    subjects = (set(grouped) | set(existing)) - frozen
    ratings = _ratings([existing[k].pk for k in subjects if k in existing])
    now = timezone.now()
    stamp = {
        "computed_on": as_of,
        "computed_at": now,
        "is_frozen": cycle.is_closed,
        "frozen_at": now if cycle.is_closed else None,
    }
    labels = {
        subject: _labels(subject, [k for s, k in subjects if s == subject])
        for subject in Subject.values
    }
    new_cards, old_cards, renamed, scores = [], [], [], []
    for subject, key in sorted(subjects):
        card = existing.get((subject, key))
        if card is None:
            card = Scorecard(criteria_set=criteria_set, cycle=cycle, subject=subject, **stamp)
            card.subject_key = str(key)
            card.commitment_id = key if subject == Subject.COMMITMENT else None
            card.agency_id = key if subject in (Subject.AGENCY, Subject.PROVINCE) else None
            new_cards.append(card)
        else:
            old_cards.append(card)
        label = labels[subject].get(key, card.label)[:500]
        if card.pk and label != card.label:
            renamed.append(card)
        card.label = label
        parts = _card_scores(card, criteria, grouped.get((subject, key), {}))
        card.total = scoring.weighted_total(parts[0])  # ratings are added in _write_scores
        scores.append((card, parts, ratings))
    Scorecard.objects.bulk_create(new_cards, batch_size=2000)
    _update_cards(old_cards, renamed, stamp)
    _write_scores(scores)
    counts = {"created": len(new_cards), "updated": len(old_cards), "frozen": len(frozen)}
    record_audit(
        criteria_set,
        "scorecards.computed",
        acting_user,
        after={"cycle": cycle.pk, "as_of": as_of.isoformat(), **counts},
    )
    return counts


def _ratings(card_ids: list[int]) -> dict[tuple[int, int], Score]:
    """Ratings given on ``card_ids``, kept across a recomputation."""
    ratings = {}
    for chunk in range(0, len(card_ids), 5000):
        part = card_ids[chunk : chunk + 5000]
        for score in Score.objects.filter(scorecard_id__in=part, rating__isnull=False):
            ratings[(score.scorecard_id, score.criterion_id)] = score
    return ratings


def _card_scores(card, criteria, computed: dict) -> tuple[list, list]:
    """([(weight, score)], [(criterion, fields, or None for a rating)]) of one card."""
    items, rows = [], []
    for criterion in criteria:
        if criterion.subject != card.subject:
            continue
        if criterion.method == Criterion.Method.RATED:
            rows.append((criterion, None))
            continue
        fields = computed.get(criterion.pk)
        if fields is not None:
            rows.append((criterion, fields))
            items.append((float(criterion.weight), fields["normalised"]))
    return items, rows


def _update_cards(cards: list[Scorecard], renamed: list[Scorecard], stamp: dict) -> None:
    """One UPDATE for what every card shares; labels only where they changed."""
    ids = [c.pk for c in cards]
    for chunk in range(0, len(ids), 5000):
        Scorecard.objects.filter(pk__in=ids[chunk : chunk + 5000]).update(**stamp)
    if renamed:
        Scorecard.objects.bulk_update(renamed, ["label"], batch_size=500)


def _write_scores(scores: list) -> None:
    """Replace the computed scores of the cards, keep their ratings, and store their totals."""
    card_ids = [card.pk for card, _rows, _ratings in scores]
    for chunk in range(0, len(card_ids), 5000):
        Score.objects.filter(scorecard_id__in=card_ids[chunk : chunk + 5000]).delete()
    new, totals = [], []
    for card, (items, rows), ratings in scores:
        for criterion, fields in rows:
            if fields is not None:
                new.append(Score(scorecard=card, criterion=criterion, **fields))
                continue
            rated = ratings.get((card.pk, criterion.pk))
            if rated is not None:
                rated.pk = None
                rated.scorecard = card
                new.append(rated)
                items.append((float(criterion.weight), rated.normalised))
        card.total = scoring.weighted_total(items)
        totals.append((card.total, card.pk))
    Score.objects.bulk_create(new, batch_size=2000)
    table = connection.ops.quote_name(Scorecard._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET total = %s WHERE id = %s", totals)


@transaction.atomic
def freeze_scorecards(cycle: ReportingCycle, *, acting_user=None) -> int:
    """Freeze every scorecard of ``cycle`` (called when the cycle closes); return how many."""
    now = timezone.now()
    frozen = Scorecard.objects.filter(cycle=cycle, is_frozen=False).update(
        is_frozen=True, frozen_at=now
    )
    if frozen:
        record_audit(cycle, "scorecards.frozen", acting_user, after={"scorecards": frozen})
    return frozen


@transaction.atomic
def rate_score(
    scorecard: Scorecard, criterion: Criterion, *, rating: float, reason: str, acting_user
) -> Score:
    """Give a rated criterion its rating; a written reason is required; frozen cards refuse."""
    if not is_coordinator(acting_user):
        raise PermissionDenied
    scorecard = Scorecard.objects.select_for_update().get(pk=scorecard.pk)
    if scorecard.is_frozen:
        raise ValidationError(_("This scorecard is frozen: its reporting cycle is closed."))
    if criterion.method != Criterion.Method.RATED or criterion.subject != scorecard.subject:
        raise ValidationError(_("This criterion is not rated on this scorecard."))
    if not reason.strip():
        raise ValidationError({"reason": _("Write the reason for this rating.")})
    if not criterion.scale_min <= rating <= criterion.scale_max:
        raise ValidationError(
            {
                "rating": _("The rating must lie between %(low)s and %(high)s.")
                % {"low": criterion.scale_min, "high": criterion.scale_max}
            }
        )
    normalised = scoring.rated_percent(rating, criterion.scale_min, criterion.scale_max)
    score, _created = Score.objects.update_or_create(
        scorecard=scorecard,
        criterion=criterion,
        defaults={
            "rating": rating,
            "reason": reason.strip(),
            "rated_by": acting_user,
            "value": normalised,
            "normalised": normalised,
        },
    )
    items = [
        (float(s.criterion.weight), s.normalised)
        for s in scorecard.scores.select_related("criterion")
    ]
    scorecard.total = scoring.weighted_total(items)
    scorecard.save(update_fields=["total"])
    record_audit(score, "score.rated", acting_user, after={"rating": rating, "reason": reason})
    return score


def recompute_from_provenance(score: Score) -> scoring.Result:
    """Run the stored formula again over the stored rows and parameters of ``score``."""
    rows = [scoring.row_from_values(score.row_type, r) for r in score.inputs]
    params = dict(score.params)
    today = dt.date.fromisoformat(params.pop("today"))
    return scoring.compute(score.formula, rows, today=today, **params)


# Indicators


@dataclass(frozen=True)
class IndicatorData:
    code: str
    name_vi: str
    unit: str
    baseline: float
    baseline_year: int
    target: float
    target_year: int
    name_en: str = ""
    direction: str = Criterion.Direction.HIGHER
    source: str = ""
    is_sample: bool = False


def can_enter_indicators(user, commitment: Commitment) -> bool:
    """The lead agency's officers and leaders, and coordinators."""
    scope = scope_of(user)
    return scope.is_national or commitment.lead_agency_id in scope.editor_agency_ids


@transaction.atomic
def save_indicator(commitment: Commitment, data: IndicatorData, *, acting_user) -> Indicator:
    """Create the indicator ``data.code`` of ``commitment``, or update it (idempotent)."""
    if acting_user is not None and not can_enter_indicators(acting_user, commitment):
        raise PermissionDenied
    if data.target_year <= data.baseline_year:
        raise ValidationError({"target_year": _("The target year must follow the baseline year.")})
    for name in ("baseline", "target"):
        if not math.isfinite(getattr(data, name)):
            raise ValidationError({name: _("Enter a finite number.")})
    values = {k: getattr(data, k) for k in IndicatorData.__dataclass_fields__ if k != "code"}
    indicator, created = Indicator.objects.update_or_create(
        commitment=commitment, code=data.code, defaults=values
    )
    record_audit(
        indicator,
        "indicator.created" if created else "indicator.updated",
        acting_user,
        after=snapshot(indicator),
        subject=commitment,
    )
    return indicator


def _status_of(indicator: Indicator, actual: float, year: int) -> scoring.IndicatorStatus:
    return scoring.indicator_status(
        baseline=indicator.baseline,
        baseline_year=indicator.baseline_year,
        target=indicator.target,
        target_year=indicator.target_year,
        actual=actual,
        year=year,
        higher_is_better=indicator.direction == Criterion.Direction.HIGHER,
    )


@transaction.atomic
def record_indicator_value(
    indicator: Indicator, cycle: ReportingCycle, *, actual: float, acting_user, year=None
) -> tuple[IndicatorValue, str]:
    """Enter the actual value of ``indicator`` in ``cycle``; returns (value, "inserted" |
    "updated" | "unchanged"). The status follows ``lawcore.scoring.indicator_status``."""
    if acting_user is not None and not can_enter_indicators(acting_user, indicator.commitment):
        raise PermissionDenied
    if not math.isfinite(actual):
        raise ValidationError({"actual": _("Enter a finite number.")})
    year = year or cycle.ends_on.year
    status = _status_of(indicator, actual, year)
    value = IndicatorValue.objects.filter(indicator=indicator, cycle=cycle).first()
    if value and value.actual == actual and value.year == year:
        return value, "unchanged"
    outcome = "updated" if value else "inserted"
    value = value or IndicatorValue(indicator=indicator, cycle=cycle)
    value.year, value.actual = year, actual
    value.status, value.ratio = status.status or "", status.ratio
    value.entered_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
    value.save()
    record_audit(
        value, "indicator.value", acting_user, after=snapshot(value), subject=indicator.commitment
    )
    return value, outcome


@transaction.atomic
def override_indicator_status(
    value: IndicatorValue, *, status: str, reason: str, acting_user, version: int | None = None
) -> IndicatorValue:
    """Set the status by hand, with a reason; an empty status returns to the computed one."""
    if acting_user is not None and not can_enter_indicators(
        acting_user, value.indicator.commitment
    ):
        raise PermissionDenied
    if status and status not in IndicatorValue.Status.values:
        raise ValidationError({"override": _("Choose a status from the list.")})
    if status and not reason.strip():
        raise ValidationError({"override_reason": _("Write why the status is set by hand.")})
    claim_version(value, version)
    value.override, value.override_reason = status, reason.strip() if status else ""
    value.save(update_fields=["override", "override_reason", "version"])
    record_audit(
        value,
        "indicator.status_overridden",
        acting_user,
        after={"override": status, "reason": value.override_reason},
        subject=value.indicator.commitment,
    )
    return value


@dataclass(frozen=True)
class ValueRow:
    """One row of an indicator import: where it was read from, and its plain values."""

    row: int
    commitment_code: str
    indicator_code: str
    actual: str


def _parse_actual(text: str) -> float:
    """A number written the Vietnamese way ("1.234,5") or the plain way ("1234.5").

    Raises ValueError for anything else, including "nan", "inf" and numbers too large for a
    float ("1e400"): the database refuses them, so they must never reach it."""
    cleaned = str(text).strip().replace(" ", "")
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    value = float(cleaned)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


@transaction.atomic
def import_indicator_values(
    rows: list[ValueRow], cycle: ReportingCycle, *, acting_user
) -> dict[str, int]:
    """Record the actual values of ``rows`` in ``cycle``: all or nothing, idempotent.

    Every row is checked first (the commitment readable and editable by ``acting_user``, the
    indicator known, the value a number); any problem raises one ValidationError listing each
    row and field, and nothing is written. Returns counts: inserted, updated, unchanged.
    """
    problems, checked = [], []
    editable = Commitment.objects.visible_to(acting_user) if acting_user else Commitment.objects
    for item in rows:
        where = {"row": item.row, "code": item.commitment_code, "indicator": item.indicator_code}
        commitment = editable.filter(code=item.commitment_code).first()
        if commitment is None or (
            acting_user is not None and not can_enter_indicators(acting_user, commitment)
        ):
            problems.append(
                _("Row %(row)s: no commitment %(code)s that you may enter figures for.") % where
            )
            continue
        indicator = Indicator.objects.filter(
            commitment=commitment, code=item.indicator_code
        ).first()
        if indicator is None:
            problems.append(_("Row %(row)s: %(code)s has no indicator %(indicator)s.") % where)
            continue
        try:
            actual = _parse_actual(item.actual)
        except ValueError:
            problems.append(
                _("Row %(row)s, column “actual value”: “%(value)s” is not a number.")
                % {**where, "value": item.actual}
            )
            continue
        checked.append((indicator, actual))
    if problems:
        raise ValidationError(problems)
    counts = {"inserted": 0, "updated": 0, "unchanged": 0}
    for indicator, actual in checked:
        _value, outcome = record_indicator_value(
            indicator, cycle, actual=actual, acting_user=acting_user
        )
        counts[outcome] += 1
    return counts
