"""Writes of reviews, resources and experts: one transaction each, predicate checked inside,
an audit row left. Forms, the XLSX import, the demo and tests call these with plain values.

Audit rows of reviews and remedies have no subject: a commitment's change history is read by
everyone who reads the commitment, while a review is read by its agency (and, once approved,
national roles and observers). A funding line's row is filed under its task, else its
commitment; an engagement's under its task.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from camket.agencies.models import Agency
from camket.agencies.permissions import scope_of
from camket.audit.actions import record_audit, snapshot
from camket.evaluation.reviews import permissions
from camket.evaluation.reviews.figures import figures_for
from camket.evaluation.reviews.models import (
    AgencyReview,
    AssistanceNeed,
    Engagement,
    Expert,
    FundingLine,
    Remedy,
    ReviewCampaign,
)
from camket.obligations import serving
from camket.obligations.models import ActionPlan, Obligation, Task
from camket.registry.models import Commitment, CommitmentEvent, Partner, Sector
from camket.versioning import claim_version
from lawcore import lifecycle
from lawcore.reviews import Interests, interest_conflicts
from lawcore.text import nfc

Status = AgencyReview.Status
Template = ReviewCampaign.Template

##### Campaigns and reviews #####


@dataclass
class CampaignData:
    title: str
    starts_on: dt.date
    ends_on: dt.date
    due_on: dt.date
    template: str = Template.ALL
    is_sample: bool = False


def covered_commitments(template: str, starts_on: dt.date, ends_on: dt.date):
    """Commitments a campaign of ``template`` over ``starts_on``–``ends_on`` reviews: existing
    commitments Viet Nam is bound by (not reference entries), with a lead agency, of the kinds
    the template covers (decision 0016, "Which commitments").

    Existing means concluded (signed, ratified, acceded to, adopted or accepted: the one
    definition ``lifecycle.CONCLUDED_STATUSES``) by the end of the period, and not ended
    (terminated, withdrawn from, renounced, superseded) before it starts. A draft under
    negotiation has nothing to review yet: it goes through the proposal gate instead.
    """
    concluded = CommitmentEvent.objects.filter(
        kind__in=lifecycle.CONCLUDING_EVENTS, on__lte=ends_on
    ).values("commitment_id")
    ended = CommitmentEvent.objects.filter(
        kind__in=lifecycle.ENDING_EVENTS, on__lt=starts_on
    ).values("commitment_id")
    commitments = Commitment.objects.filter(
        is_reference=False,
        lead_agency__isnull=False,
        status__in=lifecycle.CONCLUDED_STATUSES,
        pk__in=concluded,
    ).exclude(status__in=lifecycle.ENDED_STATUSES, pk__in=ended)
    if template == Template.TREATIES:
        commitments = commitments.filter(kind=Commitment.Kind.TREATY)
    elif template == Template.AGREEMENTS:
        commitments = commitments.filter(kind=Commitment.Kind.INTERNATIONAL_AGREEMENT)
    return commitments


@transaction.atomic
def open_campaign(data: CampaignData, *, acting_user) -> ReviewCampaign:
    """Open a campaign and give each lead agency one pre-filled draft review per commitment."""
    if acting_user is not None and not permissions.can_open_campaign(acting_user):
        raise PermissionDenied
    errors = {}
    if not data.title.strip():
        errors["title"] = [_("Give the campaign a title.")]
    if data.starts_on > data.ends_on:
        errors["ends_on"] = [_("The end of the period is before its start.")]
    if data.template not in Template.values:
        errors["template"] = [_("Choose a review template.")]
    if errors:
        raise ValidationError(errors)
    campaign = ReviewCampaign.objects.create(
        title=nfc(data.title.strip()),
        template=data.template,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        due_on=data.due_on,
        is_sample=data.is_sample,
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    created = materialize_reviews(campaign)
    record_audit(campaign, "review_campaign.opened", acting_user, after={"reviews": created})
    return campaign


def materialize_reviews(campaign: ReviewCampaign) -> int:
    """Create the missing draft reviews of ``campaign`` (idempotent); return how many."""
    have = set(campaign.reviews.values_list("commitment_id", flat=True))
    rows = [
        (pk, agency_id)
        for pk, agency_id in covered_commitments(
            campaign.template, campaign.starts_on, campaign.ends_on
        ).values_list("pk", "lead_agency_id")
        if pk not in have
    ]
    figures = figures_for([pk for pk, _ in rows], campaign.starts_on, campaign.ends_on)
    AgencyReview.objects.bulk_create(
        [
            AgencyReview(
                campaign=campaign, commitment_id=pk, agency_id=agency_id, figures=figures[pk]
            )
            for pk, agency_id in rows
        ],
        batch_size=2000,
    )
    return len(rows)


REVIEW_FIELDS = (
    "achievements",
    "shortcomings",
    "causes",
    "cause_details",
    "recommendation",
    "recommendation_reason",
)


def _locked(review: AgencyReview) -> AgencyReview:
    return AgencyReview.objects.select_for_update().order_by().get(pk=review.pk)


@transaction.atomic
def save_review(
    review: AgencyReview,
    content: dict,
    *,
    acting_user,
    version: int | None = None,
    submit: bool = False,
) -> AgencyReview:
    """Save the agency's text of ``review`` (``content`` maps ``REVIEW_FIELDS``); submit to
    the leader if asked. A stale ``version`` raises EditConflict; nothing is half-saved."""
    review = _locked(review)
    if not permissions.can_edit_review(acting_user, review):
        raise PermissionDenied
    claim_version(review, version)
    bad = [c for c in content.get("causes", []) if c not in AgencyReview.Cause.values]
    if bad:
        raise ValidationError({"causes": [_("Choose causes from the list.")]})
    for name in REVIEW_FIELDS:
        value = content.get(name, getattr(review, name))
        setattr(review, name, nfc(value.strip()) if isinstance(value, str) else value)
    review.author = acting_user
    review.save()
    record_audit(review, "review.saved", acting_user, after=_content(review))
    if submit:
        review = transition(review, "submit", acting_user=acting_user)
    return review


def _content(review: AgencyReview) -> dict:
    return {
        "status": review.status,
        "causes": review.causes,
        "recommendation": review.recommendation,
    }


def _check_complete(review: AgencyReview) -> None:
    missing = [
        str(AgencyReview._meta.get_field(name).verbose_name)
        for name in ("achievements", "shortcomings", "recommendation")
        if not getattr(review, name)
    ]
    if not review.causes and review.shortcomings:
        missing.append(str(AgencyReview._meta.get_field("causes").verbose_name))
    if missing:
        raise ValidationError(
            _("Before submitting, fill in: %(fields)s.") % {"fields": ", ".join(missing)},
            code="incomplete",
        )


@transaction.atomic
def transition(review: AgencyReview, verb: str, *, acting_user, comment: str = "") -> AgencyReview:
    """Move ``review`` by ``verb`` (submit, approve, return, accept); a return needs a reason."""
    review = _locked(review)
    if verb not in permissions.PREDICATES or not permissions.PREDICATES[verb](acting_user, review):
        raise PermissionDenied
    if verb == "submit":
        _check_complete(review)
    if verb == "return" and not comment.strip():
        raise ValidationError(_("Say why the review is returned and what must be corrected."))
    before = review.status
    review.status = permissions.TRANSITIONS[verb][1]
    now = timezone.now()
    if verb == "submit":
        review.submitted_at = now
    elif verb == "approve":
        review.approved_at, review.return_comment = now, ""
    elif verb == "accept":
        review.accepted_at = now
    elif verb == "return":
        review.return_comment = nfc(comment.strip())
    review.save()
    record_audit(
        review,
        f"review.{verb}",
        acting_user,
        before={"status": before},
        after={"status": review.status, "comment": review.return_comment},
    )
    return review


##### Remedies #####


@transaction.atomic
def add_remedy(review: AgencyReview, text: str, due_on: dt.date | None, *, acting_user) -> Remedy:
    """Add a remedy ("biện pháp khắc phục") to an editable review."""
    review = _locked(review)
    if not permissions.can_write_remedy(acting_user, review):
        raise PermissionDenied
    if not text.strip():
        raise ValidationError({"text": [_("Describe the remedy.")]})
    remedy = Remedy.objects.create(
        review=review, text=nfc(text.strip()), due_on=due_on, created_by=acting_user
    )
    record_audit(remedy, "remedy.added", acting_user, after=snapshot(remedy))
    return remedy


def remedy_key(remedy: Remedy) -> str:
    """The ``external_key`` of the task a remedy became: how the task points back."""
    return f"review-remedy-{remedy.pk}"


def _plan_for(review: AgencyReview, acting_user) -> ActionPlan:
    """The agency's follow-up plan of the campaign ("Kế hoạch khắc phục sau rà soát"), covering
    the review's commitment: an editable plan of the agency already covering it, else the
    campaign's follow-up plan (created once per agency through the plan action). The title
    names the campaign, never the commitment, as plans are read more widely than commitments."""
    from camket.obligations import actions as plan_actions
    from camket.obligations.permissions import can_edit_plan

    for plan in ActionPlan.objects.filter(
        agency_id=review.agency_id, commitments=review.commitment
    ).order_by("-created_at"):
        if can_edit_plan(acting_user, plan):
            return plan
    title = _("Follow-up plan of the review “%(campaign)s”") % {"campaign": review.campaign.title}
    plan = ActionPlan.objects.filter(agency_id=review.agency_id, title_vi=title[:500]).first()
    if plan is not None and can_edit_plan(acting_user, plan):
        plan.commitments.add(review.commitment)
        record_audit(plan, "plan.commitment_added", acting_user,
                     after={"commitment": review.commitment_id})  # fmt: skip
        return plan
    data = plan_actions.PlanData(
        code="", title_vi=title[:500], agency=review.agency.code, commitments=[review.commitment_id]
    )
    return plan_actions.create_plan(data, acting_user=acting_user)


def _served_obligations(review: AgencyReview) -> list[int]:
    """The obligation the new task serves: the commitment's first obligation of Viet Nam, so
    the task is read as widely as the commitment (a task serving nothing would be read by
    every observer). A commitment that is not public and has none is refused."""
    first = (
        Obligation.objects.filter(
            commitment=review.commitment, addressee=Obligation.Addressee.VIET_NAM
        )
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    if first is not None:
        return [first]
    if review.commitment.confidentiality != Commitment.Confidentiality.PUBLIC:
        raise ValidationError(
            _(
                "Record at least one obligation of this commitment first: the task must follow "
                "the commitment's confidentiality."
            )
        )
    return []


@transaction.atomic
def remedy_to_task(remedy: Remedy, *, acting_user) -> Task:
    """Turn ``remedy`` into a task of the agency (one click), traceable both ways: the remedy
    keeps the task, the task's key names the remedy (``remedy_key``)."""
    from camket.obligations import actions as plan_actions

    remedy = (
        Remedy.objects.select_for_update()
        .select_related("review__agency")
        .order_by()
        .get(pk=remedy.pk)
    )
    review = remedy.review
    if not permissions.can_convert_remedy(acting_user, review):
        raise PermissionDenied
    if remedy.is_converted:
        raise ValidationError(_("This remedy has already been turned into work."))
    obligations = _served_obligations(review)
    plan = _plan_for(review, acting_user)
    data = plan_actions.TaskData(
        plan=plan.pk,
        title=remedy.text[:500],
        lead_agency=review.agency.code,
        description=_("Remedy proposed by the review “%(campaign)s”.")
        % {"campaign": review.campaign.title},
        due_on=remedy.due_on,
        external_key=remedy_key(remedy),
        obligations=obligations,
    )
    task = plan_actions.create_task(data, acting_user=acting_user, action="task.from_remedy")
    remedy.task = task
    remedy.save(update_fields=["task"])
    record_audit(remedy, "remedy.to_task", acting_user, after={"task": task.pk})
    return task


