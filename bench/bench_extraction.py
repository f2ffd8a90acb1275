"""Benchmark the obligation-extraction assistant over all ToTA treaty texts.

Run: ``python -m bench.bench_extraction [--limit N]``. Prints sentences per second and candidates
found for full extraction, the same for the baseline (sentence splitting alone) measured in the
same run, their ratio, and precision/recall of marker detection on the labelled fixtures.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

from lxml import etree

from lawcore.extraction import (
    classify_sentence,
    detect_language,
    evaluation,
    rules,
    split_sentences,
)
from lawcore.extraction.core import classify
from lawcore.shared_data import shared_data_path, skip_reason

FIXTURES = Path(__file__).resolve().parent.parent / "lawcore" / "tests" / "data"


def load_articles(folder: Path, limit: int | None) -> list[str]:
    """Article texts of every ``pta_*.xml`` in ``folder`` (at most ``limit`` files)."""
    files = sorted(folder.glob("pta_*.xml"))[:limit]
    texts = []
    for path in files:
        root = etree.parse(str(path)).getroot()
        texts.extend("".join(article.itertext()) for article in root.iter("article"))
    return texts


def run_baseline(texts: list[str]) -> tuple[float, int]:
    """Seconds and sentence count for sentence splitting alone."""
    started = time.perf_counter()
    count = sum(len(split_sentences(text)) for text in texts)
    return time.perf_counter() - started, count


def run_extraction(texts: list[str]) -> tuple[float, int, Counter[str]]:
    """Seconds, sentence count and candidates by modality for full extraction."""
    started = time.perf_counter()
    sentences = 0
    modalities: Counter[str] = Counter()
    for text in texts:
        lang = detect_language(text)
        for sentence in split_sentences(text):
            sentences += 1
            candidate = classify(sentence, lang)
            if candidate is not None:
                modalities[candidate.modality.value] += 1
    return time.perf_counter() - started, sentences, modalities


def fixture_scores(name: str) -> tuple[int, float, float]:
    """(rows, precision, recall) of marker detection on a labelled fixture."""
    rows = [
        json.loads(line)
        for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines()
        if line
    ]
    tp = fp = fn = 0
    for row in rows:
        candidate = classify_sentence(row["text"], row["lang"], kind=row["kind"])
        predicted = candidate is not None and candidate.is_obligation
        tp += predicted and row["is_obligation"]
        fp += predicted and not row["is_obligation"]
        fn += row["is_obligation"] and not predicted
    return len(rows), tp / max(tp + fp, 1), tp / max(tp + fn, 1)


V2 = FIXTURES / "obligations_v2" / "sentences.jsonl"


def _predictions(rows: list[dict], families) -> dict[int, list]:
    with rules.only(families):
        return {row["id"]: evaluation.predict(row) for row in rows}


def _macro_f1(rows: list[dict], predicted: dict[int, list]) -> float:
    groups = evaluation.by(rows, evaluation.language, predicted)
    return sum(s.f1 for s in groups.values()) / len(groups)


def cross_validate(rows: list[dict], folds: int = 5) -> None:
    """5-fold cross-validation of the rule families of issue 18 (``lawcore.extraction.rules``).

    On each fold's four training folds a family is kept when turning it off lowers the macro F1
    of the three language groups; the kept families then label the held-out fold. The held-out
    predictions of the five folds are pooled and scored by language and by source.
    """
    cache: dict[frozenset, dict[int, list]] = {}

    def predicted(families) -> dict[int, list]:
        key = frozenset(families)
        if key not in cache:
            cache[key] = _predictions(rows, key)
        return cache[key]

    pooled: dict[int, list] = {}
    for fold in range(folds):
        train = [r for r in rows if r["id"] % folds != fold]
        everything = _macro_f1(train, predicted(rules.RULES))
        kept = [
            family
            for family in rules.RULES
            if _macro_f1(train, predicted(set(rules.RULES) - {family})) < everything
        ]
        held = predicted(kept)
        pooled.update({r["id"]: held[r["id"]] for r in rows if r["id"] % folds == fold})
        dropped = sorted(set(rules.RULES) - set(kept)) or ["none"]
        print(f"  fold {fold}: families off: {', '.join(dropped)}")
    for name, scores in evaluation.by(rows, evaluation.language, pooled).items():
        print("  cv " + scores.line(name))
    for name, scores in evaluation.by(rows, evaluation.group, pooled).items():
        if name.startswith("vi "):
            print("  cv " + scores.line(name))


def _english_source(row: dict) -> str:
    """An English row's source: the ToTA agreement, or the statements' draw."""
    if row["kind"] == "treaty":
        return "en treaty " + row["source"].rsplit("/", 1)[-1].removesuffix(".xml")
    return f"en statements batch {row.get('batch') or 1}"


def labelled_report() -> None:
    """P/R/F1 by language and source on obligations_v2, addressee and deadline accuracy."""
    rows = evaluation.load_rows(V2)
    unseen = [r for r in rows if not evaluation.tuned_on(r)]
    seen = [r for r in rows if evaluation.tuned_on(r)]
    print(f"obligations_v2: {len(rows)} rows ({len(seen)} tuned on, {len(unseen)} never looked at)")
    parts = (
        ("all", rows),
        ("never tuned on (folds 3-4, batches 2 and 3)", unseen),
        ("tuned on", seen),
        ("never tuned on: folds 3-4 of the first draw", [r for r in unseen if not r.get("batch")]),
        ("never tuned on: batch 2 (statements)", [r for r in rows if r.get("batch") == 2]),
        ("never tuned on: batch 3 (English, issue 18)", [r for r in rows if r.get("batch") == 3]),
        ("tuned on: batch 4 (statements)", [r for r in rows if r.get("batch") == 4]),
    )
    for title, part in parts:
        print(f" {title}:")
        for name, scores in evaluation.by(part, evaluation.language).items():
            print("  " + scores.line(name))
    print(" English never tuned on, by source:")
    english = [r for r in unseen if r["lang"] == "en"]
    for name, scores in sorted(evaluation.by(english, _english_source).items()):
        print("  " + scores.line(name))
    print(" Vietnamese by source (all rows):")
    for name, scores in evaluation.by(rows, evaluation.group).items():
        if name.startswith("vi "):
            print("  " + scores.line(name))
    with rules.only(()):
        print(" without the issue-18 rule families (all rows):")
        for name, scores in evaluation.by(rows, evaluation.language).items():
            print("  " + scores.line(name))
    print(" 5-fold cross-validation of the rule families:")
    cross_validate(rows)


def vietnamese_throughput(limit: int = 20) -> None:
    """Sentences/s on Vietnamese laws (vn-laws), extraction against splitting alone."""
    folder = shared_data_path("vn-laws", "texts")
    if folder is None:
        print(f"skipped Vietnamese throughput: {skip_reason('vn-laws', 'texts')}")
        return
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))[:limit]]
    base_s, base_n = run_baseline(texts)
    full_s, full_n, modalities = run_extraction(texts)
    print(f"vn-laws: {len(texts)} laws, {full_n} sentences")
    print(f"baseline (split only): {base_s:.1f} s, {base_n / base_s:,.0f} sentences/s")
    print(f"extraction:            {full_s:.1f} s, {full_n / full_s:,.0f} sentences/s")
    print(f"ratio extraction/baseline time: {full_s / base_s:.2f}x")
    print(f"candidates: {sum(modalities.values())} ({dict(modalities.most_common())})")


def main(argv: list[str] | None = None) -> int:
    """Entry point: print throughput, ratio to the splitting baseline, and fixture scores."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N ToTA files")
    parser.add_argument(
        "--labelled", action="store_true", help="only the labelled-set scores (obligations_v2)"
    )
    args = parser.parse_args(argv)
    labelled_report()
    if args.labelled:
        return 0
    vietnamese_throughput()
    for name in ("obligation_sentences.jsonl", "obligation_sentences_heldout.jsonl"):
        rows, precision, recall = fixture_scores(name)
        print(f"{name}: {rows} sentences, precision {precision:.3f}, recall {recall:.3f}")
    folder = shared_data_path("tota", "xml")
    if folder is None:
        print(f"skipped throughput: {skip_reason('tota', 'xml')}")
        return 0
    texts = load_articles(folder, args.limit)
    base_s, base_n = run_baseline(texts)
    full_s, full_n, modalities = run_extraction(texts)
    print(f"ToTA: {len(texts)} article texts, {full_n} sentences")
    print(f"baseline (split only): {base_s:.1f} s, {base_n / base_s:,.0f} sentences/s")
    print(f"extraction:            {full_s:.1f} s, {full_n / full_s:,.0f} sentences/s")
    print(f"ratio extraction/baseline time: {full_s / base_s:.2f}x")
    total = sum(modalities.values())
    detail = ", ".join(f"{m} {n}" for m, n in modalities.most_common())
    print(f"candidates: {total} ({detail})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
