"""Fast Vietnamese word segmentation with a compound dictionary learned from underthesea.

underthesea's CRF segmenter costs about 11 ms per legal article, too slow to index ~77k provisions
in under two minutes. Most of what it does on legal text is joining a closed set of recurring
compounds ("người lao động" → ``người_lao_động``), so the compounds it produces on a sample are
learned once (:func:`learn_compounds`, run offline, result committed in ``data/compounds.txt``) and
applied at index time by greedy longest match over lower-cased syllables (:class:`Segmenter`), about
100x faster.
Agreement with underthesea and the retrieval quality of both are recorded in
``docs/decisions/0002-retrieval-engine.md``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from lawcore.text import nfc

DATA_DIR = Path(__file__).resolve().parent / "data"
COMPOUNDS_PATH = DATA_DIR / "compounds.txt"
MAX_SYLLABLES = 4
_SYLLABLE_RE = re.compile(r"\w+", re.UNICODE)


def syllables(text: str) -> list[str]:
    """Lower-cased NFC syllables (runs of letters and digits) of ``text``."""
    return _SYLLABLE_RE.findall(nfc(text).lower())


class Segmenter:
    """Greedy longest-match segmentation of syllables into dictionary compounds.

    A compound is a tuple of 2..``MAX_SYLLABLES`` lower-case syllables. Output words join the
    syllables of a compound with ``_`` (underthesea's convention); other syllables stay alone.
    """

    def __init__(self, compounds: Iterable[tuple[str, ...]]) -> None:
        self._compounds = {c for c in compounds if 2 <= len(c) <= MAX_SYLLABLES}
        self._max = max((len(c) for c in self._compounds), default=1)

    def __len__(self) -> int:
        return len(self._compounds)

    def segment(self, sylls: list[str]) -> list[str]:
        """Join ``sylls`` (lower-cased) into words, longest dictionary compound first."""
        words: list[str] = []
        i, n = 0, len(sylls)
        compounds = self._compounds
        while i < n:
            step = 1
            for size in range(min(self._max, n - i), 1, -1):
                if tuple(sylls[i : i + size]) in compounds:
                    step = size
                    break
            words.append("_".join(sylls[i : i + step]) if step > 1 else sylls[i])
            i += step
        return words

    def words(self, text: str) -> list[str]:
        """Segment ``text``: ``"Người lao động"`` → ``["người_lao_động"]``."""
        return self.segment(syllables(text))


def load_compounds(path: Path = COMPOUNDS_PATH) -> list[tuple[str, ...]]:
    """Read a compound list: one compound a line, syllables separated by spaces."""
    with open(path, encoding="utf-8") as handle:
        return [tuple(line.split()) for line in handle if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def default_segmenter() -> Segmenter:
    """The segmenter over the committed compound dictionary (loaded once per process)."""
    return Segmenter(load_compounds())


def underthesea_words(text: str) -> list[str]:
    """Segment with underthesea (slow, reference quality); words lower-cased, ``_``-joined."""
    from underthesea import word_tokenize  # imported lazily: only learning and checks need it

    out: list[str] = []
    for token in word_tokenize(nfc(text)):
        sylls = syllables(token)
        if sylls:
            out.append("_".join(sylls))
    return out


def count_compounds(segmented: Iterable[list[str]]) -> Counter[tuple[str, ...]]:
    """Count multi-syllable words in underthesea output (each a list of ``_``-joined words)."""
    counts: Counter[tuple[str, ...]] = Counter()
    for words in segmented:
        for word in words:
            parts = tuple(word.split("_"))
            if 2 <= len(parts) <= MAX_SYLLABLES and all(parts):
                counts[parts] += 1
    return counts


def count_ngrams(texts: Iterable[str], wanted: set[tuple[str, ...]]) -> Counter[tuple[str, ...]]:
    """Count how often each wanted syllable n-gram occurs in ``texts`` at all."""
    counts: Counter[tuple[str, ...]] = Counter()
    for text in texts:
        sylls = syllables(text)
        for size in range(2, MAX_SYLLABLES + 1):
            for i in range(len(sylls) - size + 1):
                gram = tuple(sylls[i : i + size])
                if gram in wanted:
                    counts[gram] += 1
    return counts


def learn_compounds(
    texts: list[str], segmented: list[list[str]], min_count: int = 2, min_ratio: float = 0.5
) -> list[tuple[str, ...]]:
    """Keep compounds underthesea forms at least ``min_count`` times and in ``min_ratio`` of uses.

    The ratio (times joined as a word / times the syllables occur in sequence) drops n-grams that
    underthesea joins only in rare contexts, which greedy matching would otherwise join everywhere.
    """
    joined = count_compounds(segmented)
    frequent = {c for c, n in joined.items() if n >= min_count}
    seen = count_ngrams(texts, frequent)
    kept = [c for c in frequent if joined[c] / max(seen[c], 1) >= min_ratio]
    return sorted(kept, key=lambda c: (-joined[c], c))


def save_compounds(compounds: list[tuple[str, ...]], path: Path = COMPOUNDS_PATH) -> None:
    """Write a compound list in the format :func:`load_compounds` reads."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("# Vietnamese compounds learned from underthesea output; see compounds.py\n")
        for compound in compounds:
            handle.write(" ".join(compound) + "\n")
