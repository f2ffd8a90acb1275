"""Writes of the scoring app: criteria sets, scorecards, ratings, indicators (one transaction and
an audit row each).

Public functions other parts may call (issue 13; the reviews part pre-fills its reviews):
``scores_for(subject, key, cycle)`` in ``camket.evaluation.scoring.queries``, and
``compute_scorecards`` / ``freeze_scorecards`` here.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import math
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections, transaction
from django.db.models import TextField, Value
from django.db.models.functions import MD5, Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from camket.agencies.models import Agency
from camket.agencies.permissions import is_coordinator, scope_of
from camket.audit.actions import record_audit, snapshot
from camket.evaluation.scoring import adapters, bulk
from camket.evaluation.scoring.models import (
    CriteriaSet,
    Criterion,
    Indicator,
    IndicatorValue,
    Score,
    Scorecard,
    ScoreInput,
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
    for code in criteria_set.criteria.filter(weight__lte=0).values_list("code", flat=True):
        # The rule of _check_criterion, checked again on what is stored (an admin edit).
        raise ValidationError(
            _("Criterion %(criterion)s: the weight must be positive.") % {"criterion": code}
        )
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


def _draft_for_change(criterion: Criterion, acting_user, version: int | None) -> CriteriaSet:
    """Lock the criterion's set, refuse an approved (frozen) one, claim the set's edit version.

    ``Criterion`` has no version of its own: a criterion is part of its set, so every change of
    a criterion raises the set's version, and an edit form carries the set's version.
    """
    if acting_user is not None and not is_coordinator(acting_user):
        raise PermissionDenied
    criteria_set = CriteriaSet.objects.select_for_update().get(pk=criterion.criteria_set_id)
    if criteria_set.is_frozen:
        raise ValidationError(_("An approved criteria set cannot change: make a new version."))
    claim_version(criteria_set, version)
    if version is None:
        criteria_set.save(update_fields=[])  # an unchecked write still raises the version
    return criteria_set


@transaction.atomic
def update_criterion(
    criterion: Criterion, data: CriterionData, *, acting_user, version: int | None = None
) -> Criterion:
    """Change a criterion of a draft set; its code stays as it was (codes are identifiers).

    ``version`` is the set's version the edit form was drawn from (EditConflict when stale).
    """
    criteria_set = _draft_for_change(criterion, acting_user, version)
    criterion = Criterion.objects.get(pk=criterion.pk)
    data = CriterionData(**{**data.__dict__, "code": criterion.code})
    _check_criterion(data)
    twin = criteria_set.criteria.filter(subject=data.subject, code=data.code)
    if twin.exclude(pk=criterion.pk).exists():
        raise ValidationError(
            {
                "subject": _("Criterion %(criterion)s appears twice for the same subject.")
                % {"criterion": data.code}
            }
        )
    before = snapshot(criterion)
    for name in CriterionData.__dataclass_fields__:
        setattr(criterion, name, getattr(data, name))
    criterion.save()
    record_audit(
        criterion,
        "criterion.updated",
        acting_user,
        before=before,
        after=snapshot(criterion),
        subject=criteria_set,
    )
    return criterion


@transaction.atomic
def remove_criterion(criterion: Criterion, *, acting_user, version: int | None = None) -> None:
    """Remove a criterion from a draft set (an approved set is frozen)."""
    criteria_set = _draft_for_change(criterion, acting_user, version)
    before = snapshot(criterion)
    record_audit(criterion, "criterion.removed", acting_user, before=before, subject=criteria_set)
    criterion.delete()


def weight_totals(criteria_set: CriteriaSet) -> list[tuple[str, Decimal]]:
    """[(subject, Σ weights of its criteria)] in the order of ``Subject``, subjects with none
    left out. A scorecard's total is the weighted mean over its subject's criteria, so the
    weights add up per subject; their sum need not be 100 (``lawcore.scoring.weighted_total``
    rescales them)."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for subject, weight in criteria_set.criteria.values_list("subject", "weight"):
        totals[subject] += weight
    return [(s, totals[s]) for s in Subject.values if s in totals]


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
        partners, sectors = defaultdict(list), defaultdict(list)
        for commitment_id, partner_id in Commitment.partners.through.objects.values_list(
            "commitment_id", "partner_id"
        ):
            partners[commitment_id].append(partner_id)
        for commitment_id, sector_id in Commitment.sectors.through.objects.values_list(
            "commitment_id", "sector_id"
        ):
            sectors[commitment_id].append(sector_id)
        self.partners = {c: tuple(sorted(set(ids))) for c, ids in partners.items()}
        self.sectors = {c: tuple(sorted(set(ids))) for c, ids in sectors.items()}
        self.provinces = set(
            Agency.objects.filter(kind=Agency.Kind.PROVINCE).values_list("pk", flat=True)
        )

    def groups(self, placed: list[adapters.Placed], subjects) -> dict[str, dict[int, list[int]]]:
        """{subject: {key: indexes of the rows in ``placed`` it counts}}, in one pass.

        A row counts once per subject: a task serving two commitments of the same partner is
        one of that partner's tasks.
        """
        out = {subject: defaultdict(list) for subject in subjects}
        commitment, agency = out.get(Subject.COMMITMENT), out.get(Subject.AGENCY)
        province, partner = out.get(Subject.PROVINCE), out.get(Subject.PARTNER)
        sector, provinces = out.get(Subject.SECTOR), self.provinces
        partners_of, sectors_of = self.partners.get, self.sectors.get
        for index, item in enumerate(placed):
            commitments = item.commitments
            if len(commitments) == 1:  # most rows: no set needed
                key = commitments[0]
                if commitment is not None and key:
                    commitment[key].append(index)
                if partner is not None:
                    for other in partners_of(key, ()):
                        partner[other].append(index)
                if sector is not None:
                    for other in sectors_of(key, ()):
                        sector[other].append(index)
            elif commitments:
                self._place_under_many(out, commitments, index)
            for key in item.agencies:
                if key and agency is not None:
                    agency[key].append(index)
                if province is not None and key in provinces:
                    province[key].append(index)
        return out

    def _place_under_many(self, out: dict, commitments: tuple, index: int) -> None:
        """Place the row at ``index`` under several commitments, and once under each of their
        partners and sectors."""
        for subject, keys in (
            (Subject.COMMITMENT, [key for key in commitments if key]),
            (Subject.PARTNER, [k for c in commitments for k in self.partners.get(c, ())]),
            (Subject.SECTOR, [k for c in commitments for k in self.sectors.get(c, ())]),
        ):
            if subject in out:
                for key in dict.fromkeys(keys):
                    out[subject][key].append(index)


