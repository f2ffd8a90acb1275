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


def test_review_recommendations_are_accepted_not_issued_as_a_statement():
    assert lc.derive_status(lc.REVIEW, [Event("acceptance", d("2014-02-05"))]) == lc.ACCEPTED
    assert lc.check_events(lc.REVIEW, [Event("signature", d("2014-02-05"))]) is not None
    error = lc.check_events(lc.REVIEW, [Event("adoption", d("2014-02-05"))])
    assert error is not None and error.code == "not_for_kind"


def test_a_convention_of_an_organisation_is_ratified_without_signature():
    events = [Event("ratification", d("2019-07-05")), Event("entry_into_force", d("2020-07-05"))]
    assert lc.check_events(lc.TREATY, events) is None
    assert lc.derive_status(lc.TREATY, events) == lc.IN_FORCE
    assert "ratification" not in lc.allowed_events(lc.TREATY, lc.IN_FORCE)


# Corrections of issue 12 (legal review of the lifecycle), each with its article.


def test_conclusion_of_negotiations_follows_negotiation_and_precedes_signature():
    """Law 108/2016/QH13 art. 10, 11(2) as amended by Law 137/2025/QH15."""
    events = [
        Event("negotiation_start", d("2026-01-10")),
        Event("negotiation_conclusion", d("2026-06-01")),
    ]
    assert lc.derive_status(lc.TREATY, events) == lc.NEGOTIATION_CONCLUDED
    events.append(Event("signature", d("2026-07-01")))
    assert lc.derive_status(lc.TREATY, events) == lc.SIGNED
    early = [Event("negotiation_conclusion", d("2026-06-01"))]
    assert lc.check_events(lc.TREATY, early).code == "not_allowed"


def test_conclusion_of_negotiations_is_a_treaty_step_only():
    for kind in (lc.AGREEMENT, lc.STATEMENT, lc.REVIEW):
        assert "negotiation_conclusion" not in lc.RULES[kind]


@pytest.mark.parametrize(
    "kind", ["ratification", "approval", "accession", "provisional_application", "reservation"]
)
def test_an_international_agreement_has_no_treaty_consent_steps(kind):
    """Law 70/2020/QH14 art. 2(5)-(6), 32-34: agreements are signed and take effect."""
    events = [Event("signature", d("2022-05-01")), Event(kind, d("2022-06-01"))]
    error = lc.check_events(lc.AGREEMENT, events)
    assert error is not None and error.code == "not_for_kind"


def test_an_international_agreement_is_signed_then_in_force_then_ends():
    events = [
        Event("signature", d("2022-05-01")),
        Event("entry_into_force", d("2022-05-01")),
        Event("withdrawal", d("2024-05-01")),
    ]
    assert lc.derive_status(lc.AGREEMENT, events) == lc.WITHDRAWN


def test_renunciation_ends_the_consent_to_be_bound():
    """Law 108/2016/QH13 art. 2(18), 55: "từ bỏ"."""
    events = [Event("signature", d("2010-01-01")), Event("renunciation", d("2012-01-01"))]
    assert lc.derive_status(lc.TREATY, events) == lc.RENOUNCED
    assert lc.allowed_events(lc.TREATY, lc.RENOUNCED) == []
    assert lc.check_events(lc.TREATY, [Event("renunciation", d("2012-01-01"))]) is not None


def test_a_superseded_treaty_takes_the_status_superseded():
    """AFTA-CEPT, acceded 15/12/1995, was replaced by ATIGA on 17/05/2010."""
    events = [
        Event("accession", d("1995-12-15")),
        Event("entry_into_force", d("1996-01-01")),
        Event("supersession", d("2010-05-17")),
    ]
    assert lc.derive_status(lc.TREATY, events) == lc.SUPERSEDED
    assert lc.SUPERSEDED in lc.CONCLUDED_STATUSES
    statement = [Event("adoption", d("2013-07-25")), Event("supersession", d("2023-09-11"))]
    assert lc.derive_status(lc.STATEMENT, statement) == lc.SUPERSEDED


def test_a_bilateral_treaty_is_signed_before_it_is_ratified():
    """Ratification without signature only where the treaty allows it (ILO Constitution art. 19)."""
    unsigned = [Event("ratification", d("2019-07-05"))]
    error = lc.check_events(lc.TREATY, unsigned, scope="bilateral")
    assert error is not None and error.code == "needs_signature"
    assert lc.check_events(lc.TREATY, unsigned, scope="multilateral") is None
    signed = [Event("signature", d("2019-01-05")), *unsigned]
    assert lc.check_events(lc.TREATY, signed, scope="bilateral") is None
    assert "ratification" not in lc.allowed_events(lc.TREATY, lc.DRAFT, scope="bilateral")
    assert "ratification" in lc.allowed_events(lc.TREATY, lc.DRAFT, scope="multilateral")


def test_a_state_treaty_is_ratified_never_approved():
    """Law 108/2016/QH13 art. 28(2), 37-38: approval is the Government's act on its treaties."""
    events = [Event("signature", d("2018-03-08")), Event("approval", d("2018-11-12"))]
    error = lc.check_events(lc.TREATY, events, level=lc.STATE)
    assert error is not None and error.code == "not_for_level"
    assert lc.check_events(lc.TREATY, events, level=lc.GOVERNMENT) is None
    ratified = [events[0], Event("ratification", d("2018-11-12"))]
    assert lc.check_events(lc.TREATY, ratified, level=lc.STATE) is None
    # A Government treaty contrary to a law is ratified too (art. 28(3)).
    assert lc.check_events(lc.TREATY, ratified, level=lc.GOVERNMENT) is None
    assert "approval" not in lc.allowed_events(lc.TREATY, lc.SIGNED, level=lc.STATE)
    assert "approval" in lc.allowed_events(lc.TREATY, lc.SIGNED, level=lc.GOVERNMENT)


def test_every_status_and_event_kind_is_reachable_and_declared():
    targets = {t for rules in lc.RULES.values() for _, t in rules.values() if t}
    assert targets | {lc.DRAFT} == set(lc.STATUSES)
    kinds = {k for rules in lc.RULES.values() for k in rules}
    assert kinds == set(lc.EVENT_KINDS)


def test_event_kinds_for_a_state_treaty_leave_out_approval():
    assert "approval" not in lc.event_kinds_for(lc.TREATY, lc.STATE)
    assert "approval" in lc.event_kinds_for(lc.TREATY, lc.GOVERNMENT)
    assert lc.event_kinds_for(lc.REVIEW) == [
        "amendment",
        "termination",
        "supersession",
        "acceptance",
    ]


def test_concluding_and_ending_events_are_read_from_the_rules():
    """The steps into a concluded status from before signature, and out of it for good."""
    concluding, ending = set(lc.CONCLUDING_EVENTS), set(lc.ENDING_EVENTS)
    assert concluding == {"signature", "ratification", "accession", "adoption", "acceptance"}
    assert ending == {"termination", "withdrawal", "renunciation", "supersession"}
    assert lc.ENDED_STATUSES <= lc.CONCLUDED_STATUSES
    for kind in lc.CONCLUDING_EVENTS:
        commitment_kind = next(k for k, rules in lc.RULES.items() if kind in rules)
        on = dt.date(2020, 1, 1)
        assert lc.derive_status(commitment_kind, [lc.Event(kind, on)]) in lc.CONCLUDED_STATUSES
