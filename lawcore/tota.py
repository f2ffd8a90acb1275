"""Parse ToTA treaty XML (texts of preferential trade agreements) into frozen dataclasses.

A ToTA file is ``<treaty><meta>…</meta><body><chapter>…<article>…</article></chapter></body>``.
The parser is hardened against hostile XML: entities are never resolved, nothing is fetched over
the network, no external DTD is loaded, huge text nodes are refused, and a DOCTYPE that declares
entities or names an external DTD is an error. Every failure is a :class:`TotaError` naming the
file and line; a parse either returns the whole treaty or raises, never partial data.

Text is stored NFC-normalised with runs of spaces collapsed and line breaks kept. Article numbers
and headings come from the ``number``/``name`` attributes when ToTA gives them, otherwise from the
start of the article text (see :func:`split_article_heading`); the text itself is kept whole.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from lxml import etree

from lawcore.text import nfc

__all__ = [
    "TotaArticle",
    "TotaChapter",
    "TotaError",
    "TotaSource",
    "TotaTreaty",
    "iter_tota_files",
    "parse_tota",
    "split_article_heading",
    "tidy_text",
]


class TotaError(ValueError):
    """A ToTA file that cannot be read or does not have the expected shape.

    ``str(error)`` reads ``"pta_12.xml, line 40: <message>"`` (without the line part when the
    problem has no line, e.g. an unreadable file).
    """

    def __init__(self, source: str, line: int | None, message: str) -> None:
        super().__init__(source, line, message)
        self.source = source
        self.line = line
        self.message = message

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}, line {self.line}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class TotaSource:
    """Where the treaty text was taken from (``<source lang=… type=…>URL</source>``)."""

    url: str
    lang: str | None
    type: str | None


@dataclass(frozen=True)
class TotaArticle:
    """One article. ``number`` is the designation without the word "Article" ("1.1", "XIII.9")."""

    identifier: str
    number: str | None
    heading: str | None
    text: str


@dataclass(frozen=True)
class TotaChapter:
    """A chapter (or annex) with its articles and any chapters nested inside it.

    ``number`` is the label as given ("CHAPTER 3", "TITLE II", "CAPÍTULO 9"): the word carries the
    level, so it is not stripped as it is for articles.
    """

    identifier: str
    name: str | None
    number: str | None
    articles: tuple[TotaArticle, ...]
    chapters: tuple[TotaChapter, ...] = ()
    kind: str = "chapter"

    def iter_articles(self) -> Iterator[TotaArticle]:
        """Articles of this chapter, then those of nested chapters, depth first."""
        yield from self.articles
        for chapter in self.chapters:
            yield from chapter.iter_articles()


@dataclass(frozen=True)
class TotaTreaty:
    """A whole ToTA treaty: WTO RTA metadata plus the chapter/article structure.

    ``checksum`` is the SHA-256 of the file's bytes; :meth:`fingerprint` hashes the parsed
    content instead, so it survives re-serialisation that does not change the content.
    """

    identifier: str
    name: str
    type: str | None
    wto_rta_id: int | None
    status: str | None
    date_signed: date | None
    date_into_force: date | None
    date_inactive: date | None
    parties: tuple[str, ...]
    parties_original: tuple[str, ...]
    composition: str | None
    region: str | None
    language: str | None
    sources: tuple[TotaSource, ...]
    chapters: tuple[TotaChapter, ...]
    checksum: str
    notification: str | None = None
    date_notification: date | None = None
    end_implementation: date | None = None
    related_wto_rta_ids: tuple[int, ...] = ()

    def iter_articles(self) -> Iterator[TotaArticle]:
        """Every article of the treaty in document order (depth first)."""
        for chapter in self.chapters:
            yield from chapter.iter_articles()

    def fingerprint(self) -> str:
        """SHA-256 (hex) of the parsed content, ignoring ``checksum``.

        Stable across runs and machines: the same content always gives the same value, so an
        importer can report a treaty as "unchanged". A change to any field, including one made by
        an improved parser, changes it.
        """
        content = dataclasses.asdict(self)
        del content["checksum"]
        payload = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class _Invalid(Exception):
    """Raised inside the parser; :func:`parse_tota` adds the file name and re-raises a TotaError."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _fail(element: etree._Element | None, message: str) -> _Invalid:
    line = None if element is None else element.sourceline
    return _Invalid(line if isinstance(line, int) else None, message)


