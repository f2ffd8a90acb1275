"""What the overlap engine reads from one item: tokens, named instruments, the action, metadata.

Tokens keep the diacritics (``words``) and add the folded form (``folded``, via
``lawcore.text.fold``) so "tăng cường hợp tác" and "tang cuong hop tac" meet. Named instruments
are instrument names ("Convention on the Rights of the Child", "Rome Statute of the ...",
"Công ước chống tra tấn", "ILO Convention No. 87") and acronyms (CAT, OP-CAT, CPTPP), reduced
to a folded key, with the common treaty acronyms mapped to the same key as their names. The
action is the verb the item asks for (ratify, consider ratifying, sign, implement, strengthen...),
read in English or Vietnamese; "continue" and "take measures to" only lead to it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from lawcore.text import fold, nfc

# Words that carry no topic; dropped from the tokens that candidate generation and scoring use.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "into",
        "its",
        "it",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "which",
        "that",
        "this",
        "their",
        "all",
        "any",
        "other",
        "such",
        "viet",
        "nam",
        "vietnam",
        "s",
        "including",
        "particular",
        "especially",
        "also",
        "further",
        "va",
        "cua",
        "cac",
        "nhung",
        "cho",
        "voi",
        "trong",
        "tren",
        "theo",
        "de",
        "la",
        "co",
        "duoc",
        "ve",
        "tai",
        "nay",
        "do",
        "mot",
    ]
)

_HEADS_EN = (
    "convention|covenant|statute|protocol|agreement|treaty|charter|declaration|"
    "partnership|framework|principles|rules|accord|initiative"
)
_CONNECT = r"(?:of|on|the|for|against|and|to|in|with|from|all|their|members|relating|no\.?)"
_CAP = r"(?:[A-Z][\w'’\-]*|\d+)"
_PHRASE_RE = re.compile(rf"{_CAP}(?:\s+(?:{_CAP}|{_CONNECT}))*")
_HEAD_RE = re.compile(rf"\b(?:{_HEADS_EN})\b", re.IGNORECASE)
_ACRONYM_RE = re.compile(r"\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*[A-Z0-9]\b")
_VI_INSTRUMENT_RE = re.compile(
    r"\b(công ước|hiệp định|nghị định thư|hiệp ước|điều ước|tuyên bố|hiến chương|quy chế)"
    r"((?:\s+[^\s,.;:()]+){1,8})",
    re.IGNORECASE,
)
_VI_HEAD_RE = re.compile(
    r"cong uoc|hiep dinh|nghi dinh thu|hiep uoc|dieu uoc|tuyen bo|hien chuong|quy che"
)
_CONNECT_WORDS = frozenset(
    [
        "of",
        "on",
        "the",
        "for",
        "against",
        "and",
        "to",
        "in",
        "with",
        "from",
        "all",
        "their",
        "members",
        "relating",
        "no",
    ]
)
# Acronyms that name no instrument (organisations, countries, the review itself).
_NOT_INSTRUMENTS = frozenset(
    [
        "UN",
        "US",
        "USA",
        "UK",
        "EU",
        "ASEAN",
        "UPR",
        "HRC",
        "OHCHR",
        "NGO",
        "NGOS",
        "ILO",
        "WTO",
        "UNICEF",
        "UNDP",
        "UNHCR",
        "UNESCO",
        "WHO",
        "IMF",
        "G7",
        "G20",
        "QUAD",
        "II",
        "III",
        "IV",
        "VI",
        "VII",
        "VIII",
        "IX",
        "XI",
        "XII",
        "HIV",
        "AIDS",
        "LGBT",
        "LGBTI",
        "ICT",
        "SDG",
        "SDGS",
        "COVID",
        "TP",
        "UBND",
        "BCT",
        "BNG",
        "BTC",
        "QD",
        "TTG",
        "CP",
        "ND",
        "TT",
    ]
)
# Common acronyms mapped to the key of their full name (and the names to one key).
ALIASES = {
    "cat": "torture",
    "convention against torture": "torture",
    (
        "convention against torture and other cruel inhuman or degrading treatment or punishment"
    ): "torture",
    "op-cat": "optional protocol torture",
    "opcat": "optional protocol torture",
    "crpd": "rights persons disabilities",
    "convention rights persons disabilities": "rights persons disabilities",
    "iccpr": "civil political rights",
    "icescr": "economic social cultural rights",
    "cedaw": "discrimination against women",
    "crc": "rights child",
    "convention rights child": "rights child",
    "cerd": "racial discrimination",
    "cped": "enforced disappearance",
    "ced": "enforced disappearance",
    "icrmw": "migrant workers",
    "icc": "rome statute",
    "cptpp": "cptpp",
    "comprehensive progressive agreement trans-pacific partnership": "cptpp",
    "rcep": "rcep",
    "regional comprehensive economic partnership": "rcep",
    "evfta": "evfta",
    "ipef": "ipef",
}
# Name fragments that identify a convention however it is introduced ("the International
# Convention for the Protection of All Persons from Enforced Disappearance" → "enforced
# disappearance").
_NAME_MARKERS = (
    ("enforced disappearance", "enforced disappearance"),
    ("rome statute", "rome statute"),
    ("international criminal court", "rome statute"),
    ("migrant workers", "migrant workers"),
    ("persons with disabilities", "rights persons disabilities"),
    ("rights of the child", "rights child"),
    ("civil and political rights", "civil political rights"),
    ("economic, social and cultural", "economic social cultural rights"),
    ("economic social and cultural", "economic social cultural rights"),
    ("discrimination against women", "discrimination against women"),
    ("racial discrimination", "racial discrimination"),
    ("against torture", "torture"),
    ("status of refugees", "refugees"),
    ("trafficking in persons", "trafficking protocol"),
    ("tra tan", "torture"),
    ("nguoi khuyet tat", "rights persons disabilities"),
    ("quyen tre em", "rights child"),
)


# Verbs and adverbs that open a sentence ("Ratify the ...", "Promptly ratify ...") and so get
# caught in a capitalised name; they are never part of an instrument's name.
_LEADING_VERBS = frozenset(
    [
        "ratify",
        "accede",
        "consider",
        "sign",
        "join",
        "adopt",
        "implement",
        "apply",
        "complete",
        "promptly",
        "quickly",
        "immediately",
        "ratification",
        "accession",
        "establish",
        "continue",
        "ensure",
        "withdraw",
        "become",
        "favourably",
        "favorably",
    ]
)
_PROTOCOL_RE = re.compile(
    r"\b(second |first )?optional protocols? (?:to |of )?(?:the )?([a-z][\w\- ]{1,80}?|its|their)"
    r"(?=[,;.()]|$| and | as | aiming| on )"
)


def _instrument_key(phrase: str) -> str:
    words = [w for w in re.findall(r"[\w'’\-]+", fold(phrase)) if w not in _CONNECT_WORDS]
    while words and words[0] in _LEADING_VERBS:
        words.pop(0)
    return " ".join(words)


def _base_instruments(text: str, folded: str | None = None) -> set[str]:
    found: set[str] = set()
    folded = fold(text) if folded is None else folded
    for marker, key in _NAME_MARKERS:
        if marker in folded:
            found.add(key)
    phrases = _PHRASE_RE.finditer(text) if _HEAD_RE.search(text) else ()
    for match in phrases:
        phrase = match.group(0)
        if not _HEAD_RE.search(phrase):
            continue
        key = _instrument_key(phrase)
        if not key or key in {"convention", "protocol", "optional protocol", "agreement", "treaty"}:
            continue
        if "optional protocol" in key:
            continue  # protocols are read by _PROTOCOL_RE below
        key = ALIASES.get(key, key)
        if not any(k in key for k in found):
            found.add(key)
    for match in _ACRONYM_RE.finditer(text):
        acronym = match.group(0)
        if acronym in _NOT_INSTRUMENTS or (len(acronym) < 3 and acronym not in {"CAT", "CRC"}):
            continue
        found.add(ALIASES.get(acronym.lower(), acronym.lower()))
    vietnamese = _VI_INSTRUMENT_RE.finditer(text) if _VI_HEAD_RE.search(folded) else ()
    for match in vietnamese:
        key = _instrument_key(match.group(0))
        found.add(ALIASES.get(key, key))
    return {k for k in found if k}


def instruments(text: str, folded: str | None = None) -> frozenset[str]:
    """Folded keys of the named instruments and treaty acronyms in ``text``.

    An optional protocol is its own instrument: "the Optional Protocol to CAT" gives
    "optional protocol torture", not "torture"; "CAT and its Optional Protocol" gives both.
    """
    text = nfc(text)
    folded = fold(text) if folded is None else folded
    found: set[str] = set()
    rest = text
    protocols = _PROTOCOL_RE.finditer(folded) if "optional protocol" in folded else ()
    for match in protocols:
        ordinal, target = (match.group(1) or "").strip(), match.group(2).strip()
        if target in {"its", "their"}:
            continue
        bases = _base_instruments(text[match.start(2) : match.end(2)]) or {target}
        found |= {" ".join(filter(None, (ordinal, "optional protocol", b))) for b in bases}
        rest = rest[: match.start()] + " " * (match.end() - match.start()) + rest[match.end() :]
    base = _base_instruments(rest, folded if rest is text else None)
    found |= base
    if re.search(r"\b(?:its|their) optional protocols?\b", folded):
        found |= {f"optional protocol {b}" for b in base}
    return frozenset(found)


# Actions, in English and Vietnamese (folded), most specific first. The first one found in the
# text, after "continue"/"take measures to"-like lead-ins, is the item's action.
ACTIONS: tuple[tuple[str, str], ...] = (
    (
        "ratify",
        r"\b(?:ratif\w*|acced\w*|accession|becom\w+ (?:a )?party|phe chuan|gia nhap|phe duyet)",
    ),
    ("sign", r"\b(?:sign(?:s|ed|ing)?\b|ky ket\b)"),
    (
        "establish",
        r"\b(?:establish\w*|set(?:ting)? up|creat\w*|institut(?:e|ing)\b|found\w*|launch\w*"
        r"|thanh lap|xay dung)",
    ),
    (
        "abolish",
        r"\b(?:abolish\w*|eliminat\w*|moratorium|prohibit\w*|end the\b|xoa bo|bai bo|cham dut)",
    ),
    (
        "combat",
        r"\b(?:prevent\w*|combat\w*|fight\w*|counter\w*|tackl\w*|phong chong|ngan chan|dau tranh)",
    ),
    ("reduce", r"\b(?:reduc\w*|curtail\w*|limit\w*|cut\b|lower\w*|giam)"),
    ("adopt", r"\b(?:adopt\w*|enact\w*|amend\w*|revis\w*|repeal\w*|legislat\w*|ban hanh|sua doi)"),
    (
        "cooperate",
        r"\b(?:cooperat\w*|invit\w*|engag\w*|dialogue|collaborat\w*|share\w*|hop tac|chia se)",
    ),
    (
        "implement",
        r"\b(?:implement\w*|fulfil\w*|comply\w*|complian\w*|give effect|apply"
        r"|thuc hien|trien khai|thi hanh)",
    ),
    (
        "strengthen",
        r"\b(?:strengthen\w*|enhanc\w*|improv\w*|step up|intensif\w*|promot\w*|increas\w*"
        r"|expand\w*|reinforc\w*|protect\w*|guarantee\w*|ensur\w*|respect\w*|safeguard\w*"
        r"|support\w*|tang cuong|day manh|nang cao|mo rong|bao dam|dam bao|bao ve|ho tro)",
    ),
    ("review", r"\b(?:review\w*|reconsider\w*|assess\w*|ra soat|danh gia)"),
)
# One pattern of all actions: its leftmost match is the item's first verb.
_ACTION_RE = re.compile("|".join(f"(?P<{code}>{pattern})" for code, pattern in ACTIONS))
# "Consider ratifying", "study the possibility of", "xem xét": a weaker promise than doing it.
_TENTATIVE_RE = re.compile(
    r"^(?:\w+ )?(?:consider\w*|study\w* the possibility|examin\w* the possibility|explore\w*"
    r"|xem xet|nghien cuu)\b"
)
# "Continue", "take measures to": lead-ins, not the action.
_LEAD_IN_RE = re.compile(
    r"^(?:continue\w*|further|pursue|maintain|take\b[^,;]*?\bto\b|tiep tuc)\s+"
)


# Nouns that are the action whatever light verb carries them ("adopt / establish / declare a
# moratorium" all ask for a moratorium).
_ACTION_NOUNS = ((re.compile(r"\b(?:moratori\w*|tam hoan thi hanh)"), "moratorium"),)


def action(text: str, folded: str | None = None) -> str:
    """The code of the action ``text`` asks for (its earliest verb), or "" when none is found."""
    folded = fold(clean(text)) if folded is None else folded
    for pattern, code in _ACTION_NOUNS:
        if pattern.search(folded):
            return code
    match = _ACTION_RE.search(folded)
    return match.lastgroup or "" if match else ""


def tentative(text: str, folded: str | None = None) -> bool:
    """Whether ``text`` only asks to consider doing something ("Consider ratifying CAT")."""
    folded = fold(clean(text)) if folded is None else folded
    return bool(_TENTATIVE_RE.search(_LEAD_IN_RE.sub("", folded)))


_TOKEN_RE = re.compile(r"\w+", re.UNICODE)
_LEADING_NUMBER = re.compile(r"^\s*\.?\d+(?:\.\d+)*\.?\s*")
_TRAILING_STATES = re.compile(r"\s*\([^()]*\)\s*[;.]?\s*$")


def clean(text: str) -> str:
    """Drop a leading paragraph number ("99.2.1") and a trailing "(Algeria);" from a text."""
    text = _LEADING_NUMBER.sub("", nfc(text))
    return _TRAILING_STATES.sub("", text).strip()


@dataclass(frozen=True)
class Features:
    words: tuple[str, ...]  # lower-cased, diacritics kept
    folded: tuple[str, ...]  # folded, without stopwords
    folded_text: str
    instruments: frozenset[str]
    action: str
    tentative: bool = False
    partners: frozenset[str] = field(default_factory=frozenset)
    period: tuple[int, int] | None = None
    deliverable: str = ""


def _period(meta: Mapping) -> tuple[int, int] | None:
    period = meta.get("period")
    if isinstance(period, (list, tuple)) and len(period) == 2:
        return int(period[0]), int(period[1])
    year = meta.get("year")
    return (int(year), int(year)) if year else None


def _names(value) -> frozenset[str]:
    if not value:
        return frozenset()
    values = [value] if isinstance(value, str) else list(value)
    return frozenset(fold(str(v)).strip() for v in values if str(v).strip())


def features(text: str, meta: Mapping | None = None) -> Features:
    """Everything the engine compares, for one item."""
    meta = meta or {}
    text = clean(text)
    folded_full = fold(text)
    folded = tuple(w for w in _TOKEN_RE.findall(folded_full) if w not in STOPWORDS)
    named = instruments(text, folded_full) | _names(meta.get("instruments"))
    return Features(
        words=tuple(_TOKEN_RE.findall(text.lower())),
        folded=folded,
        folded_text=" ".join(folded),
        instruments=named,
        action=str(meta.get("action") or action(text, folded_full)),
        tentative=tentative(text, folded_full),
        partners=_names(meta.get("partners") or meta.get("partner")),
        period=_period(meta),
        deliverable=fold(str(meta.get("deliverable") or "")).strip(),
    )
