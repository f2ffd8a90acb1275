"""Task lists as Excel files: export, a template to fill in, and a validating import.

The import checks every row before writing anything and reports all problems by row and column;
it writes in one transaction and is idempotent: rows are matched on "Mã nhiệm vụ" (the task's
key, or ``id-<pk>`` for tasks exported without one).
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
import zipfile
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from camket.agencies.models import Agency
from camket.audit.actions import record_audit, snapshot
from camket.obligations.actions import TaskData, create_task
from camket.obligations.models import ActionPlan, Task
from camket.spreadsheet import safe_row
from camket.uploads import archive_problem

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 64  # the template has 11; cells further right are never read
SHEET = "Nhiem vu"
# (field, header): the headers are the template's contract, in Vietnamese as agencies use them.
COLUMNS = [
    ("key", "Mã nhiệm vụ"),
    ("number", "Số thứ tự"),
    ("title", "Tên nhiệm vụ"),
    ("lead_agency", "Cơ quan chủ trì"),
    ("supporting_agencies", "Cơ quan phối hợp"),
    ("starts_on", "Ngày bắt đầu"),
    ("due_on", "Hạn hoàn thành"),
    ("deliverable", "Sản phẩm"),
    ("budget", "Kinh phí dự kiến (đồng)"),
    ("funding_source", "Nguồn kinh phí"),
    ("status", "Trạng thái"),
]
HEADERS = [header for _, header in COLUMNS]
COMPARED = [
    "number",
    "title",
    "lead_agency_id",
    "starts_on",
    "due_on",
    "deliverable",
    "budget",
    "funding_source",
    "status",
]


class XlsxError(Exception):
    """The file as a whole cannot be read (not the template, corrupt, too large)."""


@dataclass
class ImportResult:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def _choice_lookup(choices) -> dict[str, str]:
    """Accept a choice by its stored value or by its Vietnamese or English label."""
    table = {}
    for language in ("en", "vi"):
        with translation.override(language):
            for value, label in choices:
                table[value.lower()] = value
                table[str(label).lower()] = value
    return table


def _cell_value(task: Task, name: str):
    if name == "key":
        return task.external_key or f"id-{task.pk}"
    if name == "lead_agency":
        return task.lead_agency.code
    if name == "supporting_agencies":
        return "; ".join(a.code for a in task.supporting_agencies.all())
    if name in {"funding_source", "status"}:
        return getattr(task, f"get_{name}_display")() if getattr(task, name) else ""
    if name == "budget":
        return int(task.budget) if task.budget is not None else None
    return getattr(task, name)


def _workbook(tasks) -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
    for task in tasks:
        sheet.append(safe_row(sheet, [_cell_value(task, name) for name, _ in COLUMNS]))
    for row in sheet.iter_rows(min_row=2):
        for cell in (row[5], row[6]):
            cell.number_format = "DD/MM/YYYY"
    for letter, width in zip(
        "ABCDEFGHIJK", (16, 8, 60, 16, 24, 14, 14, 30, 18, 24, 16), strict=True
    ):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    return book


def export_tasks(tasks) -> bytes:
    """An XLSX file of ``tasks`` in the template's columns (so it can be edited and re-imported)."""
    buffer = io.BytesIO()
    tasks = tasks.select_related("lead_agency").prefetch_related("supporting_agencies")
    _workbook(tasks).save(buffer)
    return buffer.getvalue()


def template() -> bytes:
    return export_tasks(Task.objects.none())


def _open_rows(data: bytes, name: str) -> list[tuple]:
    if len(data) > MAX_BYTES:
        raise XlsxError(_("The file is larger than %(limit)d MB.") % {"limit": MAX_BYTES >> 20})
    problem = archive_problem(data, name)  # before openpyxl inflates anything
    if problem:
        raise XlsxError(problem)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise XlsxError(_("The file is not a readable Excel (.xlsx) workbook.")) from error
    sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
    # The <dimension> a file declares may be stale (some tools write "A1"): read the real rows.
    sheet.reset_dimensions()
    rows = []
    for row in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
        rows.append(row)
        if len(rows) > MAX_ROWS + 1:
            raise XlsxError(_("The file has more than %(limit)d rows.") % {"limit": MAX_ROWS})
    header = [str(v).strip() if v is not None else "" for v in (rows[0] if rows else ())]
    missing = [h for h in HEADERS if h not in header]
    if missing:
        raise XlsxError(
            _(
                "This is not the task template: the column “%(column)s” is missing. "
                "Download the template from this page."
            )
            % {"column": missing[0]}
        )
    index = {h: header.index(h) for h in HEADERS}
    return [
        tuple(row[index[h]] if index[h] < len(row) else None for h in HEADERS)
        for row in rows[1:]
        if any(v not in (None, "") for v in row)
    ]


