"""Writes of the step before signing: one transaction and one audit row each (decision 0014).

Forms, the demo and tests call these with plain values. Every action that changes the dossier
of an approved proposal compares it with the snapshot taken at approval and reopens the
proposal when it differs (:func:`reopen_if_changed`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from camket.agencies.models import Agency, former_agency_problems
from camket.audit.actions import record_audit, snapshot
from camket.evaluation import legal
from camket.evaluation import permissions as perms
from camket.evaluation.models import (
    ChecklistItem,
    DossierSnapshot,
    Feasibility,
    GateOverride,
    ImpactEntry,
    OpinionRequest,
    Proposal,
)
from camket.monitoring.evidence import check_upload
from camket.obligations.models import Obligation, Task
from camket.querystring import MAX_ID
from camket.registry.models import Commitment
from camket.versioning import claim_version
from camket.writes import Problems
from lawcore.text import nfc

TREATIES = {Proposal.LegalBasis.TREATY_STATE, Proposal.LegalBasis.TREATY_GOVERNMENT}
APPROVALS = {Proposal.Decision.APPROVED, Proposal.Decision.APPROVED_WITH_CONDITIONS}


########## The proposal and its checklist ##########


@dataclass
class ProposalData:
    """A proposal as plain values: the commitment by code, the agency by code."""

    commitment: str
    stage: str
    legal_basis: str
    proposing_agency: str
    necessity: str = ""
    amends_law: bool = False
    oda_loan: bool = False
    expected_in_force_on: dt.date | None = None
    affected_groups: list[str] = field(default_factory=list)
    is_sample: bool = False


def _proposal_problems(data: ProposalData) -> Problems:
    problems = Problems(Proposal, data.commitment or "?")
    problems.check(
        data,
        required=("stage", "legal_basis", "proposing_agency"),
        choices={"stage": Proposal.Stage, "legal_basis": Proposal.LegalBasis},
    )
    if data.proposing_agency and not Agency.objects.filter(code=data.proposing_agency).exists():
        problems.add(
            "proposing_agency",
            _("“%(value)s” is not a known code for “%(field)s”."),
            value=data.proposing_agency,
        )
    if former := former_agency_problems([data.proposing_agency]):
        problems.add("proposing_agency", "%(problem)s", problem=former[data.proposing_agency])
    return problems


@transaction.atomic
def create_proposal(data: ProposalData, *, acting_user) -> Proposal:
    """Open a draft proposal with the checklist of its legal basis and stage.

    ``acting_user=None`` is the system (the demo). Raises ValidationError naming the field for
    bad values and for a second open proposal of the same stage; PermissionDenied unless the
    user is national, or acts for the proposing agency and that agency leads or supports the
    commitment.
    """
    problems = _proposal_problems(data)
    commitment = Commitment.objects.filter(code=data.commitment).first()
    if commitment is None:
        problems.add(
            "commitment",
            _("“%(value)s” is not a known code for “%(field)s”."),
            value=data.commitment,
        )
    elif (
        data.stage
        and Proposal.objects.filter(commitment=commitment, stage=data.stage).open().exists()
    ):
        problems.add("stage", _("An open proposal for this step already exists."))
    if problems.errors:
        raise ValidationError(problems.errors)
    agency = Agency.objects.get(code=data.proposing_agency)
    if acting_user is not None and not perms.can_propose_on(acting_user, agency.pk, commitment):
        raise PermissionDenied
    proposal = Proposal(commitment=commitment, proposing_agency=agency)
    _fill(proposal, data)
    proposal.is_sample = data.is_sample
    proposal.save()
    _sync_checklist(proposal)
    record_audit(
        proposal, "proposal.created", acting_user, after=snapshot(proposal), subject=commitment
    )
    return proposal


def _fill(proposal: Proposal, data: ProposalData) -> None:
    proposal.stage, proposal.legal_basis = data.stage, data.legal_basis
    proposal.necessity = nfc(data.necessity)
    proposal.amends_law, proposal.oda_loan = data.amends_law, data.oda_loan
    proposal.expected_in_force_on = data.expected_in_force_on
    proposal.affected_groups = list(data.affected_groups)


@transaction.atomic
def update_proposal(
    proposal: Proposal, data: ProposalData, *, acting_user, version: int | None = None
) -> Proposal:
    """Change what the proposing agency wrote; the checklist follows the basis and flags
    (items already satisfied keep their document or assessment)."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if acting_user is not None and not perms.can_prepare(acting_user, proposal):
        raise PermissionDenied
    data.proposing_agency = proposal.proposing_agency.code
    data.commitment = proposal.commitment.code
    problems = _proposal_problems(data)
    if problems.errors:
        raise ValidationError(problems.errors)
    claim_version(proposal, version)
    before = snapshot(proposal)
    _fill(proposal, data)
    proposal.save()
    _sync_checklist(proposal)
    record_audit(
        proposal,
        "proposal.updated",
        acting_user,
        before=before,
        after=snapshot(proposal),
        subject=proposal.commitment,
    )
    reopen_if_changed(proposal, acting_user=acting_user)
    return proposal


