"""Who an obligation binds: Viet Nam, each or all Parties, a named partner, the Leaders, a body.

The addressee is looked for in the subject, i.e. the part of the sentence before the marker
("Each Party shall", "Hai bên nhất trí", "The United States will"). Partners are recognised from a
small gazetteer of Viet Nam's treaty and statement partners in English and Vietnamese.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Addressee:
    """An addressee found in a sentence.

    ``kind`` is one of ``viet_nam``, ``each_party``, ``all_parties``, ``partner``, ``leaders``,
    ``both_sides``, ``signatories`` (``we``), ``body`` (a committee, tribunal, authority) or
    ``person`` (an importer, applicant...). ``label`` is the English display name.
    """

    kind: str
    label: str
    text: str
    start: int
    end: int


_PARTNERS = {
    "United States": (
        r"united\s+states(?:\s+of\s+america)?|u\.s\.(?=\s+(?:government|side))"
        r"|hoa\s+kỳ|(?:phía|nước)\s+mỹ"
    ),
    "Japan": r"japan|nhật\s+bản",
    "Republic of Korea": r"(?:republic\s+of\s+)?korea|hàn\s+quốc",
    "China": r"(?:people’s\s+republic\s+of\s+)?china|trung\s+quốc",
    "India": r"india|ấn\s+độ",
    "Australia": r"australia|ô-xtrây-li-a|(?:phía|nước)\s+úc",
    "New Zealand": r"new\s+zealand|niu\s+di-lân",
    "Chile": r"chile|chi-lê",
    "Russian Federation": r"russian\s+federation|russia|(?:liên\s+bang|phía|nước)\s+nga",
    "European Union": r"european\s+union|liên\s+minh\s+châu\s+âu|\beu\b",
    "Eurasian Economic Union": (
        r"eurasian\s+economic\s+(?:union|commission)|liên\s+minh\s+kinh\s+tế\s+á\s+âu"
    ),
    "United Kingdom": r"united\s+kingdom|vương\s+quốc\s+anh",
    "Canada": r"canada|ca-na-đa",
    "Mexico": r"mexico|mê-hi-cô",
    "Singapore": r"singapore|xin-ga-po",
    "Malaysia": r"malaysia|ma-lai-xi-a",
    "Thailand": r"thailand|thái\s+lan",
    "Indonesia": r"indonesia|in-đô-nê-xi-a",
    "Philippines": r"philippines|phi-líp-pin",
    "Lao PDR": r"lao\s+pdr|laos|lào(?!\s+cai)",
    "Cambodia": r"cambodia|cam-pu-chia",
    "France": r"france|(?:cộng\s+hòa|phía|nước)\s+pháp",
    "Germany": r"germany|(?:cộng\s+hòa\s+liên\s+bang|phía|nước)\s+đức",
    "Israel": r"israel|i-xra-en",
    "Peru": r"peru|pê-ru",
    "Brunei": r"brunei|bru-nây",
    "Myanmar": r"myanmar|mi-an-ma",
    "ASEAN": r"asean(?:\s+member\s+states)?",
}
_GENERIC: list[tuple[str, str, str]] = [
    (
        "viet_nam",
        "Viet Nam",
        r"(?:the\s+)?socialist\s+republic\s+of\s+viet\s*nam|viet\s*nam(?!\s+airlines)|việt\s+nam|phía\s+việt\s+nam",
    ),
    (
        "each_party",
        "each Party",
        r"\b(?:each|every|a|any|either|no|neither|the\s+other)\s+(?:contracting\s+|importing\s+|exporting\s+|disputing\s+|responding\s+|complaining\s+)?party\b|"
        r"\bthe\s+(?:importing|exporting|requesting|requested|applying|notifying|complaining|responding|disputing|investigating|consulting|receiving|designating|denying|acquiring|expropriating|host|other|member)\s+party\b|\bthe\s+party\s+concerned\b|mỗi\s+bên|một\s+bên|bên\s+nhập\s+khẩu|bên\s+xuất\s+khẩu|bên\s+kia",
    ),
    (
        "all_parties",
        "the Parties",
        r"\b(?:the|all|both)\s+(?:contracting\s+|disputing\s+)?parties\b|\bmember\s+states\b|\bparties\b|các\s+bên|các\s+thành\s+viên",
    ),
    (
        "leaders",
        "the Leaders",
        r"\b(?:the\s+)?(?:two\s+|both\s+)?leaders\b|hai\s+lãnh\s+đạo|lãnh\s+đạo\s+hai\s+nước|(?:president|prime\s+minister|general\s+secretary|chủ\s+tịch\s+nước|thủ\s+tướng|tổng\s+bí\s+thư)\b",
    ),
    (
        "both_sides",
        "the two sides",
        r"\b(?:the\s+two|both)\s+(?:sides|countries|governments|nations)\b|hai\s+bên|hai\s+nước|hai\s+chính\s+phủ",
    ),
    ("signatories", "the signatories", r"\bwe\b|\bthey\b|chúng\s+tôi"),
    (
        "body",
        "body",
        r"\b(?:[A-Z][\w-]*\s+){0,4}(?:joint\s+)?(?:committee|sub-committee|commission|council|tribunal|panel|secretariat|working\s+group)\b|\b(?:the\s+)?(?:competent|customs|competition|central\s+customs|issuing|designated|relevant)\s+(?:\w+\s+)?authorit(?:y|ies)\b|\bgovernment\b|\bministr(?:y|ies)\b|\bagenc(?:y|ies)\b|\busaid\b|ủy\s+ban(?:\s+hỗn\s+hợp)?|hội\s+đồng(?:\s+trọng\s+tài)?|tòa\s+trọng\s+tài|cơ\s+quan(?:\s+hải\s+quan|\s+có\s+thẩm\s+quyền)?|bộ\s+ngoại\s+giao|chính\s+phủ|tiểu\s+ban|nhóm\s+công\s+tác",
    ),
    (
        "person",
        "person",
        r"\b(?:importer|exporter|producer|applicant|investor|procuring\s+entity|service\s+supplier)s?\b",
    ),
]
_PATTERNS: list[tuple[str, str, re.Pattern[str]]] = [
    *((kind, label, re.compile(pattern, re.I)) for kind, label, pattern in _GENERIC[:1]),
    *(
        ("partner", label, re.compile(r"\b(?:" + pattern + r")\b", re.I))
        for label, pattern in _PARTNERS.items()
    ),
    *((kind, label, re.compile(pattern, re.I)) for kind, label, pattern in _GENERIC[1:]),
]


def find_addressees(text: str, end: int | None = None) -> list[Addressee]:
    """Addressees mentioned in ``text[:end]``, nearest to ``end`` first, without overlaps."""
    subject = text if end is None else text[:end]
    found: list[Addressee] = []
    for kind, label, pattern in _PATTERNS:
        for m in pattern.finditer(subject):
            if any(a.start < m.end() and m.start() < a.end for a in found):
                continue
            shown = " ".join(m[0].split()) if kind in ("body", "person") else label
            found.append(Addressee(kind, shown, m[0], m.start(), m.end()))
    return sorted(found, key=lambda a: -a.end)
