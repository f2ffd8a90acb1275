"""The register list as an XLSX file: the rows the reader sees with the filters they chose."""

from __future__ import annotations

from django.utils.translation import gettext as _

from camket.registry.models import Commitment
from camket.spreadsheet import DATE, Column, Sheet, choice_labels

TITLE = 70


def register_sheet(commitments) -> Sheet:
    """One row per commitment of ``commitments`` (already filtered by ``visible_to``)."""
    columns = [
        Column(_("Title"), width=TITLE),
        Column(_("Short name"), width=16),
        Column(_("Kind"), width=24, labels=choice_labels(Commitment.Kind)),
        Column(_("Concluded in the name of"), width=20, labels=choice_labels(Commitment.Level)),
        Column(_("Status"), width=18, labels=choice_labels(Commitment.Status)),
        Column(
            _("Confidentiality"), width=14, labels=choice_labels(Commitment.Confidentiality)
        ),
        Column(_("Partners"), width=40),
        Column(_("Sectors"), width=30),
        Column(_("Lead agency"), width=30),
        Column(_("Signed on"), DATE),
        Column(_("In force since"), DATE),
    ]
    rows = (
        (
            c.title,
            c.short_name,
            c.kind,
            c.level,
            c.status,
            c.confidentiality,
            "; ".join(p.name for p in c.partners.all()),
            "; ".join(s.name for s in c.sectors.all()),
            c.lead_agency.name if c.lead_agency else "",
            c.signed_on,
            c.in_force_on,
        )
        for c in commitments.select_related("lead_agency")
        .prefetch_related("partners", "sectors")
        .iterator(2000)
    )
    return Sheet(_("Commitments"), columns, rows)
