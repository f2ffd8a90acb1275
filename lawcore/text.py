"""Vietnamese text normalisation: NFC, case folding and diacritic folding with đ→d.

Folding is done character by character on NFC text, so ``fold(s)`` has exactly the same length as
``nfc(s)`` and an offset in the folded text is an offset in the original. Search uses this to
highlight the original text around a match found in the folded copy.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD_RE = re.compile(r"\w+", re.UNICODE)


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC, the form CamKet stores."""
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    lowered = char.lower()
    if len(lowered) != 1:  # e.g. "İ" lowers to two code points; keep the length stable
        lowered = char
    if lowered == "đ":
        return "d"
    base = unicodedata.normalize("NFD", lowered)[0]
    return base if base.isascii() or not base.isalpha() else lowered


# Latin-1 Supplement, Latin Extended-A/B and Latin Extended Additional (Vietnamese letters).
_LATIN_RANGES = ((0x00C0, 0x0250), (0x1E00, 0x1F00))
_FOLD_TABLE = {
    code: _fold_char(chr(code))
    for start, stop in _LATIN_RANGES
    for code in range(start, stop)
    if _fold_char(chr(code)) != chr(code)
}


def fold(text: str) -> str:
    """Lower-case ``text`` and strip Vietnamese diacritics, mapping đ/Đ to d.

    The result has the same length as ``nfc(text)``::

        >>> fold("Điều ước quốc tế")
        'dieu uoc quoc te'
    """
    text = nfc(text)
    lowered = text.lower()
    if len(lowered) == len(text):  # the fast path: str.translate runs in C
        return lowered.translate(_FOLD_TABLE)
    return "".join(_fold_char(c) for c in text)


def words(text: str) -> list[str]:
    """Split text into word tokens (Unicode letters and digits)."""
    return _WORD_RE.findall(text)


def folded_words(text: str) -> list[str]:
    """Tokens of ``fold(text)``: the keys that search matches on."""
    return _WORD_RE.findall(fold(text))


def slugify(text: str, max_length: int = 60) -> str:
    """Make an ASCII slug for stable codes: ``"Hiệp định CPTPP"`` → ``"hiep-dinh-cptpp"``."""
    slug = "-".join(folded_words(text))
    return slug[:max_length].strip("-")
