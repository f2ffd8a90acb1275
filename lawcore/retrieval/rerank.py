"""Second stage: re-order the first stage's best candidates with a small learned linear model.

The first stage (:meth:`RetrievalIndex.search`) is a weighted BM25 over fields; it scores each query
word on its own. This stage looks at each candidate as a whole, with features that do not depend on
one data set (every feature is a ratio or a flag, normalised per query):

* ``first_stage`` — the candidate's first-stage score over the best one's, and ``log_rank``;
* ``coverage`` / ``title_coverage`` — share of the query's content words (IDF-weighted) found in the
  text / in the heading; ``syllable_coverage`` — share of the query's syllables found, so a compound
  the dictionary joined differently still counts;
* ``bigram`` — share of adjacent query-word pairs found adjacent in the text (phrase match);
* ``proximity`` — the IDF share of distinct query words inside the best window of
  ``PROXIMITY_WINDOW`` tokens;
* ``cite_exact`` / ``cite_law`` — the query cites this article (by number and law or document
  number) / names this provision's law;
* ``definition`` — a "what is X" question and a definitions article ("Giải thích từ ngữ");
* ``is_law`` — the provision belongs to a law or code of the National Assembly (number ``…/QHnn``);
* ``log_length`` — length of the text in tokens.

The model is a weight per standardised feature, learned by pairwise logistic regression (RankNet
with a linear scorer, full-batch gradient descent: deterministic) on the development questions.
It is shipped small in ``data/reranker.json`` (trained by ``python -m bench.bench_retrieval
--train``); index builds read nothing else, and nothing is downloaded. Cross-validated figures and
what was tried are in ``docs/decisions/0008-retrieval-second-stage.md``.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, count, pairwise
from pathlib import Path

import numpy as np

from lawcore.retrieval.analysis import QueryTerms
from lawcore.retrieval.compounds import DATA_DIR
from lawcore.retrieval.query import DEFINITION_TITLE_WORDS

MODEL_PATH = DATA_DIR / "reranker.json"
# The learned weight of a feature is only as general as the data shows it to be: every ALQAC dev
# answer is an article of a law of the National Assembly, so the weight of ``is_law`` cannot be
# checked by cross-validation on it, and the shipped model leaves it out (SHIPPED_FEATURES).
FEATURES = (
    "first_stage",
    "log_rank",
    "coverage",
    "title_coverage",
    "syllable_coverage",
    "bigram",
    "proximity",
    "cite_exact",
    "cite_law",
    "definition",
    "is_law",
    "log_length",
)
SHIPPED_FEATURES = tuple(name for name in FEATURES if name != "is_law")
PROXIMITY_WINDOW = 12
# Proximity and phrases are looked for in the first tokens only (annex tables are long).
MAX_SCAN_TOKENS = 3000
_LAW_NUMBER_RE = re.compile(r"^doc:[^ ]*/qh\d*$")
_SEPARATOR_RE = re.compile(r"[\s_]")  # \s: the Unicode whitespace str.split splits on


@dataclass(frozen=True)
class QueryView:
    """What the features need of a query: its words in order, their IDF, its citations."""

    field: str  # "words" (accented or English query) or "folded" (typed without diacritics)
    words: tuple[str, ...]  # content words in query order (repeats removed)
    idf: dict[str, float]
    syllables: frozenset[str]
    cite_exact: frozenset[str]
    cite_law: frozenset[str]
    definition: bool


def query_view(query: QueryTerms, doc_freq, num_docs: int) -> QueryView:
    """Build the view of ``query``; ``doc_freq(field, term)`` gives a term's document frequency.

    The query's words are taken in the order the query builder added them (the query's order).
    """
    field_name = "words" if query.terms.get("words") else "folded"
    words = tuple(query.terms.get(field_name, {}))
    freq = {w: doc_freq(field_name, w) for w in words}
    idf = {w: math.log(1 + (num_docs - n + 0.5) / (n + 0.5)) for w, n in freq.items()}
    cites = query.terms.get("cite", {})
    exact = frozenset(c for c in cites if c.startswith("doc:") or "@" in c)
    law = frozenset(c for c in cites if c.startswith("law:"))
    titles = query.terms.get("title", {})
    definition = all(w in titles for w in DEFINITION_TITLE_WORDS)
    sylls = frozenset(s for w in words for s in w.split("_"))
    return QueryView(field_name, words, idf, sylls, exact, law, definition)


def _proximity(hits: list[tuple[int, str]], idf: dict[str, float], total: float) -> float:
    """IDF share of distinct query words in the best window of ``PROXIMITY_WINDOW`` tokens
    (``hits``: the positions of query words, in order)."""
    if not hits or total <= 0:
        return 0.0
    counts: dict[str, int] = {}
    best = weight = 0.0
    left = 0
    for pos, term in hits:
        counts[term] = counts.get(term, 0) + 1
        if counts[term] == 1:
            weight += idf[term]
        while pos - hits[left][0] >= PROXIMITY_WINDOW:
            old = hits[left][1]
            counts[old] -= 1
            if counts[old] == 0:
                weight -= idf[old]
            left += 1
        best = max(best, weight)
    return best / total


def candidate_features(view: QueryView, doc: dict[str, str], score: float, top: float, rank: int):
    """Feature vector (in ``FEATURES`` order) of one candidate; ``doc`` maps field → stored text."""
    return [score / top if top > 0 else 0.0, math.log1p(rank), *content_features(view, doc)]


def content_features(view: QueryView, doc: dict[str, str]) -> list[float]:
    """The features that depend on the query and the text only (not on the first stage).

    Per query this runs on every candidate, so the text is walked in C where it can be: query
    words are looked for with one membership test per token (``map``/``compress``), syllables
    with a substring search first; the Python loops run over the query words' hits only. The
    figures are those of the plain definitions (a token set, a syllable set, a loop over every
    scanned token): ``lawcore/tests/test_retrieval_rerank.py`` checks them value for value.
    """
    text = doc.get(view.field, "")
    tokens = text.split()
    present = set(tokens)
    title = set(doc.get("title", "").split())
    if view.field == "folded":
        from lawcore.text import fold

        title = {fold(t) for t in title}
    idf = view.idf
    total = sum(idf.values())
    found = sum(v for w, v in idf.items() if w in present)
    in_title = sum(v for w, v in idf.items() if w in title)
    if view.syllables:
        sylls = _syllables_found(view.syllables, text, present) / len(view.syllables)
    else:
        sylls = 0.0
    if any(w in present for w in idf):
        scan = tokens[:MAX_SCAN_TOKENS]
        hits = [(i, scan[i]) for i in compress(count(), map(idf.__contains__, scan))]
    else:  # no query word in the text: no hit, no phrase, no window
        hits = []
    pairs = list(pairwise(view.words))
    if pairs:
        last = min(len(tokens), MAX_SCAN_TOKENS) - 1
        adjacent = {(t, tokens[i + 1]) for i, t in hits if i < last}
        bigram = sum(p in adjacent for p in pairs) / len(pairs)
    else:
        bigram = 0.0
    cites = set(doc.get("cite", "").split())
    definition = view.definition and all(w in title for w in DEFINITION_TITLE_WORDS)
    return [
        found / total if total > 0 else 0.0,
        in_title / total if total > 0 else 0.0,
        sylls,
        bigram,
        _proximity(hits, idf, total),
        1.0 if view.cite_exact & cites else 0.0,
        1.0 if view.cite_law & cites else 0.0,
        1.0 if definition else 0.0,
        1.0 if any(_LAW_NUMBER_RE.match(c) for c in cites) else 0.0,
        math.log1p(len(tokens)),
    ]


def _syllables_found(wanted: frozenset[str], text: str, tokens: set[str]) -> int:
    """How many of ``wanted`` are syllables of ``text`` (its tokens split at ``_``).

    A syllable that is a token, or that the text does not contain at all, is settled at once;
    the rest are looked up, space-bounded, in the distinct tokens joined and split at ``_`` (one
    string built in C, no set of syllables). A syllable holding a separator is never found, as a
    split never gives one.
    """
    found = 0
    open_ = []
    for syllable in wanted:
        if syllable in tokens:
            found += 1
        elif syllable and syllable in text and not _SEPARATOR_RE.search(syllable):
            open_.append(syllable)
    if open_:
        joined = " " + " ".join(tokens).replace("_", " ") + " "
        found += sum(1 for s in open_ if f" {s} " in joined)
    return found


def feature_matrix(view: QueryView, candidates: list[tuple[float, dict[str, str]]]) -> np.ndarray:
    """Features of every ``(first-stage score, stored fields)`` candidate, best first."""
    top = candidates[0][0] if candidates else 0.0
    rows = [candidate_features(view, doc, s, top, i) for i, (s, doc) in enumerate(candidates)]
    return np.array(rows, dtype=float).reshape(len(rows), len(FEATURES))


@dataclass
class Reranker:
    """A linear scorer over standardised features (``mean``/``scale`` learned with it).

    ``features`` is the subset of :data:`FEATURES` the model uses (in that order); feature
    matrices always carry every feature, and the model reads its own columns.
    """

    weights: list[float]
    mean: list[float]
    scale: list[float]
    features: tuple[str, ...] = FEATURES
    notes: dict = field(default_factory=dict)

    @property
    def columns(self) -> list[int]:
        return [FEATURES.index(name) for name in self.features]

    def scores(self, matrix: np.ndarray) -> np.ndarray:
        """One score per row of ``matrix`` (higher is better)."""
        if matrix.size == 0:
            return np.zeros(len(matrix))
        z = (matrix[:, self.columns] - np.array(self.mean)) / np.array(self.scale)
        return z @ np.array(self.weights)

    def save(self, path: Path = MODEL_PATH) -> None:
        """Write the model as JSON (a dozen numbers)."""
        data = {
            "features": list(self.features),
            "weights": [round(w, 6) for w in self.weights],
            "mean": [round(m, 6) for m in self.mean],
            "scale": [round(s, 6) for s in self.scale],
            "notes": self.notes,
        }
        path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> Reranker:
        """Read a model written by :meth:`save`; refuses one that uses an unknown feature."""
        data = json.loads(path.read_text(encoding="utf-8"))
        unknown = [name for name in data["features"] if name not in FEATURES]
        if unknown or len(data["weights"]) != len(data["features"]):
            raise ValueError(f"{path} was trained on other features ({unknown}); retrain it")
        features = tuple(data["features"])
        return cls(data["weights"], data["mean"], data["scale"], features, data.get("notes", {}))


@lru_cache(maxsize=4)
def shipped_reranker(path: Path = MODEL_PATH) -> Reranker | None:
    """The model shipped with the code, or None when there is none."""
    return Reranker.load(path) if path.exists() else None


def train(
    groups: list[tuple[np.ndarray, np.ndarray]],
    features: tuple[str, ...] = FEATURES,
    l2: float = 1e-3,
    steps: int = 400,
    rate: float = 0.5,
) -> Reranker:
    """Fit a linear pairwise (RankNet) model on ``(features, relevance)`` per query.

    Matrices carry every feature of :data:`FEATURES`; the model uses ``features``. Every
    (relevant, not relevant) pair of a query's candidates is one example; each query weighs the
    same in the loss. Full-batch gradient descent from zero: the same data gives the same model.
    """
    columns = [FEATURES.index(name) for name in features]
    groups = [(m[:, columns] if len(m) else m.reshape(0, len(columns)), y) for m, y in groups]
    stacked = np.vstack([m for m, _ in groups if len(m)])
    mean = stacked.mean(axis=0)
    scale = stacked.std(axis=0)
    scale[scale < 1e-9] = 1.0
    diffs, weights = [], []
    for matrix, labels in groups:
        pos, neg = np.flatnonzero(labels > 0), np.flatnonzero(labels <= 0)
        if not len(pos) or not len(neg):
            continue
        z = (matrix - mean) / scale
        d = (z[pos][:, None, :] - z[neg][None, :, :]).reshape(-1, z.shape[1])
        diffs.append(d)
        weights.append(np.full(len(d), 1.0 / len(d)))
    if not diffs:
        return Reranker([0.0] * len(columns), list(mean), list(scale), features)
    x = np.vstack(diffs)
    sample = np.concatenate(weights)
    sample /= sample.sum()
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        margin = x @ w
        # d/dw of log(1 + exp(-margin)) = -x * sigmoid(-margin)
        grad = -(x * (sample / (1.0 + np.exp(np.clip(margin, -30, 30))))[:, None]).sum(axis=0)
        w -= rate * (grad + l2 * w)
    return Reranker(
        [float(v) for v in w], [float(v) for v in mean], [float(v) for v in scale], features
    )


__all__ = [
    "FEATURES",
    "MODEL_PATH",
    "SHIPPED_FEATURES",
    "QueryView",
    "Reranker",
    "candidate_features",
    "feature_matrix",
    "query_view",
    "shipped_reranker",
    "train",
]
