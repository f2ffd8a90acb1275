"""Find what a Vietnamese reader should never see: untranslated UI text and raw codes.

The detector is built from the project itself, so it catches the kind, not a list of instances:

- every msgid of the project's catalogues (and Django's Vietnamese catalogue) whose Vietnamese
  translation differs from it: such a msgid shown as is is an untranslated string;
- the English words of those msgids (less the words Vietnamese text also uses, read from the
  translations): a run of them outside an element marked ``lang="en"`` is English UI text;
- every value of every ``TextChoices`` of ``camket``, every audit action recorded or written in
  the code, every model field name, the codes of sectors, agencies and partners: shown as a word
  they are raw codes (``in_force``, ``commitment.imported``, ``lead_agency``, ``human_rights``);
- ISO 3166 country codes shown as a name, and debug text (``score=0.42``, ``None``, reprs).

English content (a treaty's English title or text) is allowed where the page marks it
``lang="en"``, as WCAG 3.1.2 asks; in exports a cell is checked whole (a cell equal to a code or
to a msgid) and English words are only flagged in cells that also appear as msgids.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from camket.i18n_check import _entries

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = [
    ROOT / "locale/vi/LC_MESSAGES/django.po",
    *ROOT.glob("camket/*/locale/vi/LC_MESSAGES/django.po"),
]

WORD = re.compile(r"[^\W\d]+(?:[_.][^\W\d]+|_\d+)*", re.UNICODE)
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifr]")
# Paths, addresses and file names: their parts are not words a person reads as text.
NOT_TEXT = re.compile(
    r"\S*[/@\\]\S*|\S+\.(?:pdf|docx?|xlsx?|txt|csv|xml|zip|json|odt|png|jpe?g|html?)\b|"
    r"\b(?:[a-z0-9-]+\.)+(?:vn|com|org|int|net|gov|edu|eu|io)\b"
    # a file's checksum as shown beside it ("SHA-256 3f5a…")
    r"|\bSHA-256 \S+"
    # identifiers made of lowercase parts joined by hyphens: plan codes, file slugs
    r"|\b[a-z0-9_]+(?:-[a-z0-9_]+)+\b",
    re.IGNORECASE,
)
# Removed before the debug checks: addresses, query strings and checksums are not debug text.
URL = re.compile(r"\b(?:https?|otpauth|mailto|ftp)://?\S+|[?&]\w+=\S*|\bSHA-256 \S+", re.IGNORECASE)
DEBUG = [
    (re.compile(r"\b[a-z_]+\s?=\s?-?\d"), "debug value"),  # score=0.42, bm25=3
    (re.compile(r"<[A-Za-z_.]+(?: object at 0x[0-9a-f]+|: [^>]*)>"), "repr"),
    # A syllable of a hyphenated transcription ("Mác-đô-nan") is a word, not a value.
    (
        re.compile(r"(?<![\w-])(?:None|True|False|nan|NaN|null|undefined)(?![\w-])"),
        "Python/JS value",
    ),
    (re.compile(r"[\[{]\s*'[^']*'\s*[:,\]]"), "repr of a list or dict"),
    (re.compile(r"\bTraceback\b|\bQuerySet\b"), "debug text"),
    # Amounts are grouped the Vietnamese way (500.000.000 đ); five digits in a row are not.
    (re.compile(r"(?<![\w./:,-])\d{5,}(?:\.\d+)?(?![\w/])"), "ungrouped number"),
]
# A segment read as a list: "Đối tác: KOR, JPN" holds the items "KOR" and "JPN".
ITEM_SEPARATORS = re.compile(r"[,;:·|()/]")
VIETNAMESE_LETTERS = re.compile(
    "[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.IGNORECASE
)


@dataclass(frozen=True)
class Finding:
    kind: str  # "untranslated", "english", "code", "iso code", "debug"
    text: str  # what was seen
    context: str  # the segment it was seen in

    def __str__(self) -> str:
        return f"{self.kind}: {self.text!r} in {self.context[:120]!r}"


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def catalogue_pairs() -> list[tuple[str, str]]:
    """(msgid, msgstr) of every entry of the project's Vietnamese catalogues (msgstr may be
    empty) and of Django's own Vietnamese catalogue (translated entries only)."""
    pairs = []
    for path in CATALOGUES:
        for _flags, msgid, strs in _entries(path.read_text(encoding="utf-8")):
            if msgid:
                pairs.append((_unescape(msgid), _unescape(strs[0] if strs else "")))
    from django.utils import translation

    with translation.override("vi"):
        catalog = translation.trans_real.translation("vi")._catalog
        for key, value in catalog.items():
            if isinstance(key, str) and key and isinstance(value, str):
                pairs.append((key.split("\x04")[-1], value))
    return pairs


