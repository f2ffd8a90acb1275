"""Turn the text of a Vietnamese legal document (plain text, DOCX, PDF, HTML) into DocumentData.

The text goes through :func:`lawcore.lawtext.parse_law_text`; files through
:func:`lawcore.docextract.extract_text` first. Provision codes are ``<number>:<path>`` where the
path names containers by their parents (``p1.c2``) but articles alone (``d5``, ``d5.k2.a``), so an
article keeps its code when a new version moves it to another chapter.
"""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _

from camket.compatibility.importing import DocumentData, ProvisionData, RecordError
from camket.compatibility.models import LegalDocument
from camket.uploads import refusal_message
from lawcore import docextract
from lawcore.lawtext import LawDocument, Level, parse_law_text
from lawcore.lawtext import Provision as Node
from lawcore.safezip import UnsafeArchive

_PREFIX = {
    Level.PART: "p",
    Level.CHAPTER: "c",
    Level.SECTION: "m",
    Level.SUBSECTION: "tm",
    Level.ARTICLE: "d",
    Level.CLAUSE: "k",
    Level.POINT: "",
    Level.APPENDIX: "pl",
}
_CONTAINERS = {Level.PART, Level.CHAPTER, Level.SECTION, Level.SUBSECTION}


def read_text(data: bytes, name: str) -> str:
    """Plain text of an uploaded or local file: DOCX, PDF and HTML extracted, else UTF-8 text."""
    if docextract.detect_format(data) is None:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise RecordError(
                _("%(name)s is neither a DOCX, PDF or HTML file nor UTF-8 text.") % {"name": name}
            ) from error
    try:
        return docextract.extract_text(data, filename=name)
    except (UnsafeArchive, docextract.TooCostly) as error:
        raise RecordError(refusal_message(error, name)) from error
    except docextract.ExtractionError as error:
        raise RecordError(
            _("The text of %(name)s could not be read: %(reason)s")
            % {"name": name, "reason": error}
        ) from error


def document_from_text(
    text: str,
    *,
    name: str,
    number: str = "",
    doc_type: str = "",
    title: str = "",
    source: str = LegalDocument.Source.TEXT,
) -> DocumentData:
    """Parse ``text``; ``number``/``doc_type``/``title`` override what its header says."""
    parsed = parse_law_text(text)
    header = parsed.header
    number = number or (
        header.document_number.canonical if header.document_number else header.number or ""
    )
    if not number:
        raise RecordError(
            _("No document number was found in %(name)s; give it (for example 45/2019/QH14).")
            % {"name": name}
        )
    if not parsed.articles():
        raise RecordError(_("No article (Điều) was found in %(name)s.") % {"name": name})
    return DocumentData(
        number=number,
        doc_type=doc_type or header.doc_type or "",
        title=title or (header.title or ""),
        issuer=header.issuer or "",
        issued_on=header.issued_on,
        source=source,
        provisions=provisions_of(parsed, number),
    )


def provisions_of(parsed: LawDocument, number: str) -> list[ProvisionData]:
    """Flatten the tree into ProvisionData in document order, with parent codes."""
    out: list[ProvisionData] = []
    used: set[str] = set()

    def visit(node: Node, container_path: str, parent_code: str) -> None:
        key = f"{_PREFIX[node.level]}{node.number}".lower().replace(" ", "")
        if node.level in _CONTAINERS or node.level is Level.APPENDIX:
            path = f"{container_path}.{key}" if container_path else key
        elif node.level is Level.ARTICLE:
            path = key
        else:
            path = f"{parent_code.split(':', 1)[1]}.{key}"
        code = _unique(f"{number}:{path}", used)
        out.append(
            ProvisionData(
                code=code,
                level=str(node.level),
                number=node.number,
                heading=node.heading,
                text=node.text,
                parent_code=parent_code,
            )
        )
        inner = path if node.level in _CONTAINERS else container_path
        for child in node.children:
            visit(child, inner, code)

    for node in [*parsed.provisions, *parsed.appendices]:
        visit(node, "", "")
    return out


def _unique(code: str, used: set[str]) -> str:
    candidate, n = code, 1
    while candidate in used:
        n += 1
        candidate = f"{code}~{n}"
    used.add(candidate)
    return candidate[:120]


def document_from_file(path: Path, **overrides: str) -> DocumentData:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise RecordError(
            _("%(name)s cannot be read (%(reason)s).") % {"name": path.name, "reason": error}
        ) from error
    return document_from_text(read_text(data, path.name), name=path.name, **overrides)
