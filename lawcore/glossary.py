"""Bilingual legal glossary: English treaty terms → Vietnamese legal terms, and term-by-term translation.

Entries were compiled for CamKet from Vietnamese legal usage (the terms used in the Labour Code
45/2019/QH14, Customs Law 54/2014/QH13, IP Law 50/2005/QH11, Investment Law 61/2020/QH14, Law on
Environmental Protection 72/2020/QH14, Law on Bidding 22/2023/QH15, Law on Foreign Trade Management
05/2017/QH14, and the Vietnamese texts of WTO/CPTPP/EVFTA commitments). Each English key is lower case;
its values are the Vietnamese terms a Vietnamese provision would use for it, most usual first.

:func:`translate` finds glossary terms in English text by greedy longest match over normalised
tokens (lower case, simple plural folding), so "rules of origin" wins over "origin".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_TOKEN_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

GLOSSARY: dict[str, tuple[str, ...]] = {
    "freedom of association": ("quyền tự do hiệp hội", "thành lập, gia nhập tổ chức đại diện người lao động"),
    "rules of origin": ("quy tắc xuất xứ", "xuất xứ hàng hóa"),
    "customs valuation": ("trị giá hải quan",),
    "forced labour": ("lao động cưỡng bức", "cưỡng bức lao động"),
}


@dataclass(frozen=True)
class GlossaryMatch:
    """One glossary term found in English text, with its Vietnamese equivalents."""

    english: str
    vietnamese: tuple[str, ...]
    start: int  # token offset in the normalised English text


def normalise_token(token: str) -> str:
    """Fold simple English plurals so "measures" and "measure" meet: ``"parties"`` → ``"party"``."""
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 4 and token.endswith(("sses", "ches", "shes", "xes")):
        return token[:-2]
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def english_tokens(text: str) -> list[str]:
    """Lower-cased, plural-folded English tokens; "labor" is spelt "labour" to match the keys."""
    tokens = [normalise_token(t) for t in _TOKEN_RE.findall(text.lower().replace("’", "'"))]
    return [_SPELLING.get(t, t) for t in tokens]


_SPELLING = {"labor": "labour", "harmonized": "harmonised", "organization": "organisation"}


@lru_cache(maxsize=1)
def _index() -> tuple[dict[tuple[str, ...], str], int]:
    keys = {tuple(english_tokens(k)): k for k in GLOSSARY}
    return keys, max(len(k) for k in keys)


def translate(text: str) -> list[GlossaryMatch]:
    """Glossary terms in ``text``, longest match first, left to right, each found once."""
    keys, longest = _index()
    tokens = english_tokens(text)
    matches: dict[str, GlossaryMatch] = {}
    i = 0
    while i < len(tokens):
        for size in range(min(longest, len(tokens) - i), 0, -1):
            key = keys.get(tuple(tokens[i : i + size]))
            if key:
                matches.setdefault(key, GlossaryMatch(key, GLOSSARY[key], i))
                i += size
                break
        else:
            i += 1
    return list(matches.values())