def remedy_findings(review: AgencyReview):
    """The compatibility findings of the review's commitment a legislative action can answer."""
    from camket.compatibility.matrix import FINDING_VERDICTS
    from camket.compatibility.models import ProvisionLink

    return (
        ProvisionLink.objects.of_commitment(review.commitment)
        .filter(verdict__in=FINDING_VERDICTS)
        .exclude(status=ProvisionLink.Status.REJECTED)
        .select_related("obligation", "provision", "legal_provision__document")
    )


@transaction.atomic
def remedy_to_legislative_action(
    remedy: Remedy, link_id: int, kind: str, *, acting_user, target_number: str = ""
):
    """Turn ``remedy`` into a legislative action answering one finding of the commitment,
    through ``compatibility.actions.open_legislative_action`` (its form checks the document
    number an amendment or repeal needs)."""
    from camket.compatibility import actions as compat_actions
    from camket.compatibility.forms import LegislativeActionForm

    remedy = (
        Remedy.objects.select_for_update()
        .select_related("review__agency")
        .order_by()
        .get(pk=remedy.pk)
    )
    review = remedy.review
    if not permissions.can_convert_remedy(acting_user, review):
        raise PermissionDenied
    if remedy.is_converted:
        raise ValidationError(_("This remedy has already been turned into work."))
    link = remedy_findings(review).filter(pk=link_id).first()
    if link is None:
        raise ValidationError(_("Choose a gap or conflict of this commitment."))
    form = LegislativeActionForm(
        data={
            "kind": kind,
            "description": remedy.text,
            "responsible_agency": review.agency_id,
            "due_on": remedy.due_on.strftime("%d/%m/%Y") if remedy.due_on else "",
            "target_number": target_number,
        }
    )
    if not form.is_valid():
        raise ValidationError([m for errors in form.errors.values() for m in errors])
    action = compat_actions.open_legislative_action(link, form, acting_user=acting_user)
    remedy.legislative_action = action
    remedy.save(update_fields=["legislative_action"])
    record_audit(
        remedy, "remedy.to_legislative_action", acting_user, after={"action": action.pk},
    )  # fmt: skip
    return action


