"""The funding-line workbook: an empty template to fill in, and its reader (item 5).

The reader turns rows into ``FundingData`` (row numbers kept) and says, translated, what is
wrong in which row and column; ``actions.import_funding`` then writes all rows or none. Headers
and source names are read in Vietnamese or English, whichever the template was downloaded in.
"""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from camket.evaluation.reviews.actions import FundingData
from camket.evaluation.reviews.models import FundingLine
from camket.spreadsheet import INTEGER, MONEY, TEXT, Column, Sheet, choice_labels, workbook_bytes
from camket.uploads import archive_problem

MAX_BYTES = 5 << 20
MAX_ROWS = 20_000
COLUMNS = (
    ("commitment", gettext_lazy("Commitment code")),
    ("task", gettext_lazy("Task number in CamKet")),
    ("source", gettext_lazy("Funding source")),
    ("year", gettext_lazy("Year")),
    ("pledged", gettext_lazy("Pledged (VND)")),
    ("disbursed", gettext_lazy("Disbursed (VND)")),
    ("spent", gettext_lazy("Spent (VND)")),
    ("note", gettext_lazy("Note")),
    ("source_url", gettext_lazy("Source of the figures (link)")),
)
REQUIRED = {"commitment", "source", "year"}
KINDS = {"task": INTEGER, "year": INTEGER, "pledged": MONEY, "disbursed": MONEY, "spent": MONEY}


class FundingFileError(Exception):
    """The file as a whole cannot be read (not a workbook, wrong template, too large)."""


def template() -> bytes:
    """The empty template, with a second sheet listing the funding sources."""
    columns = [
        Column(str(label), kind=KINDS.get(key, TEXT), required=key in REQUIRED)
        for key, label in COLUMNS
    ]
    sources = Sheet(
        _("Funding sources"),
        [Column(_("Funding source"), width=40)],
        [(label,) for label in choice_labels(FundingLine.Source).values()],
    )
    return workbook_bytes([Sheet(_("Funding lines"), columns, []), sources])


def _texts(key: str) -> set[str]:
    label = dict(COLUMNS)[key]
    found = set()
    for language in ("vi", "en"):
        with translation.override(language):
            found.add(str(label).strip().lower())
    return found


def _source_code(value: str) -> str:
    text = value.strip().lower()
    for code, label in FundingLine.Source.choices:
        for language in ("vi", "en"):
            with translation.override(language):
                if text in {code, str(label).lower()}:
                    return code
    return value.strip()


def _number(value, *, whole: bool = True):
    if value is None or value == "":
        return Decimal(0)
    try:
        number = (
            Decimal(str(value).replace(" ", "").replace(".", "").replace(",", ""))
            if isinstance(value, str)
            else Decimal(str(value))
        )
    except InvalidOperation:
        return None
    return number if not whole or number == number.to_integral_value() else None


def read(data: bytes, name: str) -> tuple[list[tuple[int, FundingData]], list[str]]:
    """Rows of the workbook as ``(row number, FundingData)`` and the problems of the cells
    that could not be read (each naming its row and column)."""
    if len(data) > MAX_BYTES:
        raise FundingFileError(
            _("The file is larger than %(limit)d MB.") % {"limit": MAX_BYTES >> 20}
        )
    problem = archive_problem(data, name)
    if problem:
        raise FundingFileError(problem)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise FundingFileError(_("The file is not a readable Excel (.xlsx) workbook.")) from error
    sheet = book.worksheets[0]
    sheet.reset_dimensions()
    rows = list(sheet.iter_rows(max_col=len(COLUMNS) + 5, max_row=MAX_ROWS + 1, values_only=True))
    header = [str(v or "").replace("(*)", "").strip().lower() for v in (rows[0] if rows else ())]
    where = {}
    for key, label in COLUMNS:
        position = next((i for i, h in enumerate(header) if h in _texts(key)), None)
        if position is None:
            raise FundingFileError(
                _("This is not the funding template: the column “%(column)s” is missing.")
                % {"column": label}
            )
        where[key] = position
    found, problems = [], []
    for number, row in enumerate(rows[1:], start=2):
        cells = {key: row[i] if i < len(row) else None for key, i in where.items()}
        if all(v in (None, "") for v in cells.values()):
            continue
        values, bad = {}, False
        for key in ("pledged", "disbursed", "spent"):
            values[key] = _number(cells[key])
            if values[key] is None:
                message = _(
                    "Row %(row)d, column “%(column)s”: “%(value)s” is not a whole number of đồng."
                )
                problems.append(
                    message % {"row": number, "column": dict(COLUMNS)[key], "value": cells[key]}
                )
                bad = True
        for key in ("task", "year"):
            raw = cells[key]
            if raw in (None, ""):
                values[key] = None
                continue
            parsed = _number(raw)
            if parsed is None:
                message = _("Row %(row)d, column “%(column)s”: “%(value)s” is not a whole number.")
                problems.append(
                    message % {"row": number, "column": dict(COLUMNS)[key], "value": raw}
                )
                bad = True
            values[key] = int(parsed) if parsed is not None else None
        if values["year"] is None and not bad:
            problems.append(_("Row %(row)d, column “%(column)s”: the year is required.") % {
                "row": number, "column": dict(COLUMNS)["year"]
            })  # fmt: skip
            bad = True
        if bad:
            continue
        found.append((number, FundingData(
            commitment=str(cells["commitment"] or "").strip(),
            task=values["task"],
            source=_source_code(str(cells["source"] or "")),
            year=values["year"],
            pledged=values["pledged"],
            disbursed=values["disbursed"],
            spent=values["spent"],
            note=str(cells["note"] or ""),
            source_url=str(cells["source_url"] or ""),
        )))  # fmt: skip
    return found, problems
