"""The dossier summary as a submission ("tờ trình") in DOCX, laid out per Decree 30/2020/NĐ-CP.

The layout helpers (A4, margins, heading block, "Nơi nhận", signature) are those of the
official report (``camket.monitoring.official_docx``); this module writes the content: the
proposal, its necessity, the checklist with its legal basis, the opinions and how they were
handled, the impact assessment and the feasibility summary.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from camket.monitoring import official_docx as layout

FONT = "Times New Roman"


@dataclass
class Heading:
    """What ``official_docx.heading_block`` and ``closing_block`` read."""

    governing_body: str
    issuing_body: str
    number: str
    place_date: str
    recipients: list[str]
    signer_title: str
    signer_name: str


def _heading(proposal) -> Heading:
    agency = proposal.proposing_agency
    today = timezone.localdate()
    abbreviation = agency.abbreviation or agency.code.upper()
    return Heading(
        governing_body=_("THE GOVERNMENT")
        if agency.kind in {"ministry", "ministerial_agency"}
        else "",
        issuing_body=agency.name.upper(),
        number=_("No.: …/TTr-%(abbr)s") % {"abbr": abbreviation},
        place_date=_("Ha Noi, day %(d)s month %(m)s year %(y)s")
        % {"d": f"{today.day:02d}", "m": f"{today.month:02d}", "y": today.year},
        recipients=[
            _("- As above;"),
            _("- Ministry of Foreign Affairs;"),
            _("- Ministry of Justice;"),
            _("- Archived: VT, …."),
        ],
        signer_title=_("MINISTER") if agency.kind == "ministry" else _("HEAD OF AGENCY"),
        signer_name="",
    )


def _date(value) -> str:
    return formats.date_format(value, "d/m/Y") if value else "–"


def dossier_docx(proposal, summary) -> bytes:
    """The tờ trình of ``proposal`` (with ``summary`` from ``evaluation.summary``) as bytes."""
    heading = _heading(proposal)
    document = layout.new_document(FONT)
    layout.heading_block(document, heading)
    layout.line(document, "")
    layout.line(document, _("SUBMISSION"), size=14, bold=True)
    layout.line(
        document,
        _("On the proposal of %(stage)s: %(title)s")
        % {"stage": proposal.get_stage_display().lower(), "title": proposal.commitment.title},
        bold=True,
    )
    layout.rule(document, 30)
    _section(document, _("I. Necessity and purpose"), [proposal.necessity or "–"])
    _section(
        document,
        _("II. Legal basis and dossier"),
        [
            _("Legal basis: %(basis)s.") % {"basis": proposal.get_legal_basis_display()},
            _("Expected entry into force: %(date)s.")
            % {"date": _date(proposal.expected_in_force_on)},
        ],
    )
    layout._table(
        document,
        [_("Dossier item"), _("Legal basis"), _("Satisfied")],
        [
            (item.title, item.article, _date(item.satisfied_at) if item.satisfied_at else _("no"))
            for item in proposal.items.all()
        ],
    )
    layout.body_paragraph(document, _("III. Opinions and how they were handled"), bold=True)
    layout._table(
        document,
        [_("Agency"), _("Due"), _("Answered"), _("Opinion"), _("Handling")],
        [
            (
                r.agency.name,
                _date(r.due_on),
                _date(r.answered_on),
                f"{r.get_stance_display()}: {r.text}" if r.stance else "–",
                r.handling or "–",
            )
            for r in proposal.opinions.select_related("agency")
        ],
    )
    layout.body_paragraph(document, _("IV. Impact assessment"), bold=True)
    layout._table(
        document,
        [_("Dimension"), _("Score"), _("Argument"), _("Cost (VND)"), _("Borne by")],
        [
            (
                e.get_dimension_display(),
                e.get_score_display(),
                e.argument,
                formats.number_format(e.cost, force_grouping=True) if e.cost else "–",
                e.cost_bearer or "–",
            )
            for e in proposal.impacts.all()
        ],
    )
    _feasibility(document, summary)
    _decision(document, proposal)
    layout.line(document, "")
    layout.closing_block(document, heading)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _section(document, title: str, paragraphs: list[str]) -> None:
    layout.body_paragraph(document, title, bold=True)
    for text in paragraphs:
        layout.body_paragraph(document, text)


def _feasibility(document, summary) -> None:
    lines = [
        _("Obligations assessed: %(total)s; A: %(a)s%%, B: %(b)s%%, C: %(c)s%%.")
        % {
            "total": summary.total,
            "a": summary.shares.get("a", 0),
            "b": summary.shares.get("b", 0),
            "c": summary.shares.get("c", 0),
        },
        _("Resources needed: %(amount)s VND.")
        % {"amount": formats.number_format(summary.resources, force_grouping=True)},
        _("Domestic laws to change: %(laws)s.")
        % {"laws": ", ".join(law.code for law in summary.laws) or "–"},
    ]
    if summary.flags:
        lines.append(_("What makes it infeasible:"))
        lines += [f"- {flag}" for flag in summary.flags]
    else:
        lines.append(_("No infeasibility flag."))
    _section(document, _("V. Feasibility"), lines)


def _decision(document, proposal) -> None:
    if not proposal.decision:
        return
    lines = [
        _("Decision: %(decision)s on %(date)s.")
        % {"decision": proposal.get_decision_display(), "date": _date(proposal.decided_on)}
    ]
    if proposal.decision_instrument:
        lines.append(proposal.decision_instrument)
    if proposal.decision_conditions:
        lines.append(proposal.decision_conditions)
    _section(document, _("VI. Decision"), lines)
