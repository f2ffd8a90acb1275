"""Public input: consultation windows, masking personal data and near-duplicate submissions.

Pure functions over strings and dates (no Django); ``camket.portal.consultation`` calls them.

Consultation window. The minimum is :data:`MIN_CONSULTATION_DAYS` calendar days, taken from the
Law on Promulgation of Legal Documents No. 80/2015/QH13, art. 57(1): the drafting body posts the
full draft "trong thời gian ít nhất là 60 ngày" for agencies, organisations and individuals to
comment (text: ../shared/data/vn-laws/texts/Luat-ban-hanh-van-ban-quy-pham-phap-luat-2015-
282382.txt). The Law on Treaties 108/2016/QH13 sets no period for the public, only 15 days for
consulted bodies to answer in writing (art. 8(2), art. 9(4)); the longer public period is the
safe floor for a draft commitment, a proposal or a draft implementation plan (decision 0019).

Deadlines of feedback. By analogy with the Law on Complaints No. 02/2011/QH13: a complaint is
accepted or refused within 10 days of receipt (art. 27) and settled within 30 days of acceptance
(art. 28); CamKet screens feedback within :data:`SCREENING_DAYS` and has the lead agency answer
within :data:`ANSWER_DAYS` of its assignment.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from lawcore.text import fold

MIN_CONSULTATION_DAYS = 60
SCREENING_DAYS = 10
ANSWER_DAYS = 30
DUPLICATE_SCORE = 90.0
"""Similarity (0-100, rapidfuzz token-sort ratio over folded words) from which two texts are
taken as the same submission."""
MIN_DUPLICATE_WORDS = 4
"""Texts shorter than this (in folded words) are never called duplicates: "Xin cảm ơn" twice is
not spam."""


def window_days(opens_on: dt.date, closes_on: dt.date) -> int:
    """Days in the window, both ends counted: 01/01 to 01/03 of 2026 is 60 days."""
    return (closes_on - opens_on).days + 1


def window_problem(opens_on: dt.date, closes_on: dt.date, minimum: int = MIN_CONSULTATION_DAYS):
    """``None`` when the window is long enough, else the number of days it is short of.

    >>> window_problem(dt.date(2026, 1, 1), dt.date(2026, 3, 1))
    >>> window_problem(dt.date(2026, 1, 1), dt.date(2026, 2, 28))
    1
    """
    days = window_days(opens_on, closes_on)
    return None if days >= minimum else minimum - days


def earliest_close(opens_on: dt.date, minimum: int = MIN_CONSULTATION_DAYS) -> dt.date:
    """The first closing date a window opening on ``opens_on`` may have."""
    return opens_on + dt.timedelta(days=minimum - 1)


########## Personal data in published text ##########

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Vietnamese phone numbers: 0 or +84/84 then 9 digits (mobile) or 9-10 (landline with area
# code), written with optional spaces, dots or dashes between digits.
_PHONE = re.compile(r"(?<![\w/])(?:\+84|84|0)(?:[ .\-]?\d){8,10}(?![\w/])")
# Identity numbers: the 12-digit citizen identity card (CCCD), the 9-digit old identity card
# (CMND) and 8-character passports (a letter and 7 digits), written without separators.
_ID = re.compile(r"(?<![\w/.,])(?:\d{12}|\d{9}|[A-Z]\d{7})(?![\w/])")


@dataclass(frozen=True)
class Masked:
    text: str
    emails: int = 0
    phones: int = 0
    ids: int = 0

    @property
    def count(self) -> int:
        return self.emails + self.phones + self.ids


def mask_personal_data(text: str, replacement: str = "[…]") -> Masked:
    """``text`` with e-mail addresses, phone numbers and identity numbers replaced.

    Legal document numbers ("45/2019/QH14"), dates ("01/01/2026") and amounts written with
    thousands separators ("100.000.000 đồng") are kept: they are not personal data.

    >>> mask_personal_data("Gọi 0912 345 678 hoặc a.b@gmail.com, CCCD 001203004567").text
    'Gọi […] hoặc […], CCCD […]'
    """
    text, emails = _EMAIL.subn(replacement, text)
    text, phones = _PHONE.subn(replacement, text)
    text, ids = _ID.subn(replacement, text)
    return Masked(text, emails, phones, ids)


########## Near-duplicate submissions ##########


def folded_key(text: str) -> str:
    """The comparison form of a submission: folded words joined by one space."""
    return " ".join(re.findall(r"\w+", fold(text)))


def similarity(a: str, b: str) -> float:
    """0-100: how alike two folded keys are, whatever the order of their words."""
    if len(a.split()) < MIN_DUPLICATE_WORDS or len(b.split()) < MIN_DUPLICATE_WORDS:
        return 0.0
    return float(fuzz.token_sort_ratio(a, b))


def best_duplicate(key: str, candidates: Iterable[tuple[int, str]], threshold=DUPLICATE_SCORE):
    """The (id, score) of the candidate most like ``key`` at or above ``threshold``, or None.

    ``candidates`` are (id, folded key) pairs; the first of equal scores wins.
    """
    best: tuple[int, float] | None = None
    for pk, other in candidates:
        score = similarity(key, other)
        if score >= threshold and (best is None or score > best[1]):
            best = (pk, score)
    return best
