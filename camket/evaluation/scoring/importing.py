"""Reading an indicator-value workbook into plain rows for ``actions.import_indicator_values``.

The workbook's first sheet has a header row and, per row, the commitment's code, the
indicator's code and the actual value (columns A–C, as the export of an indicator list writes
them). Size and structure are checked by ``camket.uploads.archive_problem`` before this runs.
"""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from camket.evaluation.scoring.actions import ValueRow

MAX_ROWS = 20_000


def read_value_rows(data: bytes) -> list[ValueRow]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a file that is not a workbook
        raise ValidationError(_("This file is not an Excel workbook (XLSX).")) from error
    sheet = book.worksheets[0]
    rows = []
    for number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        cells = ["" if v is None else str(v).strip() for v in (values or ())[:3]]
        cells += [""] * (3 - len(cells))
        if not any(cells):
            continue
        if number > MAX_ROWS:
            raise ValidationError(_("At most 20,000 rows can be imported at once."))
        rows.append(ValueRow(number, *cells))
    if not rows:
        raise ValidationError(_("The workbook has no rows under its header."))
    return rows
