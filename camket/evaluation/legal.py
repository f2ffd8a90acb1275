"""The one place the evaluation app reads the pure law of ``lawcore`` (engineer P1's part).

- ``lawcore.dossier.checklist``: the dossier items of a legal basis and stage, each with its
  article, kind, who gives the opinion and the time limit in the law's own unit;
- ``lawcore.workdays.deadline``: the last day of an opinion's time limit (days counted by the
  Civil Code, or working days; Labour Code 45/2019/QH14 art. 112 holidays);
- ``lawcore.gate``: which event needs an approved proposal of which stage (``gate.py`` here).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lawcore import dossier, gate, workdays

# The agency that answers for each opinion role (codes of camket/agencies/seed/agencies.json).
# The National Assembly Standing Committee is served by the Office of the National Assembly;
# foreign affairs in the National Assembly are with its Committee on National Defence, Security
# and Foreign Affairs (since 2025). The managing agency of a sector and other consulted bodies
# are chosen by hand.
ROLE_AGENCY = {
    dossier.MOFA: "bng",
    dossier.MOJ: "btp",
    dossier.MOF: "btc",
    dossier.MOD: "bqp",
    dossier.MPS: "bca",
    dossier.NA_STANDING_COMMITTEE: "vpqh",
    dossier.NA_FOREIGN_AFFAIRS: "ubqpandn",
}


@dataclass(frozen=True)
class Item:
    """A dossier item as the app stores it (see ``ChecklistItem``)."""

    code: str
    title_vi: str
    title_en: str
    article_vi: str
    article_en: str
    kind: str  # document | assessment | opinion
    opinion_role: str = ""
    time_limit: int | None = None
    time_unit: str = ""
    required: bool = True


def checklist(legal_basis: str, stage: str, *, amends_law: bool, oda_loan: bool) -> list[Item]:
    """Raises ValueError for a stage the law does not give ``legal_basis``."""
    items = dossier.checklist(legal_basis, stage, amends_law=amends_law, oda_loan=oda_loan)
    return [
        Item(
            code=i.code,
            title_vi=i.title_vi,
            title_en=i.title_en,
            article_vi=i.article.label_vi(),
            article_en=i.article.label_en(),
            kind=i.kind,
            opinion_role=i.opinion_from,
            time_limit=i.time_limit,
            time_unit=i.time_unit,
            required=i.required,
        )
        for i in items
    ]


def stages_for(legal_basis: str) -> list[str]:
    """The stages a proposal under ``legal_basis`` may have (those with a checklist)."""
    found = []
    for stage in gate.STAGES:
        try:
            dossier.checklist(legal_basis, stage)
        except ValueError:
            continue
        found.append(stage)
    return found


def legal_basis_for(commitment) -> str:
    return dossier.legal_basis_for(commitment.kind, commitment.level)


def due_on(start: dt.date, limit: int | None, unit: str) -> dt.date | None:
    """The last day to answer an opinion asked on ``start`` (None when the law sets none)."""
    if not limit or not unit:
        return None
    return workdays.deadline(start, limit, unit)
