"""``python -m lawcore.overlap --items ITEMS.jsonl --out PAIRS.jsonl [--threshold T]``.

Items: one JSON object a line, ``{"id", "text", "lang", "meta": {...}}`` (meta: ``partners``,
``period`` [start, end] or ``year``, ``instruments``, ``deliverable``, ``action``). Output: one
line a pair, ``{"a", "b", "score", "reasons": [...]}``, best first. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from lawcore.overlap.engine import DEFAULT_THRESHOLD, Item, find_pairs


def read_items(path: Path) -> list[Item]:
    items = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                items.append(Item.from_dict(row))
            except (ValueError, KeyError, TypeError) as error:
                raise SystemExit(f"{path}:{number}: not an item ({error})") from error
    return items


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m lawcore.overlap", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--items", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    args = parser.parse_args(argv)
    items = read_items(args.items)
    print(f"read {len(items)} items from {args.items}", file=sys.stderr, flush=True)
    pairs = find_pairs(
        items, args.threshold, progress=lambda m: print(m, file=sys.stderr, flush=True)
    )
    with args.out.open("w", encoding="utf-8") as out:
        for pair in pairs:
            out.write(json.dumps(pair.as_dict(), ensure_ascii=False) + "\n")
    print(f"wrote {len(pairs)} pairs to {args.out}", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
