"""The explanation report of a consultation ("báo cáo tiếp thu, giải trình ý kiến góp ý").

A DOCX in the project's Decree 30/2020/NĐ-CP layout (``camket.monitoring.official_docx``):
heading block of the lead agency, "BÁO CÁO", the overview, one row per comment (what was said,
on which provision or question, by whom as published, whether it was taken on and why), the
agency's summary, "Nơi nhận" and the signature block. Personal data are masked as on the public
page. :func:`consultation_report_for` is what the proposal's dossier (camket.evaluation) calls.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from camket.monitoring.official import FONT, place_date, recipients
from camket.monitoring.official_docx import (
    LEFT,
    body_paragraph,
    closing_block,
    heading_block,
    line,
    new_document,
    rule,
)
from camket.portal.consultation.models import Comment, Consultation
from camket.portal.consultation.public import masked


@dataclass
class ExplanationReport:
    governing_body: str
    issuing_body: str
    number: str
    place_date: str
    title: str
    subtitle: str
    overview: list[str]
    rows: list[tuple[str, str, str, str, str, str]]
    summary: str
    signer_title: str = ""
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)


def consultation_report_for(proposal) -> Consultation | None:
    """The consultation of ``proposal`` (camket.evaluation) whose explanation report is
    published, latest first; None when there is none. Satisfies the consultation item of the
    proposal's dossier: its ``report_published_at`` is the date, :func:`render_docx` the file
    and ``get_public_url()`` the public page."""
    return (
        Consultation.objects.filter(proposal_id=proposal.pk, report_published_at__isnull=False)
        .order_by("-report_published_at")
        .first()
    )


def build(consultation: Consultation) -> ExplanationReport:
    agency = consultation.lead_agency
    abbreviation = agency.abbreviation or agency.code.upper()
    comments = list(
        consultation.comments.select_related("provision", "question").order_by("submitted_at", "pk")
    )
    outcomes = Counter(c.outcome for c in comments)
    day = timezone.localtime(consultation.report_published_at or timezone.now()).date()
    overview = [
        _(
            "%(agency)s consulted the public on “%(title)s” from %(opens)s to %(closes)s "
            "(%(audiences)s)."
        )
        % {
            "agency": agency.name,
            "title": consultation.title,
            "opens": consultation.opens_on.strftime("%d/%m/%Y"),
            "closes": consultation.closes_on.strftime("%d/%m/%Y"),
            "audiences": ", ".join(consultation.audience_labels),
        },
        _(
            "%(total)d comments were received: %(accepted)d accepted, %(partly)d partly "
            "accepted, %(not_accepted)d not accepted."
        )
        % {
            "total": len(comments),
            "accepted": outcomes[Comment.Outcome.ACCEPTED],
            "partly": outcomes[Comment.Outcome.PARTLY],
            "not_accepted": outcomes[Comment.Outcome.NOT_ACCEPTED],
        },
    ]
    if consultation.is_sample:
        overview.append(f"{_('Sample data')}: {sample_notice()}")
    return ExplanationReport(
        governing_body=(agency.parent.name_vi if agency.parent else "").upper(),
        issuing_body=agency.name_vi.upper(),
        number=_("No.: .../BC-%(abbr)s") % {"abbr": abbreviation},
        place_date=place_date(day),
        title=_("REPORT"),
        subtitle=_("Taking on and explaining the comments on “%(title)s”")
        % {"title": consultation.title},
        overview=overview,
        rows=[_row(number, c) for number, c in enumerate(comments, 1)],
        summary=consultation.report_summary,
        signer_title=_("HEAD OF AGENCY"),
        signer_name=_("[Full name]"),
        recipients=recipients(abbreviation),
    )


def sample_notice() -> str:
    from camket.portal.consultation.sample import SAMPLE_NOTICE

    return str(SAMPLE_NOTICE)


def _row(number: int, comment: Comment) -> tuple[str, str, str, str, str, str]:
    if comment.provision is not None:
        about = comment.provision.label
    elif comment.question is not None:
        about = _("Question %(number)d") % {"number": comment.question.number}
    else:
        about = _("The whole draft")
    return (
        str(number),
        about,
        comment.public_author or comment.get_author_kind_display(),
        masked(comment.text),
        comment.get_outcome_display() if comment.outcome else "",
        masked(comment.reason),
    )


def render_docx(consultation: Consultation) -> bytes:
    """The explanation report of ``consultation`` as DOCX bytes."""
    report = build(consultation)
    document = new_document(FONT)
    heading_block(document, report)
    line(document, "")
    line(document, report.title, size=14, bold=True)
    line(document, report.subtitle, bold=True)
    rule(document, 30)
    body_paragraph(document, _("I. The consultation"), bold=True)
    for text in report.overview:
        body_paragraph(document, text)
    body_paragraph(document, _("II. Comments and how they were taken on"), bold=True)
    headers = [
        _("No."),
        _("About"),
        _("From"),
        _("Comment"),
        _("Outcome"),
        _("Reason"),
    ]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        line(cell, text, size=12, bold=True, first=True)
    for row in report.rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            line(cell, value, size=12, align=LEFT, first=True)
    if not report.rows:
        line(table.add_row().cells[0], _("No comment was received."), size=12, first=True)
    body_paragraph(document, _("III. Conclusion"), bold=True)
    for paragraph in report.summary.splitlines():
        if paragraph.strip():
            body_paragraph(document, paragraph.strip())
    line(document, "")
    closing_block(document, report)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
