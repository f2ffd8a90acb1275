"""Sentence splitting for treaty articles and leaders' statements, English and Vietnamese.

Input texts come with artefacts: ToTA article texts carry paragraph numbers, ``(a)`` list items and
blank lines between them; the White House statements are scraped Markdown with hard line wraps at
about 72 characters, ``**bold**``, ``****``, ``<u>``, ``<!-- -->``, ``&nbsp;`` and bullet lists.
Markup is removed before splitting, but every :class:`Sentence` keeps ``start``/``end`` offsets into
``nfc(text)`` (the form CamKet stores), so a reviewer can highlight the original passage.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from lawcore.extraction import rules
from lawcore.text import nfc


@dataclass(frozen=True)
class Sentence:
    """One sentence, or one list item, of a text.

    ``text`` is the cleaned sentence with whitespace collapsed; ``start``/``end`` delimit it in
    ``nfc(original)``. ``heading`` is the section heading it falls under (statements), and
    ``lead_in`` the sentence ending in ``:`` that introduces it when it is a list item.
    """

    text: str
    start: int
    end: int
    heading: str | None = None
    lead_in: str | None = None
    # The lead-in of the lead-in, when the lead-in is itself a list item ("The Parties shall:
    # (d) work to build confidence by: (iii) ensuring ..."): nested lists follow the outer duty.
    outer_lead_in: str | None = None


# Markup that disappears (or shrinks) before splitting; each entry maps a pattern to its
# replacement.
_MARKUP_RE = re.compile(
    r"<!--.*?-->"  # HTML comments, e.g. the "<!-- -->" between Markdown lists
    r"|</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>"  # <u>, </u>, <sup>, <br/>
    r"|\*{2,}"  # **bold** and stray ****
    r"|&(?:nbsp|amp|lt|gt|quot|#39|rsquo|lsquo|ldquo|rdquo);"
    r"|\\(?=[.#*_\-\[\]()])"  # Markdown escapes: "3\." or "\###"
    r"|\[([^\]\n]{1,300})\]\([^)\s]{1,500}\)"  # [text](url) -> text
    r"|[\u200b\u200c\u200d\ufeff]",  # zero-width characters
    re.DOTALL,
)
_ENTITIES = {
    "&nbsp;": " ",
    "&amp;": "&",
    "&lt;": "<",
    "&gt;": ">",
    "&quot;": '"',
    "&#39;": "'",
    "&rsquo;": "\u2019",
    "&lsquo;": "\u2018",
    "&ldquo;": "\u201c",
    "&rdquo;": "\u201d",
}


class _CleanText:
    """Text with markup removed, and a map from clean offsets back to original offsets."""

    def __init__(self, original: str) -> None:
        parts: list[str] = []
        self._clean_pos: list[int] = [0]
        self._shift: list[int] = [0]
        last = 0
        clean_len = 0
        for match in _MARKUP_RE.finditer(original):
            replacement = self._replacement(match)
            parts.append(original[last : match.start()])
            clean_len += match.start() - last
            parts.append(replacement)
            clean_len += len(replacement)
            last = match.end()
            self._clean_pos.append(clean_len)
            self._shift.append(last - clean_len)
        parts.append(original[last:])
        # Same-length substitutions keep the offset map valid.
        self.text = "".join(parts).replace("\xa0", " ").replace("\r", " ")

    @staticmethod
    def _replacement(match: re.Match[str]) -> str:
        token = match.group(0)
        if match.group(1) is not None:
            return match.group(1)
        if token.startswith("&"):
            return _ENTITIES.get(token, " ")
        if token.startswith("<") or token.startswith("*"):
            return " "
        return ""

    def original_offset(self, clean_offset: int) -> int:
        """Offset in the original text of the character at ``clean_offset`` in the clean text."""
        index = bisect.bisect_right(self._clean_pos, clean_offset) - 1
        return clean_offset + self._shift[index]


# A line that starts a new unit even without a blank line before it: bullets, "1.", "(a)", "(iv)".
_ITEM_START_RE = re.compile(
    r"\n[ \t]*(?=(?:[-•*][ \t]+|\(?(?:[a-zđ]|[ivx]{1,4}|\d{1,3})\)[ \t]+|\d{1,3}\.[ \t]+\S))"
)
_BLOCK_SPLIT_RE = re.compile(r"\n[ \t]*\n\s*")
_LIST_LABEL_RE = re.compile(
    r"(?:[-•*]\s+|\(?(?:[a-zA-ZđĐ]|[ivxIVX]{1,4}|\d{1,3})\)\s*|\d{1,3}(?:\.\d{1,3})*\.?\s+(?=\S))"
)
# Sentence end: ., ! or ? (plus closing quotes/brackets), whitespace, then a sentence opener.
# Sub-items inherit the lead-in that introduces them; numbered paragraphs ("2.") do not.
_SUB_ITEM_RE = re.compile(r"(?:[-•*]\s+|\(?(?:[a-zA-ZđĐ]|[ivxIVX]{1,4}|\d{1,3})\)\s*)")
# Numbered clauses ("1.", "2.") are items of a lead-in that is not itself numbered: "Điều 22 ...
# có trách nhiệm sau đây:" → "1. Chỉnh lý tài liệu ...". A numbered lead-in ("5. Each Party
# shall:") keeps only its lettered items; the next numbered paragraph starts afresh.
_NUMBERED_RE = re.compile(r"\d{1,3}\.\s")
_SENTENCE_END_RE = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-ZÀ-ỸĐ0-9])")
_ABBREVIATIONS = frozenset(
    [
        "u.s",
        "u.k",
        "u.n",
        "no",
        "nos",
        "art",
        "arts",
        "para",
        "paras",
        "e.g",
        "i.e",
        "cf",
        "vs",
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "corp",
        "p",
        "pp",
        "vol",
        "sec",
        "ch",
        "fig",
        "approx",
        "dept",
        "gov",
        "univ",
        "tp",
        "ths",
        "ts",
        "gs",
        "pgs",
        "v.v",
        "ttg",
        "nđ-cp",
    ]
)
_HEADING_WORD_RE = re.compile(
    r"^(?:điều|chương|mục|phần|article|chapter|section|annex|phụ lục)\b", re.I
)


# A line such as "Điều 7. Các hành vi bị nghiêm cấm" or "Article 5 Transparency" ends its block
# even without final punctuation: the next line starts the article's first clause.
_HEADING_LINE_RE = re.compile(
    r"(?m)^(?![^\n]*\b(?:shall|must|may|will|phải|được|có\s+trách\s+nhiệm)\b)"
    r"(?:điều|chương|mục|article|chapter|section)\s+[\dIVXLC]+\b[^\n]{0,140}(?=\n)",
    re.I,
)
_CLAUSE_END_RE = re.compile(r"(?:[.:;!?]|\band|\bor)\s*$")


def _item_starts(text: str) -> Iterator[re.Match[str]]:
    """Single-newline list-item starts that follow a finished clause, not a hard wrap mid-phrase.

    "within ten\n(10) days" is a wrap; "...as follows:\n(a) ..." and "...; and\n(b)" are items.
    """
    for match in _ITEM_START_RE.finditer(text):
        bullet = text[match.end() : match.end() + 1] in "-•*"
        if bullet or _CLAUSE_END_RE.search(text, max(0, match.start() - 6), match.start()):
            yield match


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of paragraph blocks and list items in clean text."""
    cuts = [0]
    headings = _HEADING_LINE_RE.finditer(text)
    for match in (*_BLOCK_SPLIT_RE.finditer(text), *_item_starts(text), *headings):
        cuts.extend((match.start(), match.end()))
    cuts.append(len(text))
    cuts.sort()
    for start, end in pairwise(cuts):
        segment = text[start:end]
        if segment.strip():
            lead = len(segment) - len(segment.lstrip())
            yield start + lead, start + len(segment.rstrip())


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the period at ``dot`` closes an abbreviation or an initial, not a sentence."""
    begin = dot
    while begin > 0 and not text[begin - 1].isspace() and text[begin - 1] not in '("“':
        begin -= 1
    token = text[begin:dot].lower().strip("'’")
    if token in _ABBREVIATIONS or "." in token:
        return True
    return len(token) == 1 and token.isalpha()


def _split_block(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Split one block into sentences at final punctuation, skipping abbreviations."""
    label = _LIST_LABEL_RE.match(text, start, end)
    scan_from = label.end() if label else start
    for match in _SENTENCE_END_RE.finditer(text, scan_from, end):
        if text[match.start()] == "." and _is_abbreviation(text, match.start()):
            continue
        stop = match.start() + len(match.group(0).rstrip())
        yield start, stop
        start = match.end()
    if start < end:
        yield start, end


