"""XLSX exports of statistics tables and lists, written by ``camket.spreadsheet``."""

from __future__ import annotations

from django.utils.translation import gettext as _

from camket.downloads import file_response
from camket.monitoring.models import ProgressReport
from camket.monitoring.stats import Bucket, Dashboard
from camket.obligations.models import Task
from camket.spreadsheet import DATE, DECIMAL, INTEGER, Column, Sheet, choice_labels, workbook_bytes

TITLE = 60  # width of a column of titles


def xlsx_response(title: str, sheets: list[Sheet]):
    """``sheets`` as an XLSX download named after ``title``."""
    return file_response(workbook_bytes(sheets), title, "xlsx")


def _bucket_sheet(title: str, buckets: list[Bucket]) -> Sheet:
    columns = [Column(_("Name"), width=TITLE), Column(_("Count"), INTEGER)]
    return Sheet(title, columns, ((b.label or b.key, b.count) for b in buckets))


def dashboard_sheets(board: Dashboard) -> list[Sheet]:
    """Every table of the dashboard, one sheet each."""
    agency_headers = [
        Column(_("Agency"), width=TITLE),
        *(
            Column(header, INTEGER)
            for header in (
                _("Tasks"),
                _("Completed"),
                _("Overdue"),
                _("Reports expected"),
                _("Reports submitted"),
                _("Reports approved"),
                _("Reports overdue"),
            )
        ),
        Column(_("On-time rate (%)"), DECIMAL),
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
        Column(_("Reporting cycle"), width=TITLE),
        Column(_("Reports expected"), INTEGER),
        Column(_("Reports submitted"), INTEGER),
        Column(_("Reports approved"), INTEGER),
        Column(_("On-time rate (%)"), DECIMAL),
        Column(_("Average percent done"), DECIMAL),
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
        Column(_("Reporting cycle"), width=30),
        Column(_("Agency"), width=30),
        Column(_("Task or commitment"), width=TITLE),
        Column(_("Status"), labels=choice_labels(ProgressReport.Status)),
        Column(_("Progress"), labels=choice_labels(ProgressReport.Progress)),
        Column(_("Percent done"), INTEGER),
        Column(_("Submission due"), DATE),
        Column(_("Submitted on"), DATE),
    ]
    rows = (
        (
            r.cycle.title,
            r.agency.name,
            r.subject_title,
            r.status,
            # Progress is content: blank unless the reader may read it (``with_content_flag``).
            r.progress if r.content_readable else "",
            r.percent_done if r.content_readable else None,
            r.due_on,
            r.submitted_on,
        )
        for r in reports
    )
    return Sheet(_("Reports"), headers, rows)


def task_sheet(tasks, today) -> Sheet:
    headers = [
        Column(_("Task"), width=TITLE),
        Column(_("Lead agency"), width=30),
        Column(_("Action plan"), width=40),
        Column(_("Status"), labels=choice_labels(Task.Status)),
        Column(_("Due date"), DATE),
        Column(_("Days overdue"), INTEGER),
    ]
    rows = (
        (
            t.title,
            t.lead_agency.name,
            t.plan.title,
            t.status,
            t.due_on,
            (today - t.due_on).days if t.due_on and t.due_on < today else 0,
        )
        for t in tasks
    )
    return Sheet(_("Tasks"), headers, rows)