def _as_of(cycle: ReportingCycle, today: dt.date) -> dt.date:
    """Figures of an open cycle are as of today; of a closed one, as of its due date at latest."""
    return min(today, cycle.due_on) if cycle.is_closed else today


def _stored_inputs(cycle: ReportingCycle, formula: str, rows: list, params: dict, now):
    """The :class:`ScoreInput` holding ``rows`` (sorted by id): an identical one of the cycle
    is reused, otherwise one is written. None without rows."""
    if not rows:
        return None
    spec = scoring.FORMULAS[formula]
    text = json.dumps(scoring.rows_values(rows), separators=(",", ":"))
    head = json.dumps([formula, spec.version, spec.row_type.__name__, params], sort_keys=True)
    digest = hashlib.sha256(f"{head}\n{text}".encode()).hexdigest()
    found = ScoreInput.objects.filter(cycle=cycle, digest=digest).only("pk", "row_type").first()
    if found is not None:
        return found
    return ScoreInput.objects.create(
        cycle=cycle,
        formula=formula,
        formula_version=spec.version,
        row_type=spec.row_type.__name__,
        params=params,
        rows=text,
        row_count=len(rows),
        digest=digest,
        created_at=now,
    )


def _result_score(criterion: Criterion, result: scoring.Result, source, skipped) -> dict:
    return {
        "value": result.value,
        "normalised": scoring.normalise(
            result.value, criterion.target, higher_is_better=criterion.higher_is_better
        ),
        "numerator": result.numerator,
        "denominator": result.denominator,
        "formula": result.formula,
        "formula_version": result.version,
        "row_type": source.row_type,
        "source_id": source.pk,
        "counted": result.counted,
        "met": result.met,
        "skipped": skipped,
    }


class _Now:
    """A value read at once, taken as a future's ``result()``."""

    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


@contextmanager
def _reads(aside: bool):
    """``submit(fn, *args)`` runs ``fn``: at once, or with ``aside`` on a reading thread with
    its own database connection, one call after another in the order given; either way its
    value is taken with ``.result()``.

    Reading aside lets PostgreSQL read the next formula's records while this thread judges and
    groups the current one's: about 1.5 s of a national cycle's 15 s (decision 0015). The
    other connection sees only what is committed, so it is used only when the computation's
    own transaction is the outermost one (``_may_read_aside``).
    """
    if not aside:
        yield lambda fn, *args: _Now(fn(*args))
        return
    zone = timezone.get_current_timezone()

    def run(fn, *args):
        with timezone.override(zone):
            return fn(*args)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="scoring-reads") as pool:
        try:
            yield lambda fn, *args: pool.submit(run, fn, *args)
        finally:
            pool.submit(connections.close_all)


