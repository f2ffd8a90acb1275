"""The second stage of lawcore.retrieval (features, learning, shipped model) and its metrics."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from lawcore.retrieval import RetrievalIndex, Weights
from lawcore.retrieval.evaluate import (
    evaluate_judgements,
    mean_metrics,
    query_metrics,
    read_judgements,
)
from lawcore.retrieval.index import _stored
from lawcore.retrieval.rerank import (
    FEATURES,
    MODEL_PATH,
    SHIPPED_FEATURES,
    Reranker,
    candidate_features,
    feature_matrix,
    shipped_reranker,
    train,
)

DATA = Path(__file__).parent / "data"
CORPUS = DATA / "retrieval_corpus.jsonl"


def corpus_rows() -> list[dict]:
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> RetrievalIndex:
    built = RetrievalIndex.create(tmp_path_factory.mktemp("ix"))
    built.add(corpus_rows())
    return built


def feature(row, name: str) -> float:
    return row[FEATURES.index(name)]


def view_of(index: RetrievalIndex, text: str):
    query, _ = index.candidates(text, 1)
    return index.query_view(query)


def test_phrase_and_proximity_features_reward_adjacent_query_words(index):
    view = view_of(index, "thời giờ làm việc bình thường")
    together = {"words": "thời_giờ làm_việc bình_thường không quá 8 giờ", "title": ""}
    apart = {
        "words": "thời_giờ " + "x " * 30 + "làm_việc " + "y " * 30 + "bình_thường",
        "title": "",
    }
    near = candidate_features(view, together, 1.0, 1.0, 0)
    far = candidate_features(view, apart, 1.0, 1.0, 0)
    assert feature(near, "coverage") == feature(far, "coverage") == 1.0
    assert feature(near, "bigram") == 1.0 and feature(far, "bigram") == 0.0
    assert feature(near, "proximity") == 1.0 > feature(far, "proximity")


def test_syllable_coverage_counts_words_joined_differently(index):
    view = view_of(index, "người lao động")
    other_split = {"words": "người_lao động", "title": ""}
    row = candidate_features(view, other_split, 1.0, 1.0, 0)
    assert feature(row, "coverage") < 1.0
    assert feature(row, "syllable_coverage") == 1.0


def test_citation_title_and_law_features(index):
    view = view_of(index, "Điều 105 Bộ luật Lao động quy định thời giờ làm việc thế nào")
    cited = {
        "words": "thời_giờ làm_việc",
        "title": "thời_giờ làm_việc bình_thường",
        "cite": "doc:45/2019/qh14 law:lao_dong art:105 art:105@lao_dong",
    }
    other = {"words": "thời_giờ làm_việc", "title": "", "cite": "doc:145/2020/nd-cp art:105"}
    a = candidate_features(view, cited, 2.0, 2.0, 0)
    b = candidate_features(view, other, 1.0, 2.0, 1)
    assert feature(a, "cite_exact") == feature(a, "cite_law") == feature(a, "is_law") == 1.0
    assert feature(b, "cite_exact") == feature(b, "cite_law") == feature(b, "is_law") == 0.0
    assert feature(a, "title_coverage") > feature(b, "title_coverage") == 0.0
    assert feature(a, "first_stage") == 1.0 and feature(b, "first_stage") == 0.5


def test_unaccented_query_reads_the_folded_field(index):
    view = view_of(index, "thoi gio lam viec")
    assert view.field == "folded"
    row = candidate_features(view, {"folded": "thoi_gio lam_viec", "title": "Thời giờ"}, 1, 1, 0)
    assert feature(row, "coverage") == 1.0


def synthetic_groups(seed: int = 7) -> list[tuple[np.ndarray, np.ndarray]]:
    """Queries whose one relevant candidate has the highest coverage but not the first rank."""
    rng = np.random.default_rng(seed)
    groups = []
    for _ in range(40):
        matrix = rng.random((20, len(FEATURES)))
        labels = np.zeros(20)
        best = int(rng.integers(1, 20))
        matrix[best, FEATURES.index("coverage")] = 1.5
        labels[best] = 1.0
        groups.append((matrix, labels))
    return groups


def test_training_learns_the_deciding_feature_and_is_deterministic():
    groups = synthetic_groups()
    model = train(groups)
    assert model.weights == train(groups).weights
    assert int(np.argmax(model.weights)) == FEATURES.index("coverage")
    for matrix, labels in synthetic_groups(seed=8):  # unseen queries
        assert labels[int(np.argmax(model.scores(matrix)))] == 1.0


def test_model_round_trip_and_refusal_of_unknown_features(tmp_path):
    model = train(synthetic_groups())
    path = tmp_path / "model.json"
    model.save(path)
    loaded = Reranker.load(path)
    matrix = synthetic_groups(seed=9)[0][0]
    assert np.allclose(loaded.scores(matrix), model.scores(matrix), atol=1e-4)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["features"][-1] = "popularity"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="other features"):
        Reranker.load(path)


def test_a_model_on_a_subset_of_features_reads_only_its_columns():
    groups = synthetic_groups()
    subset = tuple(f for f in FEATURES if f != "log_length")
    model = train(groups, subset)
    assert model.features == subset and len(model.weights) == len(subset)
    matrix = groups[0][0].copy()
    before = model.scores(matrix)
    matrix[:, FEATURES.index("log_length")] = 1e6  # a column the model does not use
    assert np.array_equal(model.scores(matrix), before)


def test_the_shipped_model_is_in_the_repository_and_reads():
    model = shipped_reranker()
    assert MODEL_PATH.exists() and model is not None
    assert model.features == SHIPPED_FEATURES and "is_law" not in model.features
    assert model.notes.get("trained_on")


def test_search_reranks_with_the_shipped_model_and_stays_deterministic(index):
    text = "người lao động làm thêm giờ được trả lương thế nào"
    hits = index.search(text, top_k=5)
    assert hits == index.search(text, top_k=5)
    assert all(0.0 < h.score < 1.0 for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    _, docs = index.candidates(text, 5)
    view = index.query_view(index.candidates(text, 5)[0])
    expected = shipped_reranker().scores(feature_matrix(view, [(s, _stored(d)) for s, d in docs]))
    best = docs[int(np.argmax(expected))][1]["id"][0]
    assert hits[0].id == best


def test_depth_zero_turns_the_second_stage_off(tmp_path):
    plain = RetrievalIndex.create(tmp_path, replace(Weights(), rerank_depth=0))
    plain.add(corpus_rows())
    hits = plain.search("mức lương tối thiểu", top_k=3)
    assert hits[0].score > 1.0  # a BM25 score, not the model's
    assert RetrievalIndex.open(tmp_path).weights.rerank_depth == 0


def test_metrics_of_one_ranking():
    m = query_metrics({"a", "b"}, ["x", "a", "y", "b"])
    assert m["Acc@1"] == 0.0 and m["MRR@10"] == 0.5 and m["R@10"] == 1.0
    assert m["nDCG@10"] == pytest.approx((1 / np.log2(3) + 1 / np.log2(5)) / (1 + 1 / np.log2(3)))
    assert mean_metrics([query_metrics({"a"}, ["a"]), m])["Acc@1"] == 0.5
    with pytest.raises(ValueError):
        query_metrics(set(), ["a"])


def test_judgements_last_decision_wins_and_bad_rows_are_named():
    lines = [
        json.dumps({"query_id": "q1", "query": "t", "provision_id": "p1", "relevance": 0}),
        json.dumps({"query_id": "q1", "query": "t", "provision_id": "p1", "relevance": 1}),
        json.dumps({"query_id": "q1", "query": "t", "provision_id": "p2", "relevance": 0}),
        "",
        json.dumps({"query_id": "q2", "query": "u", "provision_id": "p3", "relevance": 0}),
    ]
    queries = {q.id: q for q in read_judgements(lines)}
    assert queries["q1"].relevant == {"p1"} and queries["q1"].rejected == {"p2"}
    assert queries["q2"].relevant == set()
    report = evaluate_judgements(list(queries.values()), lambda text: ["p2", "p1", "p3"])
    assert report.scored == 1 and report.skipped == 1
    assert report.metrics["MRR@10"] == 0.5 and report.rejected_in_top10 == 1.0
    with pytest.raises(ValueError, match=r"f\.jsonl:2"):
        read_judgements(["", '{"query": "x"}'], "f.jsonl")
    with pytest.raises(ValueError, match="relevance must be 0 or 1"):
        read_judgements(['{"query_id":1,"query":"x","provision_id":"p","relevance":2}'])


# --- The fast features (issue 16, second-stage latency) against the plain definitions. ---------


def reference_content_features(view, doc: dict[str, str]) -> list[float]:
    """The second stage's text features as first written (a token set, a syllable set of the
    whole text, a loop over every scanned token): the fast code must give the same numbers."""
    from itertools import pairwise

    from lawcore.retrieval.query import DEFINITION_TITLE_WORDS
    from lawcore.retrieval.rerank import _LAW_NUMBER_RE, MAX_SCAN_TOKENS, _proximity
    from lawcore.text import fold

    text = doc.get(view.field, "")
    tokens = text.split()
    present = set(tokens)
    title = set(doc.get("title", "").split())
    if view.field == "folded":
        title = {fold(t) for t in title}
    total = sum(view.idf.values())
    found = sum(v for w, v in view.idf.items() if w in present)
    in_title = sum(v for w, v in view.idf.items() if w in title)
    if view.syllables:
        sylls = len(view.syllables & set(text.replace("_", " ").split())) / len(view.syllables)
    else:
        sylls = 0.0
    scan = tokens[:MAX_SCAN_TOKENS]
    idf = view.idf
    hits = [(i, t) for i, t in enumerate(scan) if t in idf]
    pairs = list(pairwise(view.words))
    if pairs:
        last = len(scan) - 1
        adjacent = {(t, scan[i + 1]) for i, t in hits if i < last}
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


SAMPLE_QUERIES = (
    "người lao động làm thêm giờ được trả lương thế nào",
    "nguoi lao dong lam them gio",  # no diacritics: the folded field
    "Điều 105 Bộ luật Lao động quy định thời giờ làm việc thế nào",
    "hợp đồng lao động là gì",
    "minimum wage of workers",
    "mức lương tối thiểu vùng",
    "an ninh mạng",
)


def odd_texts(view) -> list[str]:
    """Texts built from the query's own words where a fast path could go wrong: syllables only
    inside compounds or only as bare substrings, doubled or edge underscores, other whitespace,
    repeats, a phrase cut by the scan limit, a text without any query word."""
    from lawcore.retrieval.rerank import MAX_SCAN_TOKENS

    words = list(view.words)
    sylls = sorted(view.syllables)
    return [
        "_".join(words) + " x",
        " ".join(f"x{s} {s}x" for s in sylls),
        " ".join(f"_{s}__y_" for s in sylls),
        "\t".join(words) + "\n" + "\u00a0".join(sylls) + "\u2003" + " ".join(words),
        " ".join(words * 3 + sylls * 2),
        " ".join(["x"] * (MAX_SCAN_TOKENS - 1) + words),
        " ".join(["x"] * (MAX_SCAN_TOKENS + 5) + words),
        "không có từ nào",
        "",
    ]


def test_fast_features_equal_the_plain_definitions(index):
    from lawcore.retrieval.rerank import content_features

    compared = 0
    for text in SAMPLE_QUERIES:
        query, docs = index.candidates(text, 100)
        view = index.query_view(query)
        stored = [_stored(d) for _, d in docs]
        odd = [{view.field: t, "title": t, "cite": ""} for t in odd_texts(view)]
        for doc in stored + odd:
            assert content_features(view, doc) == reference_content_features(view, doc), (
                text,
                doc.get("words", "")[:80],
            )
            compared += 1
    assert compared > 7 * 9


def test_search_ranks_exactly_as_the_plain_features_rank(index):
    model = shipped_reranker()
    for text in SAMPLE_QUERIES:
        hits = index.search(text, top_k=10, explain=False)
        query, docs = index.candidates(text, Weights().rerank_depth)
        view = index.query_view(query)
        top = docs[0][0] if docs else 0.0
        rows = [
            [
                s / top if top > 0 else 0.0,
                math.log1p(i),
                *reference_content_features(view, _stored(d)),
            ]
            for i, (s, d) in enumerate(docs)
        ]
        scores = model.scores(np.array(rows, dtype=float).reshape(len(rows), len(FEATURES)))
        expected = sorted(
            (
                (round(1.0 / (1.0 + math.exp(-float(z))), 6), d["id"][0])
                for z, (_, d) in zip(scores, docs, strict=True)
            ),
            key=lambda item: (-item[0], item[1]),
        )[:10]
        assert [(h.score, h.id) for h in hits] == expected, text
