"""Benchmark the legal retrieval engine against plain BM25 over lower-case syllables.

Run: ``python -m bench.bench_retrieval`` (no Django). Data: ``legal-retrieval-dev`` (ALQAC 2022)
and ``vn-phapdien`` as distractors, from ``lawcore.shared_data``; the Pháp điển copies of the dev
laws are removed (by document number and by identical text) so that a hit on a copy is not scored
as a miss. Also scores ``bench/data/en_vi_clauses.jsonl`` (English treaty clauses → implementing
Pháp điển articles).
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import bm25s
import numpy as np

from lawcore.retrieval.compounds import syllables
from lawcore.retrieval.index import RetrievalIndex
from lawcore.retrieval.query import Weights
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
    """nDCG@10, Recall@10, Recall@100 and MRR@10 (binary relevance), averaged over queries."""
    out = {"nDCG@10": [], "R@10": [], "R@100": [], "MRR@10": []}
    for q in queries:
        gold, ranked = q["gold"], runs.get(q["id"], [])
        gains = [1.0 if d in gold else 0.0 for d in ranked[:10]]
        ideal = sum(1 / math.log2(i + 2) for i in range(min(len(gold), 10)))
        out["nDCG@10"].append(sum(g / math.log2(i + 2) for i, g in enumerate(gains)) / ideal)
        out["R@10"].append(len(gold & set(ranked[:10])) / len(gold))
        out["R@100"].append(len(gold & set(ranked[:100])) / len(gold))
        out["MRR@10"].append(next((1 / (i + 1) for i, g in enumerate(gains) if g), 0.0))
    return {k: float(np.mean(v)) for k, v in out.items()}


def baseline_run(rows: list[dict], queries: list[dict], k: int = 100) -> dict[str, list[str]]:
    """Plain BM25 (k1=1.2, b=0.75) over lower-case syllables of title and text."""
    retriever = bm25s.BM25(k1=1.2, b=0.75)
    retriever.index([syllables(f"{r['title']} {r['text']}") for r in rows], show_progress=False)
    ids = [r["id"] for r in rows]
    tokens = [syllables(q["text"]) for q in queries]
    vocab = retriever.vocab_dict
    runs = {}
    for q, toks in zip(queries, tokens, strict=True):
        known = [t for t in toks if t in vocab] or ["<none>"]
        if known == ["<none>"]:
            runs[q["id"]] = []
            continue
        docs, _ = retriever.retrieve([known], k=min(k, len(ids)), show_progress=False)
        runs[q["id"]] = [ids[i] for i in docs[0]]
    return runs


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
    """Search every query; returns the runs and per-query latencies in ms."""
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


def print_table(results: list[tuple[str, dict[str, float], dict[str, float]]]) -> None:
    """Print engine vs baseline per corpus with the ratio engine / baseline."""
    print(f"\n{'corpus / metric':38s} {'baseline':>9s} {'engine':>9s} {'ratio':>7s}")
    for corpus, base, eng in results:
        for metric in eng:
            b, e = base.get(metric, float("nan")), eng[metric]
            ratio = e / b if b else float("inf")
            print(f"{corpus + ' ' + metric:38s} {b:9.4f} {e:9.4f} {ratio:7.3f}")


def parse_weights(pairs: list[str]) -> Weights:
    """``["folded=0.2", ...]`` → Weights with those fields overridden."""
    return Weights(**{k: float(v) for k, v in (p.split("=") for p in pairs)})


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-distractors", action="store_true", help="dev corpus only (quick)")
    parser.add_argument("--workers", type=int, default=2, help="processes for index building")
    parser.add_argument(
        "--weight", action="append", default=[], help="override a weight: name=value"
    )
    args = parser.parse_args(argv)
    weights = parse_weights(args.weight)
    corpus, queries = dev_corpus()
    results, notes = [], []
    with tempfile.TemporaryDirectory() as tmp:
        index, build_s = engine_build(corpus, Path(tmp) / "dev", weights, args.workers)
        runs, lat = engine_run(index, queries)
        results.append(
            ("dev", metrics(baseline_run(corpus, queries), queries), metrics(runs, queries))
        )
        notes.append(
            f"dev: {len(corpus)} provisions, build {build_s:.1f} s, "
            f"query p50 {statistics.median(lat):.1f} ms p95 {p95(lat):.1f} ms"
        )
        if not args.no_distractors:
            results_d, notes_d = _with_distractors(
                corpus, queries, weights, args.workers, Path(tmp)
            )
            results += results_d
            notes += notes_d
    print_table(results)
    print("\n" + "\n".join(notes))


def _with_distractors(corpus, queries, weights, workers, tmp):
    kept, removed = distractors(corpus, phapdien_rows())
    rows = corpus + kept
    index, build_s = engine_build(rows, tmp / "full", weights, workers)
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # latency on one core
    runs, lat = engine_run(index, queries)
    base_start = time.perf_counter()
    base = baseline_run(rows, queries)
    base_s = time.perf_counter() - base_start
    results = [("dev+distractors", metrics(base, queries), metrics(runs, queries))]
    notes = [
        f"dev+distractors: {len(rows)} provisions ({len(kept)} distractors, {len(removed)} copies "
        f"of dev laws removed), engine build {build_s:.1f} s on {workers} processes, "
        f"baseline index+search {base_s:.1f} s; engine query on 1 core: "
        f"p50 {statistics.median(lat):.1f} ms, p95 {p95(lat):.1f} ms, top-100"
    ]
    if EN_VI_PATH.exists():
        en = en_vi_queries(removed)
        en_runs, en_lat = engine_run(index, en)
        base_en = metrics(baseline_run(rows, en), en)
        eng_en = metrics(en_runs, en)
        results.append(
            (
                "en->vi clauses",
                {"R@10": base_en["R@10"], "R@100": base_en["R@100"]},
                {"R@10": eng_en["R@10"], "R@100": eng_en["R@100"]},
            )
        )
        notes.append(f"en->vi: {len(en)} clauses, p95 {p95(en_lat):.1f} ms")
    return results, notes


if __name__ == "__main__":
    main()
