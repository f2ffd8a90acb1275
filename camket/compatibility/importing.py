"""Save one legal document with its provisions: the core every importer and the upload share.

:func:`save_document` is idempotent: a document whose checksum (metadata + provisions) is unchanged
is left alone. A changed document is updated in place, provision by provision (matched on
``code``), so assessments keep pointing at the same rows; provisions that disappeared are deleted,
or kept as ``withdrawn`` when an assessment points at them. Every confirmed assessment of a
changed document is flagged for review (:mod:`camket.compatibility.alerts`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from camket.audit.actions import record_audit
from camket.compatibility import alerts
from camket.compatibility.models import LegalDocument, LegalProvision, RelatedProvision
from camket.compatibility.retrieval import document_entries
from lawcore.docnumber import DocumentNumber, DocumentNumberError, parse_document_number
from lawcore.retrieval import Provision as IndexEntry

TYPE_BY_NAME = {
    "hiến pháp": LegalDocument.Type.CONSTITUTION,
    "bộ luật": LegalDocument.Type.CODE,
    "luật": LegalDocument.Type.LAW,
    "pháp lệnh": LegalDocument.Type.ORDINANCE,
    "nghị quyết": LegalDocument.Type.RESOLUTION,
    "nghị quyết liên tịch": LegalDocument.Type.JOINT_RESOLUTION,
    "nghị định": LegalDocument.Type.DECREE,
    "quyết định": LegalDocument.Type.DECISION,
    "thông tư": LegalDocument.Type.CIRCULAR,
    "thông tư liên tịch": LegalDocument.Type.JOINT_CIRCULAR,
    "chỉ thị": LegalDocument.Type.DIRECTIVE,
    "lệnh": LegalDocument.Type.ORDER,
    "sắc lệnh": LegalDocument.Type.ORDER,
}
_CONTEXT_TYPES = {"Hiến pháp", "Bộ luật", "Luật", "Pháp lệnh", "Nghị quyết"}


class RecordError(ValueError):
    """A record that cannot be imported; the message is translated and names the record."""


@dataclass
class ProvisionData:
    code: str
    level: str
    number: str = ""
    heading: str = ""
    text: str = ""
    parent_code: str = ""
    pd_code: str = ""
    context: str = ""
    citation: str = ""
    amendment_note: str = ""
    is_repealed: bool = False
    related: list[tuple[str, str, str]] = field(default_factory=list)  # code, url, label


@dataclass
class DocumentData:
    number: str
    doc_type: str = ""
    title: str = ""
    issuer: str = ""
    issued_on: dt.date | None = None
    effective_on: dt.date | None = None
    expiry_on: dt.date | None = None
    status: str = LegalDocument.Status.IN_FORCE
    amendment_notes: list[str] = field(default_factory=list)
    source: str = LegalDocument.Source.TEXT
    source_url: str = ""
    provisions: list[ProvisionData] = field(default_factory=list)


@dataclass
class Outcome:
    result: str  # "inserted" | "updated" | "unchanged"
    document: LegalDocument
    index_add: list[IndexEntry] = field(default_factory=list)
    index_remove: list[str] = field(default_factory=list)
    flagged: int = 0


def parse_number(number: str, doc_type: str = "") -> DocumentNumber:
    """Parse a document number; a translated :class:`RecordError` names it when it fails."""
    context = doc_type if doc_type in _CONTEXT_TYPES else None
    try:
        return parse_document_number(number, doc_type=context)
    except DocumentNumberError:
        try:
            return parse_document_number(number)
        except DocumentNumberError as error:
            raise RecordError(
                _("“%(number)s” is not a legal document number (for example 45/2019/QH14).")
                % {"number": number}
            ) from error


def document_type(parsed: DocumentNumber, type_name: str) -> str:
    name = (type_name or parsed.type_name or "").strip().lower()
    return TYPE_BY_NAME.get(name, LegalDocument.Type.OTHER)


def checksum(data: DocumentData) -> str:
    payload = json.dumps(asdict(data), sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def save_document(data: DocumentData, *, acting_user=None) -> Outcome:
    """Insert, update or leave unchanged one document in one transaction (see module docstring).

    Raises :class:`RecordError` (translated, naming the number) for an unparseable number; an
    inserted or updated document leaves an audit row.
    """
    parsed = parse_number(data.number, data.doc_type)
    digest = checksum(data)
    with transaction.atomic():
        document = LegalDocument.objects.select_for_update().filter(code=parsed.canonical).first()
        if document is not None and document.checksum == digest:
            return Outcome("unchanged", document)
        before = _state(document) if document else None
        document = _write_document(document, data, parsed, digest)
        removed = _write_provisions(document, data.provisions)
        _link_amendments(document, data.amendment_notes)
        outcome = Outcome("inserted" if before is None else "updated", document)
        outcome.index_add = document_entries(document)
        outcome.index_remove = removed
        if before is not None:
            outcome.flagged = alerts.document_changed(document, _change_reason(before, document))
        record_audit(
            document,
            f"legal_document.{outcome.result}",
            acting_user,
            before=before and {k: str(v) for k, v in before.items()},
            after={"status": document.status, "provisions": len(data.provisions)},
        )
    return outcome


def _state(document: LegalDocument) -> dict:
    return {
        "status": document.status,
        "expiry_on": document.expiry_on,
        "amendment_notes": list(document.amendment_notes),
        "replaced_by": document.replaced_by_id,
    }


def _change_reason(before: dict, document: LegalDocument) -> str:
    """Which kind of change to report: repealed, replaced, amended or a new text."""
    if document.status != before["status"] and document.status != LegalDocument.Status.IN_FORCE:
        return document.status
    if document.replaced_by_id != before["replaced_by"]:
        return LegalDocument.Status.REPLACED
    if document.amendment_notes != before["amendment_notes"]:
        return LegalDocument.Status.AMENDED
    if document.expiry_on != before["expiry_on"]:
        return alerts.EXPIRY
    return alerts.TEXT


def _write_document(
    document: LegalDocument | None, data: DocumentData, parsed: DocumentNumber, digest: str
) -> LegalDocument:
    document = document or LegalDocument(code=parsed.canonical)
    document.doc_type = document_type(parsed, data.doc_type)
    document.serial = parsed.number
    document.year = parsed.year
    document.issuer_code = parsed.issuer_code[:60]
    document.issuer = (data.issuer or parsed.issuer_name or "")[:300]
    document.title = data.title[:1000]
    document.issued_on = data.issued_on
    document.effective_on = data.effective_on
    document.expiry_on = data.expiry_on
    document.status = _status(data)
    document.amendment_notes = data.amendment_notes
    document.source = data.source
    document.source_url = data.source_url
    document.checksum = digest
    document.save()
    return document


def _status(data: DocumentData) -> str:
    if data.status != LegalDocument.Status.IN_FORCE:
        return data.status
    if data.expiry_on and data.expiry_on <= dt.date.today():
        return LegalDocument.Status.REPEALED
    if data.amendment_notes:
        return LegalDocument.Status.AMENDED
    return data.status


_FIELDS = (
    "level",
    "number",
    "heading",
    "text",
    "pd_code",
    "context",
    "citation",
    "amendment_note",
    "is_repealed",
)


def _write_provisions(document: LegalDocument, items: list[ProvisionData]) -> list[str]:
    """Upsert provisions by code; return the codes that left the current text."""
    existing = {p.code: p for p in LegalProvision.objects.filter(document=document)}
    new, changed = [], []
    for order, item in enumerate(items):
        _check(item)
        row = existing.get(item.code) or LegalProvision(document=document, code=item.code)
        values = {name: getattr(item, name) for name in _FIELDS}
        values["heading"] = values["heading"][:1000]
        values["order"] = order
        values["withdrawn"] = False
        if row.pk and all(getattr(row, k) == v for k, v in values.items()):
            continue
        for name, value in values.items():
            setattr(row, name, value)
        (changed if row.pk else new).append(row)
    LegalProvision.objects.bulk_create(new, batch_size=500)
    LegalProvision.objects.bulk_update(changed, [*_FIELDS, "order", "withdrawn"], batch_size=500)
    by_code = {**existing, **{row.code: row for row in new}}
    _set_parents(items, by_code)
    _write_related(items, by_code)
    gone = [code for code in existing if code not in {item.code for item in items}]
    _retire(document, gone)
    return gone


def _check(item: ProvisionData) -> None:
    for name in ("code", "number", "heading", "text", "citation", "amendment_note"):
        if not isinstance(getattr(item, name), str):
            raise RecordError(
                _("Provision %(code)s: the field “%(field)s” is not text.")
                % {"code": item.code, "field": name}
            )
    if not item.code or len(item.code) > 120:
        raise RecordError(
            _("A provision has no usable identifier: “%(code)s”.") % {"code": item.code}
        )


def _set_parents(items: list[ProvisionData], by_code: dict[str, LegalProvision]) -> None:
    moved = []
    for item in items:
        row = by_code[item.code]
        parent_id = by_code[item.parent_code].pk if item.parent_code else None
        if row.parent_id != parent_id:
            row.parent_id = parent_id
            moved.append(row)
    LegalProvision.objects.bulk_update(moved, ["parent"], batch_size=500)


def _write_related(items: list[ProvisionData], by_code: dict[str, LegalProvision]) -> None:
    RelatedProvision.objects.filter(source__in=[by_code[i.code] for i in items]).delete()
    RelatedProvision.objects.bulk_create(
        [
            RelatedProvision(
                source=by_code[item.code],
                target_code=code[:120],
                target_url=url[:500],
                label=label[:1000],
            )
            for item in items
            for code, url, label in item.related
        ],
        batch_size=1000,
    )


def _retire(document: LegalDocument, codes: list[str]) -> None:
    """Delete provisions no longer in the text, or mark them withdrawn when assessed."""
    if not codes:
        return
    gone = LegalProvision.objects.filter(document=document, code__in=codes)
    linked = gone.filter(links__isnull=False).distinct()
    linked.update(withdrawn=True, parent=None)
    gone.exclude(pk__in=linked.values("pk")).delete()


def _link_amendments(document: LegalDocument, notes: list[str]) -> None:
    """Point ``amended_by`` at the cited amending documents that are in the corpus."""
    codes = []
    for note in notes:
        try:
            codes.append(parse_document_number(note).canonical)
        except DocumentNumberError:
            continue
    document.amended_by.set(LegalDocument.objects.filter(code__in=codes))


def parse_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