def _looks_like_heading(clean: str, original: str) -> bool:
    """A short block without final punctuation that is bold, upper case or "Điều 5. ..."."""
    if len(clean) > 150 or clean.endswith((".", ";", ":", ",")):
        return False
    stripped = original.strip()
    bold = stripped.startswith("**") and stripped.endswith("**")
    letters = [c for c in clean if c.isalpha()]
    shouting = len(letters) >= 4 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)
    return bold or shouting or bool(_HEADING_WORD_RE.match(clean) and len(clean) < 100)


def _collapse(text: str) -> str:
    return " ".join(text.split())


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences and list items, English or Vietnamese.

    Blank lines, bullets (``-``, ``•``), numbered paragraphs (``1.``) and list items (``(a)``)
    start new units; hard line wraps inside a paragraph are joined. Markdown and HTML artefacts
    are removed. Headings (bold, upper-case or "Điều 5." lines) are not returned but recorded
    as ``heading`` on the sentences that follow. Offsets refer to ``nfc(text)``.
    """
    original = nfc(text)
    clean = _CleanText(original)
    sentences: list[Sentence] = []
    heading: str | None = None
    lead_in: str | None = None
    outer: str | None = None  # the lead-in above ``lead_in`` when ``lead_in`` is an item
    for block_start, block_end in _blocks(clean.text):
        block = _collapse(clean.text[block_start:block_end])
        o_start = clean.original_offset(block_start)
        o_end = clean.original_offset(block_end - 1) + 1
        if _looks_like_heading(block, original[o_start:o_end]):
            heading, lead_in, outer = block, None, None
            continue
        is_item = _SUB_ITEM_RE.match(block) is not None or (
            rules.on("vi_numbered_items")
            and lead_in is not None
            and _NUMBERED_RE.match(block) is not None
            and _NUMBERED_RE.match(lead_in) is None
        )
        current_lead = lead_in if is_item else None
        for s_start, s_end in _split_block(clean.text, block_start, block_end):
            sentence_text = _collapse(clean.text[s_start:s_end])
            if not any(c.isalnum() for c in sentence_text):
                continue
            sentences.append(
                Sentence(
                    text=sentence_text,
                    start=clean.original_offset(s_start),
                    end=clean.original_offset(s_end - 1) + 1,
                    heading=heading,
                    lead_in=current_lead,
                    outer_lead_in=outer if is_item else None,
                )
            )
        if block.endswith(":"):
            outer = current_lead if is_item else None
            lead_in = sentences[-1].text if sentences else None
        elif not is_item:
            lead_in, outer = None, None
    return sentences
