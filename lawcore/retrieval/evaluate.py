"""Score rankings against relevance judgements: the benchmark's metrics and CamKet's own decisions.

Metrics (binary relevance, per query, then averaged): nDCG@10, Recall@10, Recall@100, MRR@10 and
Acc@1 (the first hit is relevant).

Judgements exported by the app (``camket export-judgements OUT.jsonl``) are JSONL lines::

    {"query_id": "q-3f2a…", "query": "<text searched>", "provision_id": "<index id>",
     "relevance": 1, "judged_by": "…", "judged_at": "2026-…", "source": "obligation:12"}

``relevance`` is 1 (accepted: the provision bears on the text) or 0 (rejected). The last judgement
of a (query, provision) pair counts. Run ``python -m lawcore.retrieval.evaluate --index DIR
--judgements FILE`` to score an index on them.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

METRICS = ("nDCG@10", "R@10", "R@100", "MRR@10", "Acc@1")


def query_metrics(gold: set[str], ranked: list[str]) -> dict[str, float]:
    """The metrics of one ranking (best first) against its relevant ids."""
    if not gold:
        raise ValueError("a query needs at least one relevant id to be scored")
    gains = [1.0 if d in gold else 0.0 for d in ranked[:10]]
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(gold), 10)))
    return {
        "nDCG@10": sum(g / math.log2(i + 2) for i, g in enumerate(gains)) / ideal,
        "R@10": len(gold & set(ranked[:10])) / len(gold),
        "R@100": len(gold & set(ranked[:100])) / len(gold),
        "MRR@10": next((1 / (i + 1) for i, g in enumerate(gains) if g), 0.0),
        "Acc@1": 1.0 if ranked[:1] and ranked[0] in gold else 0.0,
    }


def mean_metrics(per_query: Iterable[dict[str, float]]) -> dict[str, float]:
    """Average of per-query metrics (NaN for no query)."""
    rows = list(per_query)
    return {m: (sum(r[m] for r in rows) / len(rows) if rows else float("nan")) for m in METRICS}


@dataclass
class JudgedQuery:
    """A query text with the provisions people accepted and rejected for it."""

    id: str
    text: str
    relevant: set[str] = field(default_factory=set)
    rejected: set[str] = field(default_factory=set)


def read_judgements(lines: Iterable[str], where: str = "judgements") -> list[JudgedQuery]:
    """Group exported judgement lines by query; the last judgement of a pair wins.

    Raises ``ValueError`` naming the line of a malformed row.
    """
    queries: dict[str, JudgedQuery] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            query_id, text = str(row["query_id"]), str(row["query"])
            provision, relevance = str(row["provision_id"]), int(row["relevance"])
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
            raise ValueError(f"{where}:{number}: not a judgement row ({error})") from error
        if relevance not in (0, 1):
            raise ValueError(f"{where}:{number}: relevance must be 0 or 1, not {relevance}")
        query = queries.setdefault(query_id, JudgedQuery(query_id, text))
        query.relevant.discard(provision)
        query.rejected.discard(provision)
        (query.relevant if relevance else query.rejected).add(provision)
    return list(queries.values())


@dataclass
class JudgementReport:
    """How a ranking function does on CamKet's judgements."""

    metrics: dict[str, float]
    scored: int  # queries with at least one accepted provision
    skipped: int  # queries with rejections only (no relevant provision to find)
    rejected_in_top10: float  # mean count of rejected provisions ranked in the first 10

    def as_dict(self) -> dict:
        return {
            **{k: round(v, 4) for k, v in self.metrics.items()},
            "queries_scored": self.scored,
            "queries_without_accepted": self.skipped,
            "rejected_in_top10": round(self.rejected_in_top10, 4),
        }


def evaluate_judgements(
    queries: list[JudgedQuery], rank: Callable[[str], list[str]]
) -> JudgementReport:
    """Score ``rank(text) -> ids best first`` on judged queries."""
    rows, rejected, skipped = [], [], 0
    for query in queries:
        ranked = rank(query.text)
        rejected.append(len(query.rejected & set(ranked[:10])))
        if not query.relevant:
            skipped += 1
            continue
        rows.append(query_metrics(query.relevant, ranked))
    mean_rejected = sum(rejected) / len(rejected) if rejected else 0.0
    return JudgementReport(mean_metrics(rows), len(rows), skipped, mean_rejected)


def main(argv: list[str] | None = None) -> None:
    """``python -m lawcore.retrieval.evaluate --index DIR --judgements FILE``: print JSON."""
    from lawcore.retrieval.index import RetrievalIndex

    parser = argparse.ArgumentParser(prog="python -m lawcore.retrieval.evaluate")
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--judgements", type=Path, required=True, help="JSONL from the app")
    args = parser.parse_args(argv)
    index = RetrievalIndex.open(args.index)
    with open(args.judgements, encoding="utf-8") as handle:
        try:
            queries = read_judgements(handle, str(args.judgements))
        except ValueError as error:
            raise SystemExit(str(error)) from error
    report = evaluate_judgements(
        queries, lambda text: [h.id for h in index.search(text, top_k=100, explain=False)]
    )
    json.dump(report.as_dict(), sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
