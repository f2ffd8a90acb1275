"""Build weighted query terms from free text: Vietnamese (with or without diacritics) or English."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from lawcore.glossary import translate
from lawcore.retrieval.analysis import (
    QUERY_STOPWORDS,
    QueryTerms,
    fold_words,
    folded_segmenter,
    is_accented,
    is_english,
    segment,
)
from lawcore.retrieval.citations import query_features
from lawcore.text import fold

_FOLDED_STOPWORDS = frozenset(fold(w) for w in QUERY_STOPWORDS)
_ACRONYM_RE = re.compile(r"\b[A-Z][A-Z0-9]{1,9}\b")
# "What is X?" questions are answered by the definitions article ("Giải thích từ ngữ") of a law.
_DEFINITION_RE = re.compile(r"\b(?:la gi|dinh nghia|duoc hieu|khai niem|giai thich|hieu the nao)\b")
DEFINITION_TITLE_WORDS = ("giải_thích", "từ_ngữ")


@dataclass(frozen=True)
class Weights:
    """Per-field boosts. Citation boosts are per feature kind; see the decision record."""

    words: float = 1.0
    folded: float = 0.4
    title: float = 0.4
    doc: float = 4.0
    law: float = 1.5
    article_of_law: float = 6.0
    article: float = 0.3
    clause: float = 0.3
    refs: float = 0.5
    definition: float = 1.0
    # Second stage (lawcore.retrieval.rerank): how many first-stage candidates it re-orders at
    # least (all of ``top_k`` when more are asked for); 0 turns it off. 20, not 100, for latency:
    # 5-fold CV over the dev questions + distractors costs 0.004 nDCG@10 (0.902 ± 0.039 vs
    # 0.906 ± 0.036) and halves a top-10 search (decision 0008, `--depth-cv`).
    rerank_depth: int = 20

    def as_dict(self) -> dict[str, float]:
        """The weights as a plain dict (stored with the index)."""
        return asdict(self)


def build_query(text: str, weights: Weights | None = None) -> QueryTerms:
    """Read ``text`` and return the weighted terms to look up in each index field."""
    weights = weights or Weights()
    if is_english(text):
        query = _english_terms(text, weights)
    elif is_accented(text):
        query = _vietnamese_terms(text, weights)
    else:
        query = _unaccented_terms(text, weights)
    _add_citations(query, text, weights)
    if _DEFINITION_RE.search(fold(text)):
        for word in DEFINITION_TITLE_WORDS:
            query.add("title", word, weights.definition)
    return query


def _content_words(words: list[str], stop: frozenset[str] = QUERY_STOPWORDS) -> list[str]:
    """``words`` without question and function words, also where the dictionary left a stop
    phrase in pieces ("như", "thế_nào" → "như_thế_nào"; "bao", "lâu" → "bao_lâu")."""
    kept, i = [], 0
    while i < len(words):
        for size in (4, 3, 2, 1):
            if i + size <= len(words) and "_".join(words[i : i + size]) in stop:
                i += size
                break
        else:
            kept.append(words[i])
            i += 1
    return kept or words


def _add_words(query: QueryTerms, words: list[str], weights: Weights, scale: float = 1.0) -> None:
    for word, folded in zip(words, fold_words(words), strict=True):
        query.add("words", word, weights.words * scale)
        query.add("folded", folded, weights.folded * scale)
        query.add("title", word, weights.title * scale)


def _vietnamese_terms(text: str, weights: Weights) -> QueryTerms:
    query = QueryTerms(language="vi", accented=True)
    _add_words(query, _content_words(segment(text)), weights)
    return query


def _unaccented_terms(text: str, weights: Weights) -> QueryTerms:
    """No diacritics: only the folded field can match, so it carries the full weight."""
    query = QueryTerms(language="vi", accented=False)
    words = folded_segmenter().words(text)
    for word in _content_words(words, _FOLDED_STOPWORDS):
        query.add("folded", word, weights.words)
    return query


def _english_terms(text: str, weights: Weights) -> QueryTerms:
    """Translate glossary terms into Vietnamese words; keep acronyms (WTO, CPTPP) as they are."""
    query = QueryTerms(language="en", accented=False)
    for match in translate(text):
        query.glossary.append((match.english, match.vietnamese))
        for term in match.vietnamese:
            _add_words(query, _content_words(segment(term)), weights)
    for acronym in _ACRONYM_RE.findall(text):
        query.add("words", acronym.lower(), weights.words)
    return query


def _add_citations(query: QueryTerms, text: str, weights: Weights) -> None:
    for feature in query_features(text):
        kind, _, value = feature.partition(":")
        if kind == "art":
            boost = weights.article_of_law if "@" in value else weights.article
        else:
            boost = {"doc": weights.doc, "law": weights.law}.get(kind, weights.clause)
        query.add("cite", feature, boost)
        if kind == "doc" or "@" in value:
            query.add("refs", feature, weights.refs)
