"""The national synthesis of a review campaign ("báo cáo tổng hợp"), as a page, DOCX and PDF.

It lists the reviews the coordinator has accepted, with their recommendations, causes and the
remedies turned into work, counts reviews by status, recommendation and cause, and names the
dormant commitments. The DOCX reuses the administrative layout of the official report
(``camket/monitoring/official_docx.py``: Decree 30/2020/NĐ-CP, Appendix I); the PDF is drawn
with WeasyPrint as ``monitoring/official.py`` does.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from camket.evaluation.reviews.dormant import dormant_commitments
from camket.evaluation.reviews.models import AgencyReview, ReviewCampaign
from camket.monitoring import official
from camket.monitoring.official_docx import _table as table
from camket.monitoring.official_docx import (
    body_paragraph,
    closing_block,
    heading_block,
    line,
    new_document,
    rule,
)

PDF_CSS = Path(__file__).with_name("synthesis_pdf.css")
FIGURE_LABELS = (
    ("tasks", "Tasks"),
    ("tasks_completed", "Tasks completed"),
    ("tasks_overdue", "Tasks overdue at the end of the period"),
    ("reports", "Progress reports in the period"),
    ("reports_approved", "Progress reports approved"),
    ("findings_open", "Gaps and conflicts with domestic law"),
    ("legislative_pending", "Legislative actions pending"),
    ("pledged", "Pledged (VND)"),
    ("disbursed", "Disbursed (VND)"),
)


def _label(name: str) -> str:
    labels = {
        "tasks": _("Tasks"),
        "tasks_completed": _("Tasks completed"),
        "tasks_overdue": _("Tasks overdue at the end of the period"),
        "reports": _("Progress reports in the period"),
        "reports_approved": _("Progress reports approved"),
        "findings_open": _("Gaps and conflicts with domestic law"),
        "legislative_pending": _("Legislative actions pending"),
        "pledged": _("Pledged (VND)"),
        "disbursed": _("Disbursed (VND)"),
    }
    return labels[name]


def figure_rows(figures: dict) -> list[tuple[str, str]]:
    """The pre-filled figures as (label, value) in a fixed order, values as the page writes
    them (thousands grouped)."""
    rows = [(_label(name), official.figure(figures.get(name, 0))) for name, _en in FIGURE_LABELS]
    score = figures.get("score_total")
    rows.append((_("Effectiveness score (scorecard)"), official.figure(score, 1)))
    return rows


@dataclass
class Synthesis:
    governing_body: str
    issuing_body: str
    number: str
    place_date: str
    title: str
    subtitle: str
    file_title: str
    campaign: ReviewCampaign
    status_counts: list[tuple[str, int]] = field(default_factory=list)
    recommendation_counts: list[tuple[str, int]] = field(default_factory=list)
    cause_counts: list[tuple[str, int]] = field(default_factory=list)
    accepted: list[tuple] = field(default_factory=list)
    dormant: list[tuple[str, str]] = field(default_factory=list)
    signer_title: str = ""
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)

    @property
    def accepted_headers(self) -> list[str]:
        return [
            _("Commitment"),
            _("Lead agency"),
            _("Recommendation"),
            _("Causes"),
            _("Shortcomings"),
            _("Remedies turned into work"),
        ]


def build(user, campaign: ReviewCampaign, today) -> Synthesis:
    """Gather the campaign's figures; only accepted reviews are quoted."""
    issuer = official.issuer_of(user)
    abbreviation = (issuer.abbreviation or issuer.code.upper()) if issuer else "..."
    reviews = AgencyReview.objects.visible_to(user).filter(campaign=campaign)
    statuses = _count(reviews, "status")
    accepted = list(
        reviews.filter(status=AgencyReview.Status.ACCEPTED)
        .select_related("commitment", "agency")
        .prefetch_related("remedies")
        .order_by("agency__name_vi", "commitment__title_vi")
    )
    recommendations = _count(reviews.filter(status=AgencyReview.Status.ACCEPTED), "recommendation")
    causes: dict[str, int] = {}
    for review in accepted:
        for cause in review.causes:
            causes[cause] = causes.get(cause, 0) + 1
    dormant, _cycles = dormant_commitments(user)
    subtitle = _("Synthesis of the annual review of international commitments: %(campaign)s") % {
        "campaign": campaign.title
    }
    if campaign.is_sample:
        subtitle = f"{subtitle} — {_('Sample data')}"
    return Synthesis(
        governing_body=(issuer.parent.name_vi if issuer and issuer.parent else "").upper(),
        issuing_body=(issuer.name_vi if issuer else "").upper(),
        number=_("No.: .../BC-%(abbr)s") % {"abbr": abbreviation},
        place_date=official.place_date(today),
        title=_("REPORT"),
        subtitle=subtitle,
        file_title=_("Review synthesis %(campaign)s") % {"campaign": campaign.title},
        campaign=campaign,
        status_counts=[
            (str(label), statuses.get(value, 0)) for value, label in AgencyReview.Status.choices
        ],
        recommendation_counts=[
            (str(label), recommendations.get(value, 0))
            for value, label in AgencyReview.Recommendation.choices
        ],
        cause_counts=[
            (str(label), causes.get(value, 0)) for value, label in AgencyReview.Cause.choices
        ],
        accepted=[
            (
                r.commitment.short_name or r.commitment.title_vi,
                r.agency.name,
                r.get_recommendation_display(),
                ", ".join(r.cause_labels),
                r.shortcomings,
                str(sum(1 for m in r.remedies.all() if m.is_converted)),
            )
            for r in accepted
        ],
        dormant=[(c.short_name or c.title_vi, c.lead_agency.name) for c in dormant[:100]],
        signer_title=_("HEAD OF AGENCY"),
        signer_name=_("[Full name]"),
        recipients=official.recipients(abbreviation),
    )


