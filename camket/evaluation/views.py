"""Staff pages of the step before signing. Every scoped fetch goes through ``access.py``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from camket.agencies.models import agencies_for_work
from camket.agencies.permissions import scope_of
from camket.downloads import file_response
from camket.evaluation import actions, docx, legal, summary
from camket.evaluation import permissions as perms
from camket.evaluation.access import access_item, access_proposal, access_request
from camket.evaluation.forms import (
    DecisionForm,
    FeasibilityForm,
    HandlingForm,
    ImpactForm,
    ItemForm,
    OpinionForm,
    OverrideForm,
    ProposalCreateForm,
    ProposalForm,
    RequestForm,
)
from camket.evaluation.gate import approved_stages
from camket.evaluation.models import GateOverride, ImpactEntry, OpinionRequest, Proposal
from camket.querystring import MAX_ID, reads_query, text_param
from camket.registry.access import access_commitment
from camket.uploads import stored_file_response
from camket.versioning import form_status, save_or_conflict
from lawcore import gate as lawgate


def _errors_to_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@reads_query("stage", "status")
def queue(request):
    """Proposals by stage, with overdue opinions first: the coordinator's queue (and each
    agency's own, through the same visibility)."""
    today = timezone.localdate()
    proposals = Proposal.objects.visible_to(request.user).select_related(
        "commitment", "proposing_agency"
    )
    stage = text_param(request.GET, "stage")
    status = text_param(request.GET, "status")
    if stage in Proposal.Stage.values:
        proposals = proposals.filter(stage=stage)
    if status in Proposal.Status.values:
        proposals = proposals.filter(status=status)
    by_stage = {label: [] for value, label in Proposal.Stage.choices}
    for proposal in proposals.order_by("status", "-updated_at"):
        by_stage[proposal.get_stage_display()].append(proposal)
    overdue = list(
        OpinionRequest.objects.filter(
            proposal__in=Proposal.objects.visible_to(request.user),
            answered_on__isnull=True,
            due_on__lt=today,
        ).select_related("proposal__commitment", "agency")
    )
    context = {
        "by_stage": {k: v for k, v in by_stage.items() if v},
        "overdue": overdue,
        "today": today,
        "stage": stage,
        "status": status,
        "stages": Proposal.Stage.choices,
        "statuses": Proposal.Status.choices,
        "is_national": scope_of(request.user).is_national,
    }
    return render(request, "evaluation/proposal_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request, code: str):
    commitment = access_commitment(request.user, code)
    agencies = agencies_for_work()
    allowed = perms.proposing_agency_ids(request.user, commitment)
    if allowed is not None:
        # only agencies the user acts for that lead or support the commitment (same 404 as a
        # commitment the user may not read)
        agencies = agencies.filter(pk__in=allowed)
        if not agencies.exists():
            raise Http404(code)
    initial = {
        "proposing_agency": commitment.lead_agency.code,
        "legal_basis": legal.legal_basis_for(commitment),
    }
    form = ProposalCreateForm(request.POST or None, initial=initial, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = actions.create_proposal(
                actions.ProposalData(
                    commitment=commitment.code,
                    stage=data["stage"],
                    legal_basis=data["legal_basis"],
                    proposing_agency=data["proposing_agency"].code,
                    necessity=data["necessity"],
                    amends_law=data["amends_law"],
                    oda_loan=data["oda_loan"],
                    expected_in_force_on=data["expected_in_force_on"],
                ),
                acting_user=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The proposal was opened with its dossier checklist."))
            return redirect(proposal)
    return render(
        request,
        "evaluation/proposal_form.html",
        {"form": form, "commitment": commitment},
        status=400 if form.errors else 200,
    )


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _consultation_reports(user, items) -> dict:
    """For items satisfied by a consultation's explanation report: the consultation, with its
    public page when the public reads it, else its staff page when ``user`` reads that."""
    from camket.portal.consultation import public
    from camket.portal.consultation.models import Consultation

    wanted = {item.consultation_id for item in items if item.consultation_id}
    if not wanted:
        return {}
    shown = {
        c.pk: {"consultation": c, "url": c.get_public_url(), "public": True}
        for c in public.public_consultations().filter(pk__in=wanted)
    }
    for c in Consultation.objects.visible_to(user).filter(pk__in=wanted - set(shown)):
        shown[c.pk] = {"consultation": c, "url": c.get_absolute_url(), "public": False}
    return shown


def _detail_context(request, proposal: Proposal) -> dict:
    from camket.portal.consultation.views import proposal_panel

    user, today = request.user, timezone.localdate()
    opinions = list(proposal.opinions.select_related("agency"))
    answerable = {r.pk for r in opinions if perms.can_answer(user, r)}
    items = list(proposal.items.all())
    reports = _consultation_reports(user, items)
    for item in items:
        item.report = reports.get(item.consultation_id)
    return {
        "proposal": proposal,
        "commitment": proposal.commitment,
        "items": items,
        "consultation": proposal_panel(user, proposal),
        "opinions": opinions,
        "answerable": answerable,
        "overdue": {r.pk for r in opinions if r.is_overdue(today)},
        "impacts": list(proposal.impacts.all()),
        "summary": summary.summarise(proposal),
        "can_prepare": perms.can_prepare(user, proposal),
        "can_decide": perms.can_decide(user, proposal),
        "decision_form": DecisionForm(),
        "request_form": RequestForm(),
        "handling_form": HandlingForm(),
        "changed": actions.changed_items(proposal),
        "snapshot": proposal.snapshots.filter(is_current=True).first(),
        "today": today,
    }


@login_required
def proposal_detail(request, pk: int):
    proposal = access_proposal(request.user, pk)
    return render(request, "evaluation/proposal_detail.html", _detail_context(request, proposal))


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request, pk: int):
    proposal = access_proposal(request.user, pk, to_prepare=True)
    form = ProposalForm(request.POST or None, instance=proposal)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        values = actions.ProposalData(
            commitment=proposal.commitment.code,
            stage=proposal.stage,
            legal_basis=data["legal_basis"],
            proposing_agency=proposal.proposing_agency.code,
            necessity=data["necessity"],
            amends_law=data["amends_law"],
            oda_loan=data["oda_loan"],
            expected_in_force_on=data["expected_in_force_on"],
            affected_groups=proposal.affected_groups,
        )
        try:
            saved = save_or_conflict(
                form,
                lambda: actions.update_proposal(
                    proposal, values, acting_user=request.user, version=form.expected_version
                ),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if saved is not None:
                messages.success(request, _("The proposal was saved."))
                return redirect(saved)
    return render(
        request,
        "evaluation/proposal_edit.html",
        {"form": form, "proposal": proposal},
        status=form_status(form, 400 if form.errors else 200),
    )


@login_required
@require_POST
def proposal_submit(request, pk: int):
    proposal = access_proposal(request.user, pk, to_prepare=True)
    try:
        actions.submit_proposal(proposal, acting_user=request.user)
    except ValidationError as error:
        _errors_to_messages(request, error)
    else:
        messages.success(request, _("The proposal was submitted and the opinions were asked."))
    return redirect(proposal)


@login_required
@require_POST
def opinion_request(request, pk: int):
    proposal = access_proposal(request.user, pk, to_prepare=True)
    form = RequestForm(request.POST)
    if form.is_valid():
        try:
            actions.request_opinion(
                proposal, form.cleaned_data["agency"].code, acting_user=request.user
            )
        except ValidationError as error:
            _errors_to_messages(request, error)
        else:
            messages.success(request, _("The opinion was asked."))
    else:
        messages.error(request, _("Choose the consulted body."))
    return redirect(proposal)


@login_required
@require_http_methods(["GET", "POST"])
def opinion_answer(request, pk: int):
    opinion = access_request(request.user, pk, to_answer=True)
    form = OpinionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.give_opinion(
                opinion,
                stance=form.cleaned_data["stance"],
                text=form.cleaned_data["text"],
                acting_user=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The opinion was recorded."))
            return redirect(opinion.proposal)
    context = {"form": form, "opinion": opinion, "proposal": opinion.proposal}
    return render(
        request, "evaluation/opinion_form.html", context, status=400 if form.errors else 200
    )


@login_required
@require_POST
def opinion_handling(request, pk: int):
    opinion = access_request(request.user, pk)
    if not perms.can_prepare(request.user, opinion.proposal):
        raise Http404(pk)
    form = HandlingForm(request.POST)
    if form.is_valid():
        actions.record_handling(opinion, form.cleaned_data["handling"], acting_user=request.user)
        messages.success(request, _("The handling of the opinion was recorded."))
    else:
        messages.error(request, _("Write how the opinion was taken into account."))
    return redirect(opinion.proposal)


@login_required
@require_http_methods(["GET", "POST"])
def item_satisfy(request, pk: int):
    item = access_item(request.user, pk, to_prepare=True)
    form = ItemForm(request.POST or None, request.FILES or None, initial={"note": item.note})
    if request.method == "POST" and form.is_valid():
        try:
            actions.satisfy_item(
                item,
                note=form.cleaned_data["note"],
                upload=form.cleaned_data["file"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The dossier item was saved."))
            return redirect(item.proposal)
    context = {"form": form, "item": item, "proposal": item.proposal}
    return render(request, "evaluation/item_form.html", context, status=400 if form.errors else 200)


@login_required
def item_download(request, pk: int):
    item = access_item(request.user, pk)
    if not item.file:
        raise Http404(pk)
    return stored_file_response(
        request, item.file, item.file_name or "tai-lieu", back_url=item.proposal.get_absolute_url()
    )


@login_required
@require_http_methods(["GET", "POST"])
def impact(request, pk: int):
    proposal = access_proposal(request.user, pk, to_prepare=True)
    initial = {"version": proposal.version, "affected_groups": proposal.affected_groups}
    for entry in proposal.impacts.all():
        for part in ("score", "argument", "cost", "cost_bearer"):
            initial[f"{entry.dimension}_{part}"] = getattr(entry, part)
    form = ImpactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        entries = [
            actions.ImpactData(
                dimension=value,
                score=data[f"{value}_score"],
                argument=data[f"{value}_argument"],
                cost=data[f"{value}_cost"],
                cost_bearer=data[f"{value}_cost_bearer"],
            )
            for value in ImpactEntry.Dimension.values
        ]
        try:
            saved = save_or_conflict(
                form,
                lambda: actions.save_impact(
                    proposal,
                    entries,
                    affected_groups=data["affected_groups"],
                    acting_user=request.user,
                    version=data["version"],
                ),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if saved is not None:
                messages.success(request, _("The impact assessment was saved."))
                return redirect(proposal)
    return render(
        request,
        "evaluation/impact_form.html",
        {"form": form, "proposal": proposal},
        status=form_status(form, 400 if form.errors else 200),
    )


@login_required
@require_http_methods(["GET", "POST"])
def feasibility(request, pk: int):
    proposal = access_proposal(request.user, pk, to_prepare=True)
    rows = {r.obligation_id: r for r in proposal.feasibility.prefetch_related("laws")}
    failed = None
    if request.method == "POST":
        failed = _save_feasibility(request, proposal)
        if failed is None:
            return redirect("evaluation:feasibility", pk=proposal.pk)
    entries = []
    for obligation in actions.obligations_assessed(proposal).order_by("number", "pk"):
        laws = summary.laws_for_obligation(obligation.pk)
        row = rows.get(obligation.pk)
        if failed is not None and failed.data.get("obligation") == str(obligation.pk):
            form = failed
        else:
            form = FeasibilityForm(
                initial=_feasibility_initial(obligation, row, proposal),
                laws=[(law.code, str(law)) for law in laws],
                prefix=f"o{obligation.pk}",
            )
        entries.append((obligation, row, form))
    context = {"proposal": proposal, "entries": entries, "summary": summary.summarise(proposal)}
    return render(
        request, "evaluation/feasibility.html", context, status=400 if failed is not None else 200
    )


def _feasibility_initial(obligation, row, proposal) -> dict:
    if row is None:
        agency = obligation.lead_agency or proposal.commitment.lead_agency
        return {"obligation": obligation.pk, "responsible_agency": agency.current().code}
    return {
        "obligation": obligation.pk,
        "category": row.category,
        "ready_on": row.ready_on,
        "amount": row.amount,
        "funding_source": row.funding_source,
        "responsible_agency": row.responsible_agency.code,
        "laws": [law.code for law in row.laws.all()],
        "note": row.note,
    }


def _row_pk(prefix: str) -> int:
    """The obligation id in a row name ``o<id>``; 0 for anything else (superscripts and other
    non-ASCII digits, ids past a database integer)."""
    digits = prefix[1:]
    if prefix[:1] != "o" or not (digits.isascii() and digits.isdigit()) or len(digits) > 19:
        return 0
    pk = int(digits)
    return pk if pk <= MAX_ID else 0


def _save_feasibility(request, proposal):
    """Save the posted row; None when saved, else the bound form with its errors."""
    prefix = request.POST.get("row", "")
    pk = _row_pk(prefix)
    laws = [(law.code, str(law)) for law in summary.laws_for_obligation(pk)]
    form = FeasibilityForm(request.POST, laws=laws, prefix=prefix or "o0")
    form.data = form.data.copy()
    form.data["obligation"] = str(pk)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.save_feasibility(
                proposal,
                actions.FeasibilityData(
                    obligation=pk,
                    category=data["category"],
                    responsible_agency=data["responsible_agency"].code,
                    ready_on=data["ready_on"],
                    amount=data["amount"],
                    funding_source=data["funding_source"],
                    laws=data["laws"],
                    note=data["note"],
                ),
                acting_user=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The feasibility of the obligation was saved."))
            return None
    return form


@login_required
@require_POST
def decide(request, pk: int):
    proposal = access_proposal(request.user, pk)
    if not perms.can_decide(request.user, proposal):
        raise Http404(pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            actions.decide_proposal(
                proposal,
                decision=form.cleaned_data["decision"],
                conditions=form.cleaned_data["conditions"],
                instrument=form.cleaned_data["instrument"],
                acting_user=request.user,
            )
        except ValidationError as error:
            _errors_to_messages(request, error)
        else:
            messages.success(request, _("The decision was recorded."))
    else:
        messages.error(request, _("Choose a decision."))
    return redirect(proposal)


@login_required
def proposal_docx(request, pk: int):
    proposal = access_proposal(request.user, pk)
    content = docx.dossier_docx(proposal, summary.summarise(proposal))
    name = _("Submission %(code)s") % {"code": proposal.commitment.short_name or proposal.pk}
    return file_response(content, name, "docx")


@login_required
def override_list(request):
    """Every step let through the gate without an approved proposal, with its reason."""
    from camket.registry.models import Commitment

    visible = Commitment.objects.visible_to(request.user)
    overrides = GateOverride.objects.filter(commitment__in=visible).select_related(
        "commitment", "by"
    )
    context = {"overrides": overrides, "can_override": perms.can_override(request.user)}
    return render(request, "evaluation/override_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def override_create(request, code: str):
    commitment = access_commitment(request.user, code)
    if not perms.can_override(request.user):
        raise Http404(code)
    form = OverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.override_gate(
                commitment,
                form.cleaned_data["stage"],
                form.cleaned_data["reason"],
                acting_user=request.user,
            )
        except (ValidationError, PermissionDenied) as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The step was let through the gate; the reason is listed."))
            return redirect("evaluation:override-list")
    return render(
        request,
        "evaluation/override_form.html",
        {"form": form, "commitment": commitment},
        status=400 if form.errors else 200,
    )


@login_required
def commitment_gate(request, code: str):
    """A commitment's proposals, the stages it may take, whether it was signed before the gate
    existed, and (after signing) its progress against the feasibility given at signing."""
    commitment = access_commitment(request.user, code)
    proposals = Proposal.objects.visible_to(request.user).filter(commitment=commitment)
    signed = commitment.events.filter(kind__in=["signature", "accession"]).order_by("on").first()
    context = {
        "commitment": commitment,
        "proposals": proposals,
        "approved": sorted(str(Proposal.Stage(s).label) for s in approved_stages(commitment)),
        "before_gate": signed is not None and signed.on < lawgate.GATE_START,
        "gate_start": lawgate.GATE_START,
        "signed": signed,
        "promise": _promise(request.user, commitment),
        "can_propose": perms.proposing_agency_ids(request.user, commitment) != set(),
        "can_override": perms.can_override(request.user),
    }
    return render(request, "evaluation/commitment_gate.html", context)


def _promise(user, commitment):
    """Rows comparing each obligation's category at signing with its tasks now."""
    from camket.obligations.models import Task

    proposal = (
        Proposal.objects.visible_to(user)
        .filter(commitment=commitment, stage=Proposal.Stage.SIGNATURE, draft_plan__isnull=False)
        .first()
    )
    if proposal is None:
        return []
    today = timezone.localdate()
    rows = []
    tasks = Task.objects.visible_to(user) if hasattr(Task.objects, "visible_to") else Task.objects
    for row in proposal.feasibility.select_related("obligation", "responsible_agency"):
        found = list(tasks.filter(obligations=row.obligation_id))
        done = any(t.status == Task.Status.COMPLETED for t in found)
        late = not done and row.ready_on is not None and row.ready_on < today
        rows.append({"row": row, "tasks": found, "done": done, "late": late})
    return rows
