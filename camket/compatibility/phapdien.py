"""Import the Bộ Pháp điển điện tử (``vn-phapdien``): articles with their official citations.

Articles are grouped by source document (canonical number) and each document is saved in one
transaction by :func:`camket.compatibility.importing.save_document`. The retrieval index follows
every ``INDEX_BATCH`` documents, and each run ends by checking the whole index against the
database (:func:`camket.compatibility.retrieval.sync_index`), so a run killed midway, or an index
lost or left behind, is repaired by the next run even when every document is "unchanged".
Files (see ``vn-phapdien/SOURCE.md``): ``articles.jsonl.gz`` and
``articles_2025_supplement.jsonl.gz`` (or ``subset_treaty_trade_labour.jsonl``), and
``documents*.jsonl`` for document metadata.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from django.utils.translation import gettext as _

from camket.compatibility import retrieval
from camket.compatibility.importing import (
    DocumentData,
    ProvisionData,
    RecordError,
    parse_date,
    parse_number,
    save_document,
)
from camket.compatibility.models import LegalDocument, LegalProvision

ARTICLE_FILES = ("articles.jsonl.gz", "articles_2025_supplement.jsonl.gz")
SUBSET_FILE = "subset_treaty_trade_labour.jsonl"
DOCUMENT_FILES = ("documents.jsonl", "documents_2025_supplement.jsonl")
_ARTICLE_NO_RE = re.compile(r"(\d+[a-zđ]?)")
# "(Điều 1 Thông tư liên tịch số 22/2012/TTLT-BGTVT-BVHTTDL Quy định ...": the number the
# data set left empty for ~1,200 articles cited in this long form.
_CITED_NUMBER_RE = re.compile(
    r"^\(Điều\s+\d+\w*\s+[^()\d]{0,40}?số\s+"
    r"(\d[\w\s/&\-.]*?)(?=\s+(?:[A-ZĐ][a-zà-ỹđ]|[a-zà-ỹđ]{2,})|\s*[,)]|$)"
)
_PAREN_SUFFIX_RE = re.compile(r"\([^)]*\)$")
_DOTTED_SYMBOL_RE = re.compile(r"(?<=[A-ZĐ])\.(?=[A-ZĐ])")
# Documents saved between two index commits: a commit per document would cost a segment each.
INDEX_BATCH = 200


@dataclass
class Summary:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: list[str] = field(default_factory=list)
    flagged: int = 0
    indexed: int = 0
    index_check: retrieval.SyncReport | None = None

    def count(self, result: str) -> None:
        setattr(self, result, getattr(self, result) + 1)

    def line(self) -> str:
        return (
            f"inserted {self.inserted}, updated {self.updated}, "
            f"unchanged {self.unchanged}, failed {len(self.failed)}"
        )


def read_jsonl(path: Path) -> Iterator[dict]:
    """Rows of a JSONL file (gzip when named ``.gz``); a bad line raises a translated error."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as error:
                raise RecordError(
                    _("%(file)s, line %(line)d: not valid JSON (%(error)s).")
                    % {"file": path.name, "line": number, "error": error.msg}
                ) from error


def article_rows(root: Path, *, subset: bool, limit: int | None) -> list[dict]:
    names = (SUBSET_FILE,) if subset else ARTICLE_FILES
    rows = (row for name in names if (root / name).exists() for row in read_jsonl(root / name))
    return list(islice(rows, limit))


def document_metadata(root: Path) -> dict[str, dict]:
    meta: dict[str, dict] = {}
    for name in DOCUMENT_FILES:
        if (root / name).exists():
            for row in read_jsonl(root / name):
                meta.setdefault(row.get("doc_number") or "", row)
    return meta


def group_articles(rows: list[dict], summary: Summary) -> dict[str, list[dict]]:
    """Articles by canonical document number; unparseable numbers are recorded as failures."""
    groups: dict[str, list[dict]] = {}
    seen: set[str] = set()
    for row in rows:
        if row.get("id") in seen:
            continue  # the same article under an old and a new đề mục code
        seen.add(row.get("id"))
        source = row.get("source") or {}
        number = source_number(source)
        try:
            canonical = parse_number(number, source.get("doc_type") or "").canonical
        except RecordError as error:
            summary.failed.append(f"{row.get('pd_code') or row.get('id')}: {error}")
            continue
        groups.setdefault(canonical, []).append(row)
    return groups