def parse_tota(source: bytes | str | Path, *, name: str | None = None) -> TotaTreaty:
    """Parse one ToTA treaty from a path (``str`` or ``Path``) or the file's bytes.

    ``name`` is how errors refer to the document; it defaults to the file name for paths and
    ``"<bytes>"`` for bytes. Raises :class:`TotaError` for unreadable files, malformed or hostile
    XML (entity declarations, external DTDs), missing ``<meta>``/``<treaty_identifier>``/
    ``<body>``, bad dates or numbers, and unexpected elements in the body.
    """
    data, label = _read(source, name)
    try:
        root = _parse_xml(data)
        return _treaty(root, hashlib.sha256(data).hexdigest())
    except _Invalid as error:
        raise TotaError(label, error.line, error.message) from None


def _read(source: bytes | str | Path, name: str | None) -> tuple[bytes, str]:
    if isinstance(source, bytes):
        return source, name or "<bytes>"
    path = Path(source)
    label = name or path.name
    try:
        return path.read_bytes(), label
    except OSError as error:
        raise TotaError(label, None, f"cannot read file: {error.strerror or error}") from None


def _parser() -> etree.XMLParser:
    # A fresh parser per call: lxml parsers keep state and are not meant to be shared by threads.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_ROOT_START = re.compile(rb"<treaty[\s>/]")
_ENTITIES_REFUSED = "DOCTYPE declares entities; entity declarations are refused"
_POSITION_SUFFIX = re.compile(r", line \d+, column (\d+)$")


def _parse_xml(data: bytes) -> etree._Element:
    _refuse_entity_declarations(data)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        raise _Invalid(error.lineno, _syntax_message(error)) from None
    except (etree.LxmlError, ValueError) as error:
        raise _Invalid(None, f"not parseable as XML: {error}") from None
    _refuse_doctype(root.getroottree().docinfo, data)
    return root


def _refuse_entity_declarations(data: bytes) -> None:
    """Refuse entity declarations before libxml2 sees them (defence in depth for UTF-8 input)."""
    root_start = _ROOT_START.search(data)
    prolog = data[: root_start.start()] if root_start else data
    declaration = _ENTITY_DECL.search(prolog)
    if declaration:
        line = prolog.count(b"\n", 0, declaration.start()) + 1
        raise _Invalid(line, _ENTITIES_REFUSED)


def _refuse_doctype(docinfo: etree.DocInfo, data: bytes) -> None:
    dtd = docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):  # type: ignore[attr-defined]
        raise _Invalid(_doctype_line(data), _ENTITIES_REFUSED)
    if docinfo.system_url or docinfo.public_id:  # type: ignore[attr-defined]
        raise _Invalid(_doctype_line(data), "DOCTYPE names an external DTD; it is not fetched")


def _doctype_line(data: bytes) -> int:
    position = data.find(b"<!DOCTYPE")
    return data.count(b"\n", 0, position) + 1 if position >= 0 else 1


def _syntax_message(error: etree.XMLSyntaxError) -> str:
    message = error.msg or str(error)
    match = _POSITION_SUFFIX.search(message)
    if match:
        message = f"{message[: match.start()]} (column {match.group(1)})"
    return f"malformed XML: {message}"


