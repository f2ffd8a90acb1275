"""The agenda brief of a meeting for the Vietnamese delegation (DOCX, Decree 30/2020 layout).

It lists, for one meeting, its agenda and every open implementation issue raised at its mechanism
(or a committee under it) that the reader may see: facts, impact, what was proposed, the last step
and the position to take. Layout helpers are the official report's (``official_docx``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from camket.coordination.mechanisms.models import Meeting
from camket.coordination.mechanisms.queries import agenda_issues
from camket.monitoring import official_docx as layout
from camket.monitoring.official import FONT, issuer_of, place_date


@dataclass
class Brief:
    governing_body: str
    issuing_body: str
    number: str
    place_date: str
    title: str
    subtitle: str
    meeting: Meeting
    issues: list = field(default_factory=list)
    signer_title: str = ""
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)


def build(user, meeting: Meeting) -> Brief:
    issuer = issuer_of(user)
    abbreviation = (issuer.abbreviation or issuer.code.upper()) if issuer else "..."
    subtitle = _("Issues for the %(meeting)s, %(date)s") % {
        "meeting": meeting.title,
        "date": meeting.held_on.strftime("%d/%m/%Y"),
    }
    if meeting.is_sample:
        subtitle = f"{subtitle} — {_('Sample data')}"
    return Brief(
        governing_body=(issuer.parent.name_vi if issuer and issuer.parent else "").upper(),
        issuing_body=(issuer.name_vi if issuer else "").upper(),
        number=_("No.: .../TL-%(abbr)s") % {"abbr": abbreviation},
        place_date=place_date(timezone.localdate()),
        title=_("BRIEF FOR THE VIETNAMESE DELEGATION"),
        subtitle=subtitle,
        meeting=meeting,
        issues=list(agenda_issues(user, meeting)),
        signer_title=_("HEAD OF AGENCY"),
        signer_name=_("[Full name]"),
        recipients=[
            _("- Members of the delegation;"),
            _("- Lead agencies of the issues;"),
            _("- Filed: VT, %(abbr)s.") % {"abbr": abbreviation},
        ],
    )


def _last_step(issue):
    steps = list(issue.steps.all())
    return steps[-1] if steps else None


def render_docx(brief: Brief) -> bytes:
    document = layout.new_document(FONT)
    layout.heading_block(document, brief)
    layout.line(document, "")
    layout.line(document, brief.title, size=14, bold=True)
    layout.line(document, brief.subtitle, bold=True)
    layout.rule(document, 30)
    meeting = brief.meeting
    layout.body_paragraph(document, _("I. The meeting"), bold=True)
    layout.body_paragraph(
        document,
        _("Mechanism: %(mechanism)s. Date: %(date)s. Place: %(place)s.")
        % {
            "mechanism": meeting.mechanism.name,
            "date": meeting.held_on.strftime("%d/%m/%Y"),
            "place": meeting.place or "–",
        },
    )
    if meeting.agenda:
        layout.body_paragraph(document, _("Agenda:"), bold=True)
        for item in meeting.agenda.splitlines():
            if item.strip():
                layout.body_paragraph(document, item.strip())
    layout.body_paragraph(document, _("II. Issues to raise or follow up"), bold=True)
    if not brief.issues:
        layout.body_paragraph(document, _("No open issue is recorded for this mechanism."))
    for number, issue in enumerate(brief.issues, 1):
        layout.body_paragraph(document, f"{number}. {issue.title}", bold=True)
        layout.body_paragraph(
            document,
            _(
                "Commitment: %(commitment)s. Whose obligation: %(side)s. Lead agency: %(agency)s. "
                "Raised on %(date)s, open for %(days)s days."
            )
            % {
                "commitment": issue.commitment.short_name or issue.commitment.title_vi,
                "side": issue.get_side_display(),
                "agency": issue.lead_agency.name,
                "date": issue.raised_on.strftime("%d/%m/%Y"),
                "days": issue.days_open,
            },
        )
        layout.body_paragraph(document, _("Facts: %(text)s") % {"text": issue.facts})
        if issue.impact:
            layout.body_paragraph(document, _("Impact: %(text)s") % {"text": issue.impact})
        if issue.proposed_measure:
            layout.body_paragraph(
                document,
                _("Proposed: %(measure)s.") % {"measure": issue.get_proposed_measure_display()},
            )
        step = _last_step(issue)
        if step is not None:
            layout.body_paragraph(
                document,
                _("Last step (%(date)s, %(status)s): %(text)s")
                % {
                    "date": step.on.strftime("%d/%m/%Y"),
                    "status": step.get_status_display(),
                    "text": step.decision or step.note,
                },
            )
    layout.line(document, "")
    layout.closing_block(document, brief)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
