"""Parse the plain text of a Vietnamese legal document into a provision tree.

The tree follows the structure the Law on Promulgation of Legal Documents prescribes: Phần (part) /
Chương (chapter) / Mục (section) / Tiểu mục (subsection) / Điều (article) / Khoản (clause) /
Điểm (point). Any level may be absent. The header (issuing body, number, place and date, title)
and the preamble ("Căn cứ ...") come before the first heading; the closing formula ("Luật này đã
được Quốc hội ... thông qua ...") and signature come after the last article, then appendices.

Text is read line by line; a heading must start a line. Real texts are messy, so:

* articles are written "Điều 1.", "Điều 1:", "Điều 2.Title", "Điều 12a." or a bare "Điều 5" line;
  an article number must be greater than the previous one, and an unpunctuated "Điều N Title" is
  only a heading when N is exactly the next number (otherwise it is a cross-reference that
  happens to start a line);
* text inside quotation marks (an amending law quoting the new wording "“Điều 5. ...”") never
  opens a provision of this document; curly quotes are tracked across lines;
* clauses are "1." / "1)" / "1-" (older laws), points "a)" ... "đ)" ...; both only inside an
  article. Unnumbered paragraphs belong to the deepest open provision;
* tables and appendices flattened to lines stay text of the node they fall in.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from lawcore.docnumber import DocumentNumber, DocumentNumberError, parse_document_number


class Level(StrEnum):
    """Levels of the provision tree, outermost first."""

    PART = "part"
    CHAPTER = "chapter"
    SECTION = "section"
    SUBSECTION = "subsection"
    ARTICLE = "article"
    CLAUSE = "clause"
    POINT = "point"
    APPENDIX = "appendix"


_RANK = {level: rank for rank, level in enumerate(Level)}
_RANK[Level.APPENDIX] = -1


@dataclass
class Provision:
    """One node of the tree. ``text`` is the node's own text, without its children's."""

    level: Level
    number: str
    heading: str = ""
    text: str = ""
    children: list[Provision] = field(default_factory=list)

    def walk(self) -> Iterator[Provision]:
        """Yield this provision and all its descendants, depth first, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form (for JSON): level as its string value, children recursively."""
        return {
            "level": str(self.level),
            "number": self.number,
            "heading": self.heading,
            "text": self.text,
            "children": [child.to_dict() for child in self.children],
        }


@dataclass
class Header:
    """Metadata printed above the body. Every field is ``None`` when absent."""

    issuer: str | None = None
    number: str | None = None
    document_number: DocumentNumber | None = None
    doc_type: str | None = None
    title: str | None = None
    place: str | None = None
    issued_on: date | None = None


@dataclass
class LawDocument:
    """A parsed document: header, preamble, provision tree, closing formula, appendices."""

    header: Header
    preamble: str = ""
    provisions: list[Provision] = field(default_factory=list)
    closing: str = ""
    appendices: list[Provision] = field(default_factory=list)

    def walk(self) -> Iterator[Provision]:
        """Every provision of the body (appendices excluded), depth first."""
        for node in self.provisions:
            yield from node.walk()

    def articles(self) -> list[Provision]:
        """The articles ("Điều") of the document in order."""
        return [node for node in self.walk() if node.level is Level.ARTICLE]

    def article(self, number: str) -> Provision | None:
        """The article numbered ``number`` (e.g. ``"12a"``), or ``None``."""
        return next((a for a in self.articles() if a.number == number), None)

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form (for JSON and golden files); the date as ISO text."""
        header = asdict(self.header)
        number = self.header.document_number
        header["document_number"] = number.canonical if number else None
        header["issued_on"] = self.header.issued_on and self.header.issued_on.isoformat()
        return {
            "header": header,
            "preamble": self.preamble,
            "provisions": [node.to_dict() for node in self.provisions],
            "closing": self.closing,
            "appendices": [node.to_dict() for node in self.appendices],
        }


