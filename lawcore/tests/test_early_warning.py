import datetime as dt

from lawcore import early_warning as ew
from lawcore.early_warning import ObligationState

TODAY = dt.date(2026, 11, 30)


def state(days: int | None, latest=(), previous=(), **kw) -> ObligationState:
    due = None if days is None else TODAY + dt.timedelta(days=days)
    return ObligationState("o", due, tuple(latest), tuple(previous), **kw)


def test_due_within_the_horizon_and_reported_at_risk_is_a_warning():
    w = ew.warn(state(90, ["at_risk"]), TODAY)
    assert w is not None
    assert (w.days_left, w.reasons, w.proposal) == (90, ("reported_at_risk",), "extension")


def test_the_horizon_is_inclusive_and_a_missed_date_is_no_early_warning():
    assert ew.warn(state(120, ["late"]), TODAY) is not None
    assert ew.warn(state(121, ["late"]), TODAY) is None
    assert ew.warn(state(0, ["late"]), TODAY) is not None
    assert ew.warn(state(-1, ["late"]), TODAY) is None
    assert ew.warn(state(None, ["late"]), TODAY) is None


def test_on_track_is_no_warning_however_near():
    assert ew.warn(state(10, ["on_track"]), TODAY) is None
    assert ew.warn(state(10, ["on_track", "completed"]), TODAY) is None


def test_no_progress_counts_only_in_the_second_half_of_the_horizon():
    assert ew.warn(state(100, []), TODAY) is None
    assert ew.warn(state(100, ["not_started"]), TODAY) is None
    w = ew.warn(state(59, ["not_started"]), TODAY)
    assert w is not None and w.reasons == ("no_progress",)
    # One task moving is progress: the obligation is not flagged for lack of it.
    assert ew.warn(state(30, ["not_started", "on_track"]), TODAY) is None


def test_an_obligation_already_raised_is_not_proposed_again():
    assert ew.warn(state(30, ["at_risk"], already_raised=True), TODAY) is None


def test_the_proposal_follows_the_situation():
    assert ew.warn(state(30, ["at_risk"], open_gap=True), TODAY).proposal == "transitional_measure"
    assert ew.warn(state(30, ["at_risk"], ["late"]), TODAY).proposal == "renegotiation"
    w = ew.warn(state(30, ["at_risk"], ["late"], open_gap=True), TODAY)
    assert (w.proposal, w.alternatives) == ("transitional_measure", ("renegotiation", "extension"))
    assert ew.warn(state(30, ["late"]), TODAY).alternatives == (
        "transitional_measure",
        "renegotiation",
    )


def test_warnings_come_nearest_first_and_a_shorter_horizon_drops_later_ones():
    states = [
        ObligationState("b", TODAY + dt.timedelta(days=100), ("late",)),
        ObligationState("a", TODAY + dt.timedelta(days=20), ("at_risk",)),
        ObligationState("c", TODAY + dt.timedelta(days=20), ("on_track",)),
    ]
    assert [w.key for w in ew.warnings(states, TODAY)] == ["a", "b"]
    assert [w.key for w in ew.warnings(states, TODAY, horizon_days=60)] == ["a"]


def test_days_open_counts_to_closing_or_today():
    assert ew.days_open(dt.date(2026, 11, 1), None, TODAY) == 29
    assert ew.days_open(dt.date(2026, 11, 1), dt.date(2026, 11, 11), TODAY) == 10
    assert ew.days_open(dt.date(2026, 12, 1), None, TODAY) == 0
