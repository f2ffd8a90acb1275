"""Legal retrieval: find the Vietnamese legal provisions most relevant to a text.

Public API (no Django)::

    from lawcore.retrieval import RetrievalIndex, Provision
    index = RetrievalIndex.create("var/law-index")      # or RetrievalIndex.open(...)
    index.add([Provision("36.3.LQ.1", "Thanh niên", "Thanh niên là công dân ...")])
    hits = index.search("quyền tự do hiệp hội", top_k=10)
    # hits: [Hit(id, score, matched_terms, fields)]

Two stages: a weighted BM25 over fields (:mod:`~lawcore.retrieval.index`), then a small learned
linear model that re-orders the best candidates (:mod:`~lawcore.retrieval.rerank`, shipped in
``data/reranker.json``). Scoring on judgements: :mod:`~lawcore.retrieval.evaluate`.

Command line: ``python -m lawcore.retrieval build|add|search``. Design: docs/decisions/0002, 0008.
"""

from lawcore.retrieval.analysis import Provision
from lawcore.retrieval.index import Hit, RetrievalIndex
from lawcore.retrieval.query import Weights, build_query

__all__ = ["Hit", "Provision", "RetrievalIndex", "Weights", "build_query"]