def _treaty(root: etree._Element, checksum: str) -> TotaTreaty:
    if root.tag != "treaty":
        raise _fail(root, f"root element is <{root.tag}>, expected <treaty>")
    _refuse_entity_nodes(root)
    meta = _child(root, "meta")
    if meta is None:
        raise _fail(root, "missing <meta>")
    body = _child(root, "body")
    if body is None:
        raise _fail(root, "missing <body>")
    return TotaTreaty(
        identifier=_required_text(meta, "treaty_identifier"),
        name=_required_text(meta, "name"),
        type=_text(meta, "type"),
        wto_rta_id=_integer(meta, "wto_rta_id"),
        status=_text(meta, "status"),
        date_signed=_date(meta, "date_signed"),
        date_into_force=_date(meta, "date_into_force"),
        date_inactive=_date(meta, "date_inactive"),
        parties=_party_codes(meta, "parties"),
        parties_original=_party_codes(meta, "parties_original"),
        composition=_text(meta, "composition"),
        region=_text(meta, "region"),
        language=_text(meta, "language"),
        sources=tuple(_source(element) for element in meta.iterchildren("source")),
        chapters=_body_chapters(body),
        checksum=checksum,
        notification=_text(meta, "notification"),
        date_notification=_date(meta, "date_notification"),
        end_implementation=_date(meta, "end_implementation"),
        related_wto_rta_ids=_related_ids(meta),
    )


def _refuse_entity_nodes(root: etree._Element) -> None:
    for node in root.iter(etree.Entity):
        raise _fail(node, f"unresolved entity reference {node.text}")


def _child(parent: etree._Element, tag: str) -> etree._Element | None:
    """The single ``tag`` child of ``parent``; a repeated one is an error, not a silent pick."""
    found = list(parent.iterchildren(tag))
    if len(found) > 1:
        raise _fail(found[1], f"<{tag}> appears more than once in <{parent.tag}>")
    return found[0] if found else None


def _all_text(element: etree._Element) -> str:
    """The element's text including any inline children (never the tail)."""
    return "".join(str(piece) for piece in element.itertext())


def _element_text(element: etree._Element) -> str | None:
    return tidy_text(_all_text(element)) or None


def _text(meta: etree._Element, tag: str) -> str | None:
    element = _child(meta, tag)
    return None if element is None else _element_text(element)


def _required_text(meta: etree._Element, tag: str) -> str:
    element = _child(meta, tag)
    value = None if element is None else _element_text(element)
    if value is None:
        raise _fail(meta if element is None else element, f"missing or empty <{tag}>")
    return value


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date(meta: etree._Element, tag: str) -> date | None:
    element = _child(meta, tag)
    value = None if element is None else _element_text(element)
    if value is None:
        return None
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise _fail(element, f"<{tag}> {value!r} is not a valid YYYY-MM-DD date") from None


def _integer(meta: etree._Element, tag: str) -> int | None:
    element = _child(meta, tag)
    if element is None:
        return None
    value = _element_text(element)
    return None if value is None else _parse_int(element, tag, value)


def _parse_int(element: etree._Element, tag: str, value: str) -> int:
    if not value.isascii() or not value.isdigit():
        raise _fail(element, f"<{tag}> {value!r} is not a whole number")
    return int(value)


def _related_ids(meta: etree._Element) -> tuple[int, ...]:
    tag = "related_agreement_wto_id"
    found = ((element, _element_text(element)) for element in meta.iterchildren(tag))
    return tuple(_parse_int(element, tag, value) for element, value in found if value)


def _party_codes(meta: etree._Element, tag: str) -> tuple[str, ...]:
    """Party codes in document order; empty ``<partyisocode/>`` placeholders are skipped."""
    group = _child(meta, tag)
    if group is None:
        return ()
    codes = (_element_text(element) for element in group.iterchildren("partyisocode"))
    return tuple(code for code in codes if code)


def _source(element: etree._Element) -> TotaSource:
    url = _element_text(element)
    if url is None:
        raise _fail(element, "empty <source>")
    return TotaSource(url=url, lang=_attribute(element, "lang"), type=_attribute(element, "type"))


def _attribute(element: etree._Element, name: str) -> str | None:
    value = element.get(name)
    if value is None:
        return None
    return tidy_text(value) or None


_CHAPTER_TAGS = ("chapter", "annex")


def _body_chapters(body: etree._Element) -> tuple[TotaChapter, ...]:
    return tuple(_chapter(child) for child in _structural_children(body, _CHAPTER_TAGS))


