"""Evidence files: allowed types, size limit, content sniffing and SHA-256.

A file is accepted only when its magic bytes match the type its name declares, so a renamed
executable or a mislabelled archive is refused with a message naming the file.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from camket.uploads import archive_problem

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
ALLOWED = {
    "pdf": "pdf",
    "docx": "docx",
    "xlsx": "xlsx",
    "png": "png",
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "txt": "text",
}
ZIP_MEMBER = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


@dataclass(frozen=True)
class CheckedFile:
    name: str
    kind: str
    size: int
    sha256: str
    content: bytes


def max_bytes() -> int:
    return getattr(settings, "CAMKET_MAX_EVIDENCE_BYTES", DEFAULT_MAX_BYTES)


def sniff(content: bytes) -> str | None:
    """The type the bytes really are: pdf, docx, xlsx, png, jpeg, text, or None."""
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if content.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if content.startswith(b"PK\x03\x04"):
        return _office_kind(content)
    if _is_text(content):
        return "text"
    return None


def _office_kind(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return None
    return next((kind for kind, member in ZIP_MEMBER.items() if member in names), None)


def _is_text(content: bytes) -> bool:
    if b"\x00" in content[:8192]:
        return False
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def check_upload(upload) -> CheckedFile:
    """Read an uploaded file and return it checked, or raise a translated ValidationError."""
    name = PurePath(upload.name).name
    extension = PurePath(name).suffix.lower().lstrip(".")
    declared = ALLOWED.get(extension)
    if declared is None:
        raise ValidationError(
            _("“%(name)s”: this type of file is not accepted (PDF, DOCX, XLSX, PNG, JPEG, TXT).")
            % {"name": name},
            code="type",
        )
    if upload.size > max_bytes():
        raise ValidationError(
            _("“%(name)s” is larger than %(limit)s MB.")
            % {"name": name, "limit": max_bytes() // (1024 * 1024)},
            code="size",
        )
    content = upload.read()
    if sniff(content) != declared:
        raise ValidationError(
            _("“%(name)s” does not contain what its name says: its content is not a %(type)s file.")
            % {"name": name, "type": extension.upper()},
            code="mismatch",
        )
    problem = archive_problem(content, name) if declared in ZIP_MEMBER else None
    if problem:  # a bomb or entity file would hurt whoever opens it later
        raise ValidationError(problem, code="hostile")
    digest = hashlib.sha256(content).hexdigest()
    return CheckedFile(name=name, kind=declared, size=len(content), sha256=digest, content=content)
