"""Extract plain text from uploaded DOCX, PDF and HTML files for :mod:`lawcore.lawtext`.

The format is decided by the file's content (magic bytes), never by its name alone: a ``.docx``
that is really a PDF is read as a PDF, and a file that is none of the three raises
:class:`ExtractionError`. The text comes out one paragraph per line, NFC-normalised; table rows
become one line each with cells joined by ``" | "``, in document order.

HTML is parsed with network access off and without DTD processing, so external entities and
remote resources are never fetched; scripts, styles and comments are dropped.

A DOCX passes :func:`lawcore.safezip.check_zip` before python-docx opens it (its refusal,
:class:`~lawcore.safezip.UnsafeArchive`, propagates unchanged). A PDF is read in a child process
with a time and memory cap, since a crafted PDF can make a parser loop or allocate without end;
going past either raises :class:`TooCostly`.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from lawcore.safezip import Limits, UnsafeArchive, check_zip

CELL_SEPARATOR = " | "

_HTML_START_RE = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    rb"<(?:!doctype\s+html|html|head|body|p|div|h\d|table)\b",
    re.IGNORECASE | re.DOTALL,
)
_XML_DECLARATION_RE = re.compile(r"^\s*<\?xml[^>]*>")
_DOCTYPE_RE = re.compile(r"<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>", re.IGNORECASE | re.DOTALL)
_HTML_BLOCKS = frozenset(
    (
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "caption",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
    )
)
_HTML_DROPPED = ("script", "style", "head", "noscript", "template", "iframe", "object")


PDF_SECONDS = 30
PDF_MEMORY_BYTES = 1 << 30
DOCX_LIMITS = Limits()


class ExtractionError(ValueError):
    """A file whose text cannot be extracted; the message names the file and says why."""


class TooCostly(ExtractionError):
    """Reading the file went past its time or memory cap (``limit`` is ``"time"``/``"memory"``)."""

    def __init__(self, message: str, *, limit: str, seconds: int = 0) -> None:
        super().__init__(message)
        self.limit, self.seconds = limit, seconds


def extract_text(source: bytes | str | Path, *, filename: str | None = None) -> str:
    """Return the plain text of a DOCX, PDF or HTML file given as bytes or a path.

    ``filename`` is only used in error messages (and defaults to the path's name). Raises
    :class:`ExtractionError` for an empty file, an unsupported type, a damaged file, or a
    file with no text (e.g. a scanned PDF without a text layer).
    """
    data, name = _read(source, filename)
    kind = detect_format(data)
    if kind is None:
        raise ExtractionError(f"{name}: not a DOCX, PDF or HTML file")
    extractor = {"docx": _docx_lines, "pdf": _pdf_lines, "html": _html_lines}[kind]
    try:
        text = _join(extractor(data))
    except (UnsafeArchive, TooCostly):
        raise
    except ExtractionError as error:
        raise ExtractionError(f"{name}: {error}") from error
    except Exception as error:  # the libraries raise many types for damaged files
        message = f"{name}: damaged or unreadable {kind.upper()} file ({error})"
        raise ExtractionError(message) from error
    if not text:
        raise ExtractionError(f"{name}: the {kind.upper()} file contains no text")
    return text


def detect_format(data: bytes) -> str | None:
    """``"docx"``, ``"pdf"``, ``"html"`` or ``None``, from the first bytes of ``data``."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx" if _is_docx(data) else None
    head = data[:2048].removeprefix(b"\xef\xbb\xbf")
    return "html" if _HTML_START_RE.match(head) else None


def _read(source: bytes | str | Path, filename: str | None) -> tuple[bytes, str]:
    if isinstance(source, bytes):
        data, name = source, filename or "uploaded file"
    else:
        path = Path(source)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise ExtractionError(f"{filename or path.name}: cannot be read ({error})") from error
        name = filename or path.name
    if not data:
        raise ExtractionError(f"{name}: the file is empty")
    return data, name


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _join(lines: Iterable[str]) -> str:
    cleaned = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in lines)
    return unicodedata.normalize("NFC", "\n".join(line for line in cleaned if line))


def _docx_lines(data: bytes) -> Iterator[str]:
    from docx import Document  # imported here: only uploads need python-docx
    from docx.table import Table

    check_zip(data, DOCX_LIMITS)
    document = Document(io.BytesIO(data))
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            yield from _docx_table_lines(block)
        else:
            yield block.text