def _structural_children(
    parent: etree._Element, allowed: tuple[str, ...]
) -> Iterator[etree._Element]:
    for child in parent:
        if child.tag not in allowed:
            raise _fail(child, f"unexpected <{child.tag}> in <{parent.tag}>")
        yield child


def _chapter(element: etree._Element) -> TotaChapter:
    articles: list[TotaArticle] = []
    chapters: list[TotaChapter] = []
    for child in _structural_children(element, ("article", *_CHAPTER_TAGS)):
        if child.tag == "article":
            articles.append(_article(child))
        else:
            chapters.append(_chapter(child))
    return TotaChapter(
        identifier=_identifier(element, "chapter_identifier"),
        name=_attribute(element, "name"),
        number=_attribute(element, "number"),
        articles=tuple(articles),
        chapters=tuple(chapters),
        kind=str(element.tag),
    )


def _identifier(element: etree._Element, name: str) -> str:
    value = _attribute(element, name)
    if value is None:
        raise _fail(element, f"<{element.tag}> has no {name}")
    return value


def _article(element: etree._Element) -> TotaArticle:
    text = tidy_text(_all_text(element))
    number = _article_number(element.get("number"))
    heading = _attribute(element, "name")
    if number is None and heading is None:
        number, heading = split_article_heading(text)
    return TotaArticle(
        identifier=_identifier(element, "article_identifier"),
        number=number,
        heading=heading,
        text=text,
    )


_BLANK_LINES = re.compile(r"\n{3,}")


def tidy_text(text: str) -> str:
    """NFC-normalise, collapse runs of spaces/tabs/no-break spaces, keep paragraphs.

    Lines are trimmed and more than one blank line becomes one, so ``"a \\t b\\n\\n\\n\\nc"``
    becomes ``"a b\\n\\nc"``.
    """
    # str.split() is several times faster than a Unicode whitespace regex on 50 MB of treaties.
    text = "\n".join(" ".join(line.split()) for line in nfc(text).split("\n"))
    if "\n\n\n" in text:
        text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


_ARTICLE_WORD = r"(?i:article|art[íi]culo|artigo|art\.)"
_DESIGNATION = r"""
    (?:[A-Z]{1,2}[-.])?            # annex letter prefix: "G-9", "A.3"
    (?:\d+|[IVXLCDM]+)             # arabic or roman
    (?:[.-]\d+)*                   # "1.1", "2-3", "XIII.9", "1.2.3"
    [a-z]?                         # "9a"
    (?:[ ](?i:bis|ter|quater)\b)?  # "9 bis"
"""
# The keyword in ``number`` attributes has OCR typos ("ARTICIE 73", "ARTCLE XXIII", "ARTÍTÍCULO
# 11-08", ":8.7"), so any word starting "ART" and a leading separator are dropped.
_ATTRIBUTE_NUMBER = re.compile(r"^(?i:art[^\W\d_]*\.?)?\s*(?:[-–—:]\s*)?")
_TEXT_NUMBER = re.compile(
    rf"^{_ARTICLE_WORD}[ ]?(?:[-–—][ ]?)?(?P<number>{_DESIGNATION})(?![\w-])", re.VERBOSE
)
_SEPARATOR = re.compile(r"^ ?(?:[:.–—]|-(?!\d)) ?")


def _article_number(raw: str | None) -> str | None:
    """``"ARTICLE 1.1"`` → ``"1.1"``, ``"ARTICLE - 9"`` → ``"9"``, ``"9"`` → ``"9"``."""
    if raw is None:
        return None
    return _ATTRIBUTE_NUMBER.sub("", tidy_text(raw)) or None