##### Funding lines #####


@dataclass
class FundingData:
    """A funding line as plain values: the commitment by code, the task by pk (optional)."""

    commitment: str
    source: str
    year: int
    pledged: Decimal = Decimal(0)
    disbursed: Decimal = Decimal(0)
    spent: Decimal = Decimal(0)
    task: int | None = None
    note: str = ""
    source_url: str = ""
    is_sample: bool = False


def funding_errors(
    data: FundingData, acting_user=None
) -> tuple[dict[str, list[str]], Commitment | None, Task | None]:
    """Translated messages by field for ``data``, and the commitment and task it names.

    With ``acting_user``, commitments and tasks are looked up among those the user may see:
    one the user may not open answers like a missing one (ADR 0001)."""
    errors: dict[str, list[str]] = {}

    def add(name, message):
        errors.setdefault(name, []).append(message)

    commitments, tasks = Commitment.objects.all(), Task.objects.all()
    if acting_user is not None:
        commitments = Commitment.objects.visible_to(acting_user)
        tasks = Task.objects.visible_to(acting_user)
    commitment = commitments.filter(code=data.commitment).first()
    if commitment is None:
        add(
            "commitment",
            _("There is no commitment with the code %(code)s.") % {"code": data.commitment},
        )
    task = None
    if data.task is not None:
        task = tasks.filter(pk=data.task).first() if 0 < data.task < 2**63 else None
        if task is None:
            add("task", _("There is no task with the number %(id)s.") % {"id": data.task})
        elif (
            commitment is not None
            and not Task.objects.filter(serving.serving([commitment.pk]), pk=task.pk).exists()
        ):
            add("task", _("The task does not serve this commitment."))
    if data.source not in FundingLine.Source.values:
        add("source", _("The funding source must be one of: %(choices)s.") % {
            "choices": ", ".join(str(label) for label in FundingLine.Source.labels)
        })  # fmt: skip
    if not (1990 <= data.year <= 2100):
        add("year", _("The year must be between 1990 and 2100."))
    for name in ("pledged", "disbursed", "spent"):
        value = getattr(data, name)
        if value is None or value < 0:
            add(name, _("The amount must be a number of đồng, zero or more."))
    if not errors and data.spent > data.disbursed:
        add("spent", _("More is spent than was disbursed."))
    return errors, commitment, task


