"""On-disk retrieval index over Vietnamese legal provisions (tantivy, BM25 per field).

tantivy keeps the index on disk, deletes and re-adds documents by id without a rebuild, and
computes BM25 per field with collection-wide statistics; the query is a weighted sum of term
queries over the fields of :mod:`lawcore.retrieval.analysis`. Tokens are produced here, in Python,
and joined by spaces; tantivy only splits on whitespace, so index and query agree by construction.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

import tantivy

from lawcore.retrieval.analysis import Provision, QueryTerms, document_fields
from lawcore.retrieval.compounds import COMPOUNDS_PATH
from lawcore.retrieval.query import Weights, build_query
from lawcore.retrieval.rerank import QueryView, feature_matrix, query_view, shipped_reranker

# 2: numeric ``key`` (hash of the id) and ``version`` fast fields, for verify-and-repair.
FORMAT_VERSION = 2
META_FILE = "camket_retrieval.json"
TOKENIZER = "ws"
TEXT_FIELDS = ("words", "folded", "title", "cite", "refs")
# How long a writer waits for another one (another process's import or upload) to finish.
WRITER_WAIT_S = 120.0
# Extra candidates fetched so that ties at the cut-off are broken by id, not by segment order.
_TIE_MARGIN = 10


@dataclass(frozen=True)
class Hit:
    """One search result: the provision id, its score and why it matched."""

    id: str
    score: float
    matched_terms: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)


def entry_key(doc_id: str) -> int:
    """The 64-bit key stored beside an entry's id (fast field, so ids can be listed cheaply)."""
    return int.from_bytes(hashlib.blake2b(doc_id.encode("utf-8"), digest_size=8).digest(), "big")


def version_number(version: str) -> int:
    """The 64-bit form of a :attr:`Provision.version` label, as stored in the index."""
    return int.from_bytes(hashlib.blake2b(version.encode("utf-8"), digest_size=8).digest(), "big")


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_unsigned_field("key", indexed=True, fast=True)
    builder.add_unsigned_field("version", fast=True)
    for name in TEXT_FIELDS:
        builder.add_text_field(name, stored=True, tokenizer_name=TOKENIZER, index_option="freq")
    return builder.build()


def _analyzer() -> tantivy.TextAnalyzer:
    return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()


def _compounds_signature() -> int:
    return len(COMPOUNDS_PATH.read_bytes())


