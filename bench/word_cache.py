"""underthesea word segmentation of the benchmark corpora, cached on disk (it is slow: ~15 min).

The "BM25 over underthesea words" baseline needs every provision segmented by underthesea's CRF
(about 10 ms per article). The result depends only on the text, so it is kept in
``var/bench-cache/underthesea-words.jsonl.gz`` keyed by a hash of each text; later runs segment
only texts not seen before. Run ``python -m bench.word_cache`` to fill the cache ahead of a bench.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sys
import zlib
from multiprocessing import get_context
from pathlib import Path

from lawcore.retrieval.analysis import MAX_TEXT_CHARS
from lawcore.retrieval.compounds import underthesea_words
from lawcore.shared_data import PROJECT_ROOT

CACHE_PATH = PROJECT_ROOT / "var" / "bench-cache" / "underthesea-words.jsonl.gz"


def row_text(row: dict) -> str:
    """The text a baseline indexes for a corpus row: title and body (body cut like the engine)."""
    return f"{row.get('title') or ''}\n{(row.get('text') or '')[:MAX_TEXT_CHARS]}"


def text_hash(text: str) -> str:
    """Cache key of a text."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


def _read_members(data: bytes):
    """The text of each gzip member of ``data``, as far as it can be read.

    A run killed while compressing leaves a cut member; a later run appends a new member after
    it. Reading the file as one stream then stops (or decodes garbage) at the cut, so each member
    is read on its own and a cut one gives what it held before the cut.
    """
    start = data.find(b"\x1f\x8b\x08")
    while start != -1:
        reader = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out, end = [], start + 1  # a cut member: look for the next one just after its start
        for offset in range(start, len(data), 4096):
            try:
                out.append(reader.decompress(data[offset : offset + 4096]))
            except zlib.error:
                break
            if reader.eof:
                end = len(data) - len(reader.unused_data)
                break
        yield b"".join(out).decode("utf-8", "replace")
        start = data.find(b"\x1f\x8b\x08", max(end, start + 1))


def load_cache(path: Path = CACHE_PATH) -> dict[str, list[str]]:
    """``{text_hash: words}`` already segmented (damaged lines and cut members skipped)."""
    if not path.exists():
        return {}
    cache = {}
    for text in _read_members(path.read_bytes()):
        for line in text.splitlines():
            try:
                row = json.loads(line)
                cache[row["h"]] = row["w"]
            except (json.JSONDecodeError, KeyError, TypeError):  # a line cut by a killed run
                continue
    return cache


def missing(texts: list[str], path: Path = CACHE_PATH) -> int:
    """How many of ``texts`` are not segmented in the cache yet."""
    cache = load_cache(path)
    return sum(text_hash(t) not in cache for t in texts)


def _segment(item: tuple[str, str]) -> tuple[str, list[str]]:
    key, text = item
    return key, underthesea_words(text)


def underthesea_corpus(
    texts: list[str], workers: int = 1, path: Path = CACHE_PATH, progress: bool = True
) -> list[list[str]]:
    """underthesea words of each text, from the cache or segmented now (and appended to it)."""
    cache = load_cache(path)
    keys = [text_hash(t) for t in texts]
    todo = {k: t for k, t in zip(keys, texts, strict=True) if k not in cache}
    if todo:
        from tqdm import tqdm

        path.parent.mkdir(parents=True, exist_ok=True)
        items = list(todo.items())
        with gzip.open(path, "at", encoding="utf-8") as out:
            if workers > 1:
                pool = get_context("fork").Pool(workers)
                results = pool.imap(_segment, items, chunksize=32)
            else:
                pool, results = None, map(_segment, items)
            bar = tqdm(
                results, total=len(items), unit="doc", desc="underthesea", disable=not progress
            )
            for key, words in bar:
                cache[key] = words
                out.write(json.dumps({"h": key, "w": words}, ensure_ascii=False) + "\n")
            if pool is not None:
                pool.close()
                pool.join()
    return [cache[k] for k in keys]


def main() -> None:
    """Fill the cache for the dev corpus, its questions and the Pháp điển distractors."""
    from bench.bench_retrieval import dev_corpus, distractors, phapdien_rows

    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    corpus, queries = dev_corpus()
    kept, _ = distractors(corpus, phapdien_rows())
    texts = [row_text(r) for r in corpus] + [q["text"] for q in queries]
    texts += [row_text(r) for r in kept]
    underthesea_corpus(texts, workers=workers)


if __name__ == "__main__":
    main()
