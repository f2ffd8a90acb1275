"""The on-disk retrieval index of domestic provisions and the suggestions drawn from it.

One index entry per article (Điều), keyed by ``LegalProvision.code``; its text is the article with
its clauses and points, and its version is its document's checksum. The index lives in
``CAMKET_RETRIEVAL_DIR`` (default ``VAR_DIR/retrieval``) and is updated by the importers;
:func:`sync_index` (run at the end of every Pháp điển import, and by ``build_retrieval_index
--repair``) compares it with the database and repairs what an interrupted run left missing or
stale; ``build_retrieval_index`` rebuilds it from the database.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from camket.compatibility.models import LegalDocument, LegalProvision
from camket.obligations.models import Obligation
from lawcore.retrieval import Provision as IndexEntry
from lawcore.retrieval import RetrievalIndex
from lawcore.retrieval.index import META_FILE, entry_key, version_number

INDEXED_LEVEL = LegalProvision.Level.ARTICLE
logger = logging.getLogger(__name__)
_lock = threading.Lock()
_open: dict[Path, tuple[RetrievalIndex, tuple | None]] = {}


def index_dir() -> Path:
    return Path(getattr(settings, "CAMKET_RETRIEVAL_DIR", settings.VAR_DIR / "retrieval"))


def _signature(path: Path) -> tuple | None:
    """Identity of the index's own meta file: it changes when any process recreates the index."""
    try:
        stat = os.stat(path / META_FILE)
    except FileNotFoundError:
        return None
    return (stat.st_ino, stat.st_mtime_ns)


def get_index(*, create: bool = True) -> RetrievalIndex | None:
    """The index in :func:`index_dir`; created empty when missing (or of an older format).

    Cached per path, and reopened when another process (another web worker, a command) has
    recreated it since; commits to the same index are picked up by the index itself.
    """
    path = index_dir()
    with _lock:
        cached = _open.get(path)
        if cached is not None and cached[1] == _signature(path):
            return cached[0]
        try:
            index = RetrievalIndex.open(path)
        except (FileNotFoundError, ValueError):
            if not create:
                _open.pop(path, None)
                return None
            index = RetrievalIndex.create(path)
        _open[path] = (index, _signature(path))
        return index


def recreate_index() -> RetrievalIndex:
    """Replace the index with an empty one."""
    path = index_dir()
    with _lock:
        index = RetrievalIndex.create(path)
        _open[path] = (index, _signature(path))
        return index


def entry(provision: LegalProvision, document: LegalDocument, text: str) -> IndexEntry:
    return IndexEntry(
        id=provision.code,
        title=provision.heading,
        text=text,
        doc_number=document.code,
        doc_title=document.title,
        article=provision.number,
        version=document.checksum,
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


def update_index_or_defer(add: Iterable[IndexEntry] = (), remove: Iterable[str] = ()) -> None:
    """:func:`update_index` after a web write has committed: on failure (index busy past the
    writer's wait, disk full) the saved document stays saved and its entries are left for
    :func:`sync_index` (the next import, or ``build_retrieval_index --repair``) to add."""
    try:
        update_index(add, remove)
    except (ValueError, OSError):
        logger.exception("retrieval index not updated; sync_index will repair it")


def rebuild_index(*, workers: int = 1, progress: bool = False) -> int:
    """Rebuild the index from every current article in the database; returns the count."""
    return recreate_index().add(all_entries(), workers=workers, progress=progress)


@dataclass
class SyncReport:
    """What :func:`sync_index` found and repaired."""

    checked: int = 0  # current articles in the database
    missing: int = 0  # not in the index
    stale: int = 0  # in the index with another version
    extra: int = 0  # in the index but no longer a current article
    documents: int = 0  # documents re-indexed

    @property
    def repaired(self) -> int:
        return self.missing + self.stale + self.extra

    def line(self) -> str:
        return (
            f"index checked {self.checked} articles: {self.missing} missing, {self.stale} stale, "
            f"{self.extra} extra repaired ({self.documents} documents re-indexed)"
        )


def sync_index(*, workers: int = 1, progress: bool = False) -> SyncReport:
    """Make the index hold exactly the database's current articles, each at its version.

    Compares the key and version of every index entry with every current article's code and
    document checksum (one query, one pass over two fast fields), re-indexes each document that
    has a missing or stale article, and removes entries of articles that are gone. Idempotent;
    cheap when nothing is wrong.
    """
    index = get_index()
    wanted: dict[int, tuple[int, int]] = {}
    rows = LegalProvision.objects.filter(level=INDEXED_LEVEL, withdrawn=False).values_list(
        "code", "document_id", "document__checksum"
    )
    for code, document_id, checksum in rows.iterator(chunk_size=5000):
        wanted[entry_key(code)] = (version_number(checksum), document_id)
    present = index.versions()
    report = SyncReport(checked=len(wanted))
    stale_documents: set[int] = set()
    for key, (version, document_id) in wanted.items():
        found = present.get(key)
        if found != version:
            stale_documents.add(document_id)
            if found is None:
                report.missing += 1
            else:
                report.stale += 1
    extra = [key for key in present if key not in wanted]
    report.extra = len(extra)
    if extra:
        index.remove_keys(extra)
    if stale_documents:
        documents = LegalDocument.objects.filter(pk__in=stale_documents).order_by("pk")
        entries = (e for d in documents.iterator(chunk_size=200) for e in document_entries(d))
        index.add(entries, workers=workers, progress=progress)
    report.documents = len(stale_documents)
    return report


@dataclass(frozen=True)
class Suggestion:
    """A candidate domestic provision with the engine's explanation."""

    provision: LegalProvision
    score: float
    matched_terms: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)

    @property
    def field_labels(self) -> list[str]:
        """Where the terms matched, in words (the index's field names are internal)."""
        return [str(FIELD_LABELS.get(name, FIELD_LABELS["words"])) for name in self.fields]


# The retrieval index's fields (``lawcore.retrieval.index.TEXT_FIELDS``) as a reader says them.
FIELD_LABELS = {
    "words": _("text"),
    "folded": _("text without diacritics"),
    "title": _("title"),
    "cite": _("document number"),
    "refs": _("cited provisions"),
}


def target_text(target) -> str:
    """The text the engine searches for an obligation (its text) or a commitment provision
    (heading and text)."""
    if isinstance(target, Obligation):
        return target.text
    return f"{target.heading}\n{target.text}"


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