def _unescape(text: str) -> str:
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


@dataclass
class Vocabulary:
    """What the detector looks for, read from the project (see the module docstring)."""

    msgids: set[str] = field(default_factory=set)
    msgid_patterns: re.Pattern | None = None
    english_words: set[str] = field(default_factory=set)
    vietnamese_words: set[str] = field(default_factory=set)
    codes: dict[str, str] = field(default_factory=dict)  # code → what it is
    country_codes: set[str] = field(default_factory=set)

    @classmethod
    def from_project(cls, extra_codes: dict[str, str] | None = None) -> Vocabulary:
        vocab = cls()
        pairs = catalogue_pairs()
        vietnamese = set()
        for _msgid, msgstr in pairs:
            vietnamese |= {
                w.lower() for w in WORD.findall(NOT_TEXT.sub(" ", PLACEHOLDER.sub(" ", msgstr)))
            }
        vocab.vietnamese_words = vietnamese
        patterns = []
        for msgid, msgstr in pairs:
            if msgstr and _normal(msgstr) == _normal(msgid):
                continue  # the same in both languages ("PDF", "Email")
            words = [w.lower() for w in WORD.findall(PLACEHOLDER.sub(" ", msgid))]
            english = [w for w in words if w not in vietnamese and len(w) > 2]
            vocab.english_words |= set(english)
            if not english:
                continue
            text = _normal(msgid)
            if PLACEHOLDER.search(text):
                literal = PLACEHOLDER.sub(" ", text)
                if len(WORD.findall(literal)) >= 2:
                    parts = [re.escape(p.strip()) for p in PLACEHOLDER.split(text)]
                    patterns.append(r"\s*.+?\s*".join(parts))
            else:
                vocab.msgids.add(text)
        if patterns:
            vocab.msgid_patterns = re.compile("|".join(f"(?:{p})" for p in patterns))
        vocab.codes = {**project_codes(), **(extra_codes or {})}
        # A code that is also a Vietnamese word ("may", "vi") cannot be told from text.
        vocab.codes = {c: w for c, w in vocab.codes.items() if c.lower() not in vietnamese}
        from camket.monitoring.evidence import ALLOWED
        from camket.registry.models import Partner

        # "PNG" names a file format (accepted evidence) before it names Papua New Guinea.
        formats = {name.upper() for name in ALLOWED}
        vocab.country_codes = (
            set(Partner.objects.filter(kind=Partner.Kind.COUNTRY).values_list("code", flat=True))
            - formats
        )
        return vocab

    @cached_property
    def _lower_codes(self) -> dict[str, str]:
        return {c.lower(): w for c, w in self.codes.items()}

    ########## Checking one piece of text ##########

    def untranslated(self, text: str) -> str | None:
        text = _normal(text).rstrip(":").strip()
        if not text:
            return None
        if text in self.msgids or _normal(text + ":") in self.msgids:
            return text
        if self.msgid_patterns and self.msgid_patterns.fullmatch(text):
            return text
        return None

    def english_run(self, text: str) -> str | None:
        """Two or more English UI words making up most of ``text`` with no Vietnamese letter."""
        if VIETNAMESE_LETTERS.search(text):
            return None
        words = [w for w in WORD.findall(NOT_TEXT.sub(" ", text)) if "_" not in w and "." not in w]
        lowered = [w.lower() for w in words if w.isascii()]
        english = [w for w in lowered if w in self.english_words]
        if len(english) >= 2 and len(english) * 2 >= len(lowered):
            return " ".join(english)
        return None

    def codes_in(self, text: str, *, english_content: bool = False) -> list[Finding]:
        found = []
        clean = NOT_TEXT.sub(" ", text)
        items = {item.strip() for item in ITEM_SEPARATORS.split(clean)}
        for word in WORD.findall(clean):
            lower = word.lower()
            if "_" in word or "." in word:
                if lower in self._lower_codes or (
                    "_" in word and word == lower and not english_content
                ):
                    what = self._lower_codes.get(lower, "snake_case code")
                    found.append(Finding("code", f"{word} ({what})", text))
                continue
            if english_content or word != lower or lower in self.vietnamese_words:
                continue
            # A plain word is a raw code when it stands as a value ("Loại: treaty", "trade,
            # customs"), not inside a phrase of quoted content ("Agreement on trade").
            if lower in self._lower_codes and word in items:
                found.append(Finding("code", f"{word} ({self._lower_codes[lower]})", text))
        if not english_content:
            for item in ITEM_SEPARATORS.split(text):
                if item.strip() in self.country_codes:
                    found.append(Finding("iso code", item.strip(), text))
        for pattern, what in DEBUG:
            for match in pattern.finditer(URL.sub(" ", text)):
                if what == "Python/JS value" and english_content:
                    continue
                found.append(Finding("debug", f"{match.group(0)} ({what})", text))
        return found

    def check_text(self, text: str, *, english_content: bool = False) -> list[Finding]:
        """Everything wrong with one piece of visible text of a Vietnamese page."""
        text = _normal(text)
        if not text:
            return []
        found = self.codes_in(text, english_content=english_content)
        if english_content:
            return found
        if hit := self.untranslated(text):
            found.append(Finding("untranslated", hit, text))
        elif hit := self.english_run(text):
            found.append(Finding("english", hit, text))
        return found

    def check_cell(self, value: str) -> list[Finding]:
        """A cell of an export: checked whole, as a list of items and word by word for codes."""
        text = _normal(value)
        if not text:
            return []
        # Word by word only what cannot be English content: snake_case, dotted codes, debug.
        found = [
            f
            for f in self.codes_in(text)
            if f.kind == "debug" or (f.kind == "code" and any(c in f.text.split()[0] for c in "_."))
        ]
        items = [i.strip() for i in re.split(r"[,;]\s*", text)] if len(text) < 200 else [text]
        for item in items:
            if item.lower() in self._lower_codes:
                found.append(Finding("code", f"{item} ({self._lower_codes[item.lower()]})", text))
            elif item in self.country_codes:
                found.append(Finding("iso code", item, text))
        if hit := self.untranslated(text):
            found.append(Finding("untranslated", hit, text))
        return found