def split_article_heading(text: str) -> tuple[str | None, str | None]:
    """Return ``(number, heading)`` read from the start of an article's (tidied) text.

    Recognises "Article 1.1: Definitions", "ARTICLE 3 Objectives", "Article 2 – National
    Treatment", "Artículo 4.2 Ámbito", "ARTICLE XIII" alone on its line, and so on. Text that
    merely starts by citing an article ("Article 8 and Chapter 14 shall not apply…", "Article X
    of GATT 1994…", "Article 20.4 (Disclosure…) does not apply") gives ``(None, None)``.
    """
    match = _TEXT_NUMBER.match(text)
    if not match:
        return None, None
    rest = text[match.end() :]
    separator = _SEPARATOR.match(rest)
    rest = rest[separator.end() :] if separator else rest.lstrip(" ")
    line, newline, after = rest.partition("\n")
    line = line.strip()
    if line and not separator and not (line[0].isupper() or line[0].isdigit()):
        return None, None  # a sentence citing an article, not an article heading
    if not line:
        return match.group("number"), _heading_below(after)
    return match.group("number"), _heading(line, has_body=bool(newline))


_HEADING_MAX_WORDS = 15
_CONNECTOR_WORDS = (
    "a an and as at between by de del for from in into la las los of on or the to under with y"
)
_CONNECTORS = frozenset(_CONNECTOR_WORDS.split())
# Words that usually open the first sentence of an article: the heading ends before the last
# of them ("Objectives The objectives…", "National Treatment Each Party shall…").
_OPENER_WORDS = (
    "The This These Each Every A An Any All Both Either Neither No Nothing For Where When If "
    "Unless Except Subject Notwithstanding In With Without Upon On El La Los Las Cada Ninguna"
)
_SENTENCE_OPENERS = frozenset(_OPENER_WORDS.upper().split())


def _heading(line: str, *, has_body: bool) -> str | None:
    """The heading at the start of ``line`` (the rest of the article's first line)."""
    if not line or line[0].isdigit() or line[0] == "(":
        return None
    if has_body and _is_heading_line(line):
        return line.rstrip(".").strip() or None
    return _leading_title(line.split())


def _heading_below(text: str) -> str | None:
    """A heading alone on the line after "ARTICLE 7": only title-like lines, to spare sentences."""
    line, newline, _ = text.lstrip("\n").partition("\n")
    words = line.split()
    if not newline or not words or len(words) > 10 or line[-1] in ".:;,":
        return None
    if not all(word[0].isupper() or word in _CONNECTORS for word in words):
        return None
    return line


def _is_heading_line(line: str) -> bool:
    words = line.split()
    if len(words) > 12 or len(line) > 150 or line[-1] in ":;,":
        return False
    return not (line.endswith(".") and len(words) > 4)


def _leading_title(words: list[str]) -> str | None:
    """Title-like words before the first sentence of a one-line article start."""
    run: list[str] = []
    for word in words:
        if word in ("-", "–", "—"):
            return _joined(run)
        if word[-1] in ":." and word[0].isupper():
            return _joined([*run, word[:-1]])
        if not (word[0].isupper() or word[0].isdigit() or word in _CONNECTORS):
            return _joined(_drop_sentence_start(run))
        run.append(word)
    return _joined(run)


def _drop_sentence_start(run: list[str]) -> list[str]:
    openers = [
        index
        for index, word in enumerate(run)
        if word[0].isupper() and word.upper() in _SENTENCE_OPENERS
    ]
    end = openers[-1] if openers else len(run) - 1
    return run[:end]


def _joined(words: list[str]) -> str | None:
    while words and words[-1] in _CONNECTORS:
        words = words[:-1]
    if not words or len(words) > _HEADING_MAX_WORDS:
        return None
    return " ".join(words)


_DIGITS = re.compile(r"(\d+)")


def _natural_key(path: Path) -> tuple[tuple[object, ...], str]:
    parts = _DIGITS.split(path.name.lower())
    key = tuple(int(part) if index % 2 else part for index, part in enumerate(parts))
    return key, path.name


def iter_tota_files(paths: Iterable[Path | str]) -> Iterator[Path]:
    """Yield files to parse: files as given, directories as their ``*.xml`` files.

    A directory's files come in natural order (``pta_2.xml`` before ``pta_10.xml``); it is not
    searched recursively.
    """
    for path in map(Path, paths):
        if path.is_dir():
            files = (child for child in path.glob("*.xml") if child.is_file())
            yield from sorted(files, key=_natural_key)
        else:
            yield path