def source_number(source: dict) -> str:
    """The source document's number, with the Pháp điển's spelling slips repaired.

    Repairs: quotes around it, "TTLT/BTC-BCT" for "TTLT-BTC-BCT", "BNN&PTNT" for "BNNPTNT",
    "NQ.HĐTP" for "NQ-HĐTP", a trailing "(C13)"; a missing number is read from the citation.
    What still does not parse is reported by :func:`parse_number`, naming it.
    """
    given = _repair(source.get("doc_number") or "")
    match = _CITED_NUMBER_RE.match(source.get("citation_text") or "")
    cited = _repair(match.group(1)) if match else ""
    for number in (given, cited):
        try:
            parse_number(number, source.get("doc_type") or "")
        except RecordError:
            continue
        return number
    return given or cited


def _repair(number: str) -> str:
    number = number.strip("'\"“” ,.;").replace("&", "").replace("TTLT/", "TTLT-")
    return _DOTTED_SYMBOL_RE.sub("-", _PAREN_SUFFIX_RE.sub("", number))


def article_number(source: dict) -> str:
    match = _ARTICLE_NO_RE.search(source.get("article") or "")
    return match.group(1) if match else ""


def _sort_key(row: dict) -> tuple[int, str, str]:
    number = article_number(row.get("source") or {})
    digits = re.match(r"\d+", number)
    return (int(digits.group()) if digits else 10**6, number, row.get("id") or "")


def provision_data(row: dict) -> ProvisionData:
    source = row.get("source") or {}
    context = " ".join(part for part in (row.get("de_muc_code"), row.get("de_muc_title")) if part)
    if row.get("chapter"):
        context = f"{context} › {row['chapter']}"
    return ProvisionData(
        code=row["id"],
        level=LegalProvision.Level.ARTICLE,
        number=article_number(source),
        heading=row.get("title") or "",
        text=row.get("text") or "",
        pd_code=row.get("pd_code") or "",
        context=context[:500],
        citation=source.get("citation_text") or "",
        amendment_note=source.get("amendment_note") or "",
        is_repealed=bool(row.get("repealed_or_partly")),
        related=[
            (item.get("pd_id") or "", item.get("vbpl_url") or "", item.get("label") or "")
            for item in row.get("related") or []
        ],
    )


def document_data(rows: list[dict], meta: dict | None) -> DocumentData:
    """One document's data from its articles' citations and its ``documents.jsonl`` row."""
    rows = sorted(rows, key=_sort_key)
    sources = [row.get("source") or {} for row in rows]
    meta = meta or {}

    def pick(key: str) -> str:
        return meta.get(key) or next((s[key] for s in sources if s.get(key)), "") or ""

    notes = list(meta.get("amended_by") or [])
    for source in sources:
        notes.extend(n for n in source.get("amended_by") or [] if n not in notes)
    vbpl = meta.get("vbpl_item_id") or next(
        (s["vbpl_item_id"] for s in sources if s.get("vbpl_item_id")), None
    )
    return DocumentData(
        number=source_number({**sources[0], "doc_number": pick("doc_number")}),
        doc_type=pick("doc_type"),
        title=pick("doc_title"),
        issuer=pick("issuer"),
        issued_on=parse_date(pick("issue_date")),
        effective_on=parse_date(pick("effective_date")),
        amendment_notes=notes,
        source=LegalDocument.Source.PHAPDIEN,
        source_url=f"https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID={vbpl}" if vbpl else "",
        provisions=[provision_data(row) for row in rows],
    )


def import_phapdien(
    root: Path,
    *,
    subset: bool = False,
    limit: int | None = None,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> Summary:
    """Import (or refresh) Pháp điển articles from ``root``; see the module docstring.

    ``progress(1)`` is called after each document (its transaction committed, the index batch
    written when full); an exception it raises stops the run as a kill would.
    """
    summary = Summary()
    groups = group_articles(article_rows(root, subset=subset, limit=limit), summary)
    meta = document_metadata(root)
    if on_total:
        on_total(len(groups))
    add, remove = [], []
    pending = 0
    for number, rows in groups.items():
        data = document_data(rows, meta.get((rows[0].get("source") or {}).get("doc_number")))
        try:
            outcome = save_document(data)
        except (RecordError, ValueError) as error:
            summary.failed.append(f"{number}: {error}")
        else:
            summary.count(outcome.result)
            summary.flagged += outcome.flagged
            add.extend(outcome.index_add)
            remove.extend(outcome.index_remove)
            pending += outcome.result != "unchanged"
        if pending >= INDEX_BATCH:
            retrieval.update_index(add, remove, workers=workers)
            summary.indexed += len(add)
            add, remove, pending = [], [], 0
        if progress:
            progress(1)
    retrieval.update_index(add, remove, workers=workers)
    summary.indexed += len(add)
    summary.index_check = retrieval.sync_index(workers=workers)
    return summary
