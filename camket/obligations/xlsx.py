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
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from camket.agencies.models import Agency
from camket.audit.actions import record_audit, snapshot
from camket.obligations.actions import TaskData, create_task
from camket.obligations.models import ActionPlan, Task
from camket.spreadsheet import (
    DATE,
    MONEY,
    REQUIRED_MARK,
    TEXT,
    Column,
    Sheet,
    choice_labels,
    workbook_bytes,
    yes_no,
)
from camket.uploads import archive_problem
from lawcore.text import nfc

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
REQUIRED = {"title", "lead_agency"}
KINDS = {"starts_on": DATE, "due_on": DATE, "budget": MONEY}
WIDTHS = dict(
    zip(
        [name for name, _ in COLUMNS],
        (16, 8, 60, 30, 40, 14, 14, 30, 18, 24, 16),
        strict=True,
    )
)
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
        return task.lead_agency.name_vi
    if name == "supporting_agencies":
        return "; ".join(a.name_vi for a in task.supporting_agencies.all())
    return getattr(task, name)


def _columns() -> list[Column]:
    """The template's columns; their labels turn stored choices into what agencies write."""
    labels = {"status": choice_labels(Task.Status), "funding_source": choice_labels(Task.Funding)}
    return [
        Column(
            header,
            KINDS.get(name, TEXT),
            WIDTHS[name],
            labels=labels.get(name),
            required=name in REQUIRED,
        )
        for name, header in COLUMNS
    ]


def _notes() -> Sheet:
    """How to fill in each column: required or not, the form of its values, an example."""
    columns = [
        Column(_("Column"), width=28),
        Column(_("Required"), width=12),
        Column(_("How to fill it in"), width=70),
        Column(_("Example"), width=40),
    ]
    hints = _hints()
    rows = [
        (header, yes_no(name in REQUIRED), hints[name], _example_text(name))
        for name, header in COLUMNS
    ]
    return Sheet(_("Instructions"), columns, rows)


def _hints() -> dict[str, str]:
    return {
        "key": _(
            "Leave blank for a new task: CamKet gives it a code. Keep the code of an exported "
            "task to update that task."
        ),
        "number": _("The task's number in the plan, as the plan writes it."),
        "title": _("What is to be done, as in the plan."),
        "lead_agency": _("The agency's name as CamKet lists it, or its abbreviation."),
        "supporting_agencies": _("Names of agencies, separated by semicolons (;)."),
        "starts_on": _("A date written dd/mm/yyyy."),
        "due_on": _("A date written dd/mm/yyyy, not before the start date."),
        "deliverable": _("The product of the task (a report, a draft decree...)."),
        "budget": _("An amount in đồng, digits only."),
        "funding_source": _("One of: %(values)s.") % {"values": _labels(Task.Funding)},
        "status": _("One of: %(values)s. Blank means not started.")
        % {"values": _labels(Task.Status)},
    }


def _labels(choices) -> str:
    return "; ".join(str(label) for _value, label in choices.choices)


def _example() -> dict:
    return {
        "key": "",
        "number": "1",
        "title": _("Review the rules of origin and guide enterprises"),
        "lead_agency": _("Ministry of Industry and Trade"),
        "supporting_agencies": _("Ministry of Finance"),
        "starts_on": dt.date(2026, 1, 1),
        "due_on": dt.date(2026, 6, 30),
        "deliverable": _("Review report"),
        "budget": 150_000_000,
        "funding_source": Task.Funding.choices[0][0],
        "status": Task.Status.NOT_STARTED,
    }


def _example_text(name: str) -> str:
    value = _example()[name]
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if name == "budget":
        return f"{value:,}".replace(",", ".")
    if name in {"status", "funding_source"}:
        return str(dict(getattr(Task, "Status" if name == "status" else "Funding").choices)[value])
    return str(value)


def _sheets(tasks, *, template: bool = False) -> list[Sheet]:
    rows = ([_cell_value(task, name) for name, _ in COLUMNS] for task in tasks)
    sheets = [Sheet(SHEET, _columns(), rows)]
    if template:
        example = [_example()[name] for name, _ in COLUMNS]
        sheets += [_notes(), Sheet(_("Example"), _columns(), [example])]
    return sheets


def export_tasks(tasks) -> bytes:
    """An XLSX file of ``tasks`` in the template's columns (so it can be edited and re-imported)."""
    tasks = tasks.select_related("lead_agency").prefetch_related("supporting_agencies")
    return workbook_bytes(_sheets(tasks))


def template() -> bytes:
    """The empty task sheet (required columns marked) with an instructions sheet and an example
    row on a sheet of its own, which the import never reads."""
    return workbook_bytes(_sheets(Task.objects.none(), template=True))


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
    header = [_header_text(v) for v in (rows[0] if rows else ())]
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


def _header_text(value) -> str:
    """A header as the template names it, with or without the required mark."""
    text = str(value).strip() if value is not None else ""
    return text.removesuffix(REQUIRED_MARK.strip()).strip()


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
        if name in REQUIRED and not text:
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


def _existing(plan: ActionPlan, key: str, title: str) -> Task | None:
    """The task a row updates: by its code, or (a row without one) the plan's only task with
    the same title and no code of its own, so importing the same sheet twice adds nothing."""
    if not key:
        same = list(plan.tasks.filter(title=nfc(title), external_key="")[:2])
        return same[0] if len(same) == 1 else None
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
    task = _existing(plan, data["key"], data["title"])
    if task is None:
        create_task(_new_task(plan, data), acting_user=acting_user, action="task.imported")
        return "inserted"
    before = snapshot(task)
    supporting_before = set(task.supporting_agencies.all())
    if data["key"] and not data["key"].startswith("id-"):
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


def _uncoded_problems(plan: ActionPlan, row: _Row, uncoded: list[str]) -> list[str]:
    """A row without a task code is matched on its title: the title must name one task."""
    title = nfc(row.data["title"])
    ambiguous = uncoded.count(title) > 1
    ambiguous = ambiguous or plan.tasks.filter(title=title, external_key="").count() > 1
    if not ambiguous:
        return []
    problem = _("several tasks have this title: give each its task code")
    return [
        _("Row %(row)d, column '%(column)s': %(problem)s")
        % {"row": row.number, "column": HEADERS[0], "problem": problem}
    ]


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
    uncoded = [nfc(r.data.get("title") or "") for r in rows if not r.data.get("key")]
    for row in rows:
        result.errors += row.errors
        if row.data.get("key") and keys.count(row.data["key"]) > 1:
            result.errors.append(
                _("Row %(row)d, column '%(column)s': %(problem)s")
                % {"row": row.number, "column": HEADERS[0], "problem": _("the key is repeated")}
            )
        if not row.data.get("key") and row.data.get("title"):
            result.errors += _uncoded_problems(plan, row, uncoded)
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
