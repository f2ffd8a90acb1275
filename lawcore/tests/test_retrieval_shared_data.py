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