class RetrievalIndex:
    """A directory holding a tantivy index plus ``camket_retrieval.json`` (format, weights)."""

    def __init__(self, path: Path, index: tantivy.Index, weights: Weights) -> None:
        self.path = path
        self._index = index
        self._index.register_tokenizer(TOKENIZER, _analyzer())
        self._schema = index.schema
        self.weights = weights
        self._seen = self._generation()

    @classmethod
    def create(cls, path: str | Path, weights: Weights | None = None) -> RetrievalIndex:
        """Create an empty index in ``path`` (made if missing; an existing index is replaced)."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for old in path.iterdir():
            if old.is_file():
                old.unlink()
        weights = weights or Weights()
        meta = {
            "format": FORMAT_VERSION,
            "weights": weights.as_dict(),
            "compounds_bytes": _compounds_signature(),
        }
        (path / META_FILE).write_text(json.dumps(meta, indent=1), encoding="utf-8")
        return cls(path, tantivy.Index(_schema(), path=str(path), reuse=False), weights)

    @classmethod
    def open(cls, path: str | Path) -> RetrievalIndex:
        """Open an index made by :meth:`create`; raises ``FileNotFoundError`` or ``ValueError``."""
        path = Path(path)
        meta_path = path / META_FILE
        if not meta_path.exists():
            raise FileNotFoundError(f"no retrieval index in {path} (missing {META_FILE})")
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT_VERSION:
            raise ValueError(
                f"index {path} has format {meta.get('format')}, expected {FORMAT_VERSION}"
            )
        if meta.get("compounds_bytes") != _compounds_signature():
            raise ValueError(f"index {path} was built with another compound dictionary; rebuild it")
        return cls(path, tantivy.Index.open(str(path)), Weights(**meta["weights"]))

    def _generation(self) -> tuple[int, int, int] | None:
        """Identity of tantivy's ``meta.json``: every commit (by any process) replaces it."""
        try:
            stat = os.stat(self.path / "meta.json")
        except FileNotFoundError:
            return None
        return (stat.st_ino, stat.st_mtime_ns, stat.st_size)

    def _searcher(self) -> tantivy.Searcher:
        """A searcher over the last commit, whichever process made it.

        tantivy's reader only notices another process's commit after a polling delay; checking
        ``meta.json`` first makes a commit by one web worker visible to the next search of all.
        """
        generation = self._generation()
        if generation != self._seen:
            self._index.reload()
            self._seen = generation
        return self._index.searcher()

    def _writer(self, heap_size: int) -> tantivy.IndexWriter:
        """The index's only writer, waiting up to ``WRITER_WAIT_S`` while another holds it.

        tantivy allows one writer per index across processes and refuses a second at once
        ("LockBusy"); a web worker's upload and an import may well overlap.
        """
        deadline = time.monotonic() + WRITER_WAIT_S
        delay = 0.02
        while True:
            try:
                return self._index.writer(heap_size=heap_size, num_threads=1)
            except ValueError as error:
                if "LockBusy" not in str(error) or time.monotonic() >= deadline:
                    raise
            time.sleep(delay)
            delay = min(delay * 2, 0.5)

    def __len__(self) -> int:
        return self._searcher().num_docs

    def versions(self) -> dict[int, int]:
        """``{entry_key(id): version_number(version)}`` of every entry in the index."""
        searcher = self._searcher()
        if searcher.num_docs == 0:
            return {}
        found = searcher.search(tantivy.Query.all_query(), searcher.num_docs).hits
        addresses = [address for _score, address in found]
        keys = searcher.fast_field_values("key", addresses)
        versions = searcher.fast_field_values("version", addresses)
        return dict(zip(keys, versions, strict=True))

    def remove_keys(self, keys: Iterable[int]) -> None:
        """Remove the entries with these :func:`entry_key` values (unknown keys are ignored)."""
        writer = self._writer(50_000_000)
        for key in keys:
            writer.delete_documents_by_query(tantivy.Query.term_query(self._schema, "key", key))
        writer.commit()
        writer.wait_merging_threads()
        self._index.reload()

    def add(
        self, docs: Iterable[Provision | dict], workers: int = 1, progress: bool = False
    ) -> int:
        """Add provisions, replacing any already indexed under the same id; returns the count.

        ``workers`` > 1 analyses text in that many processes (tokenising is the slow part).
        """
        writer = self._writer(256_000_000)
        count = 0
        for fields in _progress(_analysed(docs, workers), progress):
            version = fields.pop("version")
            writer.delete_documents_by_term("id", fields["id"])
            document = tantivy.Document(**{k: [v] for k, v in fields.items()})
            document.add_unsigned("key", entry_key(fields["id"]))
            document.add_unsigned("version", version_number(version))
            writer.add_document(document)
            count += 1
        writer.commit()
        writer.wait_merging_threads()
        self._index.reload()
        return count

    def remove(self, ids: Iterable[str]) -> None:
        """Remove the provisions with these ids (unknown ids are ignored)."""
        writer = self._writer(50_000_000)
        for doc_id in ids:
            writer.delete_documents_by_term("id", str(doc_id))
        writer.commit()
        writer.wait_merging_threads()
        self._index.reload()

    def search(self, text: str, top_k: int = 10, explain: bool = True) -> list[Hit]:
        """The ``top_k`` best provisions for ``text``, best first; ties broken by id.

        The first stage's best ``max(top_k, weights.rerank_depth)`` candidates are re-ordered by
        the second stage (:mod:`lawcore.retrieval.rerank`) when a model is shipped; scores are then
        the model's, in (0, 1). With ``explain`` each hit lists the query terms it contains and the
        fields they were found in.
        """
        if top_k <= 0:
            return []
        model = shipped_reranker() if self.weights.rerank_depth > 0 else None
        depth = max(top_k, self.weights.rerank_depth) if model else top_k
        query, docs = self.candidates(text, depth)
        if model is not None and docs:
            view = self.query_view(query)
            needed = (view.field, "title", "cite")  # what the features read
            matrix = feature_matrix(view, [(score, _stored(doc, needed)) for score, doc in docs])
            scores = model.scores(matrix)
            docs = [
                (round(1.0 / (1.0 + math.exp(-float(s))), 6), doc)
                for s, (_, doc) in zip(scores, docs, strict=True)
            ]
            docs.sort(key=lambda item: (-item[0], item[1]["id"][0]))
        return [_hit(score, doc, query.terms if explain else None) for score, doc in docs[:top_k]]

    def candidates(self, text: str, depth: int) -> tuple[QueryTerms, list]:
        """The first stage: the query read from ``text`` and its ``depth`` best
        ``(score, stored document)`` pairs, best first, ties broken by id."""
        query = build_query(text, self.weights)
        clauses = [
            (
                tantivy.Occur.Should,
                tantivy.Query.boost_query(
                    tantivy.Query.term_query(self._schema, name, term), weight
                ),
            )
            for name, terms in query.terms.items()
            for term, weight in terms.items()
        ]
        if not clauses or depth <= 0:
            return query, []
        searcher = self._searcher()
        found = searcher.search(tantivy.Query.boolean_query(clauses), depth + _TIE_MARGIN).hits
        docs = [(round(score, 6), searcher.doc(address)) for score, address in found]
        docs.sort(key=lambda item: (-item[0], item[1]["id"][0]))
        return query, docs[:depth]

    def query_view(self, query: QueryTerms) -> QueryView:
        """What the second stage needs of ``query``, with IDF from this index."""
        searcher = self._searcher()
        return query_view(query, searcher.doc_freq, max(searcher.num_docs, 1))


