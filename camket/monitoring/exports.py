"""XLSX exports of statistics tables and lists (openpyxl, write-only for large lists)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font

from camket.monitoring.stats import Bucket, Dashboard
from camket.spreadsheet import safe_cell, safe_row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 1_000_000


@dataclass
class Sheet:
    title: str
    headers: list[str]
    rows: Iterable[Iterable]


def workbook_bytes(sheets: list[Sheet]) -> bytes:
    """Write ``sheets`` into an XLSX file with bold headers; return its bytes."""
    book = Workbook(write_only=True)
    for sheet in sheets:
        ws = book.create_sheet(title=sheet.title[:31])
        header = []
        for text in sheet.headers:
            cell = safe_cell(ws, text)
            cell = cell if isinstance(cell, Cell) else WriteOnlyCell(ws, value=cell)
            cell.font = Font(bold=True)
            header.append(cell)
        ws.append(header)
        for count, row in enumerate(sheet.rows):
            if count >= MAX_ROWS:
                break
            ws.append(safe_row(ws, row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, sheets: list[Sheet]) -> HttpResponse:
    response = HttpResponse(workbook_bytes(sheets), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _bucket_sheet(title: str, buckets: list[Bucket]) -> Sheet:
    return Sheet(
        title, [_("Code"), _("Name"), _("Count")], ((b.key, b.label, b.count) for b in buckets)
    )


def dashboard_sheets(board: Dashboard) -> list[Sheet]:
    """Every table of the dashboard, one sheet each."""
    agency_headers = [
        _("Agency"),
        _("Tasks"),
        _("Completed"),
        _("Overdue"),
        _("Reports expected"),
        _("Reports submitted"),
        _("Reports approved"),
        _("Reports overdue"),
        _("On-time rate (%)"),
    ]
    agencies = (
        (
            a.name,
            a.tasks,
            a.completed,
            a.overdue,
            a.reports.expected,
            a.reports.submitted,
            a.reports.approved,
            a.reports.overdue,
            a.reports.on_time_rate,
        )
        for a in board.agencies
    )
    cycle_headers = [
        _("Reporting cycle"),
        _("Reports expected"),
        _("Reports submitted"),
        _("Reports approved"),
        _("On-time rate (%)"),
        _("Average percent done"),
    ]
    cycles = (
        (
            c.title,
            c.figures.expected,
            c.figures.submitted,
            c.figures.approved,
            c.figures.on_time_rate,
            c.figures.average_percent,
        )
        for c in board.cycles
    )
    return [
        Sheet(_("By agency"), agency_headers, agencies),
        Sheet(_("Over time"), cycle_headers, cycles),
        _bucket_sheet(_("By kind"), board.by_kind),
        _bucket_sheet(_("By status"), board.by_status),
        _bucket_sheet(_("By partner"), board.by_partner),
        _bucket_sheet(_("By sector"), board.by_sector),
        _bucket_sheet(_("By lead agency"), board.by_lead),
        _bucket_sheet(_("By province"), board.by_province),
        _bucket_sheet(_("By year"), board.by_year),
        _bucket_sheet(_("Report status"), board.report_status),
        _bucket_sheet(_("Progress"), board.progress),
    ]


def report_sheet(reports) -> Sheet:
    headers = [
        _("Reporting cycle"),
        _("Agency"),
        _("Task or commitment"),
        _("Status"),
        _("Progress"),
        _("Percent done"),
        _("Due date"),
        _("Submitted on"),
    ]
    rows = (
        (
            r.cycle.title,
            r.agency.name,
            r.subject_title,
            r.get_status_display(),
            # Progress is content: blank unless the reader may read it (``with_content_flag``).
            r.get_progress_display() if r.content_readable else "",
            r.percent_done if r.content_readable else None,
            r.due_on,
            r.submitted_on,
        )
        for r in reports
    )
    return Sheet(_("Reports"), headers, rows)


def task_sheet(tasks, today) -> Sheet:
    headers = [
        _("Task"),
        _("Lead agency"),
        _("Action plan"),
        _("Status"),
        _("Due date"),
        _("Days overdue"),
    ]
    rows = (
        (
            t.title,
            t.lead_agency.name,
            t.plan.title,
            t.get_status_display(),
            t.due_on,
            (today - t.due_on).days if t.due_on and t.due_on < today else 0,
        )
        for t in tasks
    )
    return Sheet(_("Tasks"), headers, rows)
