"""Turn provisions and queries into index fields and weighted query terms.

Index fields (space-separated tokens, whitespace-tokenised by the index):

* ``words`` — segmented words, lower case, diacritics kept (``người_lao_động``): the main field;
* ``folded`` — the same words folded (``nguoi_lao_dong``), so queries typed without diacritics
  match;
* ``title`` — segmented words of the provision's heading;
* ``cite`` — the provision's own citation features (:mod:`lawcore.retrieval.citations`);
* ``refs`` — citation features of the provisions its text cites.

Keeping diacritics in the main field matters: folding *instead of* keeping them was measured to lose
about 0.08 nDCG@10 on Vietnamese legal retrieval, because folding merges unrelated words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from lawcore.retrieval.citations import own_features, query_features
from lawcore.retrieval.compounds import Segmenter, default_segmenter, load_compounds, syllables
from lawcore.text import fold, nfc

# Annex tables reach 200k characters; their tail adds nothing BM25 can use but indexing time.
MAX_TEXT_CHARS = 20_000

# Question and function words that carry no legal content in a query ("bao nhiêu", "có phải").
QUERY_STOPWORDS = frozenset(
    [
        "bao_nhiêu",
        "bao_lâu",
        "nào",
        "gì",
        "không",
        "có_phải",
        "phải_không",
        "hay_không",
        "thế_nào",
        "như_thế_nào",
        "ra_sao",
        "là",
        "của",
        "và",
        "thì",
        "mà",
        "được",
        "bị",
        "có",
        "các",
        "những",
        "một",
        "cho",
        "với",
        "trong",
        "theo",
        "về",
        "khi",
        "nếu",
        "này",
        "đó",
        "ai",
        "đâu",
        "hỏi",
        "xin",
        "tôi",
        "em",
        "anh",
        "chị",
        "mình",
        "vậy",
        "ạ",
        "nhé",
        "thể",
        "có_thể",
        "có_được",
        "đã",
        "sẽ",
        "đang",
        "nào_là",
        "hay",
        "hoặc",
        "trường_hợp",
        "bao_gồm",
    ]
)

# English function words: a query that is mostly these (and has no diacritics) is English.
ENGLISH_MARKERS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "an",
        "any",
        "shall",
        "may",
        "each",
        "party",
        "parties",
        "or",
        "be",
        "with",
        "for",
        "by",
        "on",
        "that",
        "which",
        "its",
        "their",
        "this",
        "such",
        "as",
        "is",
        "are",
        "not",
        "from",
        "at",
        "other",
        "under",
        "all",
        "who",
        "has",
        "have",
    ]
)


@dataclass(frozen=True)
class Provision:
    """A domestic legal provision to index. ``id`` is the caller's stable key.

    ``version`` is the caller's label of the state indexed (e.g. its document's checksum), kept
    so that :meth:`RetrievalIndex.versions` can tell which entries are stale.
    """

    id: str
    title: str = ""
    text: str = ""
    doc_number: str | None = None
    doc_title: str | None = None
    article: str | None = None
    version: str = ""

    @classmethod
    def from_dict(cls, row: dict) -> Provision:
        """Build from a corpus line: ``id``, ``title``, ``text`` and optional citation keys."""
        if not row.get("id"):
            raise ValueError(f"corpus row has no 'id': {str(row)[:80]}")
        return cls(
            id=str(row["id"]),
            title=row.get("title") or "",
            text=row.get("text") or "",
            doc_number=row.get("doc_number"),
            doc_title=row.get("doc_title"),
            article=row.get("article"),
            version=str(row.get("version") or ""),
        )


@dataclass
class QueryTerms:
    """Weighted terms per field, plus how the query was read (language, diacritics)."""

    terms: dict[str, dict[str, float]] = field(default_factory=dict)
    language: str = "vi"
    accented: bool = True
    glossary: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)

    def add(self, field_name: str, term: str, weight: float) -> None:
        """Add ``term`` to ``field_name``, keeping the largest weight seen for it."""
        bucket = self.terms.setdefault(field_name, {})
        bucket[term] = max(bucket.get(term, 0.0), weight)


@lru_cache(maxsize=1)
def folded_segmenter() -> Segmenter:
    """A segmenter over folded compounds, for queries typed without diacritics."""
    return Segmenter({tuple(fold(s) for s in c) for c in load_compounds()})


def segment(text: str) -> list[str]:
    """Segmented, lower-cased words of ``text`` (diacritics kept)."""
    return default_segmenter().words(text)


def fold_words(words: list[str]) -> list[str]:
    """Fold each word: ``người_lao_động`` → ``nguoi_lao_dong``."""
    return [fold(w) for w in words]


def document_fields(doc: Provision) -> dict[str, str]:
    """Index field values (space-joined tokens) for one provision."""
    body = nfc(f"{doc.title}\n{doc.text[:MAX_TEXT_CHARS]}")
    words = segment(body)
    return {
        "id": doc.id,
        "words": " ".join(words),
        "folded": " ".join(fold_words(words)),
        "title": " ".join(segment(doc.title)),
        "cite": " ".join(own_features(doc.doc_number, doc.doc_title, doc.article)),
        "refs": " ".join(query_features(doc.text[:MAX_TEXT_CHARS])),
    }


def is_accented(text: str) -> bool:
    """True when ``text`` carries Vietnamese diacritics (or đ)."""
    return fold(text) != nfc(text).lower()


# The shape of a Vietnamese syllable once folded: onset, vowel nucleus, one of the allowed codas.
_VI_SYLLABLE_RE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ch|nh|ng|[cmnpt])?$"
)

_ENGLISH_ONLY_MARKERS = frozenset(m for m in ENGLISH_MARKERS if not _VI_SYLLABLE_RE.match(m))


def is_english(text: str) -> bool:
    """Heuristic: no diacritics, and 12% English function words or 40% non-Vietnamese words.

    Unaccented Vietnamese ("nguoi lao dong") has neither: its words are all shaped like syllables.
    """
    tokens = [t for t in syllables(text) if not t.isdigit()]
    if not tokens or is_accented(text):
        return False
    # Markers shaped like Vietnamese syllables ("the" = thế, "to" = tô, "an") prove nothing.
    markers = sum(t in _ENGLISH_ONLY_MARKERS for t in tokens) / len(tokens)
    foreign = sum(not _VI_SYLLABLE_RE.match(t) for t in tokens) / len(tokens)
    return markers >= 0.12 or foreign >= 0.4
