"""Obligation markers in English and Vietnamese, and the rules that reject false friends.

A marker is the word group that makes a sentence deontic: "shall", "shall not", "undertake to",
"will", "phải", "không được", "nhất trí"... Each marker has a *force* (binding, prohibition,
best-effort, political, permission); the modality of a candidate is derived from the force, the
kind of document (a leaders' statement creates only political commitments) and hedges such as
"to the extent possible". Rejections: definitions ("shall mean"), constitutive rules ("shall
apply", "shall enter into force"), "Nothing in this Agreement shall be construed", preambles
("Recognizing that...") and predictions with no actor ("this project will support...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from lawcore.extraction import rules


class Modality(StrEnum):
    """How strongly a sentence binds its addressee (``Obligation.modality`` in CamKet)."""

    SHALL = "shall"  # binding obligation
    SHALL_NOT = "shall_not"  # prohibition
    BEST_EFFORT = "best_effort"  # endeavour, make every effort, to the extent possible
    POLITICAL = "political"  # leaders' statements: will, commit to, agree to
    MAY = "may"  # right or permission; never an obligation


class Force(StrEnum):
    """What a marker says on its own, before document kind and hedges are considered."""

    BINDING = "binding"
    PROHIBITION = "prohibition"
    BEST_EFFORT = "best_effort"
    POLITICAL = "political"
    PERMISSION = "permission"


@dataclass(frozen=True)
class MarkerHit:
    """A marker found in a sentence: surface text, offsets in the sentence, and its force."""

    text: str
    start: int
    end: int
    force: Force
    needs_actor: bool = False


# English: (force, pattern, needs an actor before it). Earlier entries win at the same offset.
_EN_MARKERS: list[tuple[Force, str, bool]] = [
    (
        Force.PROHIBITION,
        r"shall\s*(?:not|neither|in\s+no\s+case)\b|must\s+not\b|may\s+not\b|cannot\b",
        False,
    ),
    (
        Force.PROHIBITION,
        r"shall\s+refrain\s+from|(?:undertakes?|agrees?|commits?)\s+not\s+to",
        False,
    ),
    (
        Force.BEST_EFFORT,
        r"shall,?\s+(?:\w+\s+){0,3}?(?:endeavou?r|make\s+(?:every|best|all\s+reasonable)\s+efforts?|use\s+(?:its|their)\s+best\s+efforts|strive|seek\s+to)",
        False,
    ),
    (Force.BEST_EFFORT, r"(?:endeavou?rs?|strives?)\s+to|(?:is|are)\s+encouraged\s+to", False),
    (
        Force.PERMISSION,
        r"shall\s+be\s+entitled\s+to|(?:is|are)\s+entitled\s+to|(?:has|have)\s+the\s+right\s+to",
        False,
    ),
    (Force.BINDING, r"(?<![a-z])shall(?=\b|be\b|not\b)|(?<=[a-z])shall(?=\s)|must\b", False),
    (
        Force.BINDING,
        r"(?:hereby\s+)?(?:undertakes?|agrees?)\s+to\b|(?:is|are)\s+(?:hereby\s+)?(?:required|obliged|obligated|bound|committed)\s+to\b",
        False,
    ),
    (Force.BINDING, r"(?:has|have)\s+(?:an?\s+|the\s+)?obligation\s+to", False),
    # "the Parties undertake:" introduces a list; "Malaysia has made commitments on ...".
    (Force.BINDING, r"(?:undertakes?|agrees?)\s*:", False),
    (
        Force.BINDING,
        r"(?:has|have)\s+(?:also\s+)?(?:made|undertaken)\s+(?:\w+\s+){0,2}?commitments?\s+"
        r"(?:on|in|to|regarding|with\s+respect\s+to)\b",
        False,
    ),
    (
        Force.POLITICAL,
        r"(?:has|have)\s+(?:also\s+)?(?:agreed|committed|pledged|decided)\s+to(?!\s+by)|agreed\s+to(?!\s+by)|commit(?:s|ted)?\s+to|pledged?s?\s+to",
        False,
    ),
    (
        Force.POLITICAL,
        r"decided?s?\s+to|intends?\s+to|plans?\s+to|resolved?\s+to|vow(?:s|ed)?\s+to|affirm(?:s|ed)?\s+to",
        False,
    ),
    (
        Force.POLITICAL,
        r"(?:re)?affirm(?:s|ed)?\s+(?:its|their|our)\s+(?:\w+\s+){0,3}?commitments?\s+to",
        False,
    ),
    (
        Force.POLITICAL,
        r"express(?:es|ed)?\s+(?:his|her|its|their|our)\s+(?:\w+\s+)?(?:intention|resolve|"
        r"determination|readiness|willingness|commitment)\s+to|"
        r"(?:readiness|willingness|intention)\s+to\s+(?=\w)|concurred\s+(?:in|on)\s+\w+ing\b",
        True,
    ),
    (Force.POLITICAL, r"(?:are|is)\s+determined\s+to|will\b", True),
    # The speakers go on with an act or pledge a thing: "We continue to exchange on ...", "we
    # pledge the utmost respect for ...", "Together we also vow ...".
    (
        Force.POLITICAL,
        r"(?<=\bwe\s)(?:(?:also|further|jointly|together|today|hereby)\s+)?"
        r"(?:continue\s+to\b|pledge\b|vow\b|commit\s+ourselves\b)",
        False,
    ),
    (
        Force.PERMISSION,
        r"\bmay\b|\bcan\b(?=\s+(?:also\s+)?(?:request|apply|adopt|maintain|seek|provide))",
        False,
    ),
]

# Vietnamese, matched on lower-cased NFC text.
_VI_MARKERS: list[tuple[Force, str, bool]] = [
    (
        Force.PROHIBITION,
        r"không\s+được|nghiêm\s+cấm|không\s+được\s+phép|(?:cam\s+kết|sẽ)\s+không",
        False,
    ),
    (
        Force.BEST_EFFORT,
        r"(?:phải|sẽ)\s+(?:nỗ\s+lực|cố\s+gắng)|nỗ\s+lực|cố\s+gắng|được\s+khuyến\s+khích",
        False,
    ),
    (
        Force.PERMISSION,
        r"có\s+thể|có\s+quyền|được\s+quyền|được\s+phép|được\s+áp\s+dụng|được\s+hưởng",
        False,
    ),
    (
        Force.BINDING,
        r"(?<!không\s)(?<!cần\s)(?<!thiết\s)phải\b|có\s+nghĩa\s+vụ|có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm",
        False,
    ),
    # How Government decisions and Party directives assign work: "Cơ quan chủ trì: Bộ X", "giao
    # Bộ X ...", "đề nghị Ủy ban ...", "Ban Bí thư yêu cầu các cấp ủy ...", "cần tập trung".
    (
        Force.BINDING,
        r"(?:cơ\s+quan|đơn\s+vị)\s+chủ\s+trì\s*:|"
        r"(?<!được\s)(?<!bàn\s)(?<!chuyển\s)\bgiao\s+(?:cho\s+)?(?=(?:các\s+)?(?:bộ|ủy|uỷ|ban|cơ\s+quan|"
        r"tổng|cục|thủ\s+tướng|chính\s+phủ|ngân\s+hàng|văn\s+phòng|sở|tỉnh|thành\s+phố|địa\s+phương))|"
        r"(?:đề\s+nghị|yêu\s+cầu)\s+(?=(?:các\s+|mọi\s+)?(?:cấp\s+ủy|cấp\s+uỷ|bộ|ủy|uỷ|ban|cơ\s+quan|"
        r"tổ\s+chức|đảng|địa\s+phương|ngành|tòa|toà|viện|mặt\s+trận|hội|đoàn|tỉnh|thành\s+phố))|"
        r"\bcần\s+(?:phải\s+)?(?=tập\s+trung|thực\s+hiện|triển\s+khai|tăng\s+cường|chú\s+trọng|"
        r"đẩy\s+mạnh|bảo\s+đảm|đảm\s+bảo|xây\s+dựng|nâng\s+cao|rà\s+soát|hoàn\s+thiện|chủ\s+động)",
        False,
    ),
    (Force.BINDING, r"sẽ\b", True),
    (
        Force.BINDING,
        r"cam\s+kết|nhất\s+trí|thống\s+nhất|đồng\s+ý|quyết\s+định|sẵn\s+sàng|phấn\s+đấu",
        True,
    ),
]


def _compile(table: list[tuple[Force, str, bool]]) -> list[tuple[Force, re.Pattern[str], bool]]:
    return [(force, re.compile(pattern, re.IGNORECASE), actor) for force, pattern, actor in table]


EN_MARKERS = _compile(_EN_MARKERS)
VI_MARKERS = _compile(_VI_MARKERS)
# Markers added for issue 18, by rule family (lawcore.extraction.rules), for cross-validation.
_FAMILY = {
    pattern: family
    for _, pattern, _ in (*_EN_MARKERS, *_VI_MARKERS)
    for key, family in (
        (r"agrees?)\s*:", "en_lead_ins"),
        (r"(?:made|undertaken)", "en_reported"),
        (r"express(?:es|ed)?", "en_reported"),
        (r"chủ\s+trì\s*:", "vi_assignments"),
        (r"(?<=\bwe\s)", "en_statements"),
    )
    if key in pattern
}
_ANY_EN = re.compile("|".join(p for _, p, _ in _EN_MARKERS), re.IGNORECASE)
_ANY_VI = re.compile("|".join(p for _, p, _ in _VI_MARKERS), re.IGNORECASE)

# "shall ..." followed by one of these is a rule about the text itself, not a duty of a party.
# Issue 18: rules about the text itself that the first table missed ("shall be understood",
# "shall also apply", "shall take effect", "shall be final", "shall not, of themselves, ...").
_CONSTITUTIVE_EN_MORE = re.compile(
    r"\s*(?:(?:not)?,?\s*(?:of|in)\s+(?:itself|themselves)\b|"
    r"(?:also\s+|only\s+|likewise\s+)?(?:be\s+)?(?:understood|take\s+effect|final\b)|"
    r"be\s+(?:the|a|an)\s+(?:date|place|capital|language|seat|day|period|rate)\b|"
    r"(?:also\s+|likewise\s+)apply\b|be\s+suspended\b)",
    re.IGNORECASE,
)
_BARE_COLON = re.compile(r"\s*:")
_CONSTITUTIVE_EN = re.compile(
    # A bare "shall:" introduces a list of duties; "shall be:" and "as follows" introduce terms.
    r"\s*(?:not\s+)?(?:be\b\s*)?(?:(?<=be):|(?<=be\s):|as\s+follows|"
    r"apply(?!\s+(?:a|an|any|such|its|their|the|this|these|those|global|bilateral|provisional|"
    r"safeguard|(?!to\b|with\b|in\b)[\w-]+\s+(?:measures?|duty|duties|tariffs?|rates?|treatment|procedures?))\b)|"
    r"(?:mean|have\s+the\s+(?:same\s+)?meaning|include|applied|prevail|"
    r"enter\s+into\s+force|deemed|construed|interpreted|considered|regarded|form\s+(?:an?\s+)?"
    r"(?:integral\s+)?part|(?:equally\s+)?authentic|remain\s+in\s+force|continue\s+in\s+force|cease|"
    r"expire|subject\s+to|valid|binding|consist|comprise|composed|incorporated|supersede|affect|"
    r"prejudice|without\s+prejudice|derogate|limit|preclude|govern)\b)",
    re.IGNORECASE,
)
_CONSTITUTIVE_VI = re.compile(
    r"\s*(?:được\s+)?(?:ưu\s+tiên\s+áp\s+dụng|có\s+hiệu\s+lực|là\s+một\s+phần|được\s+hiểu|có\s+nghĩa\s+là)"
)
_NOTHING_EN = re.compile(r"\bnothing\s+(?:in|contained\s+in|under)\b|\bno\s+provision\s+of\b", re.I)
_NOTHING_VI = re.compile(r"(?:không\s+có\s+|không\s+)(?:quy\s+định|điều\s+khoản)\s+nào")
_DEFINITION_EN = re.compile(
    r"^[^,;]{0,120}?(?:\bmeans\b|\brefers\s+to\b|\bshall\s+mean\b|\bis\s+defined\s+as\b)", re.I
)
_DEFINITION_VI = re.compile(r"có\s+nghĩa\s+là|được\s+hiểu\s+là|là\s+thuật\s+ngữ")
_PREAMBLE_EN = re.compile(
    r"^(?:[\d.()a-z]{1,5}\s+)?(?:recogni[sz]ing|noting|recalling|reaffirming|acknowledging|considering|"
    r"desiring|determined|convinced|conscious|mindful|believing|welcoming|affirming|emphasi[sz]ing|"
    r"appreciating|bearing\s+in\s+mind|having\s+regard|taking\s+into\s+account|resolved|aware|"
    r"underlining|stressing|highlighting|deeply|encouraged|seeking|wishing|building\s+on|"
    r"committed|inspired|guided|expressing|further\s+reaffirming)\b",
    re.I,
)
_PREAMBLE_VI = re.compile(
    r"^(?:nhận\s+thức|ghi\s+nhận|mong\s+muốn|với\s+mong\s+muốn|căn\s+cứ|xét|nhắc\s+lại|tin\s+tưởng|"
    r"quyết\s+tâm|thừa\s+nhận|lưu\s+ý|công\s+nhận|khẳng\s+định\s+lại|tái\s+khẳng\s+định|mong\s+đợi)\b"
)
# Statements of ASEAN and other groups open each clause with its verb in capitals: "NOTE the ...",
# "EMPHASIZING that ...", "SHARING the belief that ...". Only a commitment verb makes it one.
_CAPS_OPENER = re.compile(r"^(?:[\d.()a-z]{1,5}\s+)?(?P<verb>[A-Z]{3,}(?:\s+[A-Z]{2,})?)\b(?!\.)")
_CAPS_COMMITMENT = re.compile(
    r"^(?:COMMIT|AGREE|DECIDE|PLEDGE|UNDERTAKE|RESOLVE|TASK|INSTRUCT|DIRECT|ENDEAVOU?R|STRIVE|"
    r"CONTINUE|ADOPT|ENCOURAGE|STRENGTHEN|PROMOTE|ENHANCE|SUPPORT|WORK)"
)
_MAIN_CLAUSE = re.compile(r",\s+[^,]{0,80}?\b(?:shall|must|phải|có\s+nghĩa\s+vụ)\b", re.I)
# "Recognizing ..., the two leaders agree to ...": a commitment in a main clause after the opener
# (not in a relative clause: "..., which will contribute to ...").
_MAIN_COMMITMENT_EN = re.compile(
    r",\s+(?!(?:which|that|who|whose|as|and|or|including|while|where|when)\b)[^,;]{0,80}?\b"
    r"(?:will|(?:agree|pledge|commit|decide|resolve)[sd]?\s+to|committed\s+to|intends?\s+to|"
    r"plans?\s+to|(?:re)?affirm(?:s|ed)?\s+(?:its|their|our)\b)",
    re.I,
)
# A plan that is someone else's, or the object of a welcome or a discussion ("welcome the
# Philippines' plan to pilot ...", "discussed the platform and plans to establish ...").
_NOUN_PLAN = re.compile(
    r"(?:['’]s?|\b(?:the|a|an|its|their|his|her|any|such|this|these|those|whose))\s+"
    r"(?:[a-z][\w-]*\s+)?$"
)
_REPORTING_VERB = re.compile(
    r"\b(?:discuss(?:ed|es)?|welcom(?:e|es|ed)|not(?:e|es|ed)|review(?:s|ed)?|applaud(?:s|ed)?|"
    r"hail(?:s|ed)?|took\s+note\s+of|exchanged\s+views\s+on|support(?:s|ed)?)\b[^,;:]*$",
    re.I,
)
# "We ... met in New Delhi to reaffirm our commitment to ...": the purpose of a meeting.
_MET_TO = re.compile(r"\bmet\b[^,;]{0,160}\bto\s+$", re.I)
# Words before a marker that make it conditional or a permission ("unless the Parties agree to").
_CONDITIONAL_EN = re.compile(
    r"\b(?:unless|if|may|can|could|would|otherwise|not|fail(?:s|ed)?\s+to|where|whether|as)\s+"
    r"(?:[\w-]+\s+){0,3}$",
    re.I,
)
_NOUN_WILL = re.compile(
    r"(?:political|good|free|the|of|own|their|his|her|its|our|popular|shared|strong)\s+$", re.I
)
_RELATIVE_WILL = re.compile(r"\b(?:which|that|what|who|it|this|there)\s+$", re.I)
# "we resolve to", "our (firm) resolve to": the speakers own the resolve.
_SPEAKERS_BEFORE = re.compile(r"\b(?:we|i|they|he|she|our|their|his|her|its)\s+(?:\w+\s+)?$", re.I)
_NOUN_CAM_KET = re.compile(
    r"(?:các|những|biểu|bảng|danh\s+mục|theo|thực\s+hiện|về|mọi|lộ\s+trình|của|với|sự|bản)\s+$"
)
_NEED_REPORTED = re.compile(r"(?:nhấn\s+mạnh|khẳng\s+định|nhận\s+thấy|thấy|cho\s+rằng|rằng|sự)\s+$")
_VI_NOUN_AFTER = re.compile(r"\s*(?:cụ\s+thể|của|về|này|quốc\s+tế|tại|trong|và)\b")


_ACRONYMS = frozenset(
    ["ASEAN", "APEC", "WTO", "GATT", "GATS", "TRIPS", "USA", "NATO", "OECD", "CPTPP", "RCEP", "EU",
     "UNCLOS", "ICSID", "SPS", "TBT", "MFN", "WCO", "IMF", "FTA", "AUKUS", "G7", "G20", "HADR",
     "NSF", "DST", "PGI", "UNEA", "UNSCR", "FIMI", "DFI", "DFIS", "ROK", "DPRK", "PRC", "USAID",
     "COVID", "ISDS", "SME", "SMES", "MSME", "MSMES", "ICT", "AI", "UN", "UNGA", "ADB", "IEA",
     "THE", "ARTICLE", "ANNEX", "CHAPTER", "SECTION", "PART", "JOINT", "FACT", "SHEET"]
)  # fmt: skip


def any_marker(sentence: str, lang: str) -> bool:
    """Cheap pre-filter: could the sentence contain an obligation or permission marker?"""
    pattern = _ANY_VI if lang == "vi" else _ANY_EN
    return pattern.search(sentence) is not None


def is_preamble(sentence: str, lang: str) -> bool:
    """True for recitals such as "Recognizing that...;" or "Nhận thức rằng...".

    A sentence that opens with a participle but goes on to a main clause with "shall" or "must"
    ("Recognizing the importance of X, the Parties shall ...") is not a recital.
    """
    text = sentence.lstrip("-•* ")
    if lang != "vi" and rules.on("en_caps_preamble"):
        caps = _CAPS_OPENER.match(text)
        verb = caps["verb"].split()[0] if caps else ""
        if len(verb) > 3 and verb not in _ACRONYMS and not _CAPS_COMMITMENT.match(verb):
            return True
    opener = _PREAMBLE_VI.match(text.lower()) if lang == "vi" else _PREAMBLE_EN.match(text)
    if opener is None:
        return False
    if text.rstrip().endswith((";", ",")):
        return True
    if lang != "vi" and rules.on("en_statements") and _MAIN_COMMITMENT_EN.search(text):
        return False
    return _MAIN_CLAUSE.search(text) is None


def is_definition(sentence: str, lang: str) -> bool:
    """True for definitions ("X means ...", "“biện pháp” có nghĩa là ...")."""
    if lang == "vi":
        return _DEFINITION_VI.search(sentence.lower()) is not None
    return _DEFINITION_EN.search(sentence) is not None


def _rejected_en(sentence: str, hit: MarkerHit) -> str | None:
    before = sentence[: hit.start]
    after = sentence[hit.end :]
    if (
        hit.force in (Force.BINDING, Force.PROHIBITION)
        and hit.text.lower().startswith("shall")
        and (
            _CONSTITUTIVE_EN.match(after)
            or (rules.on("en_exclusions") and _CONSTITUTIVE_EN_MORE.match(after))
            or (not rules.on("en_lead_ins") and _BARE_COLON.match(after))
        )
    ):
        return "constitutive rule (shall apply / enter into force / mean ...)"
    if _NOTHING_EN.search(before):
        return "'nothing in this Agreement shall ...' is an exception, not a duty"
    lowered = hit.text.lower()
    if lowered == "will" and (_NOUN_WILL.search(before) or _RELATIVE_WILL.search(before)):
        return "'will' as a noun or in a relative clause"
    if (
        rules.on("en_reported")
        and re.match(r"resolve\s+to$", lowered)
        and not _SPEAKERS_BEFORE.search(before)
    ):
        return "'resolve' as a noun that the speakers do not own ('shared resolve to ...')"
    if rules.on("en_statements") and hit.force is Force.POLITICAL:
        if re.match(r"plans?\s+to$", lowered) and (
            _NOUN_PLAN.search(before) or _REPORTING_VERB.search(before)
        ):
            return "'plan to' names someone else's plan or the object of a welcome"
        if _MET_TO.search(before):
            return "the purpose of a meeting ('met ... to reaffirm'), not a commitment"
    if (
        hit.force is not Force.PERMISSION
        and not lowered.startswith(("shall", "must"))
        and _CONDITIONAL_EN.search(before[-60:])
    ):
        return "conditional or permissive context before the marker"
    return None


def _rejected_vi(sentence: str, hit: MarkerHit) -> str | None:
    lowered = sentence.lower()
    before = lowered[: hit.start]
    after = lowered[hit.end :]
    if hit.text.lower().startswith("cần") and _NEED_REPORTED.search(before):
        return "'cần' reports a view ('nhấn mạnh cần ...'), it assigns nothing"
    if _NOTHING_VI.search(before):
        return "'không có quy định nào ...' is an exception, not a duty"
    if _CONSTITUTIVE_VI.match(after):
        return "constitutive rule (có hiệu lực / ưu tiên áp dụng)"
    if hit.text.lower().replace(" ", "") in {"camkết", "thốngnhất", "quyếtđịnh"} and (
        _NOUN_CAM_KET.search(before) or (hit.force is Force.BINDING and _VI_NOUN_AFTER.match(after))
    ):
        return f"'{hit.text}' used as a noun"
    return None


def find_markers(sentence: str, lang: str) -> list[MarkerHit]:
    """All markers in ``sentence`` that survive the rejection rules, in text order."""
    table = VI_MARKERS if lang == "vi" else EN_MARKERS
    haystack = sentence.lower() if lang == "vi" else sentence
    hits: dict[int, MarkerHit] = {}
    for force, pattern, needs_actor in table:
        family = _FAMILY.get(pattern.pattern)
        if family is not None and not rules.on(family):
            continue
        for match in pattern.finditer(haystack):
            if match.start() in hits or _inside(hits, match.start()):
                continue
            hit = MarkerHit(
                sentence[match.start() : match.end()],
                match.start(),
                match.end(),
                force,
                needs_actor,
            )
            rejected = _rejected_vi(sentence, hit) if lang == "vi" else _rejected_en(sentence, hit)
            if rejected is None:
                hits[match.start()] = hit
    return sorted(hits.values(), key=lambda h: h.start)


def _inside(hits: dict[int, MarkerHit], offset: int) -> bool:
    return any(h.start <= offset < h.end for h in hits.values())


def find_rejections(sentence: str, lang: str) -> list[str]:
    """Reasons why markers in ``sentence`` were set aside (for the ``reasons`` list)."""
    table = VI_MARKERS if lang == "vi" else EN_MARKERS
    haystack = sentence.lower() if lang == "vi" else sentence
    reasons: list[str] = []
    for force, pattern, needs_actor in table:
        for match in pattern.finditer(haystack):
            hit = MarkerHit(
                sentence[match.start() : match.end()],
                match.start(),
                match.end(),
                force,
                needs_actor,
            )
            rejected = _rejected_vi(sentence, hit) if lang == "vi" else _rejected_en(sentence, hit)
            if rejected:
                reasons.append(f"'{hit.text}' set aside: {rejected}")
    return reasons
