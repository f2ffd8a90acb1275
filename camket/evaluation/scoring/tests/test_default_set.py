"""What the scorecards leadership sees measure: the default criteria set's formulas."""

from __future__ import annotations

import dataclasses

import pytest

from camket.evaluation.scoring import actions
from camket.evaluation.scoring.defaults import default_criteria
from camket.evaluation.scoring.demo import approved_default_set
from camket.evaluation.scoring.models import CriteriaSet

pytestmark = pytest.mark.django_db

NEW = {"budget_absorption", "feedback_answered_on_time"}


def test_scorecards_measure_budget_absorption_and_feedback_answered_on_time():
    """Issue 13 items 1 and 5, issue 14 item 6 ("the agency's answer deadline feeds the
    criteria"): the formulas and adapters existed, but no criterion of the only approved set
    used them, and no page could add one, so no scorecard ever showed either figure."""
    formulas = set(approved_default_set().criteria.values_list("formula", flat=True))
    assert formulas >= NEW, sorted(formulas)


def test_an_approved_set_without_them_gets_a_new_version_and_stays_frozen():
    """A database whose approved default set predates the two criteria keeps that version as
    it is and approves a next one that adds them, for every subject."""
    older = default_criteria()
    older = dataclasses.replace(
        older, criteria=tuple(c for c in older.criteria if c.formula not in NEW)
    )
    first = actions.approve_criteria_set(
        actions.create_criteria_set(older, acting_user=None), acting_user=None
    )
    before = sorted(first.criteria.values_list("subject", "formula"))
    latest = approved_default_set()
    assert latest.number == first.number + 1
    assert latest.status == CriteriaSet.Status.APPROVED
    assert sorted(first.criteria.values_list("subject", "formula")) == before
    added = set(latest.criteria.filter(formula__in=NEW).values_list("subject", "formula"))
    subjects = set(first.criteria.values_list("subject", flat=True))
    assert added == {(subject, formula) for subject in subjects for formula in NEW}
    assert approved_default_set() == latest  # nothing left to add: no further version
