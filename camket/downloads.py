"""Names of the files CamKet makes: an ASCII slug of their Vietnamese title.

Every export (XLSX, DOCX, PDF) is sent through :func:`file_response`, so a download is named as
an office would name it (``bao-cao-tinh-hinh-thuc-hien-nam-2026.docx``), never after an internal
code or key. The header follows RFC 6266 (section 4.3): a quoted ``filename`` for every browser
and ``filename*`` (RFC 8187, UTF-8, percent-encoded) for those that prefer it; as the slug is
ASCII without quotes or separators, both carry the same name and no browser or mail gateway
mangles it.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from django.http import HttpResponse

from lawcore.text import fold

MAX_STEM = 120
FALLBACK = "tep"  # "file": what a title with no Latin letter or digit becomes
_NOT_SLUG = re.compile(r"[^a-z0-9]+")

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def file_stem(title: str, *, max_length: int = MAX_STEM) -> str:
    """``"Báo cáo tình hình thực hiện năm 2026"`` → ``"bao-cao-tinh-hinh-thuc-hien-nam-2026"``:
    diacritics folded (đ → d), lower case, every other run of characters one hyphen."""
    stem = _NOT_SLUG.sub("-", fold(title or "")).strip("-")
    return stem[:max_length].rstrip("-") or FALLBACK


def file_name(title: str, extension: str) -> str:
    return f"{file_stem(title)}.{extension}"


def content_disposition(filename: str) -> str:
    """The ``attachment`` header value for ``filename`` (RFC 6266 with RFC 8187 ``filename*``)."""
    ascii_name = filename.encode("ascii", "ignore").decode().replace("\\", "").replace('"', "")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def file_response(content: bytes, title: str, extension: str) -> HttpResponse:
    """``content`` as a download named after ``title`` (its Vietnamese title, as shown)."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = content_disposition(file_name(title, extension))
    return response