def _may_read_aside() -> bool:
    """Whether a cycle's records may be read on a second connection: on PostgreSQL, and not
    inside a transaction of the caller's, whose uncommitted rows another connection cannot
    see. (SQLite's writer would lock a second reader out.)"""
    return connection.vendor == "postgresql" and not connection.in_atomic_block


def _placed_rows(formula: str, cycle, as_of, served) -> list[adapters.Placed]:
    """The rows of ``formula``'s adapter, in id order."""
    placed = adapters.ADAPTERS[formula](cycle, as_of, served.result() if served else None)
    placed.sort(key=_row_id)
    return placed


_row_id = attrgetter("row.id")
# Formulas whose rows are placed under the commitments each task serves.
_THROUGH_TASKS = frozenset({"reports_on_time", "tasks_on_time"})


def _grouped_scores(criteria, cycle, as_of, placement, now, aside: bool = False) -> dict:
    """{(subject, key): {criterion_id: score fields}} for every computed criterion.

    Each formula's records are read once and their rows stored once (``ScoreInput``); each
    score keeps the ids of its own rows. Rows are taken in id order, so a score's counted ids
    come out in the order a recomputation from its provenance gives them. With ``aside``, the
    next formula's records are read on another connection meanwhile (``_reads``).
    """
    by_formula: dict[str, list[Criterion]] = defaultdict(list)
    for criterion in criteria:
        if criterion.method == Criterion.Method.COMPUTED and criterion.formula in adapters.ADAPTERS:
            by_formula[criterion.formula].append(criterion)
    # The formulas placed through the tasks' commitments come last: the others' records are
    # read, and judged, while the map of those commitments is read.
    through_tasks = [f for f in by_formula if f in _THROUGH_TASKS]
    order = [f for f in by_formula if f not in _THROUGH_TASKS] + through_tasks
    params = {"today": as_of.isoformat()}
    out: dict = defaultdict(dict)
    with _reads(aside) as submit:
        reads = {
            f: submit(_placed_rows, f, cycle, as_of, None) for f in order if f not in through_tasks
        }
        served = submit(adapters.task_commitments) if through_tasks else None
        reads.update({f: submit(_placed_rows, f, cycle, as_of, served) for f in through_tasks})
        for formula in order:
            formula_criteria = by_formula[formula]
            placed = reads.pop(formula).result()
            rows = [item.row for item in placed]
            source = _stored_inputs(cycle, formula, rows, params, now)
            subjects = {c.subject for c in formula_criteria}
            groups = {
                (subject, key): indexes
                for subject, keyed in placement.groups(placed, subjects).items()
                for key, indexes in keyed.items()
            }
            by_subject = {s: [c for c in formula_criteria if c.subject == s] for s in subjects}
            for (subject, key), result, skipped in scoring.compute_groups(
                formula, rows, groups, today=as_of
            ):
                for criterion in by_subject[subject]:
                    fields = _result_score(criterion, result, source, skipped)
                    out[(subject, key)][criterion.pk] = fields
    return out


