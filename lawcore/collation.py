"""Vietnamese alphabetical order, for sorting lists of names and titles.

Code-point order puts "Đ" and every letter with a diacritic after "Z" ("Ấn hành" after "Xây
dựng"). Vietnamese dictionaries order by the 29 letters of the alphabet first
(a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, plus f j w z in foreign words),
then by tone (none, huyền, hỏi, ngã, sắc, nặng), then by case. :func:`sort_key` builds that key.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {letter: index for index, letter in enumerate(ALPHABET)}
# Combining marks that make a letter of its own (ă â ê ô ơ ư), and the five tone marks.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


@lru_cache(maxsize=4096)
def _char_key(char: str) -> tuple[int, int]:
    """(letter rank, tone) of one character; other characters rank before letters, by code."""
    lower = char.lower()
    if lower == "đ":
        return (_RANK["đ"] + 1000, 0)
    parts = unicodedata.normalize("NFD", lower)
    base, marks = parts[0], parts[1:]
    letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in _LETTER_MARKS))
    tone = next((_TONES[m] for m in marks if m in _TONES), 0)
    if letter in _RANK:
        return (_RANK[letter] + 1000, tone)
    return (ord(char) if ord(char) < 1000 else ord(char) + 2000, 0)


def sort_key(text: str) -> tuple:
    """A key ordering ``text`` as a Vietnamese dictionary would::

    >>> sorted(["Xây dựng", "Ấn hành", "Đào tạo", "Dự thảo"], key=sort_key)
    ['Ấn hành', 'Dự thảo', 'Đào tạo', 'Xây dựng']
    """
    keys = [_char_key(c) for c in unicodedata.normalize("NFC", text or "")]
    return (
        tuple(letter for letter, _tone in keys),
        tuple(tone for _letter, tone in keys),
        text or "",
    )


def compare(left: str, right: str) -> int:
    """-1, 0 or 1 as ``left`` sorts before, with or after ``right`` (an SQLite collation)."""
    a, b = sort_key(left), sort_key(right)
    return (a > b) - (a < b)
