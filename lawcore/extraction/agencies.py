"""Lead-agency and sector suggestions from the keyword table in ``lawcore.agency_keywords``.

Score of an agency = 1 per distinct direct keyword + for each sector detected in the text, 1 if
the agency leads the sector and 0.5 if it supports it + for each sector passed by the caller, 2
(lead) or 1 (support). Example: "cooperation on customs and trade facilitation" detects sectors
customs and trade → btc 1 + 0.5 = 1.5, bct 0.5 + 1 = 1.5, bng 0.5. Ties keep table order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from lawcore.agency_keywords import AGENCIES, AGENCY_KEYWORDS, SECTOR_AGENCIES, SECTOR_KEYWORDS
from lawcore.text import fold, nfc


@dataclass(frozen=True)
class AgencySuggestion:
    """A ranked lead-agency suggestion with the keywords and sectors that produced it."""

    code: str
    name_en: str
    name_vi: str
    score: float
    matched: tuple[str, ...]


@lru_cache(maxsize=4)
def _pattern(table_name: str, folded: bool) -> tuple[re.Pattern[str], dict[str, str]]:
    """One alternation over every keyword of a table; maps matched keyword → owner key."""
    table = SECTOR_KEYWORDS if table_name == "sectors" else AGENCY_KEYWORDS
    owner: dict[str, str] = {}
    for key, keywords in table.items():
        for keyword in keywords:
            owner.setdefault(fold(keyword) if folded else keyword, key)
    words = sorted(owner, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")
    return pattern, owner


def _prepare(text: str) -> tuple[str, bool]:
    """Lower-case NFC text; fold it (and the keywords) only when it carries no diacritics."""
    lowered = nfc(text).lower()
    folded = fold(lowered)
    return (folded, True) if folded == lowered else (lowered, False)


def _matches(text: str, table_name: str) -> dict[str, list[str]]:
    prepared, folded = _prepare(text)
    pattern, owner = _pattern(table_name, folded)
    found: dict[str, list[str]] = {}
    for match in pattern.finditer(prepared):
        keywords = found.setdefault(owner[match[0]], [])
        if match[0] not in keywords:
            keywords.append(match[0])
    return found


def detect_sectors(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """Sector codes mentioned in ``text`` with their matched keywords, most keywords first."""
    found = _matches(text, "sectors")
    return sorted(((s, tuple(k)) for s, k in found.items()), key=lambda item: -len(item[1]))


def _add(
    scores: dict[str, float], reasons: dict[str, list[str]], code: str, points: float, why: str
) -> None:
    scores[code] = scores.get(code, 0.0) + points
    reasons.setdefault(code, []).append(why)


def suggest_lead_agency(text: str, sectors: Iterable[str] | None = None) -> list[AgencySuggestion]:
    """Rank agencies that could lead work on ``text``; empty when nothing matched.

    ``sectors`` are sector codes already known for the commitment (e.g. from the register); they
    weigh more than sectors guessed from the text. ``matched`` lists keywords and
    ``sector:<code>`` entries so a reviewer sees why.
    """
    scores: dict[str, float] = {}
    reasons: dict[str, list[str]] = {}
    for code, keywords in _matches(text, "agencies").items():
        for keyword in keywords:
            _add(scores, reasons, code, 1.0, keyword)
    for sector, keywords in detect_sectors(text):
        _score_sector(scores, reasons, sector, 1.0, f"sector:{sector} ({', '.join(keywords)})")
    for sector in sectors or ():
        _score_sector(scores, reasons, sector, 2.0, f"sector:{sector} (given)")
    order = list(AGENCIES)
    ranked = sorted(scores, key=lambda code: (-scores[code], order.index(code)))
    return [
        AgencySuggestion(code, *AGENCIES[code], round(scores[code], 2), tuple(reasons[code]))
        for code in ranked
    ]


def _score_sector(
    scores: dict[str, float], reasons: dict[str, list[str]], sector: str, weight: float, why: str
) -> None:
    if sector not in SECTOR_AGENCIES:
        raise ValueError(f"unknown sector code {sector!r}")
    leads, supports = SECTOR_AGENCIES[sector]
    for code in leads:
        _add(scores, reasons, code, weight, why)
    for code in supports:
        _add(scores, reasons, code, weight / 2, why)