def _sync_checklist(proposal: Proposal) -> None:
    """Make the checklist rows those of ``lawcore.dossier`` for the proposal's basis and flags."""
    wanted = _checklist(proposal)
    kept = {item.code: item for item in proposal.items.all()}
    proposal.items.exclude(code__in=[w.code for w in wanted]).delete()
    for order, item in enumerate(wanted):
        row = kept.get(item.code) or ChecklistItem(proposal=proposal, code=item.code)
        row.title_vi, row.title_en = item.title_vi, item.title_en
        row.article, row.article_en = item.article_vi, item.article_en
        row.kind, row.required, row.order = item.kind, item.required, order
        row.save()
    _sync_assessments(proposal)
    _sync_consultation_report(proposal)


def _checklist(proposal: Proposal) -> list[legal.Item]:
    try:
        return legal.checklist(
            proposal.legal_basis,
            proposal.stage,
            amends_law=proposal.amends_law,
            oda_loan=proposal.oda_loan,
        )
    except ValueError:
        raise ValidationError(
            {
                "stage": _("The step “%(stage)s” does not exist for “%(basis)s”.")
                % {
                    "stage": proposal.get_stage_display(),
                    "basis": proposal.get_legal_basis_display(),
                }
            }
        ) from None


def opinion_items(proposal: Proposal) -> dict[str, legal.Item]:
    """The opinion items of the proposal's checklist by code (with role and clock)."""
    return {
        item.code: item for item in _checklist(proposal) if item.kind == ChecklistItem.Kind.OPINION
    }


@transaction.atomic
def satisfy_item(item: ChecklistItem, *, note: str = "", upload=None, acting_user) -> ChecklistItem:
    """Satisfy a document or assessment item with a checked file and/or a written assessment.

    The file is checked as evidence is (type sniffed, size, zip bombs: ``monitoring.evidence``);
    an empty note and no file is refused with a message naming the item.
    """
    proposal = Proposal.objects.select_for_update().get(pk=item.proposal_id)
    if acting_user is not None and not perms.can_prepare(acting_user, proposal):
        raise PermissionDenied
    if item.kind == ChecklistItem.Kind.OPINION:
        raise ValidationError(
            _("“%(item)s” is satisfied by the opinion itself.") % {"item": item.title}
        )
    checked = check_upload(upload) if upload is not None else None
    note = nfc(note or "").strip()
    if not note and checked is None and not item.file:
        raise ValidationError(
            _("“%(item)s”: attach a document or write the assessment.") % {"item": item.title}
        )
    before = snapshot(item)
    item.note = note
    if checked is not None:
        item.file.save(checked.name, ContentFile(checked.content), save=False)
        item.file_name, item.checksum = checked.name, checked.sha256
    item.satisfied_at = timezone.now()
    item.save()
    record_audit(
        item,
        "proposal.item_satisfied",
        acting_user,
        before=before,
        after=snapshot(item),
        subject=proposal.commitment,
    )
    reopen_if_changed(proposal, acting_user=acting_user)
    return item


# Assessment items satisfied by the structured forms, by a part of their lawcore code: the
# impact report; the feasibility and the draft implementation plan (the B/C categories become
# the plan at signature). Compatibility items are written by hand (or with a document).
ASSESSED_BY = {
    "impact": "impacts",
    "feasibility": "feasibility",
    "implementation_plan": "feasibility",
}