def _stored(doc: tantivy.Document, names: Iterable[str] = TEXT_FIELDS) -> dict[str, str]:
    """The stored text fields ``names`` of a tantivy document as plain strings."""
    out = {}
    for name in names:
        values = doc[name]
        out[name] = values[0] if values else ""
    return out


def _hit(score: float, doc: tantivy.Document, terms: dict[str, dict[str, float]] | None) -> Hit:
    doc_id = doc["id"][0]
    if terms is None:
        return Hit(doc_id, score)
    matched: dict[str, None] = {}
    fields: dict[str, None] = {}
    for name, wanted in terms.items():
        present = set(doc[name][0].split()) if doc[name] else set()
        for term in wanted:
            if term in present:
                matched[term] = None
                fields[name] = None
    return Hit(doc_id, score, list(matched), list(fields))


def _fields(doc: Provision) -> dict[str, str]:
    return {**document_fields(doc), "version": doc.version}


def _analysed(docs: Iterable[Provision | dict], workers: int) -> Iterator[dict[str, str]]:
    provisions = (d if isinstance(d, Provision) else Provision.from_dict(d) for d in docs)
    if workers <= 1:
        yield from map(_fields, provisions)
        return
    with get_context("fork").Pool(workers) as pool:
        yield from pool.imap(_fields, provisions, chunksize=64)


def _progress(items: Iterator[dict[str, str]], enabled: bool) -> Iterator[dict[str, str]]:
    if not enabled:
        return items
    from tqdm import tqdm

    return iter(tqdm(items, unit="doc", desc="indexing", mininterval=2.0))


__all__ = ["Hit", "RetrievalIndex", "entry_key", "version_number"]
