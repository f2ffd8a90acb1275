"""Reads of the scoring app that other parts call (the reviews part pre-fills its reviews).

``scores_for(subject, key, cycle)`` returns the scores of the latest approved criteria set for
one subject ("commitment", "agency", "province", "partner", "sector"; ``key`` its primary key)
in one reporting cycle, as plain dicts. Nothing is computed here: the coordinator computes
scorecards (``actions.compute_scorecards``); a subject without one gets an empty list.
"""

from __future__ import annotations

from camket.evaluation.scoring.models import Scorecard


def scorecard_for(subject: str, key: int, cycle):
    """The latest scorecard of ``subject``/``key`` in ``cycle`` (newest criteria set), or None."""
    return (
        Scorecard.objects.filter(subject=subject, subject_key=str(key), cycle=cycle)
        .select_related("criteria_set")
        .order_by("-criteria_set__number", "-pk")
        .first()
    )


def scores_for(subject: str, key: int, cycle) -> list[dict]:
    """[{code, name, value, score, numerator, denominator, formula, frozen}] of one subject."""
    card = scorecard_for(subject, key, cycle)
    if card is None:
        return []
    rows = []
    scores = card.scores.defer("counted", "met", "skipped").select_related("criterion")
    for score in scores.order_by("criterion__position"):
        rows.append(
            {
                "code": score.criterion.code,
                "name": score.criterion.name,
                "value": score.value,
                "score": score.normalised,
                "numerator": score.numerator,
                "denominator": score.denominator,
                "formula": score.formula,
                "frozen": card.is_frozen,
            }
        )
    return rows


# Criteria shown in the official report's section, besides the overall score.
OFFICIAL_CRITERIA = ("nhiem-vu-dung-han", "bao-cao-dung-han")


def official_rows(user, cycles, agency_ids=None) -> list[tuple[str, str, str, str]]:
    """Rows of the official report's section on scores: per agency of the latest scored cycle of
    ``cycles`` that ``user`` may read, its overall score and two of its figures (in %), best
    first. Empty when nothing was scored."""
    from camket.monitoring.official import figure

    scored = Scorecard.objects.filter(cycle__in=list(cycles), subject="agency")
    latest = scored.order_by("-cycle__ends_on", "-criteria_set__number").first()
    if latest is None:
        return []
    cards = Scorecard.objects.visible_to(user).filter(
        cycle=latest.cycle_id, criteria_set=latest.criteria_set_id, subject="agency"
    )
    if agency_ids is not None:
        cards = cards.filter(agency_id__in=agency_ids)
    rows = []
    for card in cards.order_by("-total", "label")[:100]:
        values = card.scores.filter(criterion__code__in=OFFICIAL_CRITERIA)
        by_code = dict(values.values_list("criterion__code", "value"))
        rows.append(
            (
                card.label,
                figure(card.total, 1),
                *(figure(by_code.get(code), 1) for code in OFFICIAL_CRITERIA),
            )
        )
    return rows
