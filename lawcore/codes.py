"""Generated record codes: readable, stable, unique; nobody has to type one.

A code is built from what the record already says (its kind, a year, a short name) and made
unique against the codes already taken by a numeric suffix. The caller passes the test for
"taken", so this module needs no database.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lawcore.text import fold

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str, max_length: int = 40) -> str:
    """Lower-case ASCII words of ``text`` joined by hyphens, cut at a word end.

    Diacritics are folded (đ→d), anything else that is not a letter or digit separates words::

        >>> slug("Hiệp định Thương mại tự do Việt Nam – EU (EVFTA)")
        'hiep-dinh-thuong-mai-tu-do-viet-nam-eu'
    """
    words = [w for w in _NOT_SLUG.split(fold(text or "")) if w]
    kept: list[str] = []
    for word in words:
        if len("-".join([*kept, word])) > max_length:
            break
        kept.append(word)
    if not kept and words:
        kept = [words[0][:max_length]]
    return "-".join(kept)


def unique(base: str, taken: Callable[[str], bool], max_length: int | None = None) -> str:
    """``base``, or ``base-2``, ``base-3``… : the first that ``taken`` says is free.

    With ``max_length`` the base is shortened so that the suffixed code still fits.
    """
    candidate, number = base, 1
    while taken(candidate):
        number += 1
        suffix = f"-{number}"
        stem = base if max_length is None else base[: max_length - len(suffix)].rstrip("-")
        candidate = stem + suffix
    return candidate


def commitment_code(prefix: str, year: int, name: str) -> str:
    """``vn/<prefix>/<year>/<slug of name>`` (the form of ``vn/treaty/2018/cptpp``)."""
    return f"vn/{prefix}/{year}/{slug(name) or 'cam-ket'}"


def plan_code(prefix: str, agency: str, name: str, year: int) -> str:
    """``<prefix>-<agency>-<slug of name>-<year>`` (the form of ``kh-bct-cptpp-2026``)."""
    parts = [prefix, slug(agency, 12), slug(name, 40), str(year)]
    return "-".join(p for p in parts if p)
