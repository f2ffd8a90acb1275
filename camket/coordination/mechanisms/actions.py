"""Writes of mechanisms, meetings and implementation issues: one transaction, one audit row each.

Every function takes plain values (codes, dates, texts), so the forms, the demo, other apps (a
feedback item or a review that needs the partner: :func:`open_issue`) and the tests share one path.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from camket.agencies.models import Agency
from camket.agencies.permissions import scope_of
from camket.audit.actions import record_audit, snapshot
from camket.coordination.mechanisms.models import (
    ImplementationIssue,
    IssueStep,
    Mechanism,
    Meeting,
)
from camket.obligations.actions import refuse_former_agencies
from camket.obligations.models import Obligation, Task
from camket.registry.models import Commitment, Partner
from camket.versioning import claim_version
from lawcore import early_warning

Status = ImplementationIssue.Status
CLOSED_STATUSES = {Status.RESOLVED, Status.PARTLY_RESOLVED, Status.NOT_RESOLVED}


@dataclass(frozen=True)
class MechanismData:
    name_vi: str
    kind: str
    name_en: str = ""
    parent: int | None = None
    commitments: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    focal_agency: str = ""
    mandate: str = ""
    source_links: list[str] = field(default_factory=list)
    external_key: str = ""


@dataclass(frozen=True)
class MeetingData:
    title: str
    held_on: dt.date
    place: str = ""
    agenda: str = ""
    minutes: str = ""
    decisions: str = ""
    source_links: list[str] = field(default_factory=list)
    is_sample: bool = False
    external_key: str = ""


@dataclass(frozen=True)
class IssueData:
    commitment: str
    title: str
    facts: str
    origin: str
    side: str = ImplementationIssue.Side.VIET_NAM
    raised_on: dt.date | None = None
    lead_agency: str = ""
    obligation: int | None = None
    origin_report: int | None = None
    origin_reference: str = ""
    partner: str = ""
    impact: str = ""
    businesses_affected: str = ""
    trade_value_usd: Decimal | None = None
    proposed_measure: str = ""
    mechanism: int | None = None
    is_sample: bool = False
    external_key: str = ""


def _require_coordinator(user) -> None:
    if user is not None and not scope_of(user).is_national:
        raise PermissionDenied


def _clean(text: str) -> str:
    return " ".join((text or "").split())


def _mechanism_errors(data: MechanismData) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not _clean(data.name_vi):
        errors["name_vi"] = [_("Give the mechanism's Vietnamese name.")]
    if data.kind not in Mechanism.Kind.values:
        errors["kind"] = [_("Choose the kind of mechanism.")]
    known = set(Commitment.objects.filter(code__in=data.commitments).values_list("code", flat=True))
    missing = [c for c in data.commitments if c not in known]
    if missing:
        errors["commitments"] = [
            _("No commitment has the code %(codes)s.") % {"codes": ", ".join(missing)}
        ]
    known = set(Partner.objects.filter(code__in=data.partners).values_list("code", flat=True))
    missing = [c for c in data.partners if c not in known]
    if missing:
        errors["partners"] = [
            _("No partner has the code %(codes)s.") % {"codes": ", ".join(missing)}
        ]
    if data.focal_agency and not Agency.objects.filter(code=data.focal_agency).exists():
        errors["focal_agency"] = [_("There is no agency with that code.")]
    return errors


@transaction.atomic
def save_mechanism(
    data: MechanismData,
    *,
    acting_user,
    mechanism: Mechanism | None = None,
    version: int | None = None,
) -> Mechanism:
    """Create a mechanism, or update ``mechanism`` from ``data`` (coordinators only).

    With ``external_key`` (the demo, an importer) an existing mechanism of that key is updated
    in place, and nothing is written when nothing changed.
    """
    _require_coordinator(acting_user)
    errors = _mechanism_errors(data)
    if errors:
        raise ValidationError(errors)
    if mechanism is None and data.external_key:
        mechanism = Mechanism.objects.filter(external_key=data.external_key).first()
    before = snapshot(mechanism) if mechanism else None
    if mechanism is not None:
        claim_version(mechanism, version)
    else:
        mechanism = Mechanism()
    mechanism.name_vi = _clean(data.name_vi)
    mechanism.name_en = _clean(data.name_en)
    mechanism.kind = data.kind
    mechanism.parent_id = data.parent
    mechanism.focal_agency = (
        Agency.objects.get(code=data.focal_agency) if data.focal_agency else None
    )
    mechanism.mandate = data.mandate.strip()
    mechanism.source_links = list(data.source_links)
    mechanism.external_key = data.external_key
    if before is not None and not _changes(mechanism, before, data):
        return mechanism
    mechanism.save()
    mechanism.commitments.set(Commitment.objects.filter(code__in=data.commitments))
    mechanism.partners.set(Partner.objects.filter(code__in=data.partners))
    action = "mechanism.updated" if before else "mechanism.created"
    record_audit(mechanism, action, acting_user, before=before, after=snapshot(mechanism))
    return mechanism


def _changes(mechanism: Mechanism, before: dict, data: MechanismData) -> bool:
    now = snapshot(mechanism)
    now["commitments"] = sorted(data.commitments)
    now["partners"] = sorted(data.partners)
    return any(now[k] != before.get(k) for k in now if k != "version")


@transaction.atomic
def save_meeting(
    mechanism: Mechanism,
    data: MeetingData,
    *,
    acting_user,
    meeting: Meeting | None = None,
    version: int | None = None,
) -> Meeting:
    """Record a meeting of ``mechanism`` (or update ``meeting``: its minutes and decisions)."""
    _require_coordinator(acting_user)
    errors: dict[str, list[str]] = {}
    if not _clean(data.title):
        errors["title"] = [_("Give the meeting a title.")]
    if not isinstance(data.held_on, dt.date):
        errors["held_on"] = [_("Give the date of the meeting.")]
    if errors:
        raise ValidationError(errors)
    if meeting is None and data.external_key:
        meeting = Meeting.objects.filter(external_key=data.external_key).first()
    before = snapshot(meeting) if meeting else None
    if meeting is not None:
        claim_version(meeting, version)
    else:
        meeting = Meeting(mechanism=mechanism)
    for name in ("held_on", "place", "agenda", "minutes", "decisions", "is_sample"):
        value = getattr(data, name)
        setattr(meeting, name, value.strip() if isinstance(value, str) else value)
    meeting.title = _clean(data.title)
    meeting.source_links = list(data.source_links)
    meeting.external_key = data.external_key
    if before is not None and all(
        snapshot(meeting)[k] == before.get(k) for k in snapshot(meeting) if k != "version"
    ):
        return meeting
    meeting.save()
    action = "meeting.updated" if before else "meeting.created"
    record_audit(
        meeting, action, acting_user, before=before, after=snapshot(meeting), subject=mechanism
    )
    return meeting


def current_agency(agency: Agency) -> Agency:
    """``agency``, or the agency that took over its work if it no longer exists."""
    seen = set()
    while not agency.is_active and agency.successor_id and agency.pk not in seen:
        seen.add(agency.pk)
        agency = agency.successor
    return agency


def may_raise_for(user, commitment: Commitment) -> bool:
    """Coordinators; officers and leaders of the lead or a supporting agency of ``commitment``."""
    scope = scope_of(user)
    if scope.is_national:
        return True
    involved = {commitment.lead_agency_id}
    involved |= set(commitment.supporting_agencies.values_list("pk", flat=True))
    return bool(scope.editor_agency_ids & involved)


def _issue_errors(data: IssueData) -> tuple[dict[str, list[str]], Commitment | None]:
    errors: dict[str, list[str]] = {}
    commitment = Commitment.objects.filter(code=data.commitment).first()
    if commitment is None:
        errors["commitment"] = [_("No commitment has that code.")]
    if not _clean(data.title):
        errors["title"] = [_("Give the issue a short title.")]
    if not data.facts.strip():
        errors["facts"] = [_("Describe the facts of the issue.")]
    if data.origin not in ImplementationIssue.Origin.values:
        errors["origin"] = [_("Choose where the issue comes from.")]
    if data.side not in ImplementationIssue.Side.values:
        errors["side"] = [_("Say whose obligation the issue concerns.")]
    if data.proposed_measure not in ImplementationIssue.Measure.values:
        errors["proposed_measure"] = [_("Choose a measure from the list.")]
    if data.partner and not Partner.objects.filter(code=data.partner).exists():
        errors["partner"] = [_("No partner has that code.")]
    if data.lead_agency and not Agency.objects.filter(code=data.lead_agency).exists():
        errors["lead_agency"] = [_("There is no agency with that code.")]
    if data.mechanism and not Mechanism.objects.filter(pk=data.mechanism).exists():
        errors["mechanism"] = [_("That mechanism does not exist.")]
    if (
        commitment
        and data.obligation
        and not Obligation.objects.filter(pk=data.obligation, commitment=commitment).exists()
    ):
        errors["obligation"] = [_("The obligation is not one of this commitment's.")]
    if data.trade_value_usd is not None and data.trade_value_usd < 0:
        errors["trade_value_usd"] = [_("The trade value cannot be negative.")]
    return errors, commitment


@transaction.atomic
def open_issue(data: IssueData, *, acting_user) -> ImplementationIssue:
    """Open an implementation issue of ``data.commitment`` with its first step ("raised").

    Used by the issue form, the early warning, the demo, and by other apps for a feedback item
    or a review that needs the partner (``origin`` says which). With ``external_key`` an issue
    already opened under that key is returned as it is.
    """
    if data.external_key:
        existing = ImplementationIssue.objects.filter(external_key=data.external_key).first()
        if existing is not None:
            return existing
    errors, commitment = _issue_errors(data)
    if errors:
        raise ValidationError(errors)
    if acting_user is not None and not may_raise_for(acting_user, commitment):
        raise PermissionDenied
    lead = data.lead_agency or current_agency(commitment.lead_agency).code
    refuse_former_agencies(lead_agency=lead)
    issue = ImplementationIssue(
        commitment=commitment,
        obligation_id=data.obligation,
        title=_clean(data.title),
        origin=data.origin,
        origin_report_id=data.origin_report,
        origin_reference=_clean(data.origin_reference),
        side=data.side,
        partner=Partner.objects.filter(code=data.partner).first() if data.partner else None,
        lead_agency=Agency.objects.get(code=lead),
        facts=data.facts.strip(),
        impact=data.impact.strip(),
        businesses_affected=_clean(data.businesses_affected),
        trade_value_usd=data.trade_value_usd,
        proposed_measure=data.proposed_measure,
        mechanism_id=data.mechanism,
        raised_on=data.raised_on or timezone.localdate(),
        is_sample=data.is_sample,
        external_key=data.external_key,
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    issue.save()
    IssueStep.objects.create(
        issue=issue,
        on=issue.raised_on,
        status=Status.RAISED,
        note=_("Issue opened."),
        recorded_by=issue.created_by,
    )
    record_audit(issue, "issue.opened", acting_user, after=snapshot(issue), subject=commitment)
    return issue


def _may_edit(user, issue: ImplementationIssue) -> bool:
    return (
        user is None or ImplementationIssue.objects.editable_by(user).filter(pk=issue.pk).exists()
    )


@transaction.atomic
def record_step(
    issue: ImplementationIssue,
    *,
    status: str,
    on: dt.date,
    note: str = "",
    decision: str = "",
    meeting: int | None = None,
    acting_user,
    version: int | None = None,
) -> IssueStep:
    """Record what happened to ``issue`` (discussed at a meeting, settled) and its new status.

    A closing status (resolved, partly or not resolved) sets the closing date; a later step that
    re-opens the issue clears it.
    """
    if not _may_edit(acting_user, issue):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if status not in Status.values:
        errors["status"] = [_("Choose the status after this step.")]
    if not isinstance(on, dt.date):
        errors["on"] = [_("Give the date of this step.")]
    elif on < issue.raised_on:
        errors["on"] = [_("A step cannot come before the issue was raised.")]
    if not (note.strip() or decision.strip()):
        errors["note"] = [_("Say what happened or what was decided.")]
    found = Meeting.objects.filter(pk=meeting).first() if meeting else None
    if meeting and found is None:
        errors["meeting"] = [_("That meeting does not exist.")]
    if errors:
        raise ValidationError(errors)
    before = snapshot(issue)
    claim_version(issue, version)
    step = IssueStep.objects.create(
        issue=issue,
        on=on,
        status=status,
        meeting=found,
        note=note.strip(),
        decision=decision.strip(),
        recorded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    issue.status = status
    issue.closed_on = on if status in CLOSED_STATUSES else None
    if found is not None and issue.mechanism_id is None:
        issue.mechanism_id = found.mechanism_id
    issue.save()
    record_audit(
        issue,
        "issue.step_recorded",
        acting_user,
        before=before,
        after=snapshot(issue),
        subject=issue.commitment,
    )
    return step


@transaction.atomic
def link_task(issue: ImplementationIssue, task: Task, *, acting_user) -> None:
    """Record ``task`` as following from ``issue`` (shown on both)."""
    if not _may_edit(acting_user, issue):
        raise PermissionDenied
    if issue.tasks.filter(pk=task.pk).exists():
        return
    before = snapshot(issue)
    issue.tasks.add(task)
    record_audit(
        issue,
        "issue.task_linked",
        acting_user,
        before=before,
        after=snapshot(issue),
        subject=issue.commitment,
    )


# Why an obligation was warned (``lawcore.early_warning`` reason keys), as the page says it.
WARNING_REASONS = {
    early_warning.REPORTED_AT_RISK: gettext_lazy("reported at risk"),
    early_warning.REPORTED_LATE: gettext_lazy("reported late"),
    early_warning.NO_PROGRESS: gettext_lazy("no progress reported"),
}


def open_issue_from_warning(obligation: Obligation, warning, *, acting_user) -> ImplementationIssue:
    """Raise an early warning (``lawcore.early_warning.EarlyWarning``) of ``obligation``."""
    commitment = obligation.commitment
    partner = (
        commitment.partners.order_by("pk").first() if commitment.scope == "bilateral" else None
    )
    text = obligation.text if len(obligation.text) <= 200 else obligation.text[:199] + "…"
    return open_issue(
        IssueData(
            commitment=commitment.code,
            title=_("Due %(date)s and at risk: %(text)s")
            % {"date": warning.due_on.strftime("%d/%m/%Y"), "text": text},
            facts=_("The obligation is due on %(date)s (%(days)s days from now). Why: %(why)s.")
            % {
                "date": warning.due_on.strftime("%d/%m/%Y"),
                "days": warning.days_left,
                "why": "; ".join(str(WARNING_REASONS[r]) for r in warning.reasons),
            },
            origin=ImplementationIssue.Origin.EARLY_WARNING,
            side=ImplementationIssue.Side.VIET_NAM,
            lead_agency=current_agency(obligation.lead_agency or commitment.lead_agency).code,
            obligation=obligation.pk,
            partner=partner.code if partner else "",
            proposed_measure=warning.proposal,
        ),
        acting_user=acting_user,
    )
