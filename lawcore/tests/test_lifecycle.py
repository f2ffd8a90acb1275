import datetime as dt

import pytest

from lawcore import lifecycle as lc
from lawcore.lifecycle import Event


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def test_cptpp_signed_ratified_in_force():
    events = [
        Event("signature", d("2018-03-08")),
        Event("ratification", d("2018-11-12")),
        Event("entry_into_force", d("2019-01-14")),
    ]
    assert lc.derive_status(lc.TREATY, events) == lc.IN_FORCE


def test_entry_into_force_before_signature_is_refused_and_named():
    events = [Event("signature", d("2019-06-30")), Event("entry_into_force", d("2019-01-01"), 7)]
    error = lc.check_events(lc.TREATY, events)
    assert error is not None
    assert error.code == "not_allowed"
    assert error.event.ref == 7
    assert error.status == lc.DRAFT


def test_same_day_signature_and_entry_into_force_replay_in_step_order():
    events = [Event("entry_into_force", d("2020-01-01")), Event("signature", d("2020-01-01"))]
    assert lc.derive_status(lc.TREATY, events) == lc.IN_FORCE


def test_accession_needs_no_signature():
    events = [Event("accession", d("1982-02-24")), Event("entry_into_force", d("1982-03-26"))]
    assert lc.derive_status(lc.TREATY, events) == lc.IN_FORCE


def test_international_agreement_cannot_be_ratified():
    events = [Event("signature", d("2022-05-01")), Event("ratification", d("2022-06-01"))]
    error = lc.check_events(lc.AGREEMENT, events)
    assert error is not None and error.code == "not_for_kind"


def test_leaders_statement_is_adopted_then_superseded():
    assert lc.derive_status(lc.STATEMENT, [Event("adoption", d("2023-09-10"))]) == lc.ADOPTED
    with pytest.raises(lc.TransitionError):
        lc.derive_status(lc.STATEMENT, [Event("ratification", d("2023-09-10"))])


def test_suspension_and_resumption():
    events = [
        Event("signature", d("2000-01-01")),
        Event("entry_into_force", d("2000-02-01")),
        Event("suspension", d("2005-01-01")),
    ]
    assert lc.derive_status(lc.TREATY, events) == lc.SUSPENDED
    events.append(Event("resumption", d("2006-01-01")))
    assert lc.derive_status(lc.TREATY, events) == lc.IN_FORCE


def test_allowed_events_after_signature():
    allowed = lc.allowed_events(lc.TREATY, lc.SIGNED)
    assert "ratification" in allowed and "entry_into_force" in allowed
    assert "signature" not in allowed and "accession" not in allowed


def test_review_recommendations_follow_statement_rules():
    assert lc.derive_status(lc.REVIEW, [Event("adoption", d("2014-02-05"))]) == lc.ADOPTED
    assert lc.check_events(lc.REVIEW, [Event("signature", d("2014-02-05"))]) is not None


def test_a_convention_of_an_organisation_is_ratified_without_signature():
    events = [Event("ratification", d("2019-07-05")), Event("entry_into_force", d("2020-07-05"))]
    assert lc.check_events(lc.TREATY, events) is None
    assert lc.derive_status(lc.TREATY, events) == lc.IN_FORCE
    assert "ratification" not in lc.allowed_events(lc.TREATY, lc.IN_FORCE)
