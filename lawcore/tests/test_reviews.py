"""Rules of the annual review over plain data: conflicts of interest, dormant commitments."""

from __future__ import annotations

import datetime as dt

from lawcore.reviews import (
    Activity,
    Conflict,
    Cycle,
    Interests,
    dormant_subjects,
    interest_conflicts,
    share,
)

D = dt.date.fromisoformat
H1 = Cycle(1, D("2025-01-01"), D("2025-06-30"))
H2 = Cycle(2, D("2025-07-01"), D("2025-12-31"))
OLD = Cycle(0, D("2024-07-01"), D("2024-12-31"))


def test_every_declared_interest_the_work_touches_is_a_conflict():
    declared = Interests(frozenset({"KOR"}), frozenset({"trade", "health"}), frozenset({"bct"}))
    work = Interests(
        frozenset({"KOR", "JPN"}), frozenset({"agriculture"}), frozenset({"bct", "btc"})
    )
    assert interest_conflicts(declared, work) == [
        Conflict("agency", "bct"),
        Conflict("partner", "KOR"),
    ]


def test_no_shared_interest_is_no_conflict():
    declared = Interests(frozenset({"FRA"}), frozenset({"health"}))
    assert interest_conflicts(declared, Interests(frozenset({"KOR"}), frozenset({"trade"}))) == []


def test_dormant_means_no_report_and_no_task_in_either_of_the_last_two_cycles():
    activity = {
        7: Activity(reported_in={1}),  # reported in H1 only: active
        8: Activity(task_dates=[D("2025-09-30")]),  # a task due in H2: active
        9: Activity(task_dates=[D("2023-05-01")], reported_in={0}),  # only before: dormant
    }
    assert dormant_subjects([7, 8, 9, 10], activity, [H2, OLD, H1]) == [9, 10]


def test_with_fewer_than_two_cycles_nothing_is_dormant():
    assert dormant_subjects([1], {}, [H1]) == []


def test_share_has_no_rate_without_a_denominator():
    assert share(1, 3) == 33.3
    assert share(0, 0) is None
