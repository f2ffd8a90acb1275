"""Precision and recall of "duplicate" on a labelled set, the threshold chosen by cross-validation.

    python -m lawcore.overlap.evaluation [--pairs lawcore/tests/fixtures/overlap/pairs.jsonl]

Each labelled pair is scored by the whole engine: both items go through ``find_pairs`` together
with every other item of the set (so a pair the candidate stage misses counts as "not duplicate"),
and the pair's score is read back. Folds are drawn per pair (seeded); on each training part the
threshold with the best F1 of "duplicate" is chosen among the scores seen, then precision and
recall are measured on the held-out part. The same is done for the lexical baseline the issue
names (rapidfuzz ``token_set_ratio`` alone, folded text).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
from collections.abc import Sequence
from pathlib import Path

from rapidfuzz import fuzz

from lawcore.overlap.engine import Item, find_pairs
from lawcore.overlap.features import clean
from lawcore.text import fold

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "overlap" / "pairs.jsonl"


def load(path: Path = FIXTURE) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def engine_scores(pairs: Sequence[dict]) -> list[float]:
    """The engine's score of each labelled pair (0 when the candidate stage does not propose it)."""
    texts: dict[str, str] = {}
    for pair in pairs:
        texts[pair["a"]], texts[pair["b"]] = pair["text_a"], pair["text_b"]
    found = find_pairs([Item(key, text) for key, text in texts.items()], threshold=0.0)
    by_key = {frozenset((p.a, p.b)): p.score for p in found}
    return [by_key.get(frozenset((p["a"], p["b"])), 0.0) for p in pairs]


def lexical_scores(pairs: Sequence[dict]) -> list[float]:
    return [
        fuzz.token_set_ratio(fold(clean(p["text_a"])), fold(clean(p["text_b"]))) / 100
        for p in pairs
    ]


def precision_recall(
    scores: Sequence[float], truth: Sequence[bool], threshold: float
) -> tuple[float, float]:
    predicted = [s >= threshold for s in scores]
    tp = sum(p and t for p, t in zip(predicted, truth, strict=True))
    fp = sum(p and not t for p, t in zip(predicted, truth, strict=True))
    fn = sum(t and not p for p, t in zip(predicted, truth, strict=True))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall


def best_threshold(scores: Sequence[float], truth: Sequence[bool]) -> float:
    best, best_f1 = 1.0, -1.0
    for threshold in sorted(set(scores)):
        if threshold <= 0:
            continue
        p, r = precision_recall(scores, truth, threshold)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        if f1 > best_f1:
            best, best_f1 = threshold, f1
    return best


def cross_validate(
    scores: Sequence[float], truth: Sequence[bool], folds: int = 5, seed: int = 15
) -> dict:
    order = list(range(len(scores)))
    random.Random(seed).shuffle(order)
    results = []
    for k in range(folds):
        test = set(order[k::folds])
        train = [i for i in order if i not in test]
        threshold = best_threshold([scores[i] for i in train], [truth[i] for i in train])
        p, r = precision_recall([scores[i] for i in test], [truth[i] for i in test], threshold)
        results.append((threshold, p, r))
    thresholds, precisions, recalls = zip(*results, strict=True)
    return {
        "thresholds": [round(t, 3) for t in thresholds],
        "precision": (statistics.mean(precisions), statistics.stdev(precisions)),
        "recall": (statistics.mean(recalls), statistics.stdev(recalls)),
        "threshold_all": best_threshold(scores, truth),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lawcore.overlap.evaluation")
    parser.add_argument("--pairs", type=Path, default=FIXTURE)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args(argv)
    pairs = load(args.pairs)
    truth = [p["label"] == "duplicate" for p in pairs]
    print(f"{len(pairs)} labelled pairs, {sum(truth)} duplicate")
    for name, scores in (
        ("engine", engine_scores(pairs)),
        ("token_set_ratio", lexical_scores(pairs)),
    ):
        cv = cross_validate(scores, truth, args.folds)
        (pm, ps), (rm, rs) = cv["precision"], cv["recall"]
        print(
            f"{name:<16} precision {pm:.3f} ± {ps:.3f}  recall {rm:.3f} ± {rs:.3f}  "
            f"(fold thresholds {cv['thresholds']}; on all pairs {cv['threshold_all']:.3f})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