def _sync_assessments(proposal: Proposal) -> None:
    """Assessment items about impact or feasibility are satisfied by the structured forms:
    every impact dimension argued; every obligation of the commitment categorised."""
    done = {
        "impacts": proposal.impacts.count() == len(ImpactEntry.Dimension.values),
        "feasibility": _feasibility_complete(proposal),
    }
    for item in proposal.items.filter(kind=ChecklistItem.Kind.ASSESSMENT):
        source = next((v for k, v in ASSESSED_BY.items() if k in item.code), None)
        if source is None:
            continue
        satisfied = done[source]
        if satisfied != item.is_satisfied:
            item.satisfied_at = timezone.now() if satisfied else None
            item.save(update_fields=["satisfied_at"])


# The item a public consultation's explanation report satisfies ("Báo cáo giải trình, tiếp thu
# ý kiến"), by the last part of its lawcore code (every basis has one, decision 0019).
CONSULTATION_ITEM = ".opinions_report"


def _sync_consultation_report(proposal: Proposal) -> list[ChecklistItem]:
    """The consultation items of ``proposal`` satisfied by the published explanation report of
    its public consultation (``consultation.report.consultation_report_for``); returns the
    items changed. What was attached by hand stays; the item now also names the report."""
    from camket.portal.consultation.report import consultation_report_for

    report = consultation_report_for(proposal)
    if report is None:
        return []
    changed = []
    for item in proposal.items.filter(code__endswith=CONSULTATION_ITEM):
        if item.consultation_id == report.pk:
            continue
        item.consultation_id = report.pk
        item.satisfied_at = item.satisfied_at or report.report_published_at
        item.save(update_fields=["consultation_id", "satisfied_at"])
        changed.append(item)
    return changed


@transaction.atomic
def take_consultation_report(proposal_pk: int, *, acting_user) -> list[ChecklistItem]:
    """Satisfy the proposal's consultation item with the explanation report just published
    (called by ``consultation.actions.publish_report`` inside its transaction).

    The consultation's own action checked who may publish; this one only refuses a dossier
    that is closed (a proposal returned with a decision other than approval). As for every
    other item, an approved proposal whose dossier thereby changes is reopened with an audit
    row naming the item (:func:`reopen_if_changed`): the approval is never changed in silence.
    """
    proposal = Proposal.objects.select_for_update().filter(pk=proposal_pk).first()
    if proposal is None or (
        proposal.status == Proposal.Status.DECIDED and not proposal.is_approved
    ):
        return []
    before = {
        item.pk: snapshot(item) for item in proposal.items.filter(code__endswith=CONSULTATION_ITEM)
    }
    changed = _sync_consultation_report(proposal)
    for item in changed:
        record_audit(
            item,
            "proposal.item_satisfied",
            acting_user,
            before=before.get(item.pk),
            after=snapshot(item),
            subject=proposal.commitment,
        )
    if changed:
        reopen_if_changed(proposal, acting_user=acting_user)
    return changed


def _feasibility_complete(proposal: Proposal) -> bool:
    wanted = set(obligations_assessed(proposal).values_list("pk", flat=True))
    have = set(proposal.feasibility.values_list("obligation_id", flat=True))
    return bool(wanted) and wanted <= have


def obligations_assessed(proposal: Proposal):
    """The obligations Viet Nam would take on: those of the commitment addressed to it."""
    return Obligation.objects.filter(commitment_id=proposal.commitment_id).exclude(
        addressee=Obligation.Addressee.PARTNER
    )


########## Submission and opinions ##########


def missing_items(proposal: Proposal, kinds=None) -> list[ChecklistItem]:
    items = proposal.items.filter(required=True, satisfied_at__isnull=True)
    if kinds:
        items = items.filter(kind__in=kinds)
    return list(items)


