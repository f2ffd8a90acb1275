"""Command line: ``python -m lawcore.retrieval build|search|learn-compounds`` (no Django needed)."""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from lawcore.retrieval.compounds import (
    COMPOUNDS_PATH,
    learn_compounds,
    save_compounds,
    underthesea_words,
)
from lawcore.retrieval.index import RetrievalIndex


def read_jsonl(path: Path) -> Iterator[dict]:
    """Rows of a JSONL file (gzip when the name ends in ``.gz``); errors name the line."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as error:
                raise SystemExit(f"{path}:{number}: not valid JSON ({error.msg})") from error


def cmd_build(args: argparse.Namespace) -> None:
    """Build a fresh index from a corpus of ``{"id", "title", "text"}`` lines."""
    index = RetrievalIndex.create(args.index)
    count = index.add(read_jsonl(args.corpus), workers=args.workers, progress=True)
    print(f"indexed {count} provisions into {args.index}", file=sys.stderr)


def cmd_add(args: argparse.Namespace) -> None:
    """Add or replace (by id) provisions in an existing index."""
    index = RetrievalIndex.open(args.index)
    count = index.add(read_jsonl(args.corpus), workers=args.workers, progress=True)
    print(f"added or replaced {count} provisions; index holds {len(index)}", file=sys.stderr)


def cmd_search(args: argparse.Namespace) -> None:
    """Search each ``{"id", "text"}`` query line; write ``{"query_id", "hits"}`` lines.

    Hits are listed best first.
    """
    from tqdm import tqdm

    index = RetrievalIndex.open(args.index)
    queries = list(read_jsonl(args.queries))
    with (
        open(args.out, "w", encoding="utf-8") if args.out else contextlib.nullcontext(sys.stdout)
    ) as out:
        for query in tqdm(queries, unit="query", desc="searching", disable=len(queries) < 50):
            hits = index.search(query["text"], top_k=args.top_k, explain=args.explain)
            row = {"query_id": query["id"], "hits": [_hit_json(h, args.explain) for h in hits]}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def _hit_json(hit, explain: bool) -> dict:
    row = {"id": hit.id, "score": hit.score}
    if explain:
        row.update(matched_terms=hit.matched_terms, fields=hit.fields)
    return row


def cmd_learn(args: argparse.Namespace) -> None:
    """Re-learn the compound dictionary from underthesea output on every Nth corpus text (slow)."""
    from tqdm import tqdm

    rows = [r for i, r in enumerate(read_jsonl(args.corpus)) if i % args.every == 0]
    texts = [f"{r.get('title') or ''}\n{r.get('text') or ''}"[:4000] for r in rows]
    segmented = [underthesea_words(t) for t in tqdm(texts, unit="doc", desc="underthesea")]
    compounds = learn_compounds(texts, segmented, min_count=2, min_ratio=0.3)
    save_compounds(compounds, args.out)
    print(f"{len(compounds)} compounds written to {args.out}", file=sys.stderr)


def parser() -> argparse.ArgumentParser:
    """The argument parser of the command line."""
    top = argparse.ArgumentParser(prog="python -m lawcore.retrieval", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True)
    for name, func, text in [
        ("build", cmd_build, "build a new index"),
        ("add", cmd_add, "add or replace provisions by id"),
    ]:
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("--corpus", type=Path, required=True, help="JSONL(.gz): id, title, text")
        cmd.add_argument("--index", type=Path, required=True, help="index directory")
        cmd.add_argument("--workers", type=int, default=2, help="analysis processes")
        cmd.set_defaults(func=func)
    search = sub.add_parser("search", help="run queries against an index")
    search.add_argument("--index", type=Path, required=True)
    search.add_argument("--queries", type=Path, required=True, help="JSONL(.gz): id, text")
    search.add_argument("--top-k", type=int, default=10)
    search.add_argument("--out", type=Path, help="output JSONL (default: stdout)")
    search.add_argument("--explain", action="store_true", help="add matched terms and fields")
    search.set_defaults(func=cmd_search)
    learn = sub.add_parser("learn-compounds", help="re-learn the compound dictionary (underthesea)")
    learn.add_argument("--corpus", type=Path, required=True)
    learn.add_argument("--every", type=int, default=8, help="take every Nth text")
    learn.add_argument("--out", type=Path, default=COMPOUNDS_PATH)
    learn.set_defaults(func=cmd_learn)
    return top


def main(argv: list[str] | None = None) -> None:
    """Entry point."""
    args = parser().parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
