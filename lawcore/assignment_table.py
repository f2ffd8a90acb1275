"""Read the assignment tables of Government decisions ("Nội dung | Cơ quan chủ trì | phối hợp").

A lead-agency cell either names one agency, or lists several, one per line starting with "-",
each optionally followed by what it is responsible for ("Bộ Công Thương (đối với các nội dung về
thuế nhập khẩu ...)") or by the unit that acts for it ("Bộ Tài chính (Tổng cục Hải quan)").
A task has exactly one lead agency, so a cell that splits the work gives one task per entry.

Agency names are matched by the caller (the register knows which agencies exist); this module
only splits text. Example, Decision 328/QĐ-TTg row 2::

    >>> [e.agency for e in split_lead_cell("- Bộ Công Thương (đối với A)\\n- Bộ Tài chính")]
    ['Bộ Công Thương', 'Bộ Tài chính']
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_SUBJECT = re.compile(r"^đối với\b", re.IGNORECASE)
_GENERIC = re.compile(r"^(các|và các)\s+bộ,?\s+ngành", re.IGNORECASE)
_DASHES = str.maketrans({"‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-"})


@dataclass(frozen=True)
class CellEntry:
    """One agency of a cell: its name as written, the subject it answers for, the unit acting."""

    agency: str
    subject: str = ""
    unit: str = ""


def name_key(name: str) -> str:
    """A comparable form of an agency name: NFC, one kind of dash, single spaces, lower case."""
    text = unicodedata.normalize("NFC", name).translate(_DASHES)
    text = re.sub(r"\s*-\s*", " - ", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def _entry(text: str) -> CellEntry | None:
    text = text.strip().lstrip("-").strip().rstrip(";.,").strip()
    if not text:
        return None
    match = re.match(r"^(?P<name>[^()]+?)\s*\((?P<inner>.*)\)\s*$", text, re.DOTALL)
    if not match:
        return CellEntry(text)
    name, inner = match["name"].strip(), " ".join(match["inner"].split())
    if _SUBJECT.match(inner):
        return CellEntry(name, subject=inner)
    return CellEntry(name, unit=inner)


def split_lead_cell(cell: str) -> list[CellEntry]:
    """The agencies of a lead cell, one entry each (a one-agency cell gives one entry)."""
    lines = [line for line in (cell or "").splitlines() if line.strip()]
    entries = [_entry(line) for line in lines]
    return [e for e in entries if e is not None]


def split_supporting_cell(cell: str) -> tuple[list[CellEntry], bool]:
    """The named agencies of a cooperating cell, and whether it adds "other agencies concerned".

    "Bộ Tài chính và các Bộ, ngành liên quan" gives ([Bộ Tài chính], True).
    """
    named: list[CellEntry] = []
    others = False
    for line in (cell or "").splitlines():
        for part in re.split(r";", line):
            part = part.strip().lstrip("-").strip()
            if not part:
                continue
            # Only "... và các Bộ, ngành" joins a name to the generic tail: "và" also occurs
            # inside names ("Bộ Kế hoạch và Đầu tư").
            pieces = re.split(r"\s+và\s+(?=các\s)", part, maxsplit=1, flags=re.IGNORECASE)
            for piece in pieces:
                piece = piece.strip()
                if not piece:
                    continue
                if _GENERIC.match(piece) or piece.lower().startswith("các bộ"):
                    others = True
                    continue
                entry = _entry(piece)
                if entry is not None:
                    named.append(entry)
    return named, others
