"""The on-disk retrieval index of domestic provisions and the suggestions drawn from it.

One index entry per article (Điều), keyed by ``LegalProvision.code``; its text is the article with
its clauses and points. The index lives in ``CAMKET_RETRIEVAL_DIR`` (default ``VAR_DIR/retrieval``)
and is updated by the importers; ``build_retrieval_index`` rebuilds it from the database.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from camket.compatibility.models import LegalDocument, LegalProvision
from lawcore.retrieval import Provision as IndexEntry
from lawcore.retrieval import RetrievalIndex

INDEXED_LEVEL = LegalProvision.Level.ARTICLE
_lock = threading.Lock()
_open: dict[Path, RetrievalIndex] = {}


def index_dir() -> Path:
    return Path(getattr(settings, "CAMKET_RETRIEVAL_DIR", settings.VAR_DIR / "retrieval"))


def get_index(*, create: bool = True) -> RetrievalIndex | None:
    """The index in :func:`index_dir` (cached per path); created empty when missing."""
    path = index_dir()
    with _lock:
        if path in _open:
            return _open[path]
        try:
            index = RetrievalIndex.open(path)
        except (FileNotFoundError, ValueError):
            if not create:
                return None
            index = RetrievalIndex.create(path)
        _open[path] = index
        return index


def recreate_index() -> RetrievalIndex:
    """Replace the index with an empty one."""
    path = index_dir()
    with _lock:
        _open.pop(path, None)
        index = RetrievalIndex.create(path)
        _open[path] = index
        return index


def entry(provision: LegalProvision, document: LegalDocument, text: str) -> IndexEntry:
    return IndexEntry(
        id=provision.code,
        title=provision.heading,
        text=text,
        doc_number=document.code,
        doc_title=document.title,
        article=provision.number,
    )


def document_entries(document: LegalDocument) -> list[IndexEntry]:
    """Index entries of a document's current articles, each with its clauses' and points' text."""
    rows = list(document.provisions.filter(withdrawn=False).order_by("order"))
    children: dict[int, list[LegalProvision]] = {}
    for row in rows:
        if row.parent_id:
            children.setdefault(row.parent_id, []).append(row)
    return [
        entry(row, document, subtree_text(row, children))
        for row in rows
        if row.level == INDEXED_LEVEL
    ]


def subtree_text(row: LegalProvision, children: dict[int, list[LegalProvision]]) -> str:
    parts = [row.text]
    for child in children.get(row.pk, []):
        label = f"{child.number}. " if child.level == LegalProvision.Level.CLAUSE else ""
        if child.level == LegalProvision.Level.POINT:
            label = f"{child.number}) "
        parts.append(label + subtree_text(child, children))
    return "\n".join(p for p in parts if p)


def all_entries() -> Iterator[IndexEntry]:
    for document in LegalDocument.objects.order_by("pk").iterator(chunk_size=200):
        yield from document_entries(document)


def update_index(
    add: Iterable[IndexEntry] = (), remove: Iterable[str] = (), *, workers: int = 1
) -> None:
    """Remove then add entries (re-adding an id replaces it)."""
    index = get_index()
    remove = list(remove)
    if remove:
        index.remove(remove)
    add = list(add)
    if add:
        index.add(add, workers=workers)


def rebuild_index(*, workers: int = 1, progress: bool = False) -> int:
    """Rebuild the index from every current article in the database; returns the count."""
    return recreate_index().add(all_entries(), workers=workers, progress=progress)


@dataclass(frozen=True)
class Suggestion:
    """A candidate domestic provision with the engine's explanation."""

    provision: LegalProvision
    score: float
    matched_terms: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)


def suggest(text: str, *, top_k: int = 10, exclude: Iterable[int] = ()) -> list[Suggestion]:
    """The ``top_k`` domestic provisions most relevant to ``text``, best first.

    Index hits whose provision is gone from the database (or withdrawn) are dropped; ``exclude``
    lists provision pks already assessed, which are skipped too.
    """
    index = get_index(create=False)
    if index is None or not text.strip():
        return []
    excluded = set(exclude)
    hits = index.search(text, top_k=top_k + len(excluded))
    rows = LegalProvision.objects.select_related("document").in_bulk(
        [hit.id for hit in hits], field_name="code"
    )
    found = [
        Suggestion(rows[hit.id], hit.score, hit.matched_terms, hit.fields)
        for hit in hits
        if hit.id in rows and not rows[hit.id].withdrawn and rows[hit.id].pk not in excluded
    ]
    return found[:top_k]