@transaction.atomic
def submit_proposal(proposal: Proposal, *, acting_user, today: dt.date | None = None) -> Proposal:
    """Submit a complete dossier and ask the opinions its checklist requires.

    Refused (naming each missing item) while a required document or assessment is missing.
    Each opinion item with a known agency (MOFA, MOJ, Finance, the NA Standing Committee's
    office) gets a request whose due date is counted in working days from ``today``.
    """
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if acting_user is not None and not perms.can_prepare(acting_user, proposal):
        raise PermissionDenied
    if not proposal.is_editable:
        raise ValidationError(_("Only a proposal being prepared or returned can be submitted."))
    if not proposal.necessity.strip():
        raise ValidationError(_("Write the necessity and purpose before submitting."))
    missing = missing_items(proposal, [ChecklistItem.Kind.DOCUMENT, ChecklistItem.Kind.ASSESSMENT])
    if missing:
        names = "; ".join(item.title for item in missing)
        raise ValidationError(
            _("The dossier is incomplete; missing: %(items)s.") % {"items": names}
        )
    today = today or timezone.localdate()
    proposal.status, proposal.submitted_on = Proposal.Status.SUBMITTED, today
    proposal.decision = ""
    proposal.save()
    record_audit(
        proposal,
        "proposal.submitted",
        acting_user,
        after=snapshot(proposal),
        subject=proposal.commitment,
    )
    for item in opinion_items(proposal).values():
        agency = legal.ROLE_AGENCY.get(item.opinion_role)
        if agency:
            _request(proposal, agency, item.opinion_role, today, acting_user, item=item)
    return proposal