def _check_funding_editor(acting_user, commitment: Commitment, task: Task | None) -> None:
    if acting_user is None:
        return
    scope = scope_of(acting_user)
    agency_id = task.lead_agency_id if task else commitment.lead_agency_id
    if not (scope.is_national or agency_id in scope.editor_agency_ids):
        raise PermissionDenied


@transaction.atomic
def save_funding(
    data: FundingData, *, acting_user, line: FundingLine | None = None, version: int | None = None
) -> tuple[FundingLine, str]:
    """Insert or update the funding line of ``data``'s key; return it and "inserted",
    "updated" or "unchanged". With ``line`` (an edit form), that row is updated."""
    errors, commitment, task = funding_errors(data, acting_user)
    if errors:
        raise ValidationError(errors)
    _check_funding_editor(acting_user, commitment, task)
    values = {
        "pledged": data.pledged,
        "disbursed": data.disbursed,
        "spent": data.spent,
        "note": nfc(data.note.strip()),
        "source_url": data.source_url.strip(),
        "is_sample": data.is_sample,
    }
    key = {"commitment": commitment, "task": task, "source": data.source, "year": data.year}
    if line is None:
        line = FundingLine.objects.select_for_update().filter(**key).order_by("pk").first()
    elif version is not None:
        claim_version(line, version)
    if line is None:
        line = FundingLine.objects.create(**key, **values)
        record_audit(
            line, "funding.inserted", acting_user, after=snapshot(line), subject=task or commitment
        )
        return line, "inserted"
    before = snapshot(line)
    for name, value in {**key, **values}.items():
        setattr(line, name, value)
    if snapshot(line) == before:
        return line, "unchanged"
    line.save()
    record_audit(
        line,
        "funding.updated",
        acting_user,
        before=before,
        after=snapshot(line),
        subject=task or commitment,
    )
    return line, "updated"


