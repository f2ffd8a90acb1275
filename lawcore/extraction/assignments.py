"""Who leads and who cooperates: agencies named in a Vietnamese task, and tables of assignments.

Government decisions assign work in two shapes:

* a sentence: "Bộ Công Thương chủ trì, phối hợp với Bộ Tài chính, Bộ Ngoại giao rà soát ...",
  "Giao Bộ Tư pháp chủ trì ...", "Cơ quan chủ trì: Bộ Công Thương. Cơ quan phối hợp: ...";
* a table (Decision 328/QĐ-TTg and most implementation plans): one row per task with columns for
  the content, the lead agency ("Cơ quan chủ trì"), the cooperating agencies ("Cơ quan phối
  hợp"), the deadline ("Thời gian hoàn thành") and the output ("Sản phẩm").

Everything here is a pure function of the text and of the agency list passed in
(:class:`AgencyName`: code, the names it is written under, and the code of its successor when it
no longer exists, e.g. a ministry merged in 2025). A name of a former agency is mapped to the
agency that does the work now, and the code as named is kept. Names are compared folded (case and
diacritics ignored), longest first, so "Bộ Kế hoạch và Đầu tư" is not read as "Bộ Kế hoạch".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from lawcore.docextract import CELL_SEPARATOR
from lawcore.extraction.dates import find_dates
from lawcore.text import fold, nfc


@dataclass(frozen=True)
class AgencyName:
    """An agency as the caller knows it: ``names`` are the ways it is written."""

    code: str
    names: tuple[str, ...]
    successor: str | None = None


@dataclass(frozen=True)
class NamedAgency:
    """An agency named in a text: ``code`` does the work now, ``as_named`` is the one named."""

    code: str
    as_named: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Assignment:
    """The lead and cooperating agencies of one task, and agency-like names not recognised."""

    lead: tuple[NamedAgency, ...]
    cooperating: tuple[NamedAgency, ...]
    unknown: tuple[str, ...] = ()
    all_relevant: bool = False  # "các Bộ, ngành liên quan" (no agency named)


def _current(code: str, successors: dict[str, str | None]) -> str:
    seen = {code}
    while successors.get(code) and successors[code] not in seen:
        code = successors[code]  # type: ignore[assignment]
        seen.add(code)
    return code


def _pattern(agencies: Sequence[AgencyName]) -> tuple[re.Pattern[str], dict[str, str]]:
    owner: dict[str, str] = {}
    for agency in agencies:
        for name in agency.names:
            key = " ".join(fold(nfc(name)).split())
            if len(key) >= 3:
                owner.setdefault(key, agency.code)
    words = sorted(owner, key=len, reverse=True)
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) or r"(?!x)x"
    return re.compile(r"(?<!\w)(?:" + body + r")(?!\w)"), owner


def find_agencies(text: str, agencies: Sequence[AgencyName]) -> list[NamedAgency]:
    """Every agency of ``agencies`` named in ``text``, in text order, successors followed."""
    pattern, owner = _pattern(agencies)
    successors = {a.code: a.successor for a in agencies}
    source = nfc(text)
    folded = fold(source)
    found = []
    for match in pattern.finditer(folded):
        named = owner[" ".join(match[0].split())]
        found.append(
            NamedAgency(
                _current(named, successors),
                named,
                source[match.start() : match.end()],
                match.start(),
                match.end(),
            )
        )
    return found


_UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_UNKNOWN = re.compile(
    r"(?<!\w)(?:[Bb]ộ|[Ủủ]y\s+ban|[Uu]ỷ\s+ban|[Nn]gân\s+hàng|[Vv]ăn\s+phòng|[Tt]hanh\s+tra)\s+"
    rf"[{_UPPER}][^,;.()\n]{{0,60}}?(?=\s*(?:[,;.()\n]|$|\s(?:chủ\s+trì|phối\s+hợp|và\s+(?:các|[Bb]ộ)|"
    r"có\s+trách|thực\s+hiện|rà\s+soát|xây\s+dựng|theo\s+dõi|hướng\s+dẫn|triển\s+khai|báo\s+cáo|"
    r"đối\s+với)\b))"
)
_RELEVANT = re.compile(r"các\s+bộ,?\s+(?:ngành|cơ\s+quan)[^.;]{0,40}?liên\s+quan", re.I)
_COOPERATE = re.compile(r"phối\s+hợp(?:\s+(?:với|cùng))?|cơ\s+quan\s+phối\s+hợp\s*:?", re.I)
# Where the list of cooperating agencies stops: the verb of the task, or the end of the clause.
_COOPERATION_END = re.compile(
    r"[.;]|\s(?:rà\s+soát|xây\s+dựng|thực\s+hiện|triển\s+khai|nghiên\s+cứu|tổ\s+chức|hướng\s+dẫn|"
    r"theo\s+dõi|báo\s+cáo|trình|ban\s+hành|đề\s+xuất|tổng\s+hợp|hoàn\s+thiện|xử\s+lý|đánh\s+giá|"
    r"sửa\s+đổi|bổ\s+sung|tham\s+mưu|chuẩn\s+bị|kiểm\s+tra|cơ\s+quan\s+chủ\s+trì)\b",
    re.I,
)


def _unknown(text: str, known: Iterable[NamedAgency]) -> tuple[str, ...]:
    spans = [(a.start, a.end) for a in known]
    names = []
    for match in _UNKNOWN.finditer(nfc(text)):
        if any(s < match.end() and match.start() < e for s, e in spans):
            continue
        if _RELEVANT.match(nfc(text), match.start()) or match[0].lower().startswith("bộ luật"):
            continue
        name = " ".join(match[0].split()).rstrip(" ,")
        if any(c.isupper() for c in name[3:]):
            names.append(name)
    return tuple(dict.fromkeys(names))


def read_assignment(text: str, agencies: Sequence[AgencyName]) -> Assignment:
    """Lead and cooperating agencies of a task sentence or a "Cơ quan chủ trì: ..." row."""
    source = nfc(text)
    named = find_agencies(source, agencies)
    cooperate = _COOPERATE.search(source)
    if cooperate is None:
        lead = tuple(named[:1])
        cooperating: tuple[NamedAgency, ...] = ()
    else:
        stop = _COOPERATION_END.search(source, cooperate.end() + 1)
        end = stop.start() if stop else len(source)
        # Every agency before "phối hợp" leads (a table row may split the lead by subject).
        lead = tuple({a.code: a for a in named if a.end <= cooperate.start()}.values())
        cooperating = tuple(
            a
            for a in named
            if cooperate.end() <= a.start < end and a.code not in {x.code for x in lead}
        )
    return Assignment(
        lead=lead,
        cooperating=tuple({a.code: a for a in cooperating}.values()),
        unknown=_unknown(source, named),
        all_relevant=bool(_RELEVANT.search(source)),
    )


# Tables of assignments -------------------------------------------------------------------


@dataclass
class AssignmentRow:
    """One task row of a table of assignments, as read (nothing resolved against a database)."""

    line: int
    number: str
    section: str
    content: str
    lead_text: str
    cooperating_text: str = ""
    deadline_text: str = ""
    output: str = ""
    lead: list[NamedAgency] = field(default_factory=list)
    cooperating: list[NamedAgency] = field(default_factory=list)
    due_on: date | None = None
    unknown: tuple[str, ...] = ()


_COLUMNS = {
    "number": re.compile(r"^(?:stt|tt|số\s+tt|số\s+thứ\s+tự)$"),
    "lead": re.compile(r"chủ\s+trì|đầu\s+mối|cơ\s+quan\s+thực\s+hiện|đơn\s+vị\s+thực\s+hiện"),
    "cooperating": re.compile(r"phối\s+hợp"),
    "deadline": re.compile(r"thời\s+gian|thời\s+hạn|tiến\s+độ"),
    "output": re.compile(r"sản\s+phẩm|kết\s+quả"),
    "content": re.compile(r"nội\s+dung|nhiệm\s+vụ|tên|công\s+việc|chương|lĩnh\s+vực"),
}
_SECTION = re.compile(r"^(?:[IVXLC]+|[A-Z])[.)]\s+\S")
_ROW_NUMBER = re.compile(r"^(?P<number>\d{1,3}(?:\.\d{1,2})?)[.)]?(?:\s+|$)(?P<rest>.*)$")


def _header(cells: list[str]) -> dict[str, int] | None:
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        lowered = cell.lower().strip()
        for name, pattern in _COLUMNS.items():
            if name not in columns and pattern.search(lowered):
                columns[name] = index
                break
    return columns if {"lead", "content"} <= columns.keys() else None


def _deadline(text: str) -> tuple[str, date | None]:
    for phrase in find_dates(text, "vi"):
        if phrase.kind == "date" and phrase.value and phrase.bound in ("deadline", "on"):
            return phrase.text, date.fromisoformat(phrase.value)
        if phrase.kind == "year" and phrase.value and phrase.value.isdigit():
            return phrase.text, date(int(phrase.value), 12, 31)
    return " ".join(text.split()), None


def _finish(row: AssignmentRow, agencies: Sequence[AgencyName]) -> AssignmentRow:
    row.lead = find_agencies(row.lead_text, agencies)
    lead_codes = {a.code for a in row.lead}
    row.cooperating = [
        a
        for a in {a.code: a for a in find_agencies(row.cooperating_text, agencies)}.values()
        if a.code not in lead_codes
    ]
    row.unknown = _unknown(row.lead_text, row.lead) + _unknown(
        row.cooperating_text, row.cooperating
    )
    if row.deadline_text:
        row.deadline_text, row.due_on = _deadline(row.deadline_text)
    return row


def _table_rows(lines: list[str], agencies: Sequence[AgencyName]) -> list[AssignmentRow] | None:
    """Rows of a DOCX table (cells joined by ``CELL_SEPARATOR``), or None without a header."""
    columns: dict[str, int] | None = None
    rows: list[AssignmentRow] = []
    section = ""
    for number, line in enumerate(lines, start=1):
        cells = [c.strip() for c in line.split(CELL_SEPARATOR.strip())]
        if columns is None:
            if len(cells) > 1:
                columns = _header(cells)
            continue
        distinct = {c for c in cells if c}
        if len(distinct) <= 1:
            text = next(iter(distinct), "")
            if _SECTION.match(text):
                section = text
            continue
        if len(cells) <= max(columns.values()):
            continue

        def cell(name: str, cells: list[str] = cells, columns: dict = columns) -> str:
            index = columns.get(name)
            return cells[index] if index is not None else ""

        if not cell("content") or cell("content").lower() == cell("lead").lower():
            continue
        rows.append(
            _finish(
                AssignmentRow(
                    line=number,
                    number=cell("number").rstrip("."),
                    section=section,
                    content=cell("content"),
                    lead_text=cell("lead"),
                    cooperating_text=cell("cooperating"),
                    deadline_text=cell("deadline"),
                    output=cell("output"),
                ),
                agencies,
            )
        )
    return rows if columns is not None else None


def _text_rows(lines: list[str], agencies: Sequence[AgencyName]) -> list[AssignmentRow]:
    """Rows of a table whose cells came out as plain lines (a PDF): a row starts at its number.

    In each row the content runs up to the first agency named; that agency and those named with
    it before "phối hợp" or "Các Bộ, ngành liên quan" lead; the agencies after cooperate.
    """
    blocks: list[tuple[int, str, str, list[str]]] = []
    section = ""
    started = False
    for number, raw in enumerate(lines, start=1):
        line = " ".join(raw.split())
        if not line:
            continue
        if not started:
            started = bool(re.search(r"chu\s+tri|dau\s+moi", fold(line)))
            continue
        if _SECTION.match(line):
            section = line
            continue
        match = _ROW_NUMBER.match(line)
        if match:
            blocks.append((number, match["number"], section, [match["rest"]]))
        elif blocks:
            blocks[-1][3].append(line)
    rows = []
    for number, label, in_section, parts in blocks:
        text = " ".join(p for p in parts if p)
        named = find_agencies(text, agencies)
        if not named:
            rows.append(AssignmentRow(number, label, in_section, text, ""))
            continue
        cooperate = _COOPERATE.search(text, named[0].start) or _RELEVANT.search(
            text, named[0].start
        )
        split = cooperate.start() if cooperate else len(text)
        # Columns run together in a PDF: a second agency starts the cooperating column unless
        # the lead cell lists several leads ("- Bộ X (đối với ...) - Bộ Y (đối với ...)").
        for previous, agency in pairwise(named):
            if agency.start >= split:
                break
            if not re.search(
                r"(?:^|\s)[-–]\s*$|\)\s*[-–]?\s*$", text[previous.start : agency.start]
            ):
                split = agency.start
                break
        lead_part = text[named[0].start : split]
        rest = text[split:]
        deadline_text, due_on = "", None
        for phrase in find_dates(rest or lead_part, "vi"):
            deadline_text, due_on = _deadline(phrase.text)
            break
        rows.append(
            _finish(
                AssignmentRow(
                    line=number,
                    number=label,
                    section=in_section,
                    content=text[: named[0].start].strip(" -–:"),
                    lead_text=lead_part,
                    cooperating_text=rest,
                    deadline_text=deadline_text,
                ),
                agencies,
            )
        )
        if due_on and rows[-1].due_on is None:
            rows[-1].due_on = due_on
    return rows


def assignment_rows(text: str, agencies: Sequence[AgencyName]) -> list[AssignmentRow]:
    """Task rows of a decision's table of assignments, from :func:`lawcore.docextract.extract_text`.

    A DOCX table keeps its cells (columns found from the header: "Nội dung", "Cơ quan chủ trì",
    "Cơ quan phối hợp", "Thời gian hoàn thành", "Sản phẩm"); a PDF gives plain lines, read by row
    number. Rows with no content are skipped; a row whose lead agency is not recognised keeps an
    empty ``lead`` and its words in ``lead_text`` so the caller can say which.
    """
    lines = nfc(text).splitlines()
    if any(CELL_SEPARATOR in line for line in lines):
        rows = _table_rows(lines, agencies)
        if rows is not None:
            return rows
    return _text_rows(lines, agencies)