@contextmanager
def _without_cycle_collection():
    """Pause Python's cyclic garbage collector while a cycle's figures are computed.

    The computation allocates a million small acyclic objects (rows, tuples, id lists) that
    reference counting frees; the collector would walk them again and again as they pile up
    (about 30 % of the time at medium scale, measured with ``gc.disable``). It runs again
    afterwards, as it was.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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
    as_of = _as_of(cycle, today or timezone.localdate())
    aside = _may_read_aside()
    with transaction.atomic(), _without_cycle_collection():
        counts = _score_cycle(criteria_set, cycle, as_of, aside)
        record_audit(
            criteria_set,
            "scorecards.computed",
            acting_user,
            after={"cycle": cycle.pk, "as_of": as_of.isoformat(), **counts},
        )
    return counts


def _score_cycle(criteria_set, cycle: ReportingCycle, as_of: dt.date, aside: bool) -> dict:
    """Compute and write every scorecard of ``cycle`` that is not frozen; return the counts.
    ``aside``: read the records on a second connection (``_reads``)."""
    criteria = list(criteria_set.criteria.all())
    existing = {
        (s.subject, int(s.subject_key)): s
        for s in Scorecard.objects.filter(criteria_set=criteria_set, cycle=cycle)
    }
    frozen = {k for k, s in existing.items() if s.is_frozen}
    now = timezone.now()
    grouped = _grouped_scores(criteria, cycle, as_of, _Placement(), now, aside)
    subjects = (set(grouped) | set(existing)) - frozen
    stamp = {
        "computed_on": as_of,
        "computed_at": now,
        "is_frozen": cycle.is_closed,
        "frozen_at": now if cycle.is_closed else None,
    }
    ratings = _ratings([existing[k].pk for k in subjects if k in existing])
    of_subject = {s: [c for c in criteria if c.subject == s] for s in Subject.values}
    new_cards, old_cards, renamed, retotalled, scores = [], [], [], [], []
    for card, label in _cards(criteria_set, cycle, sorted(subjects), existing, stamp):
        (old_cards if card.pk else new_cards).append(card)
        if card.pk and label != card.label:
            renamed.append(card)
        card.label = label
        key = (card.subject, int(card.subject_key))
        total, rows = _card_scores(card, of_subject[card.subject], grouped.get(key, {}), ratings)
        if card.pk and total != card.total:
            retotalled.append(card)
        card.total = total
        scores.append((card, rows))
    _insert_cards(new_cards, criteria_set, cycle)
    _update_cards(old_cards, renamed, retotalled, stamp)
    _write_scores(scores, [c.pk for c in old_cards])
    _delete_unused_inputs(cycle)
    return {"created": len(new_cards), "updated": len(old_cards), "frozen": len(frozen)}


def _cards(criteria_set, cycle, subjects, existing: dict, stamp: dict):
    """(scorecard, its label now) of each (subject, key): the existing card, or a new one."""
    labels = {
        subject: _labels(subject, [k for s, k in subjects if s == subject])
        for subject in Subject.values
    }
    for subject, key in subjects:
        card = existing.get((subject, key))
        if card is None:
            card = Scorecard(criteria_set=criteria_set, cycle=cycle, subject=subject, **stamp)
            card.subject_key = str(key)
            card.commitment_id = key if subject == Subject.COMMITMENT else None
            card.agency_id = key if subject in (Subject.AGENCY, Subject.PROVINCE) else None
        yield card, labels[subject].get(key, card.label)[:500]


# Columns of a new scorecard, as ``_insert_cards`` writes them on PostgreSQL.
_CARD_FIELDS = (
    "criteria_set",
    "cycle",
    "subject",
    "subject_key",
    "label",
    "commitment",
    "agency",
    "total",
    "computed_on",
    "computed_at",
    "is_frozen",
    "frozen_at",
)


def _insert_cards(cards: list[Scorecard], criteria_set: CriteriaSet, cycle) -> None:
    """Write the new scorecards and give each its id.

    On PostgreSQL in one ``COPY`` (``bulk``), the ids read back by subject; elsewhere through
    ``bulk_create``, which returns them.
    """
    if connection.vendor != "postgresql":
        Scorecard.objects.bulk_create(cards, batch_size=2000)
        return
    fields = [Scorecard._meta.get_field(name) for name in _CARD_FIELDS]
    rows = [[getattr(card, f.attname) for f in fields] for card in cards]
    bulk.insert(Scorecard._meta.db_table, [f.column for f in fields], rows)
    ids = {
        (subject, key): pk
        for subject, key, pk in Scorecard.objects.filter(
            criteria_set=criteria_set, cycle=cycle
        ).values_list("subject", "subject_key", "pk")
    }
    for card in cards:
        card.pk = ids[(card.subject, card.subject_key)]
        card._state.adding = False


def _delete_unused_inputs(cycle) -> None:
    """Delete the cycle's stored input rows that no score points at any more (one statement:
    nothing else refers to them)."""
    table = connection.ops.quote_name(ScoreInput._meta.db_table)
    scores = connection.ops.quote_name(Score._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE cycle_id = %s AND NOT EXISTS "
            f"(SELECT 1 FROM {scores} AS s WHERE s.source_id = {table}.id)",
            [cycle.pk],
        )


def _ratings(card_ids: list[int]) -> dict[tuple[int, int], float | None]:
    """{(scorecard, criterion): score} of the ratings given on ``card_ids``: a recomputation
    leaves them in place and counts them in the total."""
    ratings = {}
    for chunk in range(0, len(card_ids), 5000):
        rated = Score.objects.filter(
            scorecard_id__in=card_ids[chunk : chunk + 5000], rating__isnull=False
        ).values_list("scorecard_id", "criterion_id", "normalised")
        for card_id, criterion_id, normalised in rated:
            ratings[(card_id, criterion_id)] = normalised
    return ratings


def _card_scores(card, criteria, computed: dict, ratings: dict) -> tuple[float | None, list]:
    """(overall score, [(criterion, score fields)] of the computed criteria) of one card;
    ``criteria``: those of the card's subject."""
    items, rows, pk = [], [], card.pk
    for criterion in criteria:
        if criterion.method == Criterion.Method.RATED:
            if pk and (pk, criterion.pk) in ratings:
                items.append((float(criterion.weight), ratings[(pk, criterion.pk)]))
            continue
        fields = computed.get(criterion.pk)
        if fields is not None:
            rows.append((criterion, fields))
            items.append((float(criterion.weight), fields["normalised"]))
    return scoring.weighted_total(items), rows