def _date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(str(value).strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(_("not a valid date (use dd/mm/yyyy)"))


def _agency(value, agencies: dict[str, Agency]) -> Agency:
    found = agencies.get(str(value or "").strip().lower())
    if found is None:
        raise ValueError(_("unknown agency “%(value)s”") % {"value": value or ""})
    return found


class _Row:
    """One spreadsheet row parsed into task fields; collects problems by column."""

    def __init__(self, number: int, values: tuple, lookups: dict):
        self.number, self.errors, self.data = number, [], {}
        cells = dict(zip([name for name, _ in COLUMNS], values, strict=True))
        for name, header in COLUMNS:
            try:
                self.data[name] = self._parse(name, cells[name], lookups)
            except ValueError as error:
                self.errors.append(
                    _("Row %(row)d, column '%(column)s': %(problem)s")
                    % {"row": number, "column": header, "problem": error}
                )

    def _parse(self, name: str, value, lookups: dict):
        text = str(value).strip() if value is not None else ""
        if name in {"key", "title", "lead_agency"} and not text:
            raise ValueError(_("required"))
        if name == "lead_agency":
            return _agency(text, lookups["agencies"])
        if name == "supporting_agencies":
            return [_agency(part, lookups["agencies"]) for part in text.split(";") if part.strip()]
        if name in {"starts_on", "due_on"}:
            return _date(value)
        if name == "budget":
            return _budget(value)
        if name in {"funding_source", "status"}:
            return _choice(name, text, lookups)
        return text[:500]


def _budget(value) -> decimal.Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = decimal.Decimal(str(value).replace(".", "").replace(",", "").strip())
    except decimal.InvalidOperation:
        raise ValueError(_("not a number of đồng")) from None
    if amount < 0:
        raise ValueError(_("must not be negative"))
    return amount


def _choice(name: str, text: str, lookups: dict) -> str:
    if not text:
        return Task.Status.NOT_STARTED if name == "status" else ""
    value = lookups[name].get(text.lower())
    if value is None:
        raise ValueError(_("unknown value “%(value)s”") % {"value": text})
    return value


def _lookups() -> dict:
    agencies = {}
    for agency in Agency.objects.all():
        for name in (agency.code, agency.name_vi, agency.name_en, agency.abbreviation):
            if name:
                agencies[name.lower()] = agency
    return {
        "agencies": agencies,
        "status": _choice_lookup(Task.Status.choices),
        "funding_source": _choice_lookup(Task.Funding.choices),
    }


def _existing(plan: ActionPlan, key: str) -> Task | None:
    if key.startswith("id-") and key[3:].isdigit():
        return plan.tasks.filter(pk=int(key[3:])).first()
    return plan.tasks.filter(external_key=key).first()


def _new_task(plan: ActionPlan, data: dict) -> TaskData:
    names = ("number", "title", "starts_on", "due_on", "deliverable", "budget", "status")
    return TaskData(
        plan=plan.pk,
        external_key="" if data["key"].startswith("id-") else data["key"],
        lead_agency=data["lead_agency"].code,
        supporting_agencies=[a.code for a in data["supporting_agencies"]],
        funding_source=data["funding_source"] or "",
        **{name: data[name] for name in names},
    )


def _write(plan: ActionPlan, row: _Row, acting_user) -> str:
    data = row.data
    task = _existing(plan, data["key"])
    if task is None:
        create_task(_new_task(plan, data), acting_user=acting_user, action="task.imported")
        return "inserted"
    before = snapshot(task)
    supporting_before = set(task.supporting_agencies.all())
    if not data["key"].startswith("id-"):
        task.external_key = data["key"]
    for name in (
        "number",
        "title",
        "starts_on",
        "due_on",
        "deliverable",
        "budget",
        "funding_source",
        "status",
    ):
        setattr(task, name, data[name])
    task.lead_agency = data["lead_agency"]
    supporting = {a for a in data["supporting_agencies"] if a != task.lead_agency}
    if all(before[f] == snapshot(task)[f] for f in COMPARED) and supporting == supporting_before:
        return "unchanged"
    task.save()
    task.supporting_agencies.set(supporting)
    record_audit(
        task, "task.imported", acting_user, before=before, after=snapshot(task), subject=plan
    )
    return "updated"


def import_tasks(
    plan: ActionPlan, data: bytes, *, acting_user, name: str = "tasks.xlsx"
) -> ImportResult:
    """Validate every row, then write all of them or none; ``name`` names the file in errors."""
    result = ImportResult()
    try:
        values = _open_rows(data, name)
    except XlsxError as error:
        result.errors.append(str(error))
        return result
    lookups = _lookups()
    rows = [_Row(number, row, lookups) for number, row in enumerate(values, start=2)]
    keys = [r.data.get("key") for r in rows]
    for row in rows:
        result.errors += row.errors
        if row.data.get("key") and keys.count(row.data["key"]) > 1:
            result.errors.append(
                _("Row %(row)d, column '%(column)s': %(problem)s")
                % {"row": row.number, "column": HEADERS[0], "problem": _("the key is repeated")}
            )
        due, start = row.data.get("due_on"), row.data.get("starts_on")
        if due and start and start > due:
            result.errors.append(
                _("Row %(row)d, column '%(column)s': %(problem)s")
                % {
                    "row": row.number,
                    "column": "Hạn hoàn thành",
                    "problem": _("before the start date"),
                }
            )
    if result.errors:
        return result
    with transaction.atomic():
        for row in rows:
            outcome = _write(plan, row, acting_user)
            setattr(result, outcome, getattr(result, outcome) + 1)
    return result
