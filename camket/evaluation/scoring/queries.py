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
    for score in card.scores.select_related("criterion").order_by("criterion__position"):
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
