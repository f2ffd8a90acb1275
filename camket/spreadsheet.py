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

from collections.abc import Iterable

from openpyxl.cell import Cell, WriteOnlyCell

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
