"""The extraction assistant: candidate obligations for a commitment, for a person to decide on.

Candidates are recomputed from the commitment's provisions on each visit (the extraction is
deterministic); each has a stable key ``p<provision>:<offset>`` so that accepted ones (stored as
an Obligation with that ``external_key``) and rejected ones are not proposed again.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from camket.agencies.models import Agency
from camket.audit.actions import record_audit
from camket.obligations.actions import ObligationData
from camket.obligations.models import Obligation, RejectedCandidate
from camket.obligations.named_agencies import agency_names, read_agencies
from camket.registry.models import Commitment, Provision, Sector
from camket.registry.search import reindex_commitment
from lawcore.extraction import (
    STATEMENT,
    TREATY,
    CandidateObligation,
    detect_sectors,
    extract_obligations,
    suggest_lead_agency,
)
from lawcore.text import nfc

POLITICAL_KINDS = {Commitment.Kind.LEADERS_STATEMENT, Commitment.Kind.INTERNATIONAL_REVIEW}
ADDRESSEES = {
    "viet_nam": Obligation.Addressee.VIET_NAM,
    "each_party": Obligation.Addressee.EACH_PARTY,
    "all_parties": Obligation.Addressee.ALL_PARTIES,
    "signatories": Obligation.Addressee.ALL_PARTIES,
    "partner": Obligation.Addressee.PARTNER,
    "leaders": Obligation.Addressee.BOTH_SIDES,
    "both_sides": Obligation.Addressee.BOTH_SIDES,
}


@dataclass
class Proposal:
    key: str
    provision: Provision
    candidate: CandidateObligation
    due_on: dt.date | None
    due_text: str
    sectors: list[str]
    agencies: list[tuple[Agency, tuple[str, ...]]] = field(default_factory=list)
    # Agencies the sentence itself names as cooperating ("phối hợp với Bộ Tài chính").
    cooperating: list[Agency] = field(default_factory=list)

    @property
    def addressee(self) -> str:
        found = self.candidate.addressee
        return ADDRESSEES.get(found.kind, Obligation.Addressee.OTHER) if found else ""


def _due(candidate: CandidateObligation) -> tuple[dt.date | None, str]:
    """An absolute deadline where the text gives one; else the phrase as written."""
    for phrase in candidate.dates:
        if phrase.bound != "deadline":
            continue
        if phrase.kind == "date" and phrase.value:
            return dt.date.fromisoformat(phrase.value), phrase.text
        if phrase.kind == "year" and phrase.value:
            return dt.date(int(phrase.value), 12, 31), phrase.text
        return None, phrase.text
    return None, ""


def _agencies(text: str, sectors: list[str], by_code: dict[str, Agency]):
    suggestions = suggest_lead_agency(text, sectors=sectors)[:3]
    names = dict(Sector.objects.values_list("code", "name_vi"))
    return [
        (by_code[s.code], tuple(_reason_text(why, names) for why in s.matched))
        for s in suggestions
        if s.code in by_code
    ]


SECTOR_REASON = re.compile(r"sector:(?P<code>[\w-]+) \((?P<why>.*)\)")


def _reason_text(why: str, sector_names: dict[str, str]) -> str:
    """A reason of ``suggest_lead_agency`` in words: "sector:trade (given)" names the sector."""
    found = SECTOR_REASON.fullmatch(why)
    if found is None:
        return why  # a keyword found in the text, quoted as is
    sector = sector_names.get(found["code"], found["code"])
    if found["why"] == "given":
        return _("sector of the commitment: %(sector)s") % {"sector": sector}
    return _("sector %(sector)s: %(keywords)s") % {"sector": sector, "keywords": found["why"]}


def proposals(commitment: Commitment, *, limit: int = 60, offset: int = 0) -> tuple[list, int]:
    """Open proposals for ``commitment`` (page of ``limit``) and their total count."""
    kind = STATEMENT if commitment.kind in POLITICAL_KINDS else TREATY
    taken = set(
        commitment.obligations.exclude(external_key="").values_list("external_key", flat=True)
    )
    taken |= set(
        RejectedCandidate.objects.filter(commitment=commitment).values_list("key", flat=True)
    )
    by_code = {
        a.code: a
        for a in Agency.objects.filter(kind__in=["ministry", "ministerial_agency"], is_active=True)
    }
    found: list[Proposal] = []
    for provision in commitment.provisions.exclude(text="").order_by("order"):
        for candidate in extract_obligations(provision.text, kind=kind, include_permissions=False):
            key = f"p{provision.pk}:{candidate.start}"
            if key in taken:
                continue
            found.append(
                Proposal(
                    key,
                    provision,
                    candidate,
                    *_due(candidate),
                    [code for code, _ in detect_sectors(candidate.sentence)],
                )
            )
    page = found[offset : offset + limit]
    names = agency_names() if page else []
    for proposal in page:
        proposal.agencies = _agencies(proposal.candidate.sentence, proposal.sectors, by_code)
        _named(proposal, names)
    return page, len(found)


def _named(proposal: Proposal, names) -> None:
    """Agencies the sentence names ("Bộ X chủ trì, phối hợp với Bộ Y") lead the suggestions.

    A former agency named in the text is replaced by its successor.
    """
    assignment, agencies = read_agencies(proposal.candidate.sentence, names)
    if assignment.lead:
        lead = assignment.lead[0]
        proposal.agencies = [
            (agencies[lead.code], (lead.text,)),
            *(pair for pair in proposal.agencies if pair[0].code != lead.code),
        ][:3]
    proposal.cooperating = [agencies[a.code] for a in assignment.cooperating]


@transaction.atomic
def reject(commitment: Commitment, key: str, *, acting_user) -> None:
    rejection, created = RejectedCandidate.objects.get_or_create(
        commitment=commitment, key=key, defaults={"rejected_by": acting_user}
    )
    if created:
        record_audit(
            rejection, "candidate.rejected", acting_user, after={"key": key}, subject=commitment
        )


@transaction.atomic
def add_full_text(commitment: Commitment, text: str, language: str, *, acting_user) -> Provision:
    """Store a pasted full text (e.g. a joint statement) as a provision the assistant reads."""
    last = commitment.provisions.order_by("-order").values_list("order", flat=True).first() or 0
    provision = Provision.objects.create(
        commitment=commitment,
        level=Provision.Level.SECTION,
        heading="",
        text=nfc(text),
        language=language,
        order=last + 1,
    )
    reindex_commitment(commitment)
    record_audit(
        provision, "provision.added", acting_user, after={"chars": len(text)}, subject=commitment
    )
    return provision


def proposed_data(commitment: Commitment, proposal: Proposal) -> ObligationData:
    """The obligation "Chấp nhận" records for ``proposal`` when the officer changes nothing.

    The same values the assistant's form starts with (``views.assistant_page``), posted back
    unchanged: the sentence as the obligation, the modality and addressee found, the deadline,
    the first suggested lead agency, the sectors and phased schedule, and the reasons.
    """
    political = commitment.kind in POLITICAL_KINDS
    return ObligationData(
        commitment=commitment.pk,
        provision=proposal.provision.pk,
        source_text=proposal.candidate.sentence,
        source_start=proposal.candidate.start,
        text=proposal.candidate.sentence,
        modality=Obligation.Modality.POLITICAL if political else proposal.candidate.modality.value,
        addressee=proposal.addressee or Obligation.Addressee.VIET_NAM,
        due_on=proposal.due_on,
        due_text=proposal.due_text[:200],
        lead_agency=proposal.agencies[0][0].code if proposal.agencies else None,
        method=Obligation.Method.ASSISTANT,
        reasons=list(proposal.candidate.reasons),
        external_key=proposal.key,
        schedule=[{"text": x.text, "reading": x.describe()} for x in proposal.candidate.schedules],
        sectors=proposal.sectors,
    )


def proposals_in(provisions, commitment: Commitment, *, limit: int) -> list[Proposal]:
    """The first ``limit`` proposals found in ``provisions`` (in order), accepted or not.

    Unlike :func:`proposals` the choice does not depend on what was already decided, so a
    caller that accepts them (the demo) picks the same ones on every run.
    """
    kind = STATEMENT if commitment.kind in POLITICAL_KINDS else TREATY
    by_code = {
        a.code: a
        for a in Agency.objects.filter(kind__in=["ministry", "ministerial_agency"], is_active=True)
    }
    found: list[Proposal] = []
    for provision in provisions:
        for candidate in extract_obligations(provision.text, kind=kind, include_permissions=False):
            sectors = [code for code, _ in detect_sectors(candidate.sentence)]
            key = f"p{provision.pk}:{candidate.start}"
            found.append(Proposal(key, provision, candidate, *_due(candidate), sectors))
            if len(found) == limit:
                break
        if len(found) == limit:
            break
    for proposal in found:
        proposal.agencies = _agencies(proposal.candidate.sentence, proposal.sectors, by_code)
    return found
