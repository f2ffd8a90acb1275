"""The gate before signing: every gated transition with and without an approved proposal."""

import datetime as dt

import pytest

from lawcore import gate, lifecycle

AFTER = dt.date(2026, 3, 2)
BEFORE = dt.date(2018, 3, 8)

TREATY_GATES = [
    ("negotiation_start", gate.NEGOTIATION, "8–11"),
    ("negotiation_conclusion", gate.CONCLUSION, "10–11"),
    ("signature", gate.SIGNATURE, "13–21"),
    ("ratification", gate.RATIFICATION, "28–31"),
    ("approval", gate.APPROVAL, "37–40"),
    ("accession", gate.ACCESSION, "41–45"),
]


@pytest.mark.parametrize(("event", "stage", "articles"), TREATY_GATES)
def test_a_treaty_step_without_its_approved_proposal_is_refused_with_its_article(
    event, stage, articles
):
    refusal = gate.gate_refusal(event, lifecycle.TREATY, "government", set(), False, AFTER)
    assert refusal is not None
    assert (refusal.code, refusal.stage, refusal.event_kind) == ("missing_proposal", stage, event)
    assert refusal.article.law == "108/2016/QH13"
    assert refusal.article.articles == articles
    first, _, last = articles.partition("–")
    assert refusal.article.label_vi().startswith(
        f"Điều {first} đến Điều {last} Luật Điều ước quốc tế số 108/2016/QH13"
    )


def test_articles_are_cited_the_vietnamese_way():
    article = gate.Article("70/2020/QH14", "27(1)(a)-(b), 28(1), 33")
    assert article.label_vi() == (
        "điểm a–b khoản 1 Điều 27, khoản 1 Điều 28, Điều 33 Luật Thỏa thuận quốc tế số 70/2020/QH14"
    )
    amended = gate.Article("108/2016/QH13", "11(1a)", "137/2025/QH15")
    assert amended.label_vi() == (
        "khoản 1a Điều 11 Luật Điều ước quốc tế số 108/2016/QH13 "
        "(được sửa đổi, bổ sung bởi Luật số 137/2025/QH15)"
    )
    assert (
        amended.label_en()
        == "Art. 11(1a), Law No. 108/2016/QH13 (as amended by Law No. 137/2025/QH15)"
    )


@pytest.mark.parametrize(("event", "stage", "articles"), TREATY_GATES)
def test_a_treaty_step_with_its_approved_proposal_passes(event, stage, articles):
    check = gate.gate_check(event, lifecycle.TREATY, "state", {stage}, False, AFTER)
    assert check.outcome == gate.PASSED and check.allowed
    assert gate.gate_refusal(event, lifecycle.TREATY, "state", {stage}, False, AFTER) is None


@pytest.mark.parametrize(("event", "stage", "articles"), TREATY_GATES)
def test_a_proposal_of_another_stage_does_not_open_the_gate(event, stage, articles):
    others = set(gate.STAGES) - {stage}
    refusal = gate.gate_refusal(event, lifecycle.TREATY, "government", others, False, AFTER)
    assert refusal is not None and refusal.stage == stage


def test_a_coordinator_override_lets_the_event_pass_and_says_so():
    check = gate.gate_check("signature", lifecycle.TREATY, "state", (), True, AFTER)
    assert check.outcome == gate.OVERRIDDEN and check.allowed
    assert gate.gate_refusal("signature", lifecycle.TREATY, "state", (), True, AFTER) is None


def test_events_before_the_gate_existed_are_marked_not_refused():
    check = gate.gate_check("signature", lifecycle.TREATY, "state", (), False, BEFORE)
    assert check.outcome == gate.BEFORE_GATE and check.allowed
    assert check.stage == gate.SIGNATURE
    assert gate.gate_refusal("signature", lifecycle.TREATY, "state", (), False, BEFORE) is None
    last_day = dt.date(2025, 12, 31)
    assert gate.is_before_gate(last_day) and not gate.is_before_gate(gate.GATE_START)


def test_the_gate_starts_when_law_137_2025_took_effect():
    assert dt.date(2026, 1, 1) == gate.GATE_START
    refusal = gate.gate_refusal("signature", lifecycle.TREATY, "state", (), False, gate.GATE_START)
    assert refusal is not None


def test_a_later_gate_start_can_be_given():
    start = dt.date(2026, 6, 1)
    assert (
        gate.gate_refusal("signature", lifecycle.TREATY, "state", (), False, AFTER, start) is None
    )


@pytest.mark.parametrize(
    "event", ["entry_into_force", "amendment", "termination", "proposal", "initialling"]
)
def test_steps_after_consent_are_not_gated(event):
    assert gate.gate_check(event, lifecycle.TREATY, "state", (), False, AFTER).outcome == (
        gate.NOT_GATED
    )


def test_an_agreement_needs_an_approved_signature_proposal_under_law_70():
    refusal = gate.gate_refusal("signature", lifecycle.AGREEMENT, "ministry", (), False, AFTER)
    assert refusal is not None and refusal.stage == gate.SIGNATURE
    assert refusal.article.law == "70/2020/QH14"
    assert refusal.article.articles == "16–17, 27–30"
    assert gate.required_stage("negotiation_start", lifecycle.AGREEMENT) is None


@pytest.mark.parametrize(
    ("kind", "event"), [(lifecycle.STATEMENT, "adoption"), (lifecycle.REVIEW, "acceptance")]
)
def test_political_commitments_still_need_a_recorded_decision(kind, event):
    refusal = gate.gate_refusal(event, kind, "state", (), False, AFTER)
    assert refusal is not None and refusal.stage == gate.ADOPTION
    assert refusal.article.label_vi() == ""  # a light dossier: no statute prescribes it
    assert gate.gate_refusal(event, kind, "state", {gate.ADOPTION}, False, AFTER) is None


def test_every_gated_event_is_a_lifecycle_event_of_that_kind_with_a_stage_it_may_have():
    for kind, gates in gate._GATES.items():
        for event, stage in gates.items():
            assert event in lifecycle.RULES[kind]
            assert stage in gate.stages_for(kind)


def test_a_state_treaty_has_no_approval_stage():
    assert gate.APPROVAL not in gate.stages_for(lifecycle.TREATY, lifecycle.STATE)
    assert gate.APPROVAL in gate.stages_for(lifecycle.TREATY, lifecycle.GOVERNMENT)