def funding_problems(rows: list[tuple[int, FundingData]], *, acting_user) -> list[str]:
    """Every problem of ``rows``, each naming its row and column (no database write)."""
    problems = []
    for number, data in rows:
        errors, commitment, task = funding_errors(data, acting_user)
        for name, messages in errors.items():
            for message in messages:
                text = _("Row %(row)d, column “%(column)s”: %(message)s")
                problems.append(
                    text % {"row": number, "column": column_label(name), "message": message}
                )
        if not errors:
            try:
                _check_funding_editor(acting_user, commitment, task)
            except PermissionDenied:
                message = _("Row %(row)d: your agency does not lead this commitment or task.")
                problems.append(message % {"row": number})
    return problems


@transaction.atomic
def import_funding(rows: list[tuple[int, FundingData]], *, acting_user) -> dict[str, int]:
    """All-or-nothing import: every row is checked first; any error (named by row and column)
    refuses the whole file. Idempotent: a second import of the same rows counts "unchanged"."""
    problems = funding_problems(rows, acting_user=acting_user)
    if problems:
        raise ValidationError(problems)
    counts = {"inserted": 0, "updated": 0, "unchanged": 0}
    for _number, data in rows:
        _line, outcome = save_funding(data, acting_user=acting_user)
        counts[outcome] += 1
    return counts