@transaction.atomic
def request_opinion(
    proposal: Proposal,
    agency_code: str,
    *,
    acting_user,
    role: str = "consulted",
    today: dt.date | None = None,
) -> OpinionRequest:
    """Ask ``agency_code`` for its opinion on a submitted proposal (a consulted body by
    default, with the consulted bodies' clock of the checklist)."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if acting_user is not None and not perms.can_prepare(acting_user, proposal):
        raise PermissionDenied
    if proposal.status not in {Proposal.Status.SUBMITTED, Proposal.Status.UNDER_OPINION}:
        raise ValidationError(_("Opinions are asked once the proposal is submitted."))
    if not Agency.objects.filter(code=agency_code).exists():
        raise ValidationError(_("“%(value)s” is not a known agency code.") % {"value": agency_code})
    if former := former_agency_problems([agency_code]):
        raise ValidationError(former[agency_code])
    if proposal.opinions.filter(agency__code=agency_code).exists():
        raise ValidationError(_("This agency has already been asked for its opinion."))
    item = next((i for i in opinion_items(proposal).values() if i.opinion_role == role), None)
    return _request(
        proposal, agency_code, role, today or timezone.localdate(), acting_user, item=item
    )


def agency_reads(commitment: Commitment, agency: Agency) -> bool:
    """Whether officers of ``agency`` read ``commitment`` (``Commitment.visible_to``)."""
    if commitment.confidentiality == Commitment.Confidentiality.PUBLIC:
        return True
    if commitment.lead_agency_id == agency.pk:
        return True
    return commitment.supporting_agencies.filter(pk=agency.pk).exists()


def _request(proposal, agency_code, role, today, acting_user, *, item=None) -> OpinionRequest:
    agency = Agency.objects.get(code=agency_code)
    if not agency_reads(proposal.commitment, agency):
        raise ValidationError(
            _(
                "%(agency)s cannot read this commitment (it is not public and the agency is "
                "neither its lead nor a supporting agency): the dossier cannot be sent to it."
            )
            % {"agency": agency.name}
        )
    limit = item.time_limit if item else None
    unit = item.time_unit if item else ""
    request, created = OpinionRequest.objects.get_or_create(
        proposal=proposal,
        agency=agency,
        defaults={
            "role": role,
            "item_code": item.code if item else "",
            "time_limit": limit,
            "time_unit": unit,
            "article": item.article_vi if item else "",
            "requested_on": today,
            "due_on": legal.due_on(today, limit, unit),
        },
    )
    if created:
        record_audit(
            request,
            "proposal.opinion_requested",
            acting_user,
            after=snapshot(request),
            subject=proposal.commitment,
        )
    if proposal.status == Proposal.Status.SUBMITTED:
        proposal.status = Proposal.Status.UNDER_OPINION
        proposal.save(update_fields=["status", "updated_at"])
    return request


@transaction.atomic
def give_opinion(
    request: OpinionRequest, *, stance: str, text: str, acting_user, today: dt.date | None = None
) -> OpinionRequest:
    """Record the opinion of the agency asked; its checklist item is then satisfied."""
    request = (
        OpinionRequest.objects.select_for_update().select_related("proposal").get(pk=request.pk)
    )
    if acting_user is not None and not perms.can_answer(acting_user, request):
        raise PermissionDenied
    problems = Problems(OpinionRequest, request.agency.name)
    if stance not in OpinionRequest.Stance.values:
        problems.add("stance", _("“%(field)s” is required."))
    if not (text or "").strip():
        problems.add("text", _("“%(field)s” is required."))
    if problems.errors:
        raise ValidationError(problems.errors)
    before = snapshot(request)
    request.stance, request.text = stance, nfc(text).strip()
    request.answered_on = today or timezone.localdate()
    request.answered_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
    request.save()
    _sync_opinion_items(request.proposal)
    record_audit(
        request,
        "proposal.opinion_given",
        acting_user,
        before=before,
        after=snapshot(request),
        subject=request.proposal.commitment,
    )
    return request


@transaction.atomic
def record_handling(request: OpinionRequest, handling: str, *, acting_user) -> OpinionRequest:
    """The proposing agency says how it took an opinion into account (art. 16-17 dossier)."""
    proposal = Proposal.objects.select_for_update().get(pk=request.proposal_id)
    if acting_user is not None and not perms.can_prepare(acting_user, proposal):
        raise PermissionDenied
    before = snapshot(request)
    request.handling = nfc(handling).strip()
    request.save(update_fields=["handling"])
    record_audit(
        request,
        "proposal.opinion_handled",
        acting_user,
        before=before,
        after=snapshot(request),
        subject=proposal.commitment,
    )
    reopen_if_changed(proposal, acting_user=acting_user)
    return request


def _sync_opinion_items(proposal: Proposal) -> None:
    """An opinion item is satisfied when every request made for it is answered."""
    for item in proposal.items.filter(kind=ChecklistItem.Kind.OPINION):
        requests = list(proposal.opinions.filter(item_code=item.code))
        answered = bool(requests) and all(r.answered_on for r in requests)
        if answered != item.is_satisfied:
            item.satisfied_at = timezone.now() if answered else None
            item.save(update_fields=["satisfied_at"])


########## Impact and feasibility ##########


@dataclass
class ImpactData:
    dimension: str
    score: int
    argument: str
    cost: int | None = None
    cost_bearer: str = ""


@transaction.atomic
def save_impact(
    proposal: Proposal,
    entries: list[ImpactData],
    *,
    affected_groups: list[str] | None = None,
    acting_user,
    version: int | None = None,
) -> Proposal:
    """Write the impact assessment: each fixed dimension scored and argued, costs and who bears
    them, and the groups affected (kept on the proposal for the public summary)."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if acting_user is not None and not perms.can_prepare(acting_user, proposal):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    for entry in entries:
        label = dict(ImpactEntry.Dimension.choices).get(entry.dimension, entry.dimension)
        problems = Problems(ImpactEntry, str(label))
        problems.check(
            entry, required=("dimension", "argument"), choices={"dimension": ImpactEntry.Dimension}
        )
        if entry.score not in ImpactEntry.Score.values:
            problems.add("score", _("“%(field)s” is required."))
        if entry.cost is not None and entry.cost < 0:
            problems.add("cost", _("“%(field)s” cannot be negative."))
        elif entry.cost is not None and entry.cost > MAX_ID:
            problems.add("cost", _("“%(field)s” is larger than the register can hold."))
        for name, messages in problems.errors.items():
            errors.setdefault(f"{entry.dimension}_{name}", []).extend(messages)
    if errors:
        raise ValidationError(errors)
    claim_version(proposal, version)
    before = {e.dimension: snapshot(e) for e in proposal.impacts.all()}
    for entry in entries:
        ImpactEntry.objects.update_or_create(
            proposal=proposal,
            dimension=entry.dimension,
            defaults={
                "score": entry.score,
                "argument": nfc(entry.argument).strip(),
                "cost": entry.cost,
                "cost_bearer": nfc(entry.cost_bearer).strip(),
            },
        )
    if affected_groups is not None:
        proposal.affected_groups = list(affected_groups)
    proposal.save()
    _sync_assessments(proposal)
    after = {e.dimension: snapshot(e) for e in proposal.impacts.all()}
    record_audit(
        proposal,
        "proposal.impact_saved",
        acting_user,
        before={"impacts": before},
        after={"impacts": after, "affected_groups": proposal.affected_groups},
        subject=proposal.commitment,
    )
    reopen_if_changed(proposal, acting_user=acting_user)
    return proposal