def _count(reviews, name: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for value in reviews.values_list(name, flat=True):
        found[value] = found.get(value, 0) + 1
    return found


def summary_lines(report: Synthesis) -> list[str]:
    total = sum(count for _label, count in report.status_counts)
    accepted = len(report.accepted)
    lines = [
        _("Period: %(start)s to %(end)s; reviews due on %(due)s.")
        % {
            "start": report.campaign.starts_on.strftime("%d/%m/%Y"),
            "end": report.campaign.ends_on.strftime("%d/%m/%Y"),
            "due": report.campaign.due_on.strftime("%d/%m/%Y"),
        },
        _("%(total)d reviews were opened; %(accepted)d accepted by the national coordinator.")
        % {"total": total, "accepted": accepted},
    ]
    lines.append("; ".join(f"{label}: {count}" for label, count in report.status_counts) + ".")
    return lines


def render_docx(report: Synthesis) -> bytes:
    document = new_document(official.FONT)
    heading_block(document, report)
    line(document, "")
    line(document, report.title, size=14, bold=True)
    line(document, report.subtitle, bold=True)
    rule(document, 30)
    body_paragraph(document, _("I. Overall results"), bold=True)
    for text in summary_lines(report):
        body_paragraph(document, text)
    body_paragraph(document, _("II. Recommendations and causes"), bold=True)
    table(document, [_("Recommendation"), _("Reviews")], report.recommendation_counts)
    table(document, [_("Cause"), _("Reviews")], report.cause_counts)
    body_paragraph(document, _("III. Accepted reviews"), bold=True)
    table(document, report.accepted_headers, report.accepted)
    body_paragraph(
        document, _("IV. Dormant commitments (no task or report for two cycles)"), bold=True
    )
    table(document, [_("Commitment"), _("Lead agency")], report.dormant)
    line(document, "")
    closing_block(document, report)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_pdf(report: Synthesis) -> bytes:
    from weasyprint import CSS, HTML

    html = render_to_string(
        "reviews/synthesis_pdf.html",
        {"report": report, "font": official.FONT, "summary": summary_lines(report)},
    )
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(PDF_CSS))])