def column_label(name: str) -> str:
    from camket.evaluation.reviews.funding_xlsx import COLUMNS

    return next((str(label) for key, label in COLUMNS if key == name), name)


##### Assistance needs #####


@transaction.atomic
def add_assistance_need(
    obligation: Obligation,
    kind: str,
    description: str,
    *,
    acting_user,
    estimated_amount: Decimal | None = None,
    is_sample: bool = False,
) -> AssistanceNeed:
    """Record that ``obligation`` needs assistance (category C of feasibility)."""
    scope = scope_of(acting_user) if acting_user is not None else None
    if scope is not None and not (
        scope.is_national or obligation.responsible_agency_id in scope.editor_agency_ids
    ):
        raise PermissionDenied
    if kind not in AssistanceNeed.Kind.values or not description.strip():
        raise ValidationError(_("Choose the kind of assistance and say what is needed."))
    need, created = AssistanceNeed.objects.get_or_create(
        obligation=obligation,
        kind=kind,
        description=nfc(description.strip()),
        defaults={"estimated_amount": estimated_amount, "is_sample": is_sample},
    )
    if created:
        record_audit(need, "assistance_need.added", acting_user, after=snapshot(need),
                     subject=obligation.commitment)  # fmt: skip
    return need


##### Experts #####


@dataclass
class ExpertData:
    name: str
    kind: str
    agency: str
    fields_of_expertise: str
    organisation: str = ""
    languages: str = ""
    email: str = ""
    commitments: list[int] = field(default_factory=list)
    interest_partners: list[str] = field(default_factory=list)
    interest_sectors: list[str] = field(default_factory=list)
    interest_agencies: list[str] = field(default_factory=list)
    interests_note: str = ""
    is_sample: bool = False


@transaction.atomic
def save_expert(
    data: ExpertData, *, acting_user, expert: Expert | None = None, version: int | None = None
) -> Expert:
    """Register an expert (or update ``expert``); the registering agency must be the user's."""
    agency = Agency.objects.filter(code=data.agency).first()
    errors = {}
    if not data.name.strip():
        errors["name"] = [_("Give the expert's full name.")]
    if data.kind not in Expert.Kind.values:
        errors["kind"] = [_("Choose internal or external.")]
    if not data.fields_of_expertise.strip():
        errors["fields_of_expertise"] = [_("Give at least one field of expertise.")]
    if agency is None:
        errors["agency"] = [_("Choose the registering agency.")]
    if errors:
        raise ValidationError(errors)
    if acting_user is not None:
        scope = scope_of(acting_user)
        if not (scope.is_national or agency.pk in scope.editor_agency_ids):
            raise PermissionDenied
    before = snapshot(expert) if expert else None
    if expert is not None:
        claim_version(expert, version)
    expert = expert or Expert()
    expert.name, expert.kind, expert.agency = nfc(data.name.strip()), data.kind, agency
    expert.fields_of_expertise = nfc(data.fields_of_expertise.strip())
    expert.organisation, expert.languages = (
        nfc(data.organisation.strip()),
        nfc(data.languages.strip()),
    )
    expert.email, expert.interests_note = data.email.strip(), nfc(data.interests_note.strip())
    expert.is_sample = data.is_sample
    expert.save()
    expert.commitments.set(data.commitments)
    expert.interest_partners.set(Partner.objects.filter(code__in=data.interest_partners))
    expert.interest_sectors.set(Sector.objects.filter(code__in=data.interest_sectors))
    expert.interest_agencies.set(Agency.objects.filter(code__in=data.interest_agencies))
    action = "expert.updated" if before else "expert.registered"
    # Personal data: the audit row names the fields changed, not the values.
    record_audit(expert, action, acting_user, after={"fields": sorted(snapshot(expert))})
    return expert


