"""Check a zip-based upload (XLSX, DOCX) before any parser opens it.

Office files are zip archives of XML. A hostile one costs seconds and gigabytes when a parser
inflates it: a 1.2 MB XLSX can declare 348 MB of shared strings. :func:`check_zip` reads the
central directory (member count, declared sizes, compression ratio), then inflates every member
once in bounded chunks, counting the bytes really produced, so a header that understates a
member's size does not help: reading stops as soon as the count passes what the header declared
or what the limits allow. XML members are scanned on the way for a DOCTYPE (entity declarations
make "billion laughs" expansions) and for non-UTF-8 encodings that would hide one.

Memory stays at one chunk per member whatever the archive claims; time is bounded by the limits.
Nothing here imports Django: the caller turns :class:`UnsafeArchive` into a translated message
from its ``reason`` and ``details``.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

CHUNK = 64 * 1024
# Only these compressions are inflated in bounded steps by zipfile; bzip2 and LZMA inflate a
# whole compressed chunk at once. Office files use deflate (and store) only.
ALLOWED_COMPRESSION = frozenset((zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED))
XML_SUFFIXES = (".xml", ".rels", ".vml")
_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_MARKER_SPAN = len(b"<!DOCTYPE") - 1


@dataclass(frozen=True)
class Limits:
    """What an archive may hold; the defaults suit a 5 MB office upload.

    ``max_ratio`` applies to members whose declared size is at least ``ratio_floor`` bytes:
    a small XML part can compress 200:1 and is harmless.
    """

    max_members: int = 1000
    max_member_bytes: int = 40 * 1024 * 1024
    max_total_bytes: int = 80 * 1024 * 1024
    max_ratio: float = 100.0
    ratio_floor: int = 1024 * 1024


@dataclass(frozen=True)
class Report:
    """What a checked archive holds: member count and bytes inflated (all verified)."""

    members: int
    total_bytes: int
    names: frozenset[str] = field(default_factory=frozenset)


class UnsafeArchive(ValueError):
    """An archive refused before parsing.

    ``reason`` is one of: ``not_zip``, ``too_many_members``, ``compression``, ``encrypted``,
    ``member_too_large``, ``total_too_large``, ``ratio``, ``size_mismatch``, ``xml_entity``,
    ``xml_encoding``, ``damaged``. ``details`` holds ``member``, ``limit``, ``size`` where they
    apply (sizes in bytes).
    """

    def __init__(self, reason: str, **details: object) -> None:
        self.reason = reason
        self.details = details
        text = ", ".join(f"{k}={v}" for k, v in details.items())
        super().__init__(f"{reason}: {text}" if text else reason)


def check_zip(data: bytes, limits: Limits | None = None) -> Report:
    """Raise :class:`UnsafeArchive` unless ``data`` is a zip within ``limits``; else a report.

    Declared sizes are checked first (cheap); then every member is inflated in chunks of
    :data:`CHUNK` bytes and its real size compared with the declared one and the limits.
    """
    limits = limits or Limits()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as error:
        raise UnsafeArchive("not_zip") from error
    with archive:
        members = archive.infolist()
        _check_declared(members, limits)
        total = 0
        for info in members:
            total += _inflate(archive, info, limits, limits.max_total_bytes - total)
    return Report(len(members), total, frozenset(info.filename for info in members))


def _check_declared(members: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(members) > limits.max_members:
        raise UnsafeArchive("too_many_members", size=len(members), limit=limits.max_members)
    total = 0
    for info in members:
        name = info.filename
        if info.compress_type not in ALLOWED_COMPRESSION:
            raise UnsafeArchive("compression", member=name)
        if info.flag_bits & 0x1:
            raise UnsafeArchive("encrypted", member=name)
        if info.file_size > limits.max_member_bytes:
            raise UnsafeArchive(
                "member_too_large", member=name, size=info.file_size, limit=limits.max_member_bytes
            )
        total += info.file_size
        if total > limits.max_total_bytes:
            raise UnsafeArchive("total_too_large", size=total, limit=limits.max_total_bytes)
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= limits.ratio_floor and ratio > limits.max_ratio:
            raise UnsafeArchive("ratio", member=name, size=info.file_size, limit=limits.max_ratio)


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, room: int) -> int:
    """Inflate one member in chunks; return its real size. Never holds more than one chunk."""
    name = info.filename
    allowed = min(info.file_size, limits.max_member_bytes, room)
    is_xml = name.lower().endswith(XML_SUFFIXES)
    seen, tail = 0, b""
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                seen += len(chunk)
                if seen > allowed:
                    raise UnsafeArchive("size_mismatch", member=name, size=info.file_size)
                if is_xml:
                    if not tail:
                        _check_encoding(name, chunk)
                    window = tail + chunk
                    if _DOCTYPE.search(window):
                        raise UnsafeArchive("xml_entity", member=name)
                    tail = window[-_MARKER_SPAN:]
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as error:
        if isinstance(error, UnsafeArchive):
            raise
        raise UnsafeArchive("damaged", member=name) from error
    if seen != info.file_size:
        raise UnsafeArchive("size_mismatch", member=name, size=info.file_size)
    return seen


def _check_encoding(name: str, head: bytes) -> None:
    """Refuse UTF-16/32 XML: a DOCTYPE spelled with NUL bytes between letters escapes the scan."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head[:4]:
        raise UnsafeArchive("xml_encoding", member=name)
