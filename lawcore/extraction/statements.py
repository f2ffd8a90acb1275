"""Leaders' statement → candidate action items (issue 3, part 3), Django-free.

A statement is split by section heading and sentence; each sentence with a commitment marker
becomes an item carrying its section, the sectors its words suggest and ranked lead agencies.
The officer decides which items become tasks in an action programme.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from lawcore.extraction.agencies import AgencySuggestion, detect_sectors, suggest_lead_agency
from lawcore.extraction.core import STATEMENT, CandidateObligation, extract_obligations


def _rank(sentence: str, heading: str | None, sectors: tuple[str, ...]) -> list[AgencySuggestion]:
    """Agencies for a sentence; its section heading counts half so the sentence's own words lead."""
    merged = {s.code: s for s in suggest_lead_agency(sentence, sectors)}
    for extra in suggest_lead_agency(heading or "") if heading else []:
        base = merged.get(extra.code)
        score = (base.score if base else 0.0) + extra.score / 2
        matched = (base.matched if base else ()) + tuple(f"heading:{m}" for m in extra.matched)
        merged[extra.code] = replace(extra, score=round(score, 2), matched=matched)
    return sorted(merged.values(), key=lambda s: -s.score)


@dataclass(frozen=True)
class ActionItem:
    """A candidate commitment item of a statement, ready for an officer to accept or drop."""

    section: str | None
    text: str
    start: int
    end: int
    candidate: CandidateObligation
    sectors: tuple[str, ...]
    lead_agencies: tuple[AgencySuggestion, ...]


def statement_action_items(
    text: str,
    lang: str | None = None,
    *,
    sectors: Iterable[str] | None = None,
    max_agencies: int = 3,
) -> list[ActionItem]:
    """Split a leaders' statement into candidate action items.

    Each item is a sentence with a political-commitment marker ("will", "agree to", "nhất trí",
    "cam kết"...). Sectors come from the sentence and its section heading; ``sectors`` (known for
    the whole statement) add to the agency ranking. Offsets refer to ``nfc(text)``.
    """
    known = tuple(sectors or ())
    items = []
    for candidate in extract_obligations(text, lang, kind=STATEMENT, include_permissions=False):
        context = f"{candidate.heading or ''}\n{candidate.sentence}"
        found = tuple(sector for sector, _ in detect_sectors(context))
        agencies = _rank(candidate.sentence, candidate.heading, known)[:max_agencies]
        items.append(
            ActionItem(
                section=candidate.heading,
                text=candidate.sentence,
                start=candidate.start,
                end=candidate.end,
                candidate=candidate,
                sectors=found,
                lead_agencies=tuple(agencies),
            )
        )
    return items
