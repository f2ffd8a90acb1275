"""Import UN Universal Periodic Review recommendations received by Viet Nam.

Each review cycle becomes one commitment of kind "international review" (lead: Ministry of
Foreign Affairs), each recommendation one obligation with Viet Nam's response as coded in the
source. Idempotent: obligations are keyed ``upr:<cycle>:<report paragraph>``.

Facts (OHCHR, https://www.ohchr.org/en/hr-bodies/upr/vn-index): Viet Nam was reviewed by the UPR
Working Group on 8 May 2009 (report A/HRC/12/11) and on 5 February 2014 (report A/HRC/26/6).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from camket.agencies.models import Agency
from camket.obligations.actions import ObligationData, import_obligation
from camket.obligations.models import Obligation
from camket.registry.actions import CommitmentData, EventData, Lookups, create_commitment
from camket.registry.models import Commitment
from lawcore.extraction import detect_sectors, suggest_lead_agency
from lawcore.text import nfc

SOURCE = "https://www.ohchr.org/en/hr-bodies/upr/vn-index"
CYCLES = {
    1: (dt.date(2009, 5, 8), "A/HRC/12/11", "I"),
    2: (dt.date(2014, 2, 5), "A/HRC/26/6", "II"),
}
RESPONSES = {
    "support": Obligation.Response.ACCEPTED,
    "implemented": Obligation.Response.IMPLEMENTED,
    "implement": Obligation.Response.IMPLEMENTED,
    "consider": Obligation.Response.UNDER_CONSIDERATION,
    "noted": Obligation.Response.NOTED,
}
_LEADING_NUMBER = re.compile(r"^\s*\d[\d.]*\s*")  # "99.2", "143.227.", "143.1..1"
_TRAILING_STATES = re.compile(r"\s*\(([^()]*)\)\s*[;.]?\s*$")


@dataclass
class UprSummary:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0


def _cycle_commitment(cycle: int) -> Commitment:
    """The commitment of one review cycle, created with its review date on first import."""
    reviewed_on, symbol, roman = CYCLES[cycle]
    code = f"vn/review/{reviewed_on.year}/upr-{cycle}"
    commitment = Commitment.objects.filter(code=code).first()
    if commitment:
        return commitment
    data = CommitmentData(
        code=code,
        kind=Commitment.Kind.INTERNATIONAL_REVIEW,
        level=Commitment.Level.STATE,
        scope=Commitment.Scope.MULTILATERAL,
        title_vi=f"Khuyến nghị Việt Nam nhận được tại Cơ chế rà soát định kỳ phổ quát (UPR) "
        f"chu kỳ {roman} ({reviewed_on.year})",
        title_en=f"Universal Periodic Review recommendations to Viet Nam, cycle {cycle} "
        f"({reviewed_on.year})",
        short_name=f"UPR {roman}",
        lead_agency="bng",
        confidentiality=Commitment.Confidentiality.PUBLIC,
        source_links=[{"url": SOURCE, "title": f"OHCHR, UPR Viet Nam ({symbol})"}],
        partners=["UNHRC"],
        sectors=["human_rights"],
        events=[
            # Adopted with the review's outcome and accepted ("thông qua", "chấp thuận").
            EventData("acceptance", reviewed_on, instrument=symbol, note="UPR Working Group review")
        ],
    )
    return create_commitment(data, acting_user=None, action="commitment.imported")


def _text(raw: str) -> str:
    """The recommendation without its paragraph number and the recommending states."""
    return _TRAILING_STATES.sub("", _LEADING_NUMBER.sub("", nfc(raw))).strip()


def _values(commitment: Commitment, key: str, row: dict, agencies: set[str]) -> ObligationData:
    text = _text(row["text"])
    sectors = [code for code, _ in detect_sectors(text)]
    suggestions = [s for s in suggest_lead_agency(text, sectors) if s.code in agencies]
    return ObligationData(
        commitment=commitment.pk,
        external_key=key,
        number=row["report_para"],
        source_text=row["text"],
        text=text,
        modality=Obligation.Modality.POLITICAL,
        addressee=Obligation.Addressee.VIET_NAM,
        response=RESPONSES.get(row["decision_as_coded"], ""),
        lead_agency=suggestions[0].code if suggestions else None,
        method=Obligation.Method.IMPORT,
        reasons=[
            "Recommended by: " + ", ".join(row["recommending_states"]),
            f"Report {row['report_symbol']}, paragraph {row['report_para']}",
            f"Response as coded in the source: {row['decision_as_coded']}",
        ],
        sectors=sectors,
    )


@transaction.atomic
def import_upr(path: Path, progress: Callable[[], None] | None = None) -> UprSummary:
    """Load the recommendations file in one transaction."""
    rows = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    agencies = set(
        Agency.objects.filter(kind__in=["ministry", "ministerial_agency"]).values_list(
            "code", flat=True
        )
    )
    lookups = Lookups.load()
    summary = UprSummary()
    seen: dict[str, int] = {}
    for row in rows:
        commitment = _cycle_commitment(int(row["cycle"]))
        key = f"upr:{row['cycle']}:{row['report_para']}"
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:  # the source repeats some paragraph numbers for distinct texts
            key = f"{key}:{seen[key]}"
        _, outcome = import_obligation(_values(commitment, key, row, agencies), lookups=lookups)
        setattr(summary, outcome, getattr(summary, outcome) + 1)
        if progress:
            progress()
    return summary
