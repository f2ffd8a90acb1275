"""Recognise Vietnamese legal citations and turn them into boosted index features.

Features are plain tokens in their own index field, all folded (lower case, no diacritics, đ→d):

* ``doc:45/2019/qh14`` — a document number ("số hiệu"), e.g. ``15/2022/NĐ-CP`` →
  ``doc:15/2022/nd-cp``;
* ``law:lao_dong`` — a named code or law ("Bộ luật Lao động", "Luật Thương mại");
* ``art:170`` and ``art:170@lao_dong`` / ``art:170@45/2019/qh14`` — an article ("Điều 170"), alone
  and tied to the document it belongs to;
* ``cl:5.2`` — clause 2 of article 5 ("khoản 2 Điều 5"); ``pt:5.2.a`` — point a of it ("điểm a").

A query names a law without saying where its name ends ("Bộ luật Hình sự năm 2017"), so queries
get every prefix of 1..``MAX_NAME_SYLLABLES`` syllables after the law word; only the prefixes that
are real law names in the index can match anything. Documents get their own exact citation from
metadata.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lawcore.text import fold

MAX_NAME_SYLLABLES = 6
_DOC_NUMBER_RE = re.compile(r"\b\d{1,4}(?:/\d{4})?/[a-z0-9]+(?:-[a-z0-9]+)*\b")
_LAW_WORD_RE = re.compile(r"(?<!phap )\b(?:bo luat|luat|phap lenh)\s+((?:[a-z0-9]+\s*){1,6})")
_POINT_RE = re.compile(r"\bdiem\s+([a-z]{1,2})\)?\s+khoan\s+(\d+)\s+dieu\s+(\d+[a-z]?)\b")
_CLAUSE_RE = re.compile(r"\bkhoan\s+(\d+)\s+dieu\s+(\d+[a-z]?)\b")
_ARTICLE_RE = re.compile(r"\bdieu\s+(\d+[a-z]?)\b")
_LAW_PREFIX_RE = re.compile(
    r"^(?:bo luat|luat|phap lenh|nghi dinh|thong tu|nghi quyet|quyet dinh)\s+"
)
_NOT_NAME_WORDS = {"so", "nay", "khac", "va", "cua", "ve", "theo", "tai", "thi", "duoc", "la"}
# How far after "Điều N" a law name or number may start to count as the article's document.
_CONTEXT_CHARS = 40


def document_number_key(number: str) -> str:
    """Folded, lower-case form of a document number: ``"15/2022/NĐ-CP"`` → ``"15/2022/nd-cp"``."""
    return fold(number).strip().replace(" ", "")


def law_name_key(title: str) -> str:
    """Folded law name without its type word: ``"Bộ Luật lao động"`` → ``"lao_dong"``."""
    name = _LAW_PREFIX_RE.sub("", " ".join(re.findall(r"[a-z0-9]+", fold(title))))
    return name.replace(" ", "_")


def _name_prefixes(tail: str) -> list[str]:
    """Every 1..N-syllable prefix of a law name tail, stopping at a word no name starts with."""
    words = tail.split()[:MAX_NAME_SYLLABLES]
    if not words or words[0] in _NOT_NAME_WORDS:
        return []
    return ["_".join(words[:size]) for size in range(1, len(words) + 1)]


def _context_keys(folded: str, start: int) -> list[str]:
    """Law names and document numbers found right after position ``start``."""
    window = folded[start : start + _CONTEXT_CHARS + 30]
    head = window[:_CONTEXT_CHARS]
    keys = [m.group(0) for m in _DOC_NUMBER_RE.finditer(head)]
    for match in _LAW_WORD_RE.finditer(window):
        if match.start() <= _CONTEXT_CHARS:
            keys.extend(_name_prefixes(match.group(1)))
    return keys


def query_features(text: str) -> list[str]:
    """Citation features in free text (a query or a provision that cites others).

    >>> sorted(query_features("khoản 2 Điều 170 Bộ luật Lao động"))[:3]
    ['art:170', 'art:170@lao', 'art:170@lao_dong']
    """
    folded = fold(text)
    features: list[str] = [f"doc:{m.group(0)}" for m in _DOC_NUMBER_RE.finditer(folded)]
    for match in _LAW_WORD_RE.finditer(folded):
        features.extend(f"law:{name}" for name in _name_prefixes(match.group(1)))
    features.extend(
        f"pt:{m.group(3)}.{m.group(2)}.{m.group(1)}" for m in _POINT_RE.finditer(folded)
    )
    features.extend(f"cl:{m.group(2)}.{m.group(1)}" for m in _CLAUSE_RE.finditer(folded))
    for match in _ARTICLE_RE.finditer(folded):
        article = match.group(1)
        features.append(f"art:{article}")
        features.extend(f"art:{article}@{key}" for key in _context_keys(folded, match.end()))
    return _unique(features)


def own_features(
    doc_number: str | None = None, doc_title: str | None = None, article: str | None = None
) -> list[str]:
    """Features of a provision's own citation (metadata), e.g. number, law name, "Điều 1"."""
    keys: list[str] = []
    features: list[str] = []
    if doc_number:
        keys.append(document_number_key(doc_number))
        features.append(f"doc:{keys[-1]}")
    name = law_name_key(doc_title) if doc_title else ""
    if name:
        keys.append(name)
        features.append(f"law:{name}")
    number = _article_number(article)
    if number:
        features.append(f"art:{number}")
        features.extend(f"art:{number}@{key}" for key in keys)
    return _unique(features)


def _article_number(article: str | None) -> str | None:
    """``"Điều 12a"`` or ``"12a"`` → ``"12a"``; None when there is no number."""
    if not article:
        return None
    match = re.search(r"(\d+[a-z]?)", fold(article))
    return match.group(1) if match else None


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
