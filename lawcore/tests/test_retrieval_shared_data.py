"""The retrieval engine on ALQAC 2022 (shared data set; skipped when absent)."""

from __future__ import annotations

import pytest

from lawcore.shared_data import shared_data_path, skip_reason

pytestmark = pytest.mark.shared_data

# Floor agreed in docs/decisions/0002-retrieval-engine.md (measured 0.975 on the 1,377 articles).
RECALL_AT_10_FLOOR = 0.95


def test_alqac_recall_at_10_holds_the_floor(tmp_path):
    if shared_data_path("legal-retrieval-dev") is None:
        pytest.skip(skip_reason("legal-retrieval-dev"))
    from bench.bench_retrieval import dev_corpus, engine_run, metrics
    from lawcore.retrieval import RetrievalIndex

    corpus, queries = dev_corpus()
    index = RetrievalIndex.create(tmp_path)
    index.add(corpus)
    runs, _ = engine_run(index, queries, k=10)
    assert metrics(runs, queries)["R@10"] >= RECALL_AT_10_FLOOR


def test_word_cache_survives_a_run_killed_while_compressing(tmp_path):
    """A cut gzip member followed by one a later run appended: both members' rows are read."""
    import gzip
    import json
    import random

    from bench.word_cache import load_cache

    def member(rows):
        return gzip.compress("".join(json.dumps(r) + "\n" for r in rows).encode())

    noise = random.Random(0)  # words that do not compress away, so the cut falls mid-stream
    first = member([{"h": f"a{i}", "w": [f"{noise.getrandbits(64):x}"]} for i in range(2000)])
    cut = first[: len(first) // 2]  # killed mid-write: no end of stream, no trailer
    later = member([{"h": "b1", "w": ["lao_động"]}])
    path = tmp_path / "cache.jsonl.gz"
    path.write_bytes(cut + later)
    cache = load_cache(path)
    assert cache["b1"] == ["lao_động"]
    assert 0 < sum(k.startswith("a") for k in cache) < 2000
