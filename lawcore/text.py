"""Vietnamese text normalisation: NFC, case folding and diacritic folding with đ→d.

Folding is done character by character on NFC text, so ``fold(s)`` has exactly the same length as
``nfc(s)`` and an offset in the folded text is an offset in the original. Search uses this to
highlight the original text around a match found in the folded copy.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Snippet:
    """A window of a text: ``parts`` are (text, is_match) pieces; ``cut_*``: text left out."""

    parts: tuple[tuple[str, bool], ...]
    cut_before: bool
    cut_after: bool


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def match_spans(text: str, tokens: Sequence[str]) -> list[tuple[int, int]]:
    """Sorted, merged (start, end) spans of the whole words of ``text`` holding a token.

    Tokens are matched on ``fold(text)`` (so "lao dong" marks "Lao động"); a word holding a
    token anywhere is marked whole, so a highlight never splits a word.
    """
    folded = fold(text)
    spans = []
    for token in {t for t in tokens if t}:
        at = folded.find(token)
        while at >= 0:
            start, end = at, at + len(token)
            while start > 0 and _is_word_char(folded[start - 1]):
                start -= 1
            while end < len(folded) and _is_word_char(folded[end]):
                end += 1
            spans.append((start, end))
            at = folded.find(token, at + len(token))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _window(text: str, first: int, width: int) -> tuple[int, int]:
    """At most ``width`` characters around offset ``first``, moved inwards to word edges."""
    if len(text) <= width:
        return 0, len(text)
    start = max(0, first - width // 3)
    end = min(len(text), start + width)
    start = max(0, min(start, end - width))
    inner_start, inner_end = start, end
    while 0 < inner_start < end and _is_word_char(text[inner_start - 1]):
        inner_start += 1  # starts inside a word: begin at the next word
    while start < inner_end < len(text) and _is_word_char(text[inner_end]):
        inner_end -= 1  # ends inside a word: stop after the previous word
    if inner_start >= inner_end:  # one word longer than the window: cut it, nothing else to do
        return start, end
    while inner_start < inner_end and text[inner_start].isspace():
        inner_start += 1
    while inner_end > inner_start and text[inner_end - 1].isspace():
        inner_end -= 1
    return inner_start, inner_end


def snippet(text: str, tokens: Sequence[str], width: int = 220) -> Snippet:
    """The part of ``text`` around the first word holding one of ``tokens`` (folded keys).

    At most ``width`` characters, starting and ending on word edges (a word is cut only when it
    alone is longer than ``width``), with the matching words marked::

        >>> snippet("Bộ luật Lao động 2019", ["lao", "dong"]).parts
        (('Bộ luật ', False), ('Lao', True), (' ', False), ('động', True), (' 2019', False))
    """
    text = nfc(text)
    spans = match_spans(text, tokens)
    start, end = _window(text, spans[0][0] if spans else 0, width)
    parts: list[tuple[str, bool]] = []
    cursor = start
    for span_start, span_end in spans:
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_start >= span_end:
            continue
        if span_start > cursor:
            parts.append((text[cursor:span_start], False))
        parts.append((text[span_start:span_end], True))
        cursor = span_end
    if cursor < end:
        parts.append((text[cursor:end], False))
    return Snippet(tuple(parts), start > 0, end < len(text))
