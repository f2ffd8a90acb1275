"""Cells of exported spreadsheets that can never run as formulas ("CSV/formula injection").

A task titled ``=HYPERLINK("http://x","y")`` written as is becomes a live formula in Excel and
LibreOffice; text starting with ``+ - @`` or a tab/CR is read as one when someone edits the cell
or the sheet is saved as CSV and reopened. Every XLSX export passes its rows through
:func:`safe_row`.

Such text is written as a string cell with Excel's "quote prefix" style instead of being
prefixed with an apostrophe: the reader sees the title exactly as typed (no stray ``'``), the
file stores it as a string so no program evaluates it, the quote prefix keeps Excel from
turning it into a formula when the cell is edited, and re-importing our own export gives back
the same text (an apostrophe would be imported as part of the title). No export writes CSV; one
that does must prefix such text with ``'``, as CSV has no cell types.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: object) -> bool:
    """Whether a spreadsheet program could read ``value`` as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def safe_cell(sheet, value: object) -> object:
    """``value`` as is, or as a quote-prefixed text cell of ``sheet`` if it looks like a
    formula (for ``sheet.append``, in normal and write-only workbooks)."""
    if not is_formula_like(value):
        return value
    cell: Cell = WriteOnlyCell(sheet, value=None)
    cell.value = value
    cell.data_type = "s"  # openpyxl made it "f" for a leading "="
    cell.quotePrefix = True
    return cell


def safe_row(sheet, values: Iterable[object]) -> list[object]:
    return [safe_cell(sheet, value) for value in values]


# Exported workbooks. One writer for every XLSX the project serves: headers in the reader's
# language (required ones marked), choice values through their labels, widths set, the header
# row frozen, dates as dates (dd/mm/yyyy) and amounts as numbers grouped by thousands
# (500.000.000 in a Vietnamese Excel).

TEXT, DATE, DATETIME, INTEGER, MONEY, DECIMAL = (
    "text",
    "date",
    "datetime",
    "integer",
    "money",
    "decimal",
)
FORMATS = {
    DATE: "DD/MM/YYYY",
    DATETIME: "DD/MM/YYYY HH:MM",
    INTEGER: "#,##0",
    MONEY: "#,##0",
    DECIMAL: "#,##0.0",
}
WIDTHS = {DATE: 12, DATETIME: 17, INTEGER: 10, MONEY: 18, DECIMAL: 10}
REQUIRED_MARK = " (*)"
MAX_ROWS = 1_000_000
HEADER_FILL = "DDE6F0"


@dataclass(frozen=True)
class Column:
    """One column of an export: its header, what its values are, and how wide it is.

    ``labels`` maps stored values (choice codes) to what a reader sees; a value not in it is
    written as is. A column without a ``width`` gets one from its kind or its header.
    """

    header: str
    kind: str = TEXT
    width: float | None = None
    labels: Mapping | None = None
    required: bool = False

    @property
    def title(self) -> str:
        return f"{self.header}{REQUIRED_MARK}" if self.required else str(self.header)

    @property
    def column_width(self) -> float:
        if self.width:
            return self.width
        return max(WIDTHS.get(self.kind, 14), min(len(self.title) + 4, 40))


@dataclass
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Iterable[Iterable] = ()


def choice_labels(choices) -> dict[str, str]:
    """``{value: label}`` of a Django ``choices`` list or ``TextChoices`` class, labels
    translated into the active language when the workbook is written."""
    pairs = choices.choices if hasattr(choices, "choices") else choices
    return dict(pairs)


def yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return gettext("Yes") if value else gettext("No")


def _plain(column: Column, value: object) -> object:
    """What a reader should see for ``value`` in ``column``: a label, never a stored code."""
    if value is None or value == "":
        return None
    if column.labels is not None and not isinstance(value, (int, float, Decimal)):
        return str(column.labels.get(value, value))
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.replace(tzinfo=None) if column.kind == DATETIME else value.date()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _cell(sheet, column: Column, value: object) -> object:
    value = _plain(column, value)
    number_format = FORMATS.get(column.kind)
    if number_format is None or not isinstance(value, (int, float, dt.date)):
        return safe_cell(sheet, value)
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


def _header(sheet, columns: Sequence[Column]) -> list[WriteOnlyCell]:
    cells = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=None)
        cell.value, cell.data_type = column.title, "s"  # a header is text, whatever it starts with
        cell.font = Font(bold=True, color="C00000" if column.required else None)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cells.append(cell)
    return cells


def write_sheet(book: Workbook, sheet: Sheet, *, max_rows: int = MAX_ROWS) -> None:
    ws = book.create_sheet(title=sheet.title[:31])
    for index, column in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.column_width
    ws.freeze_panes = "A2"
    ws.append(_header(ws, sheet.columns))
    for count, row in enumerate(sheet.rows):
        if count >= max_rows:
            break
        ws.append([_cell(ws, c, v) for c, v in zip(sheet.columns, row, strict=True)])


def workbook_bytes(sheets: Iterable[Sheet]) -> bytes:
    """Write ``sheets`` into one XLSX file (streamed: large lists use little memory)."""
    book = Workbook(write_only=True)
    for sheet in sheets:
        write_sheet(book, sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
