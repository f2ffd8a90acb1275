"""Benchmark the legal retrieval engine against plain BM25 baselines, by cross-validation.

Run: ``make bench-retrieval`` or ``python -m bench.bench_retrieval`` (no Django). Data:
``legal-retrieval-dev`` (ALQAC 2022: 520 questions, 1,377 articles) and ``vn-phapdien`` as
distractors, from ``lawcore.shared_data``; the Pháp điển copies of the dev laws are removed (by
document number and by identical text) so that a hit on a copy is not scored as a miss.

Every choice (first-stage variant, second-stage model, rerank depth) is made on 4 of 5 folds of
the questions and scored on the fifth; the tables give mean ± sd over the 5 folds, for the dev
corpus alone and with the distractors, beside BM25 over syllables, over the engine's dictionary
words and over underthesea words (see ``--words``). ``--train`` rewrites the shipped second-stage
model (``lawcore/retrieval/data/reranker.json``) from all questions. Also scores
``bench/data/en_vi_clauses.jsonl`` (English treaty clauses → implementing Pháp điển articles).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import math
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

import bm25s
import numpy as np

from bench.word_cache import missing, row_text, underthesea_corpus
from lawcore.retrieval.analysis import segment
from lawcore.retrieval.compounds import syllables
from lawcore.retrieval.evaluate import METRICS, mean_metrics, query_metrics
from lawcore.retrieval.index import RetrievalIndex, _stored
from lawcore.retrieval.query import Weights
from lawcore.retrieval.rerank import (
    FEATURES,
    MODEL_PATH,
    SHIPPED_FEATURES,
    Reranker,
    content_features,
    train,
)
from lawcore.shared_data import shared_data_path, skip_reason
from lawcore.text import fold

HERE = Path(__file__).resolve().parent
EN_VI_PATH = HERE / "data" / "en_vi_clauses.jsonl"
# The dev corpus's laws and the Pháp điển numbers of the same texts (01/VBHN-VPQH consolidates
# the Criminal Code 100/2015/QH13 as amended by 12/2017/QH14).
DEV_LAWS = {
    "91/2015/QH13": ("Bộ luật Dân sự", ["91/2015/QH13"]),
    "24/2018/QH14": ("Luật An ninh mạng", ["24/2018/QH14"]),
    "45/2019/QH14": ("Bộ luật Lao động", ["45/2019/QH14"]),
    "01/VBHN-VPQH": ("Bộ luật Hình sự", ["100/2015/QH13", "12/2017/QH14"]),
}
PHAPDIEN_FILES = ("articles.jsonl.gz", "articles_2025_supplement.jsonl.gz")


def dev_corpus() -> tuple[list[dict], list[dict]]:
    """ALQAC articles as corpus rows (id ``law#article``) and questions with their gold ids."""
    root = shared_data_path("legal-retrieval-dev")
    if root is None:
        sys.exit(skip_reason("legal-retrieval-dev"))
    laws = json.loads((root / "law.json").read_text(encoding="utf-8"))
    corpus = []
    for law in laws:
        title, _ = DEV_LAWS[law["id"]]
        for art in law["articles"]:
            heading, _, body = art["text"].partition("\n")
            corpus.append(
                {
                    "id": f"{law['id']}#{art['id']}",
                    "title": heading,
                    "text": body.strip(),
                    "doc_number": law["id"],
                    "doc_title": title,
                    "article": art["id"],
                }
            )
    questions = json.loads((root / "question.json").read_text(encoding="utf-8"))
    queries = [
        {
            "id": q["id"],
            "text": q["text"],
            "gold": {f"{r['law_id']}#{r['article_id']}" for r in q["relevant_articles"]},
        }
        for q in questions
    ]
    return corpus, queries


def text_key(text: str) -> str:
    """Near-identity key: the first 40 folded words of a provision's body."""
    return " ".join(fold(text).split()[:40])


def phapdien_rows() -> list[dict]:
    """All Pháp điển articles as corpus rows with citation metadata (duplicate ids dropped)."""
    root = shared_data_path("vn-phapdien")
    if root is None:
        sys.exit(skip_reason("vn-phapdien"))
    rows, seen = [], set()
    for name in PHAPDIEN_FILES:
        with gzip.open(root / name, "rt", encoding="utf-8") as handle:
            for line in handle:
                art = json.loads(line)
                if art["id"] in seen:
                    continue
                seen.add(art["id"])
                src = art.get("source") or {}
                rows.append(
                    {
                        "id": art["id"],
                        "title": art.get("title") or "",
                        "text": art.get("text") or "",
                        "doc_number": src.get("doc_number"),
                        "doc_title": src.get("doc_title"),
                        "article": src.get("article"),
                    }
                )
    return rows


def distractors(corpus: list[dict], rows: list[dict]) -> tuple[list[dict], dict[str, str]]:
    """Pháp điển rows minus copies of the dev laws.

    Also returns a map from each removed copy to the dev id it copies.
    """
    numbers = {n: dev for dev, (_, nums) in DEV_LAWS.items() for n in nums}
    by_text = {text_key(d["text"]): d["id"] for d in corpus if len(d["text"]) > 80}
    by_article = {(d["doc_number"], d["article"]): d["id"] for d in corpus}
    kept, removed = [], {}
    for row in rows:
        dev = numbers.get(row["doc_number"] or "")
        key = text_key(row["text"])
        if dev or key in by_text:
            article = "".join(c for c in (row["article"] or "") if c.isdigit())
            target = by_article.get((dev, article)) if dev else by_text[key]
            if target:
                removed[row["id"]] = target
            continue
        kept.append(row)
    return kept, removed


def metrics(runs: dict[str, list[str]], queries: list[dict]) -> dict[str, float]:
    """nDCG@10, Recall@10, Recall@100, MRR@10 and Acc@1 (binary relevance), averaged."""
    return mean_metrics(query_metrics(q["gold"], runs.get(q["id"], [])) for q in queries)


def bm25_run(
    doc_tokens: list[list[str]], ids: list[str], query_tokens: dict[str, list[str]], k: int = 100
) -> dict[str, list[str]]:
    """Plain BM25 (k1=1.2, b=0.75, bm25s) over the given tokens; best ``k`` ids per query."""
    retriever = bm25s.BM25(k1=1.2, b=0.75)
    retriever.index(doc_tokens, show_progress=False)
    vocab = retriever.vocab_dict
    runs = {}
    for qid, toks in query_tokens.items():
        known = [t for t in toks if t in vocab]
        if not known:
            runs[qid] = []
            continue
        docs, _ = retriever.retrieve([known], k=min(k, len(ids)), show_progress=False)
        runs[qid] = [ids[i] for i in docs[0]]
    return runs


def baseline_run(rows: list[dict], queries: list[dict], k: int = 100) -> dict[str, list[str]]:
    """Plain BM25 (k1=1.2, b=0.75) over lower-case syllables of title and text."""
    tokens = [syllables(row_text(r)) for r in rows]
    return bm25_run(
        tokens, [r["id"] for r in rows], {q["id"]: syllables(q["text"]) for q in queries}, k
    )


def words_baseline_run(rows: list[dict], queries: list[dict], k: int = 100) -> dict[str, list[str]]:
    """Plain BM25 over underthesea words of title and text (segmentation cached on disk)."""
    segmented = underthesea_corpus([row_text(r) for r in rows] + [q["text"] for q in queries])
    docs, asked = segmented[: len(rows)], segmented[len(rows) :]
    return bm25_run(
        docs, [r["id"] for r in rows], {q["id"]: w for q, w in zip(queries, asked, strict=True)}, k
    )


def dictionary_baseline_run(
    rows: list[dict], queries: list[dict], k: int = 100
) -> dict[str, list[str]]:
    """Plain BM25 over words of the engine's compound dictionary (same BM25 as the words baseline):
    isolates segmentation (dictionary vs underthesea) from everything else the engine does."""
    docs = [segment(row_text(r)) for r in rows]
    return bm25_run(
        docs, [r["id"] for r in rows], {q["id"]: segment(q["text"]) for q in queries}, k
    )


def engine_build(
    rows: list[dict], path: Path, weights: Weights, workers: int
) -> tuple[RetrievalIndex, float]:
    """Build the engine's index over ``rows``; returns it and the wall time in seconds."""
    start = time.perf_counter()
    index = RetrievalIndex.create(path, weights)
    index.add(rows, workers=workers, progress=True)
    return index, time.perf_counter() - start


def engine_run(
    index: RetrievalIndex, queries: list[dict], k: int = 100
) -> tuple[dict, list[float]]:
    """Search every query (the shipped pipeline); returns the runs and latencies in ms."""
    runs, latencies = {}, []
    for q in queries:
        start = time.perf_counter()
        hits = index.search(q["text"], top_k=k, explain=False)
        latencies.append((time.perf_counter() - start) * 1000)
        runs[q["id"]] = [h.id for h in hits]
    return runs, latencies


def en_vi_queries(removed: dict[str, str]) -> list[dict]:
    """The English clause set, gold Pháp điển ids mapped to dev ids where the copy was removed."""
    rows = [
        json.loads(line) for line in EN_VI_PATH.read_text(encoding="utf-8").splitlines() if line
    ]
    return [
        {"id": r["id"], "text": r["text"], "gold": {removed.get(g, g) for g in r["relevant"]}}
        for r in rows
    ]


def p95(values: list[float]) -> float:
    """95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


# --- cross-validation -------------------------------------------------------------------------

FOLDS = 5
DEPTHS = (30, 50, 100)
# Second stages compared by CV: every feature, and the shipped set (no document type, whose
# weight ALQAC cannot check: all its answers are articles of laws).
RERANKERS = {
    "engine + reranker, 12 features (all chosen by CV)": FEATURES,
    "engine + reranker, shipped: no document type (by CV)": SHIPPED_FEATURES,
}
CANDIDATES = 100


def fold_of(query_id: str, folds: int = FOLDS) -> int:
    """A question's fold: a hash of its id, so folds do not follow the order of the file."""
    digest = hashlib.blake2b(str(query_id).encode("utf-8"), digest_size=4).digest()
    return int.from_bytes(digest, "big") % folds


def first_stage_variants() -> dict[str, Weights]:
    """Query-time variants of the first stage chosen among by CV (no rebuild needed).

    ``cite×s`` scales every citation boost and the definition boost; ``title`` is the heading
    field's weight; ``plain`` has no citation, definition or heading terms.
    """
    base = Weights()
    variants = {}
    for title in (0.2, 0.4, 0.8):
        for scale in (0.5, 1.0):
            variants[f"title={title} cite×{scale}"] = replace(
                base,
                title=title,
                doc=base.doc * scale,
                law=base.law * scale,
                article_of_law=base.article_of_law * scale,
                article=base.article * scale,
                clause=base.clause * scale,
                refs=base.refs * scale,
                definition=base.definition * scale,
            )
    variants["plain"] = replace(
        base, title=0.0, doc=0, law=0, article_of_law=0, article=0, clause=0, refs=0, definition=0
    )
    return variants


@dataclass
class Candidates:
    """One first-stage variant's candidates of every question: ids, features, relevance."""

    ids: dict[str, list[str]]
    features: dict[str, np.ndarray]
    labels: dict[str, np.ndarray]


def collect(
    index: RetrievalIndex, queries: list[dict], weights: Weights, cache: dict | None = None
) -> Candidates:
    """Run the first stage with ``weights`` and compute second-stage features of the top 100.

    ``cache`` keeps the text-dependent features per (question, provision) across variants.
    """
    index.weights = weights
    cache = {} if cache is None else cache
    out = Candidates({}, {}, {})
    for q in queries:
        query, docs = index.candidates(q["text"], CANDIDATES)
        ids = [d["id"][0] for _, d in docs]
        out.ids[q["id"]] = ids
        view = index.query_view(query)
        top = docs[0][0] if docs else 0.0
        rows = []
        for rank, (score, doc) in enumerate(docs):
            key = (q["id"], ids[rank])
            if key not in cache:
                cache[key] = content_features(view, _stored(doc))
            rows.append([score / top if top > 0 else 0.0, math.log1p(rank), *cache[key]])
        out.features[q["id"]] = np.array(rows, dtype=float).reshape(len(rows), len(FEATURES))
        out.labels[q["id"]] = np.array([1.0 if i in q["gold"] else 0.0 for i in ids])
    return out


def reranked(model: Reranker, cand: Candidates, qid: str, depth: int) -> list[str]:
    """``qid``'s candidates with the first ``depth`` re-ordered by ``model`` (ties by id)."""
    ids, matrix = cand.ids[qid], cand.features[qid]
    head = max(depth, 0)
    scores = model.scores(matrix[:head]) if len(ids) else np.zeros(0)
    order = sorted(range(min(head, len(ids))), key=lambda i: (-round(float(scores[i]), 6), ids[i]))
    return [ids[i] for i in order] + ids[head:]


def rrf(*runs: list[str], k: int = 60) -> list[str]:
    """Reciprocal-rank fusion of ranked id lists (ties by id)."""
    score: dict[str, float] = {}
    for run in runs:
        for rank, doc in enumerate(run):
            score[doc] = score.get(doc, 0.0) + 1.0 / (k + rank + 1)
    return sorted(score, key=lambda d: (-score[d], d))[:CANDIDATES]


def per_query(runs: dict[str, list[str]], queries: list[dict]) -> dict[str, dict[str, float]]:
    return {q["id"]: query_metrics(q["gold"], runs.get(q["id"], [])) for q in queries}


def fold_means(scores: dict[str, dict[str, float]], members: list[list[str]]) -> list[dict]:
    return [mean_metrics(scores[qid] for qid in fold) for fold in members]


def cross_validate(queries: list[dict], fixed: dict[str, dict], cands: dict) -> tuple:
    """Choose first-stage variant, reranker and depth on k-1 folds; score the k-th; per fold.

    ``fixed`` holds runs that need no choice (baselines): they are scored on the same folds.
    Returns ``(rows, choices)``: rows ``{system: [metrics per fold]}``; choices per fold.
    """
    members = [[q["id"] for q in queries if fold_of(q["id"]) == f] for f in range(FOLDS)]
    by_id = {q["id"]: q for q in queries}
    variants = first_stage_variants()
    first = {name: per_query(c.ids, queries) for name, c in cands.items()}
    rows: dict[str, list[dict]] = {
        name: fold_means(per_query(run, queries), members) for name, run in fixed.items()
    }
    rows["engine first stage, shipped weights (fixed before this CV)"] = fold_means(
        first["title=0.4 cite×1.0"], members
    )
    syll = fixed.get("BM25 syllables")
    chosen_first, chosen_rrf, choices = [], [], []
    chosen_rerank: dict[str, list[dict]] = {}
    for f, test in enumerate(members):
        train_ids = [qid for g, fold in enumerate(members) if g != f for qid in fold]

        def train_mean(scores: dict[str, dict[str, float]], ids=train_ids) -> float:
            return mean_metrics(scores[qid] for qid in ids)["nDCG@10"]

        name = max(variants, key=lambda n: (train_mean(first[n]), n))
        cand = cands[name]
        chosen_first.append(mean_metrics(first[name][qid] for qid in test))
        if syll is not None:
            fused = {qid: rrf(cand.ids[qid], syll[qid]) for qid in cand.ids}
            chosen_rrf.append(
                mean_metrics(query_metrics(by_id[qid]["gold"], fused[qid]) for qid in test)
            )
        picked = []
        for label, features in RERANKERS.items():
            model = train([(cand.features[qid], cand.labels[qid]) for qid in train_ids], features)

            def ranked(qid, depth, model=model, cand=cand):
                return query_metrics(by_id[qid]["gold"], reranked(model, cand, qid, depth))

            depth = max(
                DEPTHS,
                key=lambda d, r=ranked: (train_mean({qid: r(qid, d) for qid in train_ids}), -d),
            )
            chosen_rerank.setdefault(label, []).append(
                mean_metrics(ranked(qid, depth) for qid in test)
            )
            picked.append(f"{'all' if features == FEATURES else 'shipped'} depth {depth}")
        choices.append(f"fold {f + 1}: first stage {name}; " + ", ".join(picked))
    rows["engine first stage, variant chosen by CV"] = chosen_first
    if chosen_rrf:
        rows["RRF(engine first stage, BM25 syllables)"] = chosen_rrf
    for label, folds in chosen_rerank.items():
        rows[label] = folds
    return rows, choices


def print_cv(title: str, rows: dict[str, list[dict]]) -> None:
    """Mean ± standard deviation over folds of each metric, one line per system."""
    print(f"\n{title} — {FOLDS}-fold CV, mean ± sd over folds")
    print(f"{'system':60s} " + " ".join(f"{m:>15s}" for m in METRICS))
    for name, folds in rows.items():
        cells = []
        for m in METRICS:
            values = [fold[m] for fold in folds]
            cells.append(f"{statistics.mean(values):.3f} ± {statistics.stdev(values):.3f}")
        print(f"{name:60s} " + " ".join(f"{c:>15s}" for c in cells))


def baselines(rows: list[dict], queries: list[dict], words: str, notes: list[str]) -> dict:
    """The plain BM25 runs scored beside the engine.

    ``words``: "always" segments with underthesea whatever is not cached yet (about 10-60 ms a
    provision: an hour or more for the Pháp điển on 2 shared cores), "cached" runs the underthesea
    baseline only when every text is already in ``var/bench-cache`` (``python -m bench.word_cache``
    fills it), "never" skips it.
    """
    out = {"BM25 syllables": baseline_run(rows, queries)}
    out["BM25 dictionary words"] = dictionary_baseline_run(rows, queries)
    texts = [row_text(r) for r in rows] + [q["text"] for q in queries]
    absent = missing(texts) if words == "cached" else 0
    if words == "always" or (words == "cached" and not absent):
        out["BM25 underthesea words"] = words_baseline_run(rows, queries)
    elif words == "cached":
        notes.append(
            f"BM25 underthesea words over {len(rows)} provisions not run: {absent} texts not "
            "segmented yet (fill the cache with `python -m bench.word_cache`, or --words always)"
        )
    return out


def segmentation_report(queries: list[dict]) -> str:
    """How the compound dictionary segments the questions, against underthesea (cached).

    Counts multi-syllable words (the ones segmentation exists for): the share of underthesea's
    that the dictionary also forms, the share of the dictionary's that underthesea forms too, and
    the words underthesea forms most often that the dictionary misses.
    """
    ours = [segment(q["text"]) for q in queries]
    theirs = underthesea_corpus([q["text"] for q in queries], progress=False)
    both = mine = ref = 0
    missed: dict[str, int] = {}
    for a, b in zip(ours, theirs, strict=True):
        a_multi = [w for w in a if "_" in w]
        b_multi = [w for w in b if "_" in w]
        mine += len(a_multi)
        ref += len(b_multi)
        a_set = set(a_multi)
        for w in b_multi:
            if w in a_set:
                both += 1
            else:
                missed[w] = missed.get(w, 0) + 1
    top = sorted(missed.items(), key=lambda kv: (-kv[1], kv[0]))[:12]
    return (
        f"question segmentation, multi-syllable words: dictionary forms {both / ref:.3f} of "
        f"underthesea's ({ref}), {both / mine:.3f} of its own ({mine}) are underthesea's; "
        "most missed: " + ", ".join(f"{w} ({n})" for w, n in top)
    )


def all_candidates(index: RetrievalIndex, queries: list[dict]) -> dict[str, Candidates]:
    """Candidates and features of every first-stage variant (text features computed once)."""
    variants = first_stage_variants()
    print(f"collecting candidates of {len(variants)} first-stage variants", file=sys.stderr)
    cache: dict = {}
    cands = {name: collect(index, queries, w, cache) for name, w in variants.items()}
    index.weights = Weights()
    return cands


def train_shipped(index: RetrievalIndex, queries: list[dict], cands: dict) -> None:
    """Run the CV's choice procedure once on every development question and ship the model.

    The first-stage variant is the one with the best nDCG@10 over all questions; the model is
    trained on its candidates; the depth is the best of ``DEPTHS``. The variant's weights must be
    the defaults of :class:`Weights` (the index stores its weights when built): a mismatch is
    printed, not applied.
    """
    by_id = {q["id"]: q for q in queries}
    variants = first_stage_variants()

    def mean_ndcg(runs: dict[str, list[str]]) -> float:
        return mean_metrics(query_metrics(by_id[qid]["gold"], run) for qid, run in runs.items())[
            "nDCG@10"
        ]

    name = max(variants, key=lambda n: (mean_ndcg(cands[n].ids), n))
    cand = cands[name]
    model = train(
        [(cand.features[q["id"]], cand.labels[q["id"]]) for q in queries], SHIPPED_FEATURES
    )
    depth = max(
        DEPTHS,
        key=lambda d: (mean_ndcg({qid: reranked(model, cand, qid, d) for qid in cand.ids}), -d),
    )
    model.notes = {
        "trained_on": f"{len(queries)} ALQAC 2022 questions, top-{CANDIDATES} candidates over "
        f"{len(index)} provisions (dev + Pháp điển distractors)",
        "first_stage": name,
        "depth": depth,
        "trainer": "python -m bench.bench_retrieval --train (pairwise logistic, full-batch GD)",
    }
    model.save(MODEL_PATH)
    print(f"reranker written to {MODEL_PATH}: first stage {name}, depth {depth}", file=sys.stderr)
    chosen = variants[name]
    if replace(chosen, rerank_depth=depth) != Weights():
        print(
            f"NOTE: the chosen first stage ({name}) and depth {depth} are not Weights()'s "
            "defaults; set them in lawcore/retrieval/query.py",
            file=sys.stderr,
        )


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-distractors", action="store_true", help="dev corpus only (quick)")
    parser.add_argument(
        "--words",
        choices=("cached", "always", "never"),
        default="cached",
        help="underthesea baseline: only when its segmentation is cached (default), always, never",
    )
    parser.add_argument("--workers", type=int, default=2, help="processes for index building")
    parser.add_argument("--train", action="store_true", help="retrain the shipped reranker")
    parser.add_argument(
        "--latency",
        metavar="INDEX",
        type=Path,
        help="only time queries, on an index already built (dev + distractors), and stop",
    )
    parser.add_argument(
        "--depth-cv",
        metavar="INDEX",
        type=Path,
        help="only score fixed rerank depths by CV and time them at top-10, on a built index",
    )
    args = parser.parse_args(argv)
    corpus, queries = dev_corpus()
    if args.latency:
        print(latency_report(RetrievalIndex.open(args.latency), queries))
        return
    if args.depth_cv:
        depth_cv(RetrievalIndex.open(args.depth_cv), queries)
        return
    notes = [f"load average at start: {os.getloadavg()[0]:.2f} (2 cores shared)"]
    with tempfile.TemporaryDirectory() as tmp:
        index, build_s = engine_build(corpus, Path(tmp) / "dev", Weights(), args.workers)
        notes.append(f"dev: {len(corpus)} provisions, build {build_s:.1f} s")
        fixed = baselines(corpus, queries, "always" if args.words != "never" else "never", notes)
        rows, choices = cross_validate(queries, fixed, all_candidates(index, queries))
        print_cv(f"ALQAC dev ({len(queries)} questions, {len(corpus)} provisions)", rows)
        print("  " + "\n  ".join(choices))
        if args.words != "never":
            notes.append(segmentation_report(queries))
        if not args.no_distractors:
            _with_distractors(corpus, queries, args, Path(tmp), notes)
    print("\n" + "\n".join(notes))


def latency_report(index: RetrievalIndex, queries: list[dict]) -> str:
    """Query latency on one core, top-100: the shipped pipeline and the first stage alone,
    one pass each after a warm-up pass on 50 questions, with the load average."""
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # latency on one core
    shipped, first = Weights(), replace(Weights(), rerank_depth=0)
    index.weights = shipped
    engine_run(index, queries[:50])  # warm-up: model, dictionaries, index pages
    load = os.getloadavg()[0]
    index.weights = shipped
    _, lat = engine_run(index, queries)
    index.weights = first
    _, lat_first = engine_run(index, queries)
    index.weights = shipped
    return (
        f"query on 1 core, top-100, {len(queries)} questions over {len(index)} provisions, load "
        f"average {load:.2f}-{os.getloadavg()[0]:.2f}: shipped pipeline p50 "
        f"{statistics.median(lat):.1f} ms, p95 {p95(lat):.1f} ms; first stage alone p50 "
        f"{statistics.median(lat_first):.1f} ms, p95 {p95(lat_first):.1f} ms"
    )


def depth_cv(index: RetrievalIndex, queries: list[dict], depths=(10, 20, 30, 50, 100)) -> None:
    """Each fixed rerank depth: the second stage (shipped features) trained on 4 folds and scored
    on the fifth, mean ± sd over folds; and the latency of a top-10 search at that depth."""
    cand = collect(index, queries, Weights())
    by_id = {q["id"]: q for q in queries}
    members = [[q["id"] for q in queries if fold_of(q["id"]) == f] for f in range(FOLDS)]
    print(f"\nrerank depth — {FOLDS}-fold CV over {len(index)} provisions, mean ± sd over folds")
    print(f"{'depth':>6s} " + " ".join(f"{m:>15s}" for m in METRICS) + "  top-10 p50/p95 ms")
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    for depth in depths:
        folds = []
        for f, test in enumerate(members):
            train_ids = [qid for g, fold in enumerate(members) if g != f for qid in fold]
            model = train([(cand.features[q], cand.labels[q]) for q in train_ids], SHIPPED_FEATURES)
            folds.append(
                mean_metrics(
                    query_metrics(by_id[q]["gold"], reranked(model, cand, q, depth)) for q in test
                )
            )
        index.weights = replace(Weights(), rerank_depth=depth)
        lat = []
        for q in queries:
            start = time.perf_counter()
            index.search(q["text"], top_k=10, explain=False)
            lat.append((time.perf_counter() - start) * 1000)
        cells = [
            f"{statistics.mean(v):.3f} ± {statistics.stdev(v):.3f}"
            for v in ([fold[m] for fold in folds] for m in METRICS)
        ]
        print(
            f"{depth:>6d} "
            + " ".join(f"{c:>15s}" for c in cells)
            + f"  {statistics.median(lat):.1f}/{p95(lat):.1f}"
        )
    index.weights = Weights()
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")


def _with_distractors(corpus, queries, args, tmp, notes):
    kept, removed = distractors(corpus, phapdien_rows())
    rows = corpus + kept
    index, build_s = engine_build(rows, tmp / "full", Weights(), args.workers)
    cands = all_candidates(index, queries)
    if args.train:
        train_shipped(index, queries, cands)
    fixed = baselines(rows, queries, args.words, notes)
    cv_rows, choices = cross_validate(queries, fixed, cands)
    print_cv(f"ALQAC dev + {len(kept)} Pháp điển distractors", cv_rows)
    print("  " + "\n  ".join(choices))
    notes.append(
        f"dev+distractors: {len(rows)} provisions ({len(kept)} distractors, {len(removed)} copies "
        f"of dev laws removed), engine build {build_s:.1f} s on {args.workers} processes; "
        + latency_report(index, queries)
    )
    if EN_VI_PATH.exists():
        en = en_vi_queries(removed)
        en_runs, en_lat = engine_run(index, en)
        base_en = metrics(baseline_run(rows, en), en)
        eng_en = metrics(en_runs, en)
        notes.append(
            f"en->vi clauses ({len(en)}, never tuned on by CV): R@10 engine {eng_en['R@10']:.3f} "
            f"vs BM25 syllables {base_en['R@10']:.3f}; R@100 {eng_en['R@100']:.3f} vs "
            f"{base_en['R@100']:.3f}; p95 {p95(en_lat):.1f} ms"
        )


if __name__ == "__main__":
    main()