_ROMAN = r"[IVXLC]+"
_DIGIT_WORDS = "một|hai|ba|bốn|tư|năm|sáu|bảy|tám|chín"
_ORDINAL = rf"(?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười(?:\s+(?:{_DIGIT_WORDS}))?)"
_SEP = r"\s*([.:\-–]?)\s*(.*)"
_CONTAINER_RES = (
    (Level.PART, re.compile(rf"(?i:phần)\s+((?i:thứ\s+{_ORDINAL})|{_ROMAN}|\d+)\b{_SEP}")),
    (Level.CHAPTER, re.compile(rf"(?i:chương)\s+((?:{_ROMAN}|\d+)[a-z]?)\b{_SEP}")),
    (Level.SUBSECTION, re.compile(rf"(?i:tiểu\s+mục)\s+((?:{_ROMAN}|\d+)[a-z]?)\b{_SEP}")),
    (Level.SECTION, re.compile(rf"(?i:mục)\s+((?:{_ROMAN}|\d+)[a-z]?)\b{_SEP}")),
)
_ARTICLE_RE = re.compile(r"(?i:điều)\s+(\d{1,4})([a-zđ]?)\b\s*([.:]?)\s*(.*)")
_CLAUSE_RE = re.compile(r"(\d{1,3})(?:[.)](?!\d)\s*|\s*-\s*(?=[^\W\d])|\s+(?=[^\W\d_]))(\S.*)")
_POINT_RE = re.compile(r"([a-zđ]{1,2}\d?)\)\s*(\S.*)")
_APPENDIX_RE = re.compile(r"(?:PHỤ LỤC|Phụ lục)(?:\s+(?:SỐ|số))?\s*([IVXLC]+|\d+)?\s*[.:]?")
_CLOSING_RE = re.compile(
    r"(?:Bộ luật|Luật|Pháp lệnh|Nghị quyết|Nghị định|Thông tư|Hiến pháp)\s+này\s+(?:đã\s+)?"
    r"được\s.*thông\s+qua"
)
_SIGNATURE_RE = re.compile(
    r"(?:TM\.|T/M|KT\.|Q\.|CHỦ TỊCH|PHÓ CHỦ TỊCH|THỦ TƯỚNG|BỘ TRƯỞNG|Nơi nhận:)"
)
_SPACES_RE = re.compile(r" {2,}")
_ANY_QUOTE_RE = re.compile('["“”«»„]')
_OPEN_QUOTES = "“«„"
_CLOSE_QUOTES = "”»"
_LEADING_QUOTES = "“«„\"'‘"


def _is_upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _starts_upper(text: str) -> bool:
    return not text or not text[0].isalpha() or text[0].isupper()


def _article_key(number: str) -> tuple[int, str]:
    digits = re.match(r"\d+", number)
    return (int(digits.group()) if digits else 0, number[digits.end() if digits else 0 :])


