"""Legal retrieval: find the Vietnamese legal provisions most relevant to a text.

Public API (no Django)::

    from lawcore.retrieval import RetrievalIndex, Provision
    index = RetrievalIndex.create("var/law-index")      # or RetrievalIndex.open(...)
    index.add([Provision("36.3.LQ.1", "Thanh niên", "Thanh niên là công dân ...")])
    hits = index.search("quyền tự do hiệp hội", top_k=10)
    # hits: [Hit(id, score, matched_terms, fields)]

Command line: ``python -m lawcore.retrieval build|add|search``. Design: docs/decisions/0002.
"""

from lawcore.retrieval.analysis import Provision
from lawcore.retrieval.index import Hit, RetrievalIndex
from lawcore.retrieval.query import Weights, build_query

__all__ = ["Hit", "Provision", "RetrievalIndex", "Weights", "build_query"]