def project_codes() -> dict[str, str]:
    """Every code of the project a person should never read: choice values, audit actions,
    field names, sector/agency codes. code → a short description for the report."""
    from django.apps import apps
    from django.db import models

    codes: dict[str, str] = {}

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    for choices in subclasses(models.Choices):
        if not choices.__module__.startswith(("camket", "lawcore")):
            continue
        for member in choices:
            if isinstance(member.value, str) and member.value and str(member.label) != member.value:
                codes[member.value] = f"{choices.__qualname__} value"
    for model in apps.get_models():
        if not model.__module__.startswith("camket"):
            continue
        for f in model._meta.get_fields():
            for name in {f.name, getattr(f, "attname", f.name)}:
                if "_" in name:
                    codes.setdefault(name, f"field {model.__name__}.{name}")
    codes.update(dict.fromkeys(audit_actions(), "audit action"))
    from camket.monitoring.evidence import ALLOWED

    for kind in set(ALLOWED.values()):
        codes.setdefault(kind, "evidence kind")
    from camket.agencies.models import Agency
    from camket.registry.models import Sector

    for code in Sector.objects.values_list("code", flat=True):
        codes.setdefault(code, "sector code")
    for code in Agency.objects.values_list("code", flat=True):
        if not code.isupper():
            codes.setdefault(code, "agency code")
    return codes


DOTTED = re.compile(r"[a-z][a-z_]*\.[a-z][a-z_]*")


def audit_actions() -> set[str]:
    """Audit action codes: every dotted string literal of the code (``"report.submitted"``,
    passed straight or through a variable) and every action in the database."""
    import ast

    from django.contrib.auth import get_user_model

    from camket.audit.models import AuditEvent

    found = set(AuditEvent.objects.values_list("action", flat=True).distinct())
    for path in (ROOT / "camket").rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # The literal part of an f-string ("commitment.tota_" in f"commitment.tota_{x}") is not
        # a code; what it makes is caught in the database once written.
        parts = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
        for node in ast.walk(tree):
            if id(node) in parts:
                continue
            value = node.value if isinstance(node, ast.Constant) else None
            if isinstance(value, str) and DOTTED.fullmatch(value):
                found.add(value)
    usernames = get_user_model().objects.values_list("username", flat=True)
    return found - set(usernames) - {n for n in found if n.endswith(FILE_SUFFIXES)}


FILE_SUFFIXES = (".html", ".py", ".txt", ".json", ".xlsx", ".docx", ".pdf", ".csv", ".po", ".xml")


########## Reading a response ##########

SKIPPED_TAGS = {"script", "style", "template", "textarea", "noscript"}
VISIBLE_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt", "data-confirm")


def html_segments(html: str):
    """(text, is_english_content) for each piece of text a person reads on the page."""
    import lxml.html

    root = lxml.html.document_fromstring(html)

    def walk(element, english: bool):
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in SKIPPED_TAGS or not tag:
            return
        lang = element.get("lang")
        if lang:
            english = not lang.startswith("vi")
        for name in VISIBLE_ATTRIBUTES:
            if element.get(name):
                yield element.get(name), english
        if tag == "input" and element.get("type") in ("submit", "button") and element.get("value"):
            yield element.get("value"), english
        if element.text:
            yield element.text, english
        for child in element:
            yield from walk(child, english)
            if child.tail:
                yield child.tail, english

    yield from walk(root, False)