def _normalise(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\t", " ").replace("\u00a0", " ")
    text = _SPACES_RE.sub(" ", text.replace("\u200b", "").replace("\ufeff", ""))
    lines = (line.strip() for line in re.split(r"\r\n|\r|\n", text))
    return [line for line in lines if line]


_ORDINAL_VALUES = {
    "nhất": 1,
    "hai": 2,
    "ba": 3,
    "tư": 4,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
    "một": 1,
}
_TYPE_TITLES = {
    "HIẾN PHÁP": "Hiến pháp",
    "BỘ LUẬT": "Bộ luật",
    "LUẬT": "Luật",
    "PHÁP LỆNH": "Pháp lệnh",
    "NGHỊ QUYẾT": "Nghị quyết",
    "NGHỊ ĐỊNH": "Nghị định",
    "QUYẾT ĐỊNH": "Quyết định",
    "THÔNG TƯ LIÊN TỊCH": "Thông tư liên tịch",
    "THÔNG TƯ": "Thông tư",
    "CHỈ THỊ": "Chỉ thị",
    "SẮC LỆNH": "Sắc lệnh",
    "SẮC LUẬT": "Sắc luật",
    "LỆNH": "Lệnh",
}
_TITLE_RE = re.compile(r"(" + "|".join(_TYPE_TITLES) + r")\b")
_HEADER_NUMBER_RE = re.compile(r"(?:[^\W\d]+\s+){0,3}(?i:số)\s*:?\s*(\d+[-/]\S*(?:\s\d{1,2}\b)?)")
_DATE_RE = re.compile(r"([^\d,:/]{2,40}?),?\s+ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_MOTTO_RE = re.compile(r"CỘNG H(?:ÒA|OÀ) XÃ HỘI CHỦ NGHĨA|Độc lập\s*[-–]\s*Tự do")
_DECORATION_RE = re.compile(r"[\s\-–_*=.]{3,}$|^[\s\-–_*=.]+$")


def parse_law_text(text: str) -> LawDocument:
    """Parse the plain text of a Vietnamese legal document into a :class:`LawDocument`.

    Never raises on messy input: what is not recognised as a heading stays text of the provision
    it falls in (or of the preamble). A text without any heading yields no provisions.
    """
    lines = _normalise(text)
    start = _body_start(lines)
    header, preamble = _parse_header(lines[:start])
    body = _BodyParser()
    for line in lines[start:]:
        body.feed(line)
    return body.finish(header, preamble)


class _QuoteTracker:
    """Whether a line lies inside quotation marks, carried across lines."""

    def __init__(self) -> None:
        self.depth = 0
        self.straight_open = False

    def quoted(self, line: str) -> bool:
        """Return True when ``line`` starts inside or with a quotation, then update the state."""
        inside = self.depth > 0 or self.straight_open or line[0] in _LEADING_QUOTES
        if not _ANY_QUOTE_RE.search(line):
            return inside
        unmatched = sum(line.count(q) for q in _OPEN_QUOTES)
        unmatched -= sum(line.count(q) for q in _CLOSE_QUOTES)
        straight = line.count('"')
        if unmatched > 0 and straight % 2:
            # A typo seen in real texts: “ opened, " closed on the same line.
            unmatched, straight = unmatched - 1, straight - 1
        self.depth = max(0, self.depth + unmatched)
        if straight % 2:
            self.straight_open = not self.straight_open
        return inside


def _body_start(lines: list[str]) -> int:
    quotes = _QuoteTracker()
    for index, line in enumerate(lines):
        if quotes.quoted(line):
            continue
        if _container_match(line) or _article_match(line, None):
            return index
    return len(lines)


def _container_match(line: str) -> tuple[Level, str, str] | None:
    """(level, number, heading) when ``line`` is a Phần/Chương/Mục/Tiểu mục heading."""
    if line[0] not in "PpCcMmTt":
        return None
    for level, pattern in _CONTAINER_RES:
        match = pattern.fullmatch(line)
        if match:
            number, sep, rest = match.groups()
            if rest and not (_is_upper(rest) or (sep and _starts_upper(rest))):
                return None
            return level, _part_number(number), rest
    return None


def _part_number(number: str) -> str:
    words = number.lower().split()
    if not words or words[0] != "thứ":
        return number
    values = [_ORDINAL_VALUES.get(word, 0) for word in words[1:]]
    return str(values[0] + (values[1] if len(values) > 1 else 0))


def _article_match(line: str, last: tuple[int, str] | None) -> tuple[str, str] | None:
    """(number, heading) when ``line`` is an article heading following article ``last``."""
    if line[0] not in "Đđ":
        return None
    match = _ARTICLE_RE.fullmatch(line)
    if not match:
        return None
    number, punct, rest = match[1] + match[2], match[3], match[4]
    key = _article_key(number)
    if last is not None and key <= last:
        return None
    if not punct and rest and not (_starts_upper(rest) and _is_next(key, last)):
        return None
    return number, rest.strip().rstrip(" .")


def _is_next(key: tuple[int, str], last: tuple[int, str] | None) -> bool:
    if last is None:
        return True
    return key == (last[0] + 1, "") or (key[0] == last[0] and key[1] > last[1])


def _parse_header(lines: list[str]) -> tuple[Header, str]:
    """Pick header fields out of the lines before the first heading; the rest is preamble."""
    header, preamble = Header(), []
    in_title = False
    for index, raw in enumerate(lines):
        line = _DECORATION_RE.sub("", raw).strip()
        if not line:
            continue
        if in_title and _is_upper(line) and not line.startswith("QUỐC HỘI"):
            header.title = f"{header.title} {line}"
            continue
        in_title = False
        if index == 0 and _take_issuer(header, line):
            continue
        if _take_header_field(header, line):
            in_title = header.title is not None and header.title == line
            continue
        preamble.append(raw)
    header.document_number = _header_number(header)
    return header, "\n".join(preamble)


def _take_issuer(header: Header, line: str) -> bool:
    motto = _MOTTO_RE.search(line)
    issuer = _DECORATION_RE.sub("", line[: motto.start()] if motto else line).strip()
    if not issuer or not _is_upper(issuer) or _TITLE_RE.fullmatch(issuer):
        return False
    header.issuer = issuer
    return True


def _take_header_field(header: Header, line: str) -> bool:
    """Fill one header field from ``line``; False when the line is not a header line."""
    if _MOTTO_RE.match(line):
        return True
    if line.startswith(("Căn cứ", "Theo đề nghị")) or len(line) > 120:
        return False
    taken = False
    number = _HEADER_NUMBER_RE.match(line)
    if number and header.number is None:
        header.number, taken = number.group(1), True
    taken = _take_date(header, line) or taken
    title = _TITLE_RE.match(line)
    if not taken and title and header.title is None and _is_upper(line):
        header.title, header.doc_type = line, _TYPE_TITLES[title.group(1)]
        taken = True
    return taken


def _take_date(header: Header, line: str) -> bool:
    match = _DATE_RE.search(line)
    if not match or header.issued_on is not None:
        return False
    try:
        header.issued_on = date(int(match[4]), int(match[3]), int(match[2]))
    except ValueError:
        return False
    place = re.sub(r"^.*\d\S*\s+", "", match[1]).strip(" ,")
    header.place = place or None
    return True


def _header_number(header: Header) -> DocumentNumber | None:
    if header.number is None:
        return None
    for doc_type in (header.doc_type, None):
        try:
            return parse_document_number(header.number, doc_type=doc_type)
        except DocumentNumberError:
            continue
    return None


def _is_clause(line: str, number: int, last: int) -> bool:
    """Numbered clauses must increase; "1 Text" without a mark only as the very next number."""
    if number <= last:
        return False
    marked = not line[len(str(number))].isspace() or line.lstrip("0123456789 ")[:1] == "-"
    return marked or (number == last + 1 and _starts_upper(line.lstrip("0123456789 ")))


class _BodyParser:
    """Build the provision tree from body lines, one line at a time."""

    def __init__(self) -> None:
        self.roots: list[Provision] = []
        self.stack: list[Provision] = []
        self.lines: dict[int, list[str]] = {}
        self.loose: list[str] = []
        self.closing: list[str] = []
        self.appendices: list[Provision] = []
        self.quotes = _QuoteTracker()
        self.last_article: tuple[int, str] | None = None
        self.last_clause = 0
        self.awaiting_heading: Provision | None = None
        self.heading_lines = 0
        self.in_closing = False

    def feed(self, line: str) -> None:
        """Consume one non-empty, stripped line."""
        quoted = self.quotes.quoted(line)
        if quoted or not self._structural(line):
            self._text(line, quoted)

    def finish(self, header: Header, preamble: str) -> LawDocument:
        """Join the collected lines into texts and return the document."""
        for node in self._all_nodes():
            node.text = "\n".join(self.lines.get(id(node), ()))
        extra = "\n".join(self.loose)
        return LawDocument(
            header=header,
            preamble="\n".join(part for part in (preamble, extra) if part),
            provisions=self.roots,
            closing="\n".join(self.closing),
            appendices=self.appendices,
        )

    def _all_nodes(self) -> Iterator[Provision]:
        for root in (*self.roots, *self.appendices):
            yield from root.walk()

    def _structural(self, line: str) -> bool:
        if self._appendix(line):
            return True
        if self.appendices or self._closing_starts(line):
            return False
        return self._article(line) or self._container(line) or self._clause_or_point(line)

    def _appendix(self, line: str) -> bool:
        if self.last_article is None or not _APPENDIX_RE.fullmatch(line):
            return False
        match = _APPENDIX_RE.fullmatch(line)
        node = Provision(Level.APPENDIX, (match and match.group(1)) or "")
        self.appendices.append(node)
        self.stack = [node]
        self._await_heading(node)
        return True

    def _closing_starts(self, line: str) -> bool:
        if self.in_closing:
            return True
        if self.last_article is None:
            return False
        signature = _SIGNATURE_RE.match(line) and len(line) < 80
        if _CLOSING_RE.match(line) or (signature and (_is_upper(line) or line[0] == "N")):
            self.in_closing = True
            self.stack = []
        return self.in_closing

    def _article(self, line: str) -> bool:
        found = _article_match(line, self.last_article)
        if not found:
            return False
        number, heading = found
        self._open(Provision(Level.ARTICLE, number, heading))
        self.last_article, self.last_clause = _article_key(number), 0
        return True

    def _container(self, line: str) -> bool:
        found = _container_match(line)
        if not found:
            return False
        level, number, heading = found
        node = Provision(level, number, heading)
        self._open(node)
        if not heading:
            self._await_heading(node)
        return True

    def _clause_or_point(self, line: str) -> bool:
        if not self.stack or _RANK[self.stack[-1].level] < _RANK[Level.ARTICLE]:
            return False
        clause = _CLAUSE_RE.fullmatch(line) if line[0].isdigit() else None
        if clause and _is_clause(line, int(clause[1]), self.last_clause):
            self.last_clause = int(clause[1])
            self._open(Provision(Level.CLAUSE, clause[1]), clause[2])
            return True
        point = _POINT_RE.fullmatch(line) if line[0].islower() else None
        if point:
            self._open(Provision(Level.POINT, point[1]), point[2])
            return True
        return False

    def _open(self, node: Provision, first_line: str = "") -> None:
        rank = _RANK[node.level]
        while self.stack and _RANK[self.stack[-1].level] >= rank:
            self.stack.pop()
        siblings = self.stack[-1].children if self.stack else self.roots
        siblings.append(node)
        self.stack.append(node)
        self.awaiting_heading = None
        if first_line:
            self.lines[id(node)] = [first_line]

    def _await_heading(self, node: Provision) -> None:
        self.awaiting_heading, self.heading_lines = node, 0

    def _text(self, line: str, quoted: bool) -> None:
        node = self.awaiting_heading
        if node is not None and not quoted and _is_upper(line) and self.heading_lines < 3:
            node.heading = f"{node.heading} {line}".strip()
            self.heading_lines += 1
            return
        self.awaiting_heading = None
        if self.in_closing and not self.appendices:
            self.closing.append(line)
        elif self.stack:
            self.lines.setdefault(id(self.stack[-1]), []).append(line)
        else:
            self.loose.append(line)