def _docx_table_lines(table: object) -> Iterator[str]:
    for row in table.rows:  # type: ignore[attr-defined]
        seen: set[int] = set()
        cells = []
        for cell in row.cells:
            if id(cell._tc) not in seen:  # a merged cell is repeated once per grid column
                seen.add(id(cell._tc))
                cells.append(" ".join(cell.text.split()))
        yield CELL_SEPARATOR.join(cells)


def _pdf_lines(data: bytes) -> Iterator[str]:
    for page in _pdf_pages(data):
        yield from page.splitlines()


def _pdf_pages(data: bytes) -> list[str]:
    """The text of each page, read by a child process that is killed past its caps."""
    root = str(Path(__file__).resolve().parent.parent)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])),
    }
    child = (
        f"from lawcore.docextract import _pdf_child; _pdf_child({PDF_MEMORY_BYTES}, {PDF_SECONDS})"
    )
    command = [sys.executable, "-c", child]
    try:
        finished = subprocess.run(
            command, input=data, capture_output=True, timeout=PDF_SECONDS, env=env, check=False
        )
    except subprocess.TimeoutExpired:
        message = f"reading the PDF took longer than {PDF_SECONDS} s"
        raise TooCostly(message, limit="time", seconds=PDF_SECONDS) from None
    try:
        answer = json.loads(finished.stdout)
    except ValueError:
        # Killed by its memory or CPU limit (no answer) or crashed.
        raise TooCostly("reading the PDF needed too much memory", limit="memory") from None
    if "error" in answer:
        raise ExtractionError(answer["error"])
    pages: list[str] = answer["pages"]
    if not any(page.strip() for page in pages):
        raise ExtractionError("the PDF has no text layer (a scan?); run OCR on it first")
    return pages


def _pdfium_pages(data: bytes) -> list[str] | None:
    """Page texts by PDFium where it is installed, else (or on any failure) ``None``.

    pypdf splits Vietnamese words at every glyph run of PDFs that browsers and office programs
    write ("QUY Ế T Đ Ị NH"); PDFium keeps them whole. Encrypted and damaged files fall back to
    pypdf, which says what is wrong.
    """
    try:
        import pypdfium2
    except ImportError:
        return None
    try:
        document = pypdfium2.PdfDocument(data)
        try:
            pages = []
            for page in document:
                text = page.get_textpage().get_text_range()
                pages.append(text.replace("\r\n", "\n").replace("\r", "\n"))
        finally:
            document.close()
    except Exception:  # pypdfium2 raises its own error types for damaged or locked files
        return None
    return pages


def _pdf_child(memory: int, seconds: float) -> None:
    """Entry point of the child: PDF bytes on stdin, ``{"pages": [...]}`` or ``{"error"}`` out."""
    import math
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = math.ceil(seconds)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    data = sys.stdin.buffer.read()
    pages = _pdfium_pages(data)
    if pages is not None:
        sys.stdout.write(json.dumps({"pages": pages}))
        return
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            answer: dict[str, object] = {"error": "the PDF is encrypted"}
        else:
            answer = {"pages": [page.extract_text() or "" for page in reader.pages]}
    except MemoryError:
        sys.exit(3)
    except Exception as error:  # the library raises many types for damaged files
        answer = {"error": f"damaged or unreadable PDF file ({error})"}
    sys.stdout.write(json.dumps(answer))


def _html_lines(data: bytes) -> Iterator[str]:
    from lxml import etree, html

    parser = html.HTMLParser(
        no_network=True, remove_comments=True, remove_pis=True, huge_tree=False
    )
    root = html.document_fromstring(_html_source(data), parser=parser)
    etree.strip_elements(root, *_HTML_DROPPED, with_tail=False)
    for element in root.iter(etree.Element):
        _mark_breaks(element)
    for line in "".join(root.itertext()).splitlines():
        yield line.strip().removesuffix(CELL_SEPARATOR.strip())


def _html_source(data: bytes) -> str | bytes:
    """Decode UTF-8 ourselves and drop any DOCTYPE, so no DTD or entity is ever processed."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Let lxml honour the page's <meta charset>; DOCTYPE bytes are removed all the same.
        return _DOCTYPE_RE.sub("", data.decode("latin-1")).encode("latin-1")
    return _DOCTYPE_RE.sub("", _XML_DECLARATION_RE.sub("", text))


def _mark_breaks(element: object) -> None:
    tag = getattr(element, "tag", "")
    if tag in ("td", "th"):
        element.tail = CELL_SEPARATOR + (element.tail or "")  # type: ignore[attr-defined]
    elif tag in _HTML_BLOCKS:
        element.text = "\n" + (element.text or "")  # type: ignore[attr-defined]
        element.tail = "\n" + (element.tail or "")  # type: ignore[attr-defined]