def declared_interests(expert: Expert) -> Interests:
    return Interests(
        partners=frozenset(expert.interest_partners.values_list("code", flat=True)),
        sectors=frozenset(expert.interest_sectors.values_list("code", flat=True)),
        agencies=frozenset(expert.interest_agencies.values_list("code", flat=True)),
    )


def work_interests(*, task: Task | None = None, review: AgencyReview | None = None) -> Interests:
    """What a task or review is about: its commitments' partners and sectors, its agencies."""
    if task is not None:
        commitments = Commitment.objects.filter(
            Q(obligations__tasks=task) | Q(action_plans__tasks=task)
        ).distinct()
        agencies = {task.lead_agency.code, task.plan.agency.code}
        agencies |= set(task.supporting_agencies.values_list("code", flat=True))
    else:
        commitments = Commitment.objects.filter(pk=review.commitment_id)
        agencies = {review.agency.code}
    for commitment in commitments:
        agencies.add(commitment.lead_agency.code)
        agencies |= set(commitment.supporting_agencies.values_list("code", flat=True))
    return Interests(
        partners=frozenset(
            Partner.objects.filter(commitment__in=commitments).values_list("code", flat=True)
        ),
        sectors=frozenset(
            Sector.objects.filter(commitment__in=commitments).values_list("code", flat=True)
        ),
        agencies=frozenset(agencies),
    )  # fmt: skip


def conflict_messages(conflicts) -> list[str]:
    names = {
        "partner": lambda code: Partner.objects.get(code=code).name,
        "sector": lambda code: Sector.objects.get(code=code).name,
        "agency": lambda code: Agency.objects.get(code=code).name,
    }
    labels = {
        "partner": _("declared interest in the partner %(name)s"),
        "sector": _("declared interest in the sector %(name)s"),
        "agency": _("declared interest in the agency %(name)s"),
    }
    return [labels[c["kind"]] % {"name": names[c["kind"]](c["code"])} for c in conflicts]


@transaction.atomic
def engage_expert(
    expert: Expert,
    *,
    acting_user,
    role: str,
    task: Task | None = None,
    review: AgencyReview | None = None,
    justification: str = "",
) -> Engagement:
    """Engage ``expert`` on a task or a review; the conflict-of-interest check (declared
    interests against the work's partners, sectors and agencies) is recorded with it. A
    conflict refuses the engagement unless a justification is written."""
    if (task is None) == (review is None):
        raise ValidationError(_("Engage the expert on one task or one review."))
    scope = scope_of(acting_user)
    agency_id = task.lead_agency_id if task is not None else review.agency_id
    if not (scope.is_national or agency_id in scope.editor_agency_ids):
        raise PermissionDenied
    if not role.strip():
        raise ValidationError({"role": [_("Say what the expert is engaged to do.")]})
    found = [
        {"kind": c.kind, "code": c.code}
        for c in interest_conflicts(
            declared_interests(expert), work_interests(task=task, review=review)
        )
    ]
    if found and not justification.strip():
        # The declared interests are private to the registering agency (and national users):
        # another agency learns that a conflict was found, not with what.
        if permissions.can_read_expert_private(acting_user, expert):
            conflicts = "; ".join(conflict_messages(found))
        else:
            conflicts = _("the work touches an interest the expert declared")
        raise ValidationError(
            _(
                "Conflict of interest: %(conflicts)s. Write why the expert is engaged anyway, "
                "or choose another expert."
            )
            % {"conflicts": conflicts},
            code="conflict",
        )
    engagement = Engagement.objects.create(
        expert=expert,
        task=task,
        review=review,
        role=nfc(role.strip()),
        conflicts=found,
        justification=nfc(justification.strip()),
        engaged_by=acting_user,
    )
    subject = task  # a review's engagement stays with the review (no wider history)
    record_audit(
        engagement,
        "expert.engaged",
        acting_user,
        after={"expert": expert.pk, "conflicts": found},
        subject=subject,
    )
    return engagement
