"""The official report ("báo cáo") for a period and scope, as DOCX and PDF.

Layout follows the Vietnamese administrative format (Decree 30/2020/NĐ-CP): issuing body and
number on the left, national motto on the right, place and date, title, body with tables, and
the signature block. Font: Times New Roman, with Liberation Serif (metric-compatible) and
DejaVu Serif as fallbacks where it is not installed.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from camket.agencies.models import Agency, Membership
from camket.monitoring import stats
from camket.monitoring.models import ProgressReport, ReportingCycle
from camket.obligations.models import Task

FONT = "Times New Roman"
OVERDUE_ROWS = 50
DIFFICULTY_ROWS = 10


@dataclass
class OfficialReport:
    governing_body: str
    issuing_body: str
    number: str
    place_date: str
    title: str
    subtitle: str
    board: stats.Dashboard
    overdue: list[tuple[str, str, str, int]] = field(default_factory=list)
    difficulties: list[tuple[str, str]] = field(default_factory=list)
    signer_title: str = ""


def issuer_of(user) -> Agency | None:
    membership = (
        Membership.objects.filter(user=user).select_related("agency__parent").order_by("pk").first()
    )
    return membership.agency if membership else None


def place_date(day: dt.date) -> str:
    return _("%(place)s, day %(day)s month %(month)s year %(year)s") % {
        "place": _("Ha Noi"),
        "day": f"{day.day:02d}",
        "month": f"{day.month:02d}",
        "year": day.year,
    }


def build(user, cycle: ReportingCycle, today: dt.date) -> OfficialReport:
    """Gather the figures ``user`` may see for ``cycle`` into an :class:`OfficialReport`."""
    issuer = issuer_of(user)
    abbreviation = (issuer.abbreviation or issuer.code.upper()) if issuer else "..."
    board = stats.dashboard(user, today, cycle)
    return OfficialReport(
        governing_body=(issuer.parent.name_vi if issuer and issuer.parent else "").upper(),
        issuing_body=(issuer.name_vi if issuer else "").upper(),
        number=_("No.: .../BC-%(abbr)s") % {"abbr": abbreviation},
        place_date=place_date(today),
        title=_("REPORT"),
        subtitle=_("On the implementation of international commitments, %(period)s")
        % {"period": cycle.title},
        board=board,
        overdue=_overdue_rows(user, today),
        difficulties=_difficulties(user, cycle),
        signer_title=_("HEAD OF AGENCY"),
    )


def _overdue_rows(user, today: dt.date) -> list[tuple[str, str, str, int]]:
    tasks = (
        Task.objects.visible_to(user)
        .overdue(today)
        .select_related("lead_agency")
        .order_by("due_on", "pk")[:OVERDUE_ROWS]
    )
    return [
        (t.title, t.lead_agency.name, t.due_on.strftime("%d/%m/%Y"), (today - t.due_on).days)
        for t in tasks
    ]


def _difficulties(user, cycle: ReportingCycle) -> list[tuple[str, str]]:
    reports = (
        ProgressReport.objects.visible_to(user)
        .filter(cycle=cycle, status=ProgressReport.Status.APPROVED)
        .exclude(difficulties="")
        .select_related("agency")
        .order_by("agency__name_vi", "pk")[:DIFFICULTY_ROWS]
    )
    return [(r.agency.name, r.difficulties) for r in reports]


def render_pdf(report: OfficialReport) -> bytes:
    """Render ``report`` to PDF with WeasyPrint."""
    from weasyprint import HTML

    headers, rows = agency_table(report)
    context = {
        "report": report,
        "font": FONT,
        "summary": summary_lines(report),
        "agency_headers": headers,
        "agency_rows": rows,
    }
    html = render_to_string("monitoring/official_report.html", context)
    return HTML(string=html).write_pdf()


def render_docx(report: OfficialReport) -> bytes:
    """Render ``report`` to DOCX with python-docx."""
    from camket.monitoring.official_docx import write_docx

    buffer = io.BytesIO()
    write_docx(report, FONT).save(buffer)
    return buffer.getvalue()


def summary_lines(report: OfficialReport) -> list[str]:
    """Sentences of part I, shared by the DOCX and PDF layouts."""
    board, figures = report.board, report.board.reports
    rate = figures.on_time_rate
    return [
        _("Commitments followed: %(n)s.") % {"n": board.commitments},
        _("Tasks: %(n)s, of which %(done)s completed and %(late)s overdue.")
        % {"n": board.tasks, "done": board.tasks_completed, "late": board.tasks_overdue},
        _("Reports expected: %(n)s; submitted: %(sub)s; approved: %(ok)s; overdue: %(late)s.")
        % {
            "n": figures.expected,
            "sub": figures.submitted,
            "ok": figures.approved,
            "late": figures.overdue,
        },
        _("On-time reporting rate: %(rate)s%%.") % {"rate": "–" if rate is None else rate},
    ]


def agency_table(report: OfficialReport) -> tuple[list[str], list[tuple]]:
    headers = [
        _("Agency"),
        _("Tasks"),
        _("Completed"),
        _("Overdue"),
        _("Reports approved"),
        _("On-time rate (%)"),
    ]
    rows = [
        (
            a.name,
            a.tasks,
            a.completed,
            a.overdue,
            a.reports.approved,
            "–" if a.reports.on_time_rate is None else a.reports.on_time_rate,
        )
        for a in report.board.agencies
    ]
    return headers, rows
