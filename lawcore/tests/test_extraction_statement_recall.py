"""Issue 18, statement recall: the kinds of commitment a leaders' statement makes that the
extractor missed on the tuning batch 4 of ``data/obligations_v2`` (and the kinds of false alarm
the fixes must not add). Sentences here are written for the kind, not copied from the set.
"""

from __future__ import annotations

import pytest

from lawcore.extraction import STATEMENT, TREATY, Modality, classify_sentence, extract_obligations


def _commitment(text: str, kind: str = STATEMENT):
    candidate = classify_sentence(text, "en", kind=kind)
    return candidate if candidate is not None and candidate.is_obligation else None


@pytest.mark.parametrize(
    "text",
    [
        "Recognizing the growing potential for cooperation in space, the two leaders agree to "
        "strengthen partnerships in satellite navigation.",
        "Acknowledging the role of science in our growth, the leaders pledge to promote exchanges "
        "between research institutes.",
        "Building on the summit in Lima, we will launch a joint fund for clean energy projects.",
    ],
)
def test_participial_opener_before_a_commitment_is_not_a_recital(text: str) -> None:
    candidate = _commitment(text)
    assert candidate is not None and candidate.modality is Modality.POLITICAL


@pytest.mark.parametrize(
    "text",
    [
        "Recognizing the growing potential for cooperation in space;",
        "Recognizing that trade between the Parties will continue to grow,",
        "Acknowledging the contributions that small enterprises make to growth.",
    ],
)
def test_recitals_stay_recitals(text: str) -> None:
    assert _commitment(text) is None
    assert _commitment(text, TREATY) is None


@pytest.mark.parametrize(
    "text",
    [
        "Exchange views and best practices on the responsible deployment of artificial "
        "intelligence and promote partnerships for research;",
        "Support the improvement of digital inclusion in the region, including for women and "
        "young entrepreneurs.",
        "- Discuss the impact of technology on labour markets and working conditions in supply "
        "chains.",
    ],
)
def test_imperative_items_of_a_statement_are_commitments(text: str) -> None:
    candidate = _commitment(text)
    assert candidate is not None and candidate.modality is Modality.POLITICAL
    verb = text.lstrip("- ").split()[0]
    assert candidate.reasons[0] == f"marker '{verb}' (political commitment)"


@pytest.mark.parametrize(
    "text",
    [
        "Support for Ukraine",
        "Strengthening Economic Security and Resilience",
        "Support the improvement of digital inclusion in the region.",  # a treaty: no marker
    ],
)
def test_headings_and_treaty_imperatives_are_not(text: str) -> None:
    kind = TREATY if text.endswith("region.") else STATEMENT
    assert _commitment(text, kind) is None


def test_speakers_continuing_an_action_commit_to_it() -> None:
    candidate = _commitment(
        "We continue to exchange on the risks of non-market excess capacity and to engage with "
        "partners where appropriate."
    )
    assert candidate is not None and candidate.addressee is not None
    assert candidate.addressee.kind == "signatories"
    assert _commitment("Attacks on commercial vessels continue to threaten shipping lanes.") is None


def test_a_pledge_with_a_noun_object_is_a_commitment() -> None:
    candidate = _commitment(
        "In this framework, we pledge the utmost respect for human rights and an intolerance for "
        "corruption."
    )
    assert candidate is not None and candidate.addressee.kind == "signatories"
    assert _commitment("The pledge of the donors was announced in Paris last year.") is None


@pytest.mark.parametrize(
    "text",
    [
        "The United States and Japan welcome the Philippines’ plan to pilot Open RAN in its "
        "national broadband program.",
        "The sides also discussed the purchase platform and plans to establish a framework for "
        "gas supply.",
        "We, the leaders of Brazil and India, met in New Delhi to reaffirm our shared commitment "
        "to the G20 as the premier forum for economic cooperation.",
    ],
)
def test_someone_elses_plan_or_a_meeting_held_to_reaffirm_is_not_a_commitment(text: str) -> None:
    assert _commitment(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Indonesia plans to build a new capital city with partners from the region.",
        "Through the fund, the United States and the Philippines plan to train chip engineers.",
        "The leaders reaffirmed their commitment to open markets and fair trade.",
        "We welcome the first global stocktake, and will pursue ambitious outcomes at COP28.",
    ],
)
def test_the_same_markers_in_a_main_clause_still_commit(text: str) -> None:
    assert _commitment(text) is not None


def test_statement_document_lists_its_imperative_items() -> None:
    text = (
        "Digital Development\n\n"
        "The leaders decided to cooperate on digital development.\n\n"
        "- Promote cross-border data flows with trust among the members;\n"
        "- Share experience on cybersecurity incident response and capacity building;"
    )
    found = extract_obligations(text, "en", kind=STATEMENT)
    assert [c.sentence.lstrip("- ").split()[0] for c in found] == ["The", "Promote", "Share"]
    assert extract_obligations(text, "en", kind=TREATY)[1:] == []