@dataclass
class FeasibilityData:
    obligation: int
    category: str
    responsible_agency: str
    ready_on: dt.date | None = None
    amount: int | None = None
    funding_source: str = ""
    laws: list[str] = field(default_factory=list)  # LegalDocument codes
    note: str = ""


def feasibility_errors(data: FeasibilityData, ref: str) -> dict[str, list[str]]:
    """Category rules: B needs a date; C a date, an amount and a source of funds."""
    problems = Problems(Feasibility, ref)
    problems.check(
        data,
        required=("category", "responsible_agency"),
        choices={"category": Feasibility.Category, "funding_source": Task.Funding},
    )
    if data.category in {"b", "c"} and data.ready_on is None:
        problems.add("ready_on", _("“%(field)s” is required for categories B and C."))
    if data.category == "c" and not data.amount:
        problems.add("amount", _("“%(field)s” is required for category C."))
    if data.amount is not None and not 0 <= data.amount <= MAX_ID:
        problems.add("amount", _("“%(field)s” is larger than the register can hold."))
    if data.category == "c" and not data.funding_source:
        problems.add("funding_source", _("“%(field)s” is required for category C."))
    return problems.errors


@transaction.atomic
def save_feasibility(proposal: Proposal, data: FeasibilityData, *, acting_user) -> Feasibility:
    """Categorise one obligation (A ready at entry into force; B needs time; C needs time and
    resources), with the agency responsible and the domestic laws to change."""
    from camket.compatibility.models import LegalDocument

    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if acting_user is not None and not perms.can_prepare(acting_user, proposal):
        raise PermissionDenied
    obligation = obligations_assessed(proposal).filter(pk=data.obligation).first()
    ref = (obligation.number or obligation.text[:40]) if obligation else str(data.obligation)
    errors = feasibility_errors(data, ref)
    if obligation is None:
        errors.setdefault("obligation", []).append(
            _("Obligation %(ref)s is not one of this commitment's.") % {"ref": ref}
        )
    agency = Agency.objects.filter(code=data.responsible_agency).first()
    if data.responsible_agency and agency is None:
        errors.setdefault("responsible_agency", []).append(
            _("“%(value)s” is not a known agency code.") % {"value": data.responsible_agency}
        )
    elif former := former_agency_problems([data.responsible_agency]):
        errors.setdefault("responsible_agency", []).append(former[data.responsible_agency])
    laws = list(LegalDocument.objects.filter(code__in=data.laws))
    if len(laws) != len(set(data.laws)):
        unknown = sorted(set(data.laws) - {law.code for law in laws})
        errors.setdefault("laws", []).append(
            _("Unknown legal documents: %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    if errors:
        raise ValidationError(errors)
    row = proposal.feasibility.filter(obligation=obligation).first()
    before = snapshot(row) if row else None
    row = row or Feasibility(proposal=proposal, obligation=obligation)
    row.category, row.responsible_agency = data.category, agency
    row.ready_on = data.ready_on if data.category != "a" else None
    row.amount = data.amount if data.category == "c" else None
    row.funding_source = data.funding_source if data.category == "c" else ""
    row.note = nfc(data.note).strip()
    row.save()
    row.laws.set(laws)
    _sync_assessments(proposal)
    record_audit(
        row,
        "proposal.feasibility_saved",
        acting_user,
        before=before,
        after=snapshot(row),
        subject=proposal.commitment,
    )
    reopen_if_changed(proposal, acting_user=acting_user)
    return row


########## Decision, snapshot, reopening ##########


def dossier_hashes(proposal: Proposal) -> dict[str, str]:
    """A SHA-256 per dossier item: the proposal's own values, each checklist item (its file's
    checksum), each opinion and its handling, each impact dimension, each feasibility row
    (with the obligation's text) and the set of obligations Viet Nam would take on."""
    parts: dict[str, object] = {
        "proposal": [
            proposal.stage,
            proposal.legal_basis,
            proposal.proposing_agency_id,
            proposal.amends_law,
            proposal.oda_loan,
            proposal.necessity,
            str(proposal.expected_in_force_on or ""),
            sorted(proposal.affected_groups or []),
        ],
        "obligations": sorted(obligations_assessed(proposal).values_list("pk", flat=True)),
    }
    for item in proposal.items.all():
        parts[f"item:{item.code}"] = [item.note, item.checksum, item.is_satisfied]
        if item.consultation_id is not None:  # appended only when set: older hashes hold
            parts[f"item:{item.code}"].append(f"consultation:{item.consultation_id}")
    for op in proposal.opinions.select_related("agency"):
        parts[f"opinion:{op.agency.code}"] = [op.stance, op.text, op.handling]
    for imp in proposal.impacts.all():
        parts[f"impact:{imp.dimension}"] = [imp.score, imp.argument, imp.cost, imp.cost_bearer]
    for row in proposal.feasibility.select_related("obligation").prefetch_related("laws"):
        parts[f"feasibility:{row.obligation_id}"] = [
            row.category,
            str(row.ready_on or ""),
            row.amount,
            row.funding_source,
            row.responsible_agency_id,
            sorted(law.code for law in row.laws.all()),
            row.note,
            row.obligation.text,
            str(row.obligation.due_on or ""),
        ]
    return {
        key: hashlib.sha256(json.dumps(value, ensure_ascii=False).encode()).hexdigest()
        for key, value in parts.items()
    }


def digest_of(hashes: dict[str, str]) -> str:
    joined = "\n".join(f"{k}={v}" for k, v in sorted(hashes.items()))
    return hashlib.sha256(joined.encode()).hexdigest()


def changed_items(proposal: Proposal) -> list[str] | None:
    """The dossier items changed since approval (None when the proposal is not approved)."""
    shot = proposal.snapshots.filter(is_current=True).first()
    if not proposal.is_approved or shot is None:
        return None
    now = dossier_hashes(proposal)
    keys = set(now) | set(shot.items)
    return sorted(k for k in keys if now.get(k) != shot.items.get(k))


@transaction.atomic
def decide_proposal(
    proposal: Proposal,
    *,
    decision: str,
    acting_user,
    conditions: str = "",
    instrument: str = "",
    today: dt.date | None = None,
) -> Proposal:
    """Record the decision of the competent role; an approval snapshots the dossier.

    Approval needs every required item satisfied (opinions included). For a treaty the
    decision is the Government's or the President's (Law 108/2016/QH13 art. 8-9 as amended):
    its instrument is required. Conditions (or reasons, for a return or a rejection) are
    required except for a plain approval. A returned proposal goes back to the agency.
    """
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if acting_user is not None and not perms.can_decide(acting_user, proposal):
        raise PermissionDenied
    problems = Problems(Proposal, proposal.commitment.code)
    if decision not in Proposal.Decision.values:
        problems.add("decision", _("“%(field)s” is required."))
    if decision != Proposal.Decision.APPROVED and not conditions.strip():
        problems.add("decision_conditions", _("“%(field)s” is required."))
    if decision in APPROVALS and proposal.legal_basis in TREATIES and not instrument.strip():
        problems.add(
            "decision_instrument",
            _(
                "“%(field)s” is required for a treaty: the decision of the Government or the "
                "President."
            ),
        )
    if decision in APPROVALS and (missing := missing_items(proposal)):
        problems.add(
            "decision",
            _("The dossier is incomplete; missing: %(items)s."),
            items="; ".join(item.title for item in missing),
        )
    if problems.errors:
        raise ValidationError(problems.errors)
    before = snapshot(proposal)
    proposal.decision = decision
    proposal.decision_conditions = nfc(conditions).strip()
    proposal.decision_instrument = nfc(instrument).strip()
    proposal.decided_on = today or timezone.localdate()
    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    proposal.decided_by = user
    proposal.decided_as = "coordinator" if user and not _leader(user, proposal) else "leader"
    proposal.status = (
        Proposal.Status.RETURNED
        if decision == Proposal.Decision.RETURNED
        else Proposal.Status.DECIDED
    )
    proposal.save()
    if decision in APPROVALS:
        proposal.snapshots.update(is_current=False)
        hashes = dossier_hashes(proposal)
        DossierSnapshot.objects.create(proposal=proposal, digest=digest_of(hashes), items=hashes)
    record_audit(
        proposal,
        "proposal.decided",
        acting_user,
        before=before,
        after=snapshot(proposal),
        subject=proposal.commitment,
    )
    return proposal


def _leader(user, proposal) -> bool:
    from camket.agencies.models import Membership

    return Membership.objects.filter(
        user=user, agency_id=proposal.proposing_agency_id, role=Membership.Role.LEADER
    ).exists()


def reopen_if_changed(proposal: Proposal, *, acting_user) -> bool:
    """Reopen an approved proposal whose dossier no longer matches its snapshot.

    A material change after approval (a document replaced, an assessment rewritten, an
    obligation added or reworded) sends the proposal back to preparation: the gate no longer
    counts it until it is decided again. Returns whether it was reopened.
    """
    changed = changed_items(proposal)
    if not changed:
        return False
    before = snapshot(proposal)
    proposal.status, proposal.decision = Proposal.Status.DRAFT, ""
    proposal.save()
    proposal.snapshots.update(is_current=False)
    record_audit(
        proposal,
        "proposal.reopened",
        acting_user,
        before=before,
        after={**snapshot(proposal), "changed": changed},
        subject=proposal.commitment,
    )
    return True


########## The gate's override and the plan drafted at signature ##########


@transaction.atomic
def override_gate(commitment: Commitment, stage: str, reason: str, *, acting_user) -> GateOverride:
    """Let ``stage`` of ``commitment`` through the gate without an approved proposal.

    Only the national coordinator; the written reason is required; audited and listed.
    """
    if acting_user is not None and not perms.can_override(acting_user):
        raise PermissionDenied
    problems = Problems(GateOverride, commitment.code)
    if stage not in Proposal.Stage.values:
        problems.add("stage", _("“%(field)s” is required."))
    if len((reason or "").strip()) < 20:
        problems.add("reason", _("“%(field)s” must explain the decision (20 characters or more)."))
    if GateOverride.objects.filter(commitment=commitment, stage=stage).exists():
        problems.add("stage", _("This step has already been let through."))
    if problems.errors:
        raise ValidationError(problems.errors)
    override = GateOverride.objects.create(
        commitment=commitment,
        stage=stage,
        reason=nfc(reason).strip(),
        by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    record_audit(
        override, "gate.overridden", acting_user, after=snapshot(override), subject=commitment
    )
    return override


def draft_plan_at_signature(commitment: Commitment, signed_on: dt.date, *, acting_user):
    """Turn the approved signature proposal's B and C obligations into a draft plan.

    Called by the register when a signature is recorded. One task per B/C obligation, led by
    the agency responsible, due on the date given, with the amount and source for C. Nothing
    when there is no approved signature proposal or its plan exists already (idempotent).
    The plan and tasks are written by the obligations actions as the system; the audit row on
    the proposal names who recorded the signature.
    """
    from camket.obligations.actions import PlanData, TaskData, create_plan, create_task

    proposal = (
        Proposal.objects.filter(
            commitment=commitment,
            stage=Proposal.Stage.SIGNATURE,
            status=Proposal.Status.DECIDED,
            decision__in=APPROVALS,
        )
        .select_related("proposing_agency")
        .first()
    )
    if proposal is None or proposal.draft_plan_id:
        return None
    rows = list(
        proposal.feasibility.filter(category__in=["b", "c"]).select_related(
            "obligation", "responsible_agency"
        )
    )
    plan = create_plan(
        PlanData(
            code="",
            title_vi=(
                _("Draft implementation plan of %(title)s (from the feasibility at signing)")
                % {"title": commitment.short_name or commitment.title_vi[:300]}
            )[:500],
            agency=proposal.proposing_agency.current().code,
            commitments=[commitment.pk],
            starts_on=signed_on,
            source_note=_("Drafted by CamKet from proposal no. %(pk)s at signature.")
            % {"pk": proposal.pk},
        ),
        acting_user=None,
        action="plan.drafted_at_signature",
    )
    for row in rows:
        create_task(
            TaskData(
                plan=plan.pk,
                title=(_("Prepare: %(text)s") % {"text": row.obligation.text})[:500],
                lead_agency=row.responsible_agency.current().code,
                obligations=[row.obligation_id],
                starts_on=signed_on,
                due_on=row.ready_on,
                budget=row.amount,
                funding_source=row.funding_source,
                description=row.note,
            ),
            acting_user=None,
            action="task.drafted_at_signature",
        )
    Proposal.objects.filter(pk=proposal.pk).update(draft_plan=plan)
    record_audit(
        proposal,
        "proposal.plan_drafted",
        acting_user,
        after={"plan": plan.code, "tasks": len(rows)},
        subject=commitment,
    )
    return plan
