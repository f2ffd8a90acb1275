"""Date phrases and phased schedules in obligation sentences, English and Vietnamese.

Recognised forms, each normalised where it can be:

* absolute dates: "no later than 1 January 2027", "on September 8, 2023",
  "chậm nhất là ngày 01 tháng 7 năm 2026", "ngày 01/7/2026" → ``value="2027-01-01"``;
* years: "by 2030", "before 2025", "đến năm 2030", "trong năm 2026" → ``value="2030"``;
* relative periods: "within three years", "no later than 90 days after", "fifteen (15) days",
  "trong thời hạn 05 năm", "trong vòng một năm" → ISO 8601 durations ``"P3Y"``, ``"P90D"``;
* anchors: "from the date of entry into force of this Agreement", "kể từ ngày Hiệp định có hiệu
  lực" → ``anchor="entry_into_force"``;
* recurrences: "annually", "at least every five years", "hằng năm" → ``kind="recurrence"``.

Phased schedules: "category A/B/C", "staging category", "in 5 equal annual instalments",
"in equal, quarterly instalments", "theo 10 đợt cắt giảm hằng năm bằng nhau", "lộ trình 5 năm".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_EN_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "eighteen": 18,
    "twenty": 20, "thirty": 30, "forty-five": 45, "sixty": 60, "ninety": 90, "a": 1, "an": 1,
}  # fmt: skip
_VI_NUMBERS = {
    "một": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8,
    "chín": 9, "mười": 10, "mười hai": 12, "mười lăm": 15, "hai mươi": 20, "ba mươi": 30,
    "sáu mươi": 60, "chín mươi": 90,
}  # fmt: skip
_MONTHS = {
    name: index
    for index, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")],
        start=1,
    )
    for name in names
}  # fmt: skip
_UNITS = {"day": "D", "week": "W", "month": "M", "year": "Y", "ngày": "D", "tuần": "W",
          "tháng": "M", "năm": "Y"}  # fmt: skip


@dataclass(frozen=True)
class DatePhrase:
    """A time expression found in a sentence.

    ``kind`` is ``date`` (ISO ``value``), ``year``, ``period`` (ISO 8601 duration such as
    ``P3Y``), ``event`` (only an anchor) or ``recurrence`` (a duration between repetitions).
    ``bound`` says how the time limits the obligation: ``deadline``, ``start``, ``on``,
    ``duration`` or ``during``. ``anchor`` is ``entry_into_force``, ``signature`` or another
    event named in the sentence (``None`` when the phrase is absolute).
    """

    text: str
    start: int
    end: int
    kind: str
    value: str | None
    bound: str
    anchor: str | None = None

    def describe(self) -> str:
        """A short human-readable reading.

        E.g. ``"within three years → P3Y after entry_into_force"``.
        """
        anchor = f" from {self.anchor}" if self.anchor else ""
        return f"'{self.text}' → {self.kind} {self.value or ''}{anchor} ({self.bound})".replace(
            "  ", " "
        )


@dataclass(frozen=True)
class PhasedSchedule:
    """A phased schedule ("lộ trình"): staging categories or equal instalments."""

    text: str
    start: int
    end: int
    kind: str  # "category" | "instalments" | "roadmap"
    categories: tuple[str, ...] = ()
    instalments: int | None = None
    interval: str | None = None  # "annual" | "quarterly" | "monthly"
    years: int | None = None

    def describe(self) -> str:
        """A short human-readable reading of the schedule."""
        if self.kind == "category":
            plural = "ies" if len(self.categories) > 1 else "y"
            return f"staging categor{plural} {'/'.join(self.categories)}"
        if self.kind == "instalments":
            count = f"{self.instalments} " if self.instalments else ""
            return f"{count}{self.interval or ''} instalments".replace("  ", " ").strip()
        return f"roadmap over {self.years} years"


_EN_NUM = r"(?:\d{1,4}|" + "|".join(sorted(_EN_NUMBERS, key=len, reverse=True)) + r")"
_VI_NUM = r"(?:\d{1,4}|" + "|".join(sorted(_VI_NUMBERS, key=len, reverse=True)) + r")"
_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_EN_BOUND = (
    r"(?P<bound>no\s+later\s+than|not\s+later\s+than|no\s+earlier\s+than|at\s+least|within|by|before|prior\s+to|"
    r"until|after|from|as\s+of|effective\s+(?:as\s+of\s+)?|on|beginning|for\s+(?:a\s+period\s+of\s+)?"
    r"(?:at\s+least\s+|not\s+less\s+than\s+|no\s+less\s+than\s+)?|in|over|during)\s+"
)
_EN_DATE_RE = re.compile(
    _EN_BOUND + r"(?:(?P<d1>\d{1,2})\s+(?P<m1>" + _MONTH + r")\s+(?P<y1>\d{4})"
    r"|(?P<m2>" + _MONTH + r")\s+(?P<d2>\d{1,2}),?\s+(?P<y2>\d{4}))",
    re.I,
)
_EN_YEAR_RE = re.compile(
    r"(?P<bound>by|before|until|in|no\s+later\s+than|through)\s+(?:the\s+end\s+of\s+)?(?P<year>(?:19|20)\d\d)\b(?![/-]\d)",
    re.I,
)
_EN_PERIOD_RE = re.compile(
    _EN_BOUND + r"(?:the\s+)?(?:first\s+)?(?P<num>" + _EN_NUM + r")(?:\s*\(\d{1,4}\))?[\s-]+"
    r"(?:calendar\s+|working\s+|business\s+)?(?P<unit>day|week|month|year)s?\b"
    r"(?P<tail>\s+(?:after|from|of|following|before|prior\s+to)\b[^,;.]{0,80})?",
    re.I,
)
_EN_RECUR_RE = re.compile(
    r"\b(?:annually|(?:at\s+least\s+)?(?:once\s+)?every\s+(?P<num>"
    + _EN_NUM
    + r")?\s*(?P<unit>year|month)s?|"
    r"once\s+a\s+year|each\s+year)\b",
    re.I,
)
_EN_EVENT_RE = re.compile(
    r"\b(?:upon|on|from|after|following)\s+(?:the\s+(?:date\s+of\s+)?)?(?:the\s+)?entry\s+into\s+force\b",
    re.I,
)
_VI_DATE_RE = re.compile(
    r"(?P<bound>chậm\s+nhất\s+là|chậm\s+nhất\s+vào|trước|từ|kể\s+từ|đến|vào|trong|sau)?\s*ngày\s+"
    r"(?:(?P<d1>\d{1,2})\s+tháng\s+(?P<m1>\d{1,2})\s+năm\s+(?P<y1>\d{4})|(?P<d2>\d{1,2})/(?P<m2>\d{1,2})/(?P<y2>\d{4}))"
)
_VI_YEAR_RE = re.compile(
    r"(?P<bound>đến|trước|vào|trong|đến\s+hết)\s+năm\s+(?P<year>(?:19|20)\d\d)\b|"
    r"giai\s+đoạn\s+(?P<from>(?:19|20)\d\d)\s*[-–]\s*(?P<to>(?:19|20)\d\d)"
)
_VI_PERIOD_RE = re.compile(
    r"(?P<bound>trong\s+thời\s+hạn|trong\s+vòng|chậm\s+nhất\s+là|không\s+quá|tối\s+đa|ít\s+nhất|sau|trong)\s+"
    r"(?P<num>" + _VI_NUM + r")(?:\s*\([^()]{1,12}\))?\s+(?P<unit>ngày|tuần|tháng|năm)(?!\s+\d)"
    r"(?P<tail>\s+kể\s+từ\s+(?:ngày\s+)?[^,;.]{0,80})?"
)
_VI_EVENT_RE = re.compile(
    r"(?:kể\s+từ|từ|sau)\s+(?:ngày\s+)?(?:hiệp\s+định|thỏa\s+thuận|nghị\s+định\s+thư|công\s+ước)"
    r"(?:\s+này)?\s+có\s+hiệu\s+lực"
)
_VI_RECUR_RE = re.compile(r"hằng\s+năm|hàng\s+năm|mỗi\s+năm\s+một\s+lần|định\s+kỳ\s+hằng\s+năm")
# Government decisions set deadlines by quarter or half-year ("trong quý IV/2026", "6 tháng đầu
# năm 2026") and mark standing tasks "thường xuyên", "định kỳ", "hằng quý" (every quarter).
_VI_QUARTER_RE = re.compile(
    r"(?:(?P<bound>trong|trước|đến|chậm\s+nhất\s+(?:là\s+)?(?:trong\s+)?|hoàn\s+thành\s+trong)\s+)?"
    r"quý\s+(?P<q>iv|i{1,3}|[1-4])\s*(?:/|năm\s+)\s*(?P<year>(?:19|20)\d\d)\b"
)
_VI_HALF_RE = re.compile(
    r"(?:(?P<bound>trong|trước|đến)\s+)?(?:06|6|sáu)\s+tháng\s+(?P<half>đầu|cuối)\s+năm\s+"
    r"(?P<year>(?:19|20)\d\d)\b"
)
_VI_STANDING_RE = re.compile(
    r"thường\s+xuyên|định\s+kỳ(?!\s+hằng\s+năm)|hằng\s+quý|hàng\s+quý|hằng\s+tháng|hàng\s+tháng"
)
_VI_STANDING_VALUES = {"quý": "P3M", "tháng": "P1M"}
_QUARTER_ENDS = {"i": "03-31", "ii": "06-30", "iii": "09-30", "iv": "12-31"}
_EN_BOUNDS = {
    "no later than": "deadline", "not later than": "deadline", "within": "deadline",
    "at least": "deadline",
    "by": "deadline", "before": "deadline", "prior to": "deadline", "until": "deadline",
    "through": "deadline", "no earlier than": "start", "after": "start", "from": "start",
    "as of": "start", "effective": "start", "beginning": "start", "on": "on", "for": "duration",
    "over": "duration", "in": "during", "during": "during",
}  # fmt: skip
_VI_BOUNDS = {
    "chậm nhất là": "deadline", "chậm nhất vào": "deadline", "trước": "deadline", "đến": "deadline",
    "đến hết": "deadline", "trong thời hạn": "deadline", "trong vòng": "deadline",
    "không quá": "deadline", "tối đa": "deadline", "từ": "start", "kể từ": "start", "sau": "start",
    "vào": "on", "trong": "during", "ít nhất": "duration",
}  # fmt: skip


def _bound(raw: str | None, table: dict[str, str], default: str) -> str:
    key = " ".join((raw or "").lower().split())
    for prefix, bound in table.items():
        if (
            key == prefix
            or key.startswith(prefix + " ")
            or (prefix == "effective" and key.startswith(prefix))
        ):
            return bound
    return default


def _anchor(tail: str | None) -> str | None:
    if not tail:
        return None
    lowered = tail.lower()
    if "entry into force" in lowered or "có hiệu lực" in lowered:
        return "entry_into_force"
    if "sign" in lowered or "ngày ký" in lowered:
        return "signature"
    return " ".join(tail.split()[1:]) or None


def _number(raw: str, table: dict[str, int]) -> int | None:
    raw = " ".join(raw.lower().split())
    return int(raw) if raw.isdigit() else table.get(raw)


def _iso(year: str, month: int | str | None, day: str) -> str | None:
    try:
        return date(int(year), int(month or 0), int(day)).isoformat()
    except ValueError:
        return None


def _en_dates(text: str) -> list[DatePhrase]:
    found: list[DatePhrase] = []
    for m in _EN_DATE_RE.finditer(text):
        month = _MONTHS.get((m["m1"] or m["m2"]).lower().rstrip("."))
        value = _iso(m["y1"] or m["y2"], month, m["d1"] or m["d2"])
        found.append(
            DatePhrase(
                m[0], m.start(), m.end(), "date", value, _bound(m["bound"], _EN_BOUNDS, "on")
            )
        )
    for m in _EN_YEAR_RE.finditer(text):
        found.append(
            DatePhrase(
                m[0],
                m.start(),
                m.end(),
                "year",
                m["year"],
                _bound(m["bound"], _EN_BOUNDS, "deadline"),
            )
        )
    for m in _EN_PERIOD_RE.finditer(text):
        number = _number(m["num"], _EN_NUMBERS)
        value = f"P{number}{_UNITS[m['unit'].lower()]}" if number else None
        bound = _bound(m["bound"], _EN_BOUNDS, "duration")
        found.append(
            DatePhrase(m[0].strip(), m.start(), m.end(), "period", value, bound, _anchor(m["tail"]))
        )
    for m in _EN_RECUR_RE.finditer(text):
        number = _number(m["num"], _EN_NUMBERS) if m["num"] else 1
        unit = _UNITS[(m["unit"] or "year").lower()]
        found.append(
            DatePhrase(m[0], m.start(), m.end(), "recurrence", f"P{number}{unit}", "every")
        )
    for m in _EN_EVENT_RE.finditer(text):
        found.append(
            DatePhrase(m[0], m.start(), m.end(), "event", None, "start", "entry_into_force")
        )
    return found


def _vi_dates(text: str) -> list[DatePhrase]:
    lowered = text.lower()
    found: list[DatePhrase] = []
    for m in _VI_DATE_RE.finditer(lowered):
        value = _iso(m["y1"] or m["y2"], m["m1"] or m["m2"], m["d1"] or m["d2"])
        bound = _bound(m["bound"], _VI_BOUNDS, "on")
        found.append(
            DatePhrase(text[m.start() : m.end()].strip(), m.start(), m.end(), "date", value, bound)
        )
    for m in _VI_YEAR_RE.finditer(lowered):
        value = m["year"] or f"{m['from']}/{m['to']}"
        bound = _bound(m["bound"], _VI_BOUNDS, "during")
        found.append(
            DatePhrase(text[m.start() : m.end()], m.start(), m.end(), "year", value, bound)
        )
    for m in _VI_PERIOD_RE.finditer(lowered):
        number = _number(m["num"], _VI_NUMBERS)
        value = f"P{number}{_UNITS[m['unit']]}" if number else None
        bound = _bound(m["bound"], _VI_BOUNDS, "duration")
        phrase = text[m.start() : m.end()].strip()
        found.append(
            DatePhrase(phrase, m.start(), m.end(), "period", value, bound, _anchor(m["tail"]))
        )
    for m in _VI_QUARTER_RE.finditer(lowered):
        quarter = {"1": "i", "2": "ii", "3": "iii", "4": "iv"}.get(m["q"], m["q"])
        value = f"{m['year']}-{_QUARTER_ENDS[quarter]}"
        phrase = text[m.start() : m.end()].strip()
        found.append(DatePhrase(phrase, m.start(), m.end(), "date", value, "deadline"))
    for m in _VI_HALF_RE.finditer(lowered):
        value = f"{m['year']}-{'06-30' if m['half'] == 'đầu' else '12-31'}"
        phrase = text[m.start() : m.end()].strip()
        found.append(DatePhrase(phrase, m.start(), m.end(), "date", value, "deadline"))
    for m in _VI_STANDING_RE.finditer(lowered):
        value = _VI_STANDING_VALUES.get(m[0].split()[-1])
        found.append(
            DatePhrase(text[m.start() : m.end()], m.start(), m.end(), "recurrence", value, "every")
        )
    for m in _VI_RECUR_RE.finditer(lowered):
        found.append(
            DatePhrase(text[m.start() : m.end()], m.start(), m.end(), "recurrence", "P1Y", "every")
        )
    for m in _VI_EVENT_RE.finditer(lowered):
        found.append(
            DatePhrase(
                text[m.start() : m.end()],
                m.start(),
                m.end(),
                "event",
                None,
                "start",
                "entry_into_force",
            )
        )
    return found


def _drop_overlaps(phrases: list[DatePhrase]) -> list[DatePhrase]:
    """Keep the longest phrase where several overlap ("within 3 years from entry into force")."""
    kept: list[DatePhrase] = []
    for phrase in sorted(phrases, key=lambda p: (p.start, -(p.end - p.start))):
        if kept and phrase.start < kept[-1].end:
            continue
        kept.append(phrase)
    return kept


def find_dates(text: str, lang: str) -> list[DatePhrase]:
    """Date phrases in ``text`` (a sentence), normalised where possible, in text order."""
    phrases = _vi_dates(text) if lang == "vi" else _en_dates(text)
    return _drop_overlaps(phrases)


_EN_CATEGORY_RE = re.compile(
    r"\b(?:staging\s+)?categor(?:y|ies)\s+[\"“']?"
    r"(?P<cats>[A-Z]\d{0,2}(?:[\"”']?(?:\s*,\s*|\s*/\s*|\s+(?:and|or)\s+)[\"“']?[A-Z]\d{0,2})*)\b"
)
_EN_INSTALMENT_RE = re.compile(
    r"\b(?:in\s+)?(?:(?P<num>" + _EN_NUM + r")(?:\s*\(\d+\))?\s+)?equal,?\s+"
    r"(?:(?P<interval>annual|yearly|quarterly|monthly|semi-annual)\s+)?"
    r"(?:instal?lments|tranches|stages|cuts|reductions)\b",
    re.I,
)
_VI_CATEGORY_RE = re.compile(
    r"(?:danh\s+mục|nhóm|loại|hạng)\s+(?P<cats>[A-Z]\d{0,2}(?:\s*(?:,|/|và|hoặc)\s*[A-Z]\d{0,2})*)\b"
)
_VI_INSTALMENT_RE = re.compile(
    r"(?P<num>" + _VI_NUM + r")\s+(?:đợt|giai\s+đoạn)(?:\s+cắt\s+giảm)?"
    r"(?:\s+(?P<interval>hằng\s+năm|hàng\s+năm))?(?:\s+bằng\s+nhau)?"
)
_VI_ROADMAP_RE = re.compile(r"lộ\s+trình\s+(?P<num>" + _VI_NUM + r")\s+năm")
_INTERVALS = {
    "annual": "annual", "yearly": "annual", "hằng năm": "annual", "hàng năm": "annual",
    "quarterly": "quarterly", "monthly": "monthly", "semi-annual": "semi-annual",
}  # fmt: skip


def _categories(raw: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[A-Z]\d{0,2}", raw))


def find_schedules(text: str, lang: str) -> list[PhasedSchedule]:
    """Phased schedules (staging categories, equal instalments, multi-year roadmaps) in ``text``."""
    found: list[PhasedSchedule] = []
    if lang == "vi":
        lowered = text.lower()
        for m in _VI_CATEGORY_RE.finditer(text):
            found.append(
                PhasedSchedule(m[0], m.start(), m.end(), "category", _categories(m["cats"]))
            )
        for m in _VI_INSTALMENT_RE.finditer(lowered):
            interval = _INTERVALS.get(" ".join((m["interval"] or "").split()))
            found.append(
                PhasedSchedule(
                    text[m.start() : m.end()],
                    m.start(),
                    m.end(),
                    "instalments",
                    instalments=_number(m["num"], _VI_NUMBERS),
                    interval=interval,
                )
            )
        for m in _VI_ROADMAP_RE.finditer(lowered):
            found.append(
                PhasedSchedule(
                    text[m.start() : m.end()],
                    m.start(),
                    m.end(),
                    "roadmap",
                    years=_number(m["num"], _VI_NUMBERS),
                )
            )
        return found
    for m in _EN_CATEGORY_RE.finditer(text):
        found.append(PhasedSchedule(m[0], m.start(), m.end(), "category", _categories(m["cats"])))
    for m in _EN_INSTALMENT_RE.finditer(text):
        count = _number(m["num"], _EN_NUMBERS) if m["num"] else None
        interval = _INTERVALS.get((m["interval"] or "").lower())
        found.append(
            PhasedSchedule(
                m[0].strip(),
                m.start(),
                m.end(),
                "instalments",
                instalments=count,
                interval=interval,
            )
        )
    return found