def _update_cards(cards: list[Scorecard], renamed: list, retotalled: list, stamp: dict) -> None:
    """One UPDATE for what every card shares; labels and totals only where they changed."""
    ids = [c.pk for c in cards]
    for chunk in range(0, len(ids), 5000):
        Scorecard.objects.filter(pk__in=ids[chunk : chunk + 5000]).update(**stamp)
    if renamed:
        Scorecard.objects.bulk_update(renamed, ["label"], batch_size=500)
    bulk.update(Scorecard._meta.db_table, ["total"], [(c.total, c.pk) for c in retotalled])


# Columns of a computed score, in the order of the statements below.
_SCORE_FIELDS = (
    "value",
    "normalised",
    "numerator",
    "denominator",
    "formula",
    "formula_version",
    "row_type",
    "source_id",
    "counted",
    "met",
    "skipped",
)
_ID_LISTS = frozenset({"counted", "met", "skipped"})
_ids_text = Score._meta.get_field("counted").get_prep_value


def _score_values(fields: dict) -> list:
    """The values of ``_SCORE_FIELDS``, id lists as the text ``IdListField`` stores."""
    return [_ids_text(fields[n]) if n in _ID_LISTS else fields[n] for n in _SCORE_FIELDS]


# The stored id lists of a score, as one digest: a recomputation compares it with the lists it
# computed, rather than reading every id back (7.6 million for a national cycle).
_LISTS_DIGEST = MD5(
    Concat("counted", Value("|"), "met", Value("|"), "skipped", output_field=TextField())
)


def _signature(values: list) -> tuple:
    """What a stored score must hold to equal the computed ``values`` (``_score_values``):
    its figures and provenance, and the digest of its id lists (``_LISTS_DIGEST``)."""
    lists = "|".join(values[-len(_ID_LISTS) :])
    return (*values[: -len(_ID_LISTS)], hashlib.md5(lists.encode()).hexdigest())


def _write_scores(scores: list, old_card_ids: list[int]) -> None:
    """Write the computed scores of the cards: in place where the card already had one and a
    figure, its provenance or its ids changed, new rows otherwise; computed scores with
    nothing left to count go; ratings stay untouched.

    Plain bulk writes (``bulk``): a national cycle writes some 63,000 scores, and the ORM's
    per-field preparation would cost more than the figures themselves. A recomputation over
    unchanged records writes no score again.
    """
    stored = {}
    scalars = _SCORE_FIELDS[: -len(_ID_LISTS)]
    for chunk in range(0, len(old_card_ids), 5000):
        rows = (
            Score.objects.filter(
                scorecard_id__in=old_card_ids[chunk : chunk + 5000], rating__isnull=True
            )
            .annotate(lists_digest=_LISTS_DIGEST)
            .values_list("scorecard_id", "criterion_id", "pk", *scalars, "lists_digest")
        )
        stored.update({(row[0], row[1]): (row[2], row[3:]) for row in rows})
    updates, inserts = [], []
    for card, rows in scores:
        for criterion, fields in rows:
            values = _score_values(fields)
            pk, signature = stored.pop((card.pk, criterion.pk), (None, None))
            if pk is None:
                inserts.append([card.pk, criterion.pk, *values, ""])
            elif signature != _signature(values):
                updates.append([*values, pk])
    gone = [pk for pk, _stored in stored.values()]
    for chunk in range(0, len(gone), 5000):
        Score.objects.filter(pk__in=gone[chunk : chunk + 5000]).delete()
    table = Score._meta.db_table
    columns = [Score._meta.get_field(n).column for n in _SCORE_FIELDS]
    bulk.update(table, columns, updates)
    bulk.insert(table, ["scorecard_id", "criterion_id", *columns, "reason"], inserts)


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
    """Run the stored formula again over the stored rows and parameters of ``score``: its own
    rows (``counted`` + ``skipped``) taken, in id order, from the rows its computation kept."""
    source = score.source
    stored = source.row_values()
    ids = sorted([*score.counted, *score.skipped])
    rows = [scoring.row_from_values(source.row_type, stored[pk]) for pk in ids]
    params = dict(source.params)
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
