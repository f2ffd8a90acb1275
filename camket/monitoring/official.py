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
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from camket.agencies.models import Agency, Membership
from camket.agencies.permissions import scope_of
from camket.evaluation.scoring.queries import official_rows
from camket.monitoring import stats
from camket.monitoring.models import ProgressReport, ReportingCycle
from camket.monitoring.sample import SAMPLE_NOTICE, any_sample
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
    scores: list[tuple] = field(default_factory=list)  # issue 13: scoring.queries.official_rows
    signer_title: str = ""
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)


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


@dataclass(frozen=True)
class Period:
    """What an official report covers: one reporting cycle, or every cycle ending in a year."""

    key: str  # "cycle-<pk>" or "year-<yyyy>", as in the form
    title: str
    cycles: tuple[ReportingCycle, ...]

    @property
    def is_year(self) -> bool:
        return self.key.startswith("year-")


def periods(user) -> list[Period]:
    """The periods ``user`` may report on: each year with a cycle, newest first, then each cycle."""
    cycles = list(stats.visible_cycles(user).order_by("-ends_on", "-pk"))
    years: dict[int, list[ReportingCycle]] = {}
    for cycle in cycles:
        if not cycle.is_sample:  # a year's report never mixes sample data with real reports
            years.setdefault(cycle.ends_on.year, []).append(cycle)
    by_year = [
        Period(f"year-{year}", _("year %(year)s") % {"year": year}, tuple(members))
        for year, members in years.items()
    ]
    return by_year + [Period(f"cycle-{c.pk}", c.title, (c,)) for c in cycles]


def period_of(user, key: str) -> Period | None:
    """The period named ``key`` if ``user`` may report on it, else None."""
    return next((p for p in periods(user) if p.key == key), None)


def reportable_agencies(user):
    """Agencies ``user`` may narrow a report to: every active one for national roles and
    observers, else the user's own."""
    scope = scope_of(user)
    agencies = Agency.objects.filter(is_active=True).order_by("kind", "name_vi")
    if scope.is_national or scope.is_observer:
        return agencies
    return agencies.filter(pk__in=scope.agency_ids)


def build(user, period: Period, today: dt.date, agency: Agency | None = None) -> OfficialReport:
    """Gather the figures ``user`` may see for ``period`` (and ``agency``, if given)."""
    issuer = issuer_of(user)
    abbreviation = (issuer.abbreviation or issuer.code.upper()) if issuer else "..."
    agency_ids = {agency.pk} if agency else None
    if agency:
        subtitle = _("On the implementation of international commitments by %(agency)s, %(period)s")
        subtitle %= {"agency": agency.name, "period": period.title}
    else:
        subtitle = _("On the implementation of international commitments, %(period)s") % {
            "period": period.title
        }
    if any_sample(period.cycles):
        subtitle = f"{subtitle} — {_('Sample data')}: {SAMPLE_NOTICE}"
    return OfficialReport(
        governing_body=(issuer.parent.name_vi if issuer and issuer.parent else "").upper(),
        issuing_body=(issuer.name_vi if issuer else "").upper(),
        number=_("No.: .../BC-%(abbr)s") % {"abbr": abbreviation},
        place_date=place_date(today),
        title=_("REPORT"),
        subtitle=subtitle,
        board=stats.period_board(user, period.cycles, today, agency_ids),
        overdue=_overdue_rows(user, today, agency_ids),
        difficulties=_difficulties(user, period.cycles, agency_ids),
        scores=official_rows(user, period.cycles, agency_ids),
        signer_title=_("HEAD OF AGENCY"),
        signer_name=_("[Full name]"),
        recipients=recipients(abbreviation),
    )


def recipients(abbreviation: str) -> list[str]:
    """The "Nơi nhận" list: a line for the office to fill in, and the archive copy (Decree
    30/2020/NĐ-CP, Appendix I: "- Lưu: VT, <drafting unit>.")."""
    return ["- ...;", _("- Archive: VT, %(abbr)s.") % {"abbr": abbreviation}]


def file_title(report: OfficialReport, period: Period, agency: Agency | None = None) -> str:
    """What the downloaded file is named after: "Báo cáo tình hình thực hiện năm 2026"."""
    title = _("Report on implementation %(period)s") % {"period": period.title}
    return f"{title} {agency.name}" if agency else title


def _overdue_rows(user, today: dt.date, agency_ids=None) -> list[tuple[str, str, str, int]]:
    tasks = Task.objects.visible_to(user).overdue(today)
    if agency_ids is not None:
        tasks = tasks.filter(lead_agency_id__in=agency_ids)
    tasks = tasks.select_related("lead_agency").order_by("due_on", "pk")[:OVERDUE_ROWS]
    return [
        (t.title, t.lead_agency.name, t.due_on.strftime("%d/%m/%Y"), (today - t.due_on).days)
        for t in tasks
    ]


def _difficulties(user, cycles, agency_ids=None) -> list[tuple[str, str]]:
    reports = (
        ProgressReport.objects.visible_to(user)
        .filter(cycle__in=cycles, status=ProgressReport.Status.APPROVED)
        .exclude(difficulties="")
    )
    if agency_ids is not None:
        reports = reports.filter(agency_id__in=agency_ids)
    reports = reports.select_related("agency").order_by("agency__name_vi", "pk")
    return [(r.agency.name, r.difficulties) for r in reports[:DIFFICULTY_ROWS]]


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


def figure(value, decimals: int | None = None) -> str:
    """A figure as the report's language writes it (vi 300.000 and 47,7; en 300,000 and 47.7);
    a dash when there is none."""
    if value is None:
        return "–"
    if decimals is not None:
        value = round(value, decimals)  # number_format cuts a float's digits, never rounds
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def summary_lines(report: OfficialReport) -> list[str]:
    """Sentences of part I, shared by the DOCX and PDF layouts."""
    board, figures = report.board, report.board.reports
    return [
        _("Commitments followed: %(n)s.") % {"n": figure(board.commitments)},
        _("Tasks: %(n)s, of which %(done)s completed and %(late)s overdue.")
        % {
            "n": figure(board.tasks),
            "done": figure(board.tasks_completed),
            "late": figure(board.tasks_overdue),
        },
        _("Reports expected: %(n)s; submitted: %(sub)s; approved: %(ok)s; overdue: %(late)s.")
        % {
            "n": figure(figures.expected),
            "sub": figure(figures.submitted),
            "ok": figure(figures.approved),
            "late": figure(figures.overdue),
        },
        _("On-time reporting rate: no data yet.")
        if figures.on_time_rate is None  # no report due yet: not "–%"
        else _("On-time reporting rate: %(rate)s%%.") % {"rate": figure(figures.on_time_rate, 1)},
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
            figure(a.tasks),
            figure(a.completed),
            figure(a.overdue),
            figure(a.reports.approved),
            figure(a.reports.on_time_rate, 1),
        )
        for a in report.board.agencies
    ]
    return headers, rows
