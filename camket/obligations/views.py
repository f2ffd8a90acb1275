"""Staff pages: obligations of a commitment, the extraction assistant, plans, tasks, roadmaps."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from camket.agencies.models import Agency
from camket.coordination import before_save
from camket.downloads import file_response
from camket.monitoring.forms import CommitmentPicker
from camket.monitoring.models import ProgressReport
from camket.monitoring.sample import any_sample
from camket.obligations import actions, assistant, permissions, xlsx
from camket.obligations.access import access_obligation, access_plan, access_task, visible_plans
from camket.obligations.forms import (
    AcceptCandidateForm,
    CarriedIntoForm,
    MilestoneForm,
    ObligationForm,
    PlanForm,
    ProgrammeForm,
    TaskForm,
    XlsxUploadForm,
)
from camket.obligations.models import ActionPlan, Obligation, Task
from camket.obligations.reasons import readable_reasons
from camket.obligations.roadmap import build as build_roadmap
from camket.querystring import id_list_param, page_param, reads_query, text_param
from camket.registry.access import access_commitment
from camket.registry.models import Commitment, Provision, Sector
from camket.search import search
from camket.sorting import Alpha, InOrder, Sorting
from camket.versioning import form_status, save_or_conflict


def _form_errors(form) -> str:
    """All of a form's errors in one line, each after its field's label."""
    return "; ".join(
        f"{(form.fields[f].label or f) if f in form.fields else ''}: {' '.join(e)}"
        for f, e in form.errors.items()
    )


def _xlsx_response(data: bytes, title: str) -> HttpResponse:
    return file_response(data, title, "xlsx")


########## Obligations of a commitment ##########


@login_required
def commitment_work(request, code: str):
    """Items of a commitment, the tasks that implement each, and its roadmap."""
    commitment = access_commitment(request.user, code)
    obligations = (
        Obligation.objects.filter(commitment=commitment)
        .with_carried_into_for(request.user)
        .select_related("lead_agency")
        .prefetch_related(
            # Only the tasks this user may open are listed (and counted) under each item.
            Prefetch(
                "tasks",
                queryset=Task.objects.visible_to(request.user).select_related(
                    "plan", "lead_agency"
                ),
            )
        )
    )
    tasks = (
        Task.objects.visible_to(request.user).filter(obligations__commitment=commitment).distinct()
    )
    can_add = permissions.can_add_obligation(request.user, commitment)
    return render(
        request,
        "obligations/commitment_work.html",
        {
            "commitment": commitment,
            "obligations": obligations,
            "visible_task_ids": set(tasks.values_list("pk", flat=True)),
            "roadmap": build_roadmap(tasks),
            "can_add": can_add,
            "programme_form": ProgrammeForm(
                statement=commitment,
                initial={
                    "title_vi": _("Action programme implementing %(title)s")
                    % {"title": commitment.short_name or commitment.title_vi},
                    "agency": commitment.lead_agency,
                },
            )
            if can_add
            else None,
        },
    )


@login_required
def obligation_create(request, code: str):
    commitment = access_commitment(request.user, code)
    if not permissions.can_add_obligation(request.user, commitment):
        raise Http404
    form = ObligationForm(request.POST or None)
    similar = None
    if request.method == "POST" and form.is_valid():
        similar = before_save.for_obligation(
            request.user, request.POST, form.as_data(commitment), commitment
        )
    if request.method == "POST" and form.is_valid() and not similar:
        try:
            actions.create_obligation(form.as_data(commitment), acting_user=request.user)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The obligation was saved."))
            return redirect("obligations:commitment-work", code=commitment.code)
    return render(
        request,
        "obligations/obligation_form.html",
        {"form": form, "commitment": commitment, "similar": similar},
    )


@login_required
@reads_query("carried_q")
def obligation_detail(request, pk: int):
    obligation = access_obligation(request.user, pk)
    editable = permissions.can_edit_obligation(request.user, obligation)
    form = ObligationForm(request.POST or None, instance=obligation) if editable else None
    if request.method == "POST":
        if not editable:
            raise Http404
        if form.is_valid() and save_or_conflict(
            form,
            lambda: actions.save_obligation(
                form.save(commit=False),
                acting_user=request.user,
                sectors=form.cleaned_data["sectors"],
                version=form.expected_version,
            ),
        ):
            messages.success(request, _("The obligation was saved."))
            return redirect(obligation)
    tasks = Task.objects.visible_to(request.user).filter(obligations=obligation)
    return render(
        request,
        "obligations/obligation_detail.html",
        {
            "obligation": obligation,
            "reasons": readable_reasons(obligation.reasons),
            "form": form,
            "editable": editable,
            "tasks": tasks.select_related("plan", "lead_agency"),
            "carried_form": CarriedIntoForm(
                user=request.user,
                query=text_param(request.GET, "carried_q"),
                initial={"target": obligation.carried_into_id, "version": obligation.version},
            ),
        },
        status=form_status(form, 400 if form is not None and form.errors else 200),
    )


@login_required
@require_POST
def obligation_delete(request, pk: int):
    obligation = access_obligation(request.user, pk)
    if not permissions.can_edit_obligation(request.user, obligation):
        raise Http404
    code = obligation.commitment.code
    actions.delete_obligation(obligation, acting_user=request.user)
    messages.success(request, _("The obligation was deleted."))
    return redirect("obligations:commitment-work", code=code)


@login_required
@require_POST
def obligation_carried(request, pk: int):
    obligation = access_obligation(request.user, pk)
    if not permissions.can_edit_obligation(request.user, obligation):
        raise Http404
    if CommitmentPicker.SEARCH_BUTTON in request.POST:  # the picker's search, without JavaScript
        query = text_param(request.POST, "q")
        return redirect(f"{obligation.get_absolute_url()}?{urlencode({'carried_q': query})}")
    form = CarriedIntoForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(obligation)
    try:
        save_or_conflict(
            form,
            lambda: actions.mark_carried_into(
                obligation,
                form.cleaned_data["target"],
                acting_user=request.user,
                version=form.cleaned_data["version"],
            ),
        )
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect(obligation)
    if form.conflict:
        # The target saved now may be a commitment this person cannot open: no list of changes.
        messages.error(request, form.conflict.message)
    else:
        messages.success(request, _("The obligation was saved."))
    return redirect(obligation)


########## Extraction assistant ##########


@login_required
@reads_query("page")
def assistant_page(request, code: str):
    commitment = access_commitment(request.user, code)
    if not permissions.can_add_obligation(request.user, commitment):
        raise Http404
    page = page_param(request.GET)
    found, total = assistant.proposals(commitment, limit=30, offset=(page - 1) * 30)
    rows = [
        (
            p,
            AcceptCandidateForm(
                prefix=f"proposal-{number}",
                initial={
                    "key": p.key,
                    "provision": p.provision.pk,
                    "source_start": p.candidate.start,
                    "source_text": p.candidate.sentence,
                    "text": p.candidate.sentence,
                    "reasons": "\n".join(p.candidate.reasons),
                    "modality": (
                        Obligation.Modality.POLITICAL
                        if commitment.kind in assistant.POLITICAL_KINDS
                        else p.candidate.modality.value
                    ),
                    "addressee": p.addressee or Obligation.Addressee.VIET_NAM,
                    "due_on": p.due_on,
                    "due_text": p.due_text,
                    "lead_agency": p.agencies[0][0].pk if p.agencies else None,
                    "sectors": ",".join(p.sectors),
                    "schedule": "\n".join(
                        f"{x.text}\t{x.describe()}" for x in p.candidate.schedules
                    ),
                },
            ),
        )
        for number, p in enumerate(found, start=1)
    ]
    return render(
        request,
        "obligations/assistant.html",
        {
            "commitment": commitment,
            "rows": rows,
            "total": total,
            "page_number": page,
            "has_next": page * 30 < total,
            "has_text": commitment.provisions.exclude(text="").exists(),
        },
    )


@login_required
@require_POST
def assistant_accept(request, code: str):
    commitment = access_commitment(request.user, code)
    if not permissions.can_add_obligation(request.user, commitment):
        raise Http404
    # Each proposal's form on the assistant page has its own prefix, so that ids stay unique.
    prefix = request.POST.get("form_prefix", "")
    form = AcceptCandidateForm(
        request.POST, prefix=prefix if re.fullmatch(r"proposal-\d+", prefix) else None
    )
    if not form.is_valid():
        messages.error(
            request,
            _("The proposal could not be accepted: %(errors)s") % {"errors": _form_errors(form)},
        )
        return redirect("obligations:assistant", code=code)
    data = form.cleaned_data
    provision = get_object_or_404(Provision, pk=data["provision"], commitment=commitment)
    sectors = Sector.objects.filter(code__in=[s for s in data["sectors"].split(",") if s])
    candidate = actions.ObligationData(
        commitment=commitment.pk,
        provision=provision.pk,
        source_text=data["source_text"],
        source_start=data["source_start"],
        text=data["text"],
        modality=data["modality"],
        addressee=data["addressee"],
        due_on=data["due_on"],
        due_text=data["due_text"][:200],
        lead_agency=data["lead_agency"].code if data["lead_agency"] else None,
        method=Obligation.Method.ASSISTANT,
        reasons=[r for r in data["reasons"].splitlines() if r],
        external_key=data["key"],
        schedule=[
            dict(zip(("text", "reading"), line.split("\t", 1), strict=False))
            for line in data["schedule"].splitlines()
            if line
        ],
        sectors=list(sectors.values_list("code", flat=True)),
    )
    try:
        actions.create_obligation(candidate, acting_user=request.user)
    except ValidationError as error:
        problems = " ".join(error.messages)
        messages.error(
            request, _("The proposal could not be accepted: %(errors)s") % {"errors": problems}
        )
        return redirect("obligations:assistant", code=code)
    messages.success(request, _("The proposal became an obligation."))
    return redirect("obligations:assistant", code=code)


@login_required
@require_POST
def assistant_reject(request, code: str):
    commitment = access_commitment(request.user, code)
    if not permissions.can_add_obligation(request.user, commitment):
        raise Http404
    assistant.reject(commitment, request.POST.get("key", "")[:60], acting_user=request.user)
    messages.success(request, _("The proposal was rejected."))
    return redirect("obligations:assistant", code=code)


@login_required
@require_POST
def assistant_text(request, code: str):
    """Add a pasted full text (a statement in English or Vietnamese) for the assistant."""
    commitment = access_commitment(request.user, code)
    if not permissions.can_add_obligation(request.user, commitment):
        raise Http404
    text = request.POST.get("text", "").strip()
    if len(text) < 20:
        messages.error(request, _("Paste the full text of the statement (at least a sentence)."))
    else:
        language = request.POST.get("language", "en")
        assistant.add_full_text(
            commitment,
            text,
            language if language in {"vi", "en"} else "en",
            acting_user=request.user,
        )
        messages.success(request, _("The text was added; the proposals are below."))
    return redirect("obligations:assistant", code=code)


@login_required
@require_POST
def programme_create(request, code: str):
    """Group chosen items of a statement into an action programme, one task per item."""
    commitment = access_commitment(request.user, code)
    if not permissions.can_add_obligation(request.user, commitment):
        raise Http404
    form = ProgrammeForm(request.POST, statement=commitment)
    if form.is_valid():
        try:
            plan = actions.create_programme_from_items(
                commitment,
                list(form.cleaned_data["items"]),
                agency=form.cleaned_data["agency"],
                title_vi=form.cleaned_data["title_vi"],
                acting_user=request.user,
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("The action programme was created."))
            return redirect(plan)
    else:
        messages.error(
            request,
            _form_errors(form),
        )
    return redirect("obligations:commitment-work", code=code)


########## Plans ##########


PLAN_SORTING = Sorting(
    title=Alpha("title_vi"),
    kind=InOrder("kind", ActionPlan.Kind),
    agency=Alpha("agency__name_vi"),
    instrument=("instrument_on", "instrument_number"),
    status=InOrder("status", ActionPlan.Status),
)


@login_required
@reads_query("q", "page", "sort")
def plan_list(request):
    query = text_param(request.GET, "q")
    plans = visible_plans(request.user).select_related("agency").order_by("-created_at")
    plans = PLAN_SORTING.order(search(plans, query), request.GET)
    page = Paginator(plans, 30).get_page(request.GET.get("page"))
    kept = {**({"q": query} if query else {}), **PLAN_SORTING.query(request.GET)}
    return render(
        request,
        "obligations/plan_list.html",
        {
            "page": page,
            "query": query,
            "query_base": urlencode(kept),
            "sort": PLAN_SORTING.links(request.GET),
            "can_create": permissions.can_create_plan(request.user),
        },
    )


@login_required
def plan_create(request):
    if not permissions.can_create_plan(request.user):
        raise Http404
    if request.method == "POST" and PlanForm.searching(request.POST):
        # The picker's search button without JavaScript: redraw with the matches, save nothing.
        form = PlanForm(
            initial=PlanForm.initial_from(request.POST),
            user=request.user,
            commitment_query=request.POST.get("q", ""),
        )
        return render(request, "obligations/plan_form.html", {"form": form})
    form = PlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            plan = actions.create_plan(form.as_data(), acting_user=request.user)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The plan was saved."))
            return redirect(plan)
    return render(request, "obligations/plan_form.html", {"form": form})


@login_required
def plan_edit(request, code: str):
    plan = access_plan(request.user, code)
    if not permissions.can_edit_plan(request.user, plan):
        raise Http404
    if request.method == "POST" and PlanForm.searching(request.POST):
        form = PlanForm(
            initial=PlanForm.initial_from(request.POST),
            instance=plan,
            user=request.user,
            commitment_query=request.POST.get("q", ""),
        )
        return render(request, "obligations/plan_form.html", {"form": form, "plan": plan})
    form = PlanForm(request.POST or None, instance=plan, user=request.user)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_conflict(
            form,
            lambda: actions.save_plan(
                form.save(commit=False),
                acting_user=request.user,
                commitments=form.cleaned_data["commitments"],
                version=form.expected_version,
            ),
        )
    ):
        messages.success(request, _("The plan was saved."))
        return redirect(plan)
    return render(
        request,
        "obligations/plan_form.html",
        {"form": form, "plan": plan},
        status=form_status(form),
    )


@login_required
@require_GET
@reads_query("q", "commitments")
def plan_commitment_picker(request):
    """At most ``CommitmentPicker.LIMIT`` readable commitments matching ``q``, for a plan."""
    if not permissions.can_create_plan(request.user) and not visible_plans(request.user).exists():
        raise Http404
    form = PlanForm(user=request.user, commitment_query=text_param(request.GET, "q"))
    field = form["commitments"]
    chosen = [str(pk) for pk in id_list_param(request.GET, field.html_name)]
    html = field.field.widget.render_options(field.html_name, chosen, {"id": field.auto_id})
    return HttpResponse(html)


@login_required
@require_GET
@reads_query("q", "target")
def carried_picker(request):
    """At most ``CommitmentPicker.LIMIT`` readable treaties and agreements matching ``q``."""
    form = CarriedIntoForm(user=request.user, query=text_param(request.GET, "q"))
    field = form["target"]
    chosen = [str(pk) for pk in id_list_param(request.GET, field.html_name)]
    html = field.field.widget.render_options(field.html_name, chosen, {"id": field.auto_id})
    return HttpResponse(html)


def _plan_context(request, plan: ActionPlan, task_form=None) -> dict:
    tasks = (
        Task.objects.visible_to(request.user)
        .filter(plan=plan)
        .select_related("lead_agency")
        .prefetch_related("supporting_agencies")
    )
    from camket.portal.consultation.views import plan_links

    editable = permissions.can_edit_plan(request.user, plan)
    commitments = Commitment.objects.visible_to(request.user).filter(action_plans=plan)
    return {
        "plan": plan,
        "commitments": commitments,
        "consult_links": plan_links(request.user, plan, commitments),
        "tasks": tasks,
        "roadmap": build_roadmap(tasks),
        "can_edit": editable,
        "can_submit": permissions.can_submit_plan(request.user, plan),
        "can_approve": permissions.can_approve_plan(request.user, plan),
        "task_form": task_form or (TaskForm(plan=plan, user=request.user) if editable else None),
        "upload_form": XlsxUploadForm(),
    }


@login_required
def plan_detail(request, code: str):
    plan = access_plan(request.user, code)
    return render(request, "obligations/plan_detail.html", _plan_context(request, plan))


@login_required
@require_POST
def plan_transition(request, code: str, verb: str):
    plan = access_plan(request.user, code)
    steps = {"submit": actions.submit_plan, "approve": actions.approve_plan}
    try:
        if verb == "return":
            actions.return_plan(plan, request.POST.get("comment", ""), acting_user=request.user)
        elif verb in steps:
            steps[verb](plan, acting_user=request.user)
        else:
            raise Http404
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The plan is now “%(status)s”.") % {"status": plan.get_status_display()}
        )
    return redirect(plan)


@login_required
@require_POST
def task_create(request, code: str):
    plan = access_plan(request.user, code)
    if not permissions.can_edit_plan(request.user, plan):
        raise Http404
    form = TaskForm(request.POST, plan=plan, user=request.user)
    if form.is_valid():
        # Similar tasks of other agencies are shown before saving (camket/coordination).
        similar = before_save.for_task(request.user, request.POST, form.as_data(plan), plan)
        if similar:
            context = {**_plan_context(request, plan, task_form=form), "similar": similar}
            return render(request, "obligations/plan_detail.html", context)
        try:
            actions.create_task(form.as_data(plan), acting_user=request.user)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The task was added."))
            return redirect(plan)
    context = _plan_context(request, plan, task_form=form)
    return render(request, "obligations/plan_detail.html", context, status=400)


@login_required
def plan_export(request, code: str):
    plan = access_plan(request.user, code)
    tasks = Task.objects.visible_to(request.user).filter(plan=plan)
    return _xlsx_response(xlsx.export_tasks(tasks), plan.title)


@login_required
def xlsx_template(request):
    return _xlsx_response(xlsx.template(), _("Task import template"))


@login_required
@require_POST
def plan_import(request, code: str):
    plan = access_plan(request.user, code)
    if not permissions.can_edit_plan(request.user, plan):
        raise Http404
    form = XlsxUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose an Excel file to import."))
        return redirect(plan)
    upload = form.cleaned_data["file"]
    if upload.size > xlsx.MAX_BYTES:
        messages.error(
            request, _("The file is larger than %(limit)d MB.") % {"limit": xlsx.MAX_BYTES >> 20}
        )
        return redirect(plan)
    result = xlsx.import_tasks(plan, upload.read(), acting_user=request.user, name=upload.name)
    if result.errors:
        messages.error(request, _("Nothing was imported. Fix these problems and try again:"))
        for error in result.errors[:200]:
            messages.error(request, error)
    else:
        messages.success(
            request,
            _("Imported: %(inserted)d new, %(updated)d updated, %(unchanged)d unchanged.")
            % {
                "inserted": result.inserted,
                "updated": result.updated,
                "unchanged": result.unchanged,
            },
        )
    return redirect(plan)


########## Tasks ##########


TASK_FILTERS = ("agency", "status", "commitment", "overdue", "q")
TASK_SORTING = Sorting(
    title=Alpha("title"),
    plan=Alpha("plan__title_vi"),
    lead=Alpha("lead_agency__name_vi"),
    due_on="due_on",
    status=InOrder("status", Task.Status),
)


def _filtered_tasks(request):
    tasks = Task.objects.visible_to(request.user).select_related("plan", "lead_agency")
    active = {k: v for k in TASK_FILTERS if (v := text_param(request.GET, k))}
    if "agency" in active:
        tasks = tasks.filter(lead_agency__code=active["agency"])
    if "status" in active:
        tasks = tasks.filter(status=active["status"])
    if "commitment" in active:
        # Only a commitment the reader may open filters (a hidden code matches nothing).
        served = Commitment.objects.visible_to(request.user).filter(code=active["commitment"])
        tasks = tasks.filter(obligations__commitment__in=served).distinct()
    if "overdue" in active:
        tasks = tasks.overdue(timezone.localdate())
    tasks = search(tasks.order_by("due_on", "pk"), active.get("q", ""))
    return TASK_SORTING.order(tasks, request.GET), active


@login_required
@reads_query(*TASK_FILTERS, "page", "sort")
def task_list(request):
    tasks, active = _filtered_tasks(request)
    page = Paginator(tasks, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "obligations/task_list.html",
        {
            "page": page,
            "active": active,
            "query": active.get("q", ""),
            "query_base": urlencode({**active, **TASK_SORTING.query(request.GET)}),
            "sort": TASK_SORTING.links(request.GET),
            "statuses": Task.Status.choices,
            "today": timezone.localdate(),
        },
    )


@login_required
@reads_query(*TASK_FILTERS, "sort")
def task_export(request):
    tasks, _active = _filtered_tasks(request)
    return _xlsx_response(xlsx.export_tasks(tasks), _("Tasks"))


@login_required
def task_detail(request, pk: int):
    task = access_task(request.user, pk)
    editable = permissions.can_edit_task(request.user, task)
    form = (
        TaskForm(request.POST or None, instance=task, plan=task.plan, user=request.user)
        if editable
        else None
    )
    if request.method == "POST":
        if not editable:
            raise Http404
        if form.is_valid() and save_or_conflict(
            form,
            lambda: actions.save_task(
                form.save(commit=False),
                acting_user=request.user,
                obligations=form.cleaned_data["obligations"],
                supporting=form.cleaned_data["supporting_agencies"],
                version=form.expected_version,
            ),
        ):
            messages.success(request, _("The task was saved."))
            return redirect(task)
    reports = list(
        ProgressReport.objects.visible_to(request.user)
        .filter(task=task)
        .select_related("cycle", "agency")
        .order_by("-cycle__ends_on", "agency__code")
    )
    return render(
        request,
        "obligations/task_detail.html",
        {
            "task": task,
            "form": form,
            "editable": editable,
            "obligations": task.obligations.filter(
                commitment__in=Commitment.objects.visible_to(request.user)
            ).select_related("commitment", "provision"),
            "milestone_form": MilestoneForm() if editable else None,
            # The way from a task to its reports: those the reader may see (as in the lists).
            "reports": reports,
            "sample_data": any_sample(r.cycle for r in reports),
        },
        status=form_status(form, 400 if form is not None and form.errors else 200),
    )


@login_required
@require_POST
def milestone_create(request, pk: int):
    task = access_task(request.user, pk)
    if not permissions.can_edit_task(request.user, task):
        raise Http404
    form = MilestoneForm(request.POST)
    if form.is_valid():
        milestone = form.save(commit=False)
        milestone.task = task
        actions.save_milestone(milestone, acting_user=request.user)
        messages.success(request, _("The milestone was saved."))
    else:
        messages.error(
            request,
            _form_errors(form),
        )
    return redirect(task)


@login_required
def agency_roadmap(request, code: str):
    agency = get_object_or_404(Agency, code=code)
    tasks = Task.objects.visible_to(request.user).filter(lead_agency=agency)
    return render(
        request,
        "obligations/agency_roadmap.html",
        {"agency": agency, "roadmap": build_roadmap(tasks), "count": tasks.count()},
    )


@login_required
def my_roadmap(request):
    from camket.agencies.permissions import scope_of

    agency_ids = sorted(scope_of(request.user).agency_ids)
    if not agency_ids:
        return redirect("obligations:task-list")
    return redirect("obligations:agency-roadmap", code=Agency.objects.get(pk=agency_ids[0]).code)
