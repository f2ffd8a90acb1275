"""Staff pages of annual reviews, resources and experts. Scoped fetches go through ``access.py``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from camket.agencies.permissions import scope_of
from camket.downloads import file_response
from camket.evaluation.reviews import actions, permissions, synthesis
from camket.evaluation.reviews.access import (
    access_campaign,
    access_expert,
    access_funding_for_edit,
    access_remedy,
    access_review,
    visible_campaigns,
)
from camket.evaluation.reviews.dormant import dormant_commitments
from camket.evaluation.reviews.forms import (
    AssistanceForm,
    CampaignForm,
    EngageForm,
    ExpertEditForm,
    ExpertForm,
    FundingForm,
    ImportForm,
    LegislativeRemedyForm,
    RemedyForm,
    ReturnForm,
    ReviewForm,
)
from camket.evaluation.reviews.funding_xlsx import FundingFileError, read, template
from camket.evaluation.reviews.models import AgencyReview, AssistanceNeed, Expert, FundingLine
from camket.evaluation.reviews.resources import funding_gap
from camket.obligations import serving
from camket.obligations.models import Obligation, Task
from camket.querystring import reads_query, text_param
from camket.registry.access import access_commitment
from camket.registry.models import Commitment
from camket.search import search
from camket.versioning import form_status, save_or_conflict

PAGE_ROWS = 200


def _errors(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


##### Campaigns #####


@login_required
def home(request):
    scope = scope_of(request.user)
    campaigns = list(visible_campaigns(request.user))
    return render(
        request,
        "reviews/home.html",
        {
            "campaigns": campaigns,
            "can_open": permissions.can_open_campaign(request.user),
            "can_read_roster": permissions.can_read_roster(request.user),
            "is_staff_member": scope.is_national or bool(scope.agency_ids) or scope.is_observer,
            "review_sample": any(c.is_sample for c in campaigns),
        },
    )


@login_required
def campaign_create(request):
    if not permissions.can_open_campaign(request.user):
        raise Http404
    form = CampaignForm(
        request.POST or None, initial=CampaignForm.initial_for(timezone.localdate())
    )
    if request.method == "POST" and form.is_valid():
        data = actions.CampaignData(**form.cleaned_data)
        try:
            campaign = actions.open_campaign(data, acting_user=request.user)
        except ValidationError as error:
            for message in _errors(error):
                form.add_error(None, message)
        else:
            messages.success(
                request, _("The review campaign is open; each lead agency has its draft reviews.")
            )
            return redirect(campaign)
    return render(
        request,
        "reviews/campaign_form.html",
        {"form": form},
        status=form_status(form, 400 if form.errors else 200),
    )


@login_required
def campaign_detail(request, pk: int):
    campaign = access_campaign(request.user, pk)
    reviews = (
        AgencyReview.objects.visible_to(request.user)
        .filter(campaign=campaign)
        .select_related("commitment", "agency")
        .order_by("agency__name_vi", "commitment__title_vi")
    )
    shown = list(reviews[:PAGE_ROWS])
    counts = dict.fromkeys(AgencyReview.Status.values, 0)
    for status in reviews.values_list("status", flat=True):
        counts[status] += 1
    return render(
        request,
        "reviews/campaign_detail.html",
        {
            "campaign": campaign,
            "reviews": shown,
            "more": max(0, reviews.count() - len(shown)),
            "counts": [(label, counts[value]) for value, label in AgencyReview.Status.choices],
            "can_synthesise": permissions.can_read_synthesis(request.user),
            "review_sample": campaign.is_sample,
        },
    )


@login_required
@reads_query("format")
def campaign_synthesis(request, pk: int):
    campaign = access_campaign(request.user, pk)
    if not permissions.can_read_synthesis(request.user):
        raise Http404(pk)
    report = synthesis.build(request.user, campaign, timezone.localdate())
    kind = text_param(request.GET, "format")
    if kind == "docx":
        return file_response(synthesis.render_docx(report), report.file_title, "docx")
    if kind == "pdf":
        return file_response(synthesis.render_pdf(report), report.file_title, "pdf")
    return render(
        request,
        "reviews/synthesis.html",
        {"campaign": campaign, "report": report, "review_sample": campaign.is_sample},
    )


@login_required
def dormant(request):
    commitments, cycles = dormant_commitments(request.user)
    return render(
        request,
        "reviews/dormant.html",
        {
            "commitments": list(commitments[:PAGE_ROWS]),
            "cycles": cycles,
            "total": commitments.count(),
        },
    )


##### One review #####


def _link_actions(user, remedies) -> None:
    """Give each remedy made into a legislative action the reader may read ``action_url``: the
    assessment page listing that action (which names the remedy back)."""
    from camket.compatibility.models import LegislativeAction

    ids = [r.legislative_action_id for r in remedies if r.legislative_action_id]
    readable = set(
        LegislativeAction.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True)
    )
    for remedy in remedies:
        remedy.action_url = ""
        if remedy.legislative_action_id in readable:
            link = remedy.legislative_action.link
            kind, target = (
                ("obligation", link.obligation_id)
                if link.obligation_id
                else ("provision", link.provision_id)
            )
            remedy.action_url = reverse(f"compatibility:{kind}-assess", args=[target])


def _review_context(request, review, form=None, remedy_form=None, return_form=None):
    user = request.user
    readable = permissions.can_read_review_content(user, review)
    editable = permissions.can_edit_review(user, review)
    if form is None and editable:
        form = ReviewForm(instance=review)
    remedies = (
        list(review.remedies.select_related("task", "legislative_action__link")) if readable else []
    )
    _link_actions(user, remedies)
    visible_tasks = set(
        Task.objects.visible_to(user)
        .filter(pk__in=[r.task_id for r in remedies if r.task_id])
        .values_list("pk", flat=True)
    )
    findings = (
        list(actions.remedy_findings(review))
        if permissions.can_convert_remedy(user, review)
        else []
    )
    experts = (
        Expert.objects.visible_to(user).order_by("name") if editable else Expert.objects.none()
    )
    engagements = review.engagements.select_related("expert") if readable else []
    return {
        "review": review,
        "readable": readable,
        "form": form,
        "remedy_form": remedy_form or (RemedyForm() if editable else None),
        "return_form": return_form or ReturnForm(),
        "remedies": remedies,
        "visible_tasks": visible_tasks,
        "findings_form": LegislativeRemedyForm(findings=findings) if findings else None,
        "can_convert": permissions.can_convert_remedy(user, review),
        "verbs": [
            verb
            for verb, allowed in permissions.PREDICATES.items()
            if allowed(user, review) and verb != "submit"
        ],
        "can_submit": permissions.can_submit_review(user, review),
        "engage_form": EngageForm(
            targets=[
                (f"expert-{e.pk}", f"{e.name} — {', '.join(e.field_list[:2])}") for e in experts
            ]
        )
        if editable and experts
        else None,
        "engagements": engagements,
        "figures": synthesis.figure_rows(review.figures),
        "scores": _scores(review),
        "review_sample": review.campaign.is_sample,
    }


def _scores(review) -> list[dict]:
    """The criteria of the scorecard the figures name (``camket.evaluation.scoring``)."""
    from camket.evaluation.scoring.queries import scores_for
    from camket.monitoring.models import ReportingCycle

    cycle = ReportingCycle.objects.filter(pk=review.figures.get("score_cycle") or 0).first()
    return scores_for("commitment", review.commitment_id, cycle) if cycle else []


@login_required
def review_detail(request, pk: int):
    review = access_review(request.user, pk)
    form = None
    if request.method == "POST":
        if not permissions.can_edit_review(request.user, review):
            raise Http404(pk)
        form = ReviewForm(request.POST, instance=review)
        if form.is_valid():
            content = {name: form.cleaned_data[name] for name in actions.REVIEW_FIELDS}
            try:
                saved = save_or_conflict(form, lambda: actions.save_review(
                    review, content, acting_user=request.user, version=form.expected_version,
                    submit="submit" in request.POST,
                ))  # fmt: skip
            except ValidationError as error:
                for message in _errors(error):
                    form.add_error(None, message)
                saved = None
            if saved is not None:
                messages.success(
                    request,
                    _("The review is saved.")
                    if saved.status != AgencyReview.Status.SUBMITTED
                    else _("The review is sent to the leader."),
                )
                return redirect(saved)
        review = access_review(request.user, pk)
    context = _review_context(request, review, form=form)
    status = form_status(form, 400) if form is not None else 200
    return render(request, "reviews/review_detail.html", context, status=status)


@login_required
@require_POST
def review_transition(request, pk: int, verb: str):
    review = access_review(request.user, pk)
    if verb not in permissions.PREDICATES:
        raise Http404(verb)
    try:
        actions.transition(
            review, verb, acting_user=request.user, comment=request.POST.get("comment", "")
        )
    except PermissionDenied:
        raise Http404(pk) from None
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
    else:
        done = {
            "submit": _("The review is sent to the leader."),
            "approve": _("The review is approved and sent to the national coordinator."),
            "return": _("The review is returned with your comment."),
            "accept": _("The review is accepted."),
        }
        messages.success(request, done[verb])
    return redirect(review)


@login_required
@require_POST
def remedy_create(request, pk: int):
    review = access_review(request.user, pk)
    if not permissions.can_write_remedy(request.user, review):
        raise Http404(pk)
    form = RemedyForm(request.POST)
    if form.is_valid():
        actions.add_remedy(
            review, form.cleaned_data["text"], form.cleaned_data["due_on"], acting_user=request.user
        )
        messages.success(request, _("The remedy is added."))
        return redirect(review)
    context = _review_context(request, review, remedy_form=form)
    return render(request, "reviews/review_detail.html", context, status=400)


@login_required
@require_POST
def remedy_task(request, pk: int):
    remedy = access_remedy(request.user, pk)
    try:
        task = actions.remedy_to_task(remedy, acting_user=request.user)
    except PermissionDenied:
        raise Http404(pk) from None
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
        return redirect(remedy.review)
    messages.success(request, _("The remedy is now task %(number)s of the plan “%(plan)s”.") % {
        "number": task.number, "plan": task.plan.title
    })  # fmt: skip
    return redirect(remedy.review)


@login_required
@require_POST
def remedy_legislative(request, pk: int):
    remedy = access_remedy(request.user, pk)
    review = access_review(request.user, remedy.review_id)
    form = LegislativeRemedyForm(request.POST, findings=list(actions.remedy_findings(review)))
    if not form.is_valid():
        messages.error(request, _("Choose the gap or conflict and the kind of law-making."))
        return redirect(review)
    try:
        actions.remedy_to_legislative_action(
            remedy, form.cleaned_data["link"], form.cleaned_data["kind"], acting_user=request.user,
            target_number=form.cleaned_data["target_number"],
        )  # fmt: skip
    except PermissionDenied:
        raise Http404(pk) from None
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
    else:
        messages.success(request, _("The remedy is now a legislative action."))
    return redirect(review)


##### Resources #####


@login_required
@reads_query("q")
def resources(request):
    query = text_param(request.GET, "q")
    found = []
    if query:
        found = list(
            search(Commitment.objects.visible_to(request.user).filter(is_reference=False), query)[
                :20
            ]
        )
    lines = (
        FundingLine.objects.visible_to(request.user)
        .select_related("commitment", "task")
        .order_by("-year", "commitment__title_vi", "pk")
    )
    needs = AssistanceNeed.objects.visible_to(request.user).select_related("obligation__commitment")
    gap = funding_gap(request.user)
    return render(
        request,
        "reviews/resources.html",
        {
            "query": query,
            "found": found,
            "lines": list(lines[:PAGE_ROWS]),
            "needs": list(needs[:PAGE_ROWS]),
            "gap": gap,
            "resources_sample": gap.has_sample or any(n.is_sample for n in needs[:PAGE_ROWS]),
            "can_add": permissions.can_add_funding(request.user),
        },
    )


def _commitment_tasks(user, commitment):
    return (
        Task.objects.visible_to(user)
        .filter(serving.serving([commitment.pk]))
        .distinct()
        .order_by("plan", "due_on", "pk")
    )


@login_required
def commitment_resources(request, code: str):
    commitment = access_commitment(request.user, code)
    scope = scope_of(request.user)
    can_edit = scope.is_national or commitment.lead_agency_id in scope.editor_agency_ids
    tasks = list(_commitment_tasks(request.user, commitment)[:PAGE_ROWS])
    obligations = list(
        Obligation.objects.filter(commitment=commitment, addressee=Obligation.Addressee.VIET_NAM)[
            :PAGE_ROWS
        ]
    )
    category_c = category_c_obligations(commitment)
    # Obligations given category C at signing come first in the assistance form.
    obligations.sort(key=lambda o: (o.pk not in category_c, o.pk))
    form = FundingForm(tasks=tasks)
    need_form = AssistanceForm(obligations=obligations, category_c=category_c)
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise Http404(code)
        if "add_need" in request.POST:
            need_form = AssistanceForm(request.POST, obligations=obligations, category_c=category_c)
            if need_form.is_valid():
                data = need_form.cleaned_data
                obligation = next(o for o in obligations if o.pk == data["obligation"])
                actions.add_assistance_need(
                    obligation, data["kind"], data["description"], acting_user=request.user,
                    estimated_amount=data["estimated_amount"],
                )  # fmt: skip
                messages.success(request, _("The assistance need is recorded."))
                return redirect(request.path)
        else:
            form = FundingForm(request.POST, tasks=tasks)
            if form.is_valid():
                data = _funding_data(commitment, form.cleaned_data)
                try:
                    actions.save_funding(data, acting_user=request.user)
                except ValidationError as error:
                    _add_errors(form, error)
                else:
                    messages.success(request, _("The funding line is saved."))
                    return redirect(request.path)
        status = 400
    lines = (
        FundingLine.objects.visible_to(request.user)
        .filter(commitment=commitment)
        .select_related("task")
    )
    needs = AssistanceNeed.objects.filter(obligation__commitment=commitment).select_related(
        "obligation"
    )
    return render(
        request,
        "reviews/commitment_resources.html",
        {
            "commitment": commitment,
            "lines": list(lines),
            "needs": list(needs),
            "form": form if can_edit else None,
            "need_form": need_form if can_edit and obligations else None,
            "gap": funding_gap(request.user, commitment_ids=[commitment.pk]),
            "category_c": category_c,
            "resources_sample": lines.filter(is_sample=True).exists()
            or needs.filter(is_sample=True).exists(),
        },
        status=status,
    )


def category_c_obligations(commitment) -> set[int]:
    """Obligations of ``commitment`` given feasibility category C ("needs time and resources")
    at signing (``camket.evaluation.Feasibility``): the ones assistance needs are for."""
    from camket.evaluation.models import Feasibility

    return set(
        Feasibility.objects.filter(
            obligation__commitment=commitment, category=Feasibility.Category.C
        ).values_list("obligation_id", flat=True)
    )


def _funding_data(commitment, data) -> actions.FundingData:
    return actions.FundingData(
        commitment=commitment.code,
        task=data["task"],
        source=data["source"],
        year=data["year"],
        pledged=data["pledged"],
        disbursed=data["disbursed"],
        spent=data["spent"],
        note=data["note"],
        source_url=data["source_url"],
    )


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            for message in errors:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


@login_required
def funding_edit(request, pk: int):
    line = access_funding_for_edit(request.user, pk)
    tasks = list(_commitment_tasks(request.user, line.commitment)[:PAGE_ROWS])
    form = FundingForm(request.POST or None, instance=line, tasks=tasks)
    if request.method == "POST" and form.is_valid():
        data = _funding_data(line.commitment, form.cleaned_data)
        try:
            saved = save_or_conflict(form, lambda: actions.save_funding(
                data, acting_user=request.user, line=line, version=form.expected_version
            ))  # fmt: skip
        except ValidationError as error:
            _add_errors(form, error)
            saved = None
        if saved is not None:
            messages.success(request, _("The funding line is saved."))
            return redirect("reviews:commitment-resources", code=line.commitment.code)
    status = form_status(form, 400) if request.method == "POST" else 200
    return render(request, "reviews/funding_form.html", {"form": form, "line": line}, status=status)


@login_required
def funding_template(request):
    if not permissions.can_add_funding(request.user):
        raise Http404
    return file_response(template(), _("Funding lines template"), "xlsx")


@login_required
def funding_import(request):
    if not permissions.can_add_funding(request.user):
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    problems, counts = [], None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows, problems = read(upload.read(), upload.name)
            problems += actions.funding_problems(rows, acting_user=request.user)
            if not problems:
                counts = actions.import_funding(rows, acting_user=request.user)
        except FundingFileError as error:
            problems = [str(error)]
        except ValidationError as error:
            problems = _errors(error)
    status = 400 if problems else 200
    return render(
        request,
        "reviews/funding_import.html",
        {"form": form, "problems": problems, "counts": counts},
        status=status,
    )


##### Experts #####


@login_required
@reads_query("q")
def expert_list(request):
    if not permissions.can_read_roster(request.user):
        raise Http404
    query = text_param(request.GET, "q")
    experts = Expert.objects.visible_to(request.user).select_related("agency")
    if query:
        experts = search(experts, query)
    shown = list(experts[:PAGE_ROWS])
    return render(
        request,
        "reviews/expert_list.html",
        {
            "experts": shown,
            "query": query,
            "can_register": permissions.can_register_expert(request.user),
            "experts_sample": any(e.is_sample for e in shown),
        },
    )


def _expert_agencies(user):
    from camket.agencies.models import agencies_for_work

    scope = scope_of(user)
    agencies = agencies_for_work()
    return (
        agencies if scope.is_national else agencies.filter(pk__in=sorted(scope.editor_agency_ids))
    )


def _expert_data(form, hidden_commitments=()) -> actions.ExpertData:
    data = form.cleaned_data
    return actions.ExpertData(
        name=data["name"],
        kind=data["kind"],
        agency=data["agency"].code,
        fields_of_expertise=data["fields_of_expertise"],
        organisation=data["organisation"],
        languages=data["languages"],
        email=data["email"],
        commitments=[c.pk for c in data["commitments"]] + list(hidden_commitments),
        interest_partners=[p.code for p in data["interest_partners"]],
        interest_sectors=[s.code for s in data["interest_sectors"]],
        interest_agencies=[a.code for a in data["interest_agencies"]],
        interests_note=data["interests_note"],
    )


@login_required
def expert_create(request):
    if not permissions.can_register_expert(request.user):
        raise Http404
    agencies = _expert_agencies(request.user)
    if request.method == "POST" and ExpertForm.searching(request.POST):
        # The picker's search button without JavaScript: redraw with the matches, save nothing.
        form = ExpertForm(
            initial=ExpertForm.initial_from(request.POST),
            agencies=agencies,
            user=request.user,
            commitment_query=request.POST.get("q", ""),
        )
        return render(request, "reviews/expert_form.html", {"form": form})
    form = ExpertForm(request.POST or None, agencies=agencies, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            expert = actions.save_expert(_expert_data(form), acting_user=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The expert is registered."))
            return redirect(expert)
    status = 400 if form.errors else 200
    return render(request, "reviews/expert_form.html", {"form": form}, status=status)


@login_required
def expert_edit(request, pk: int):
    """Edit an expert: who may register for the expert's agency may edit (404 for others, as
    for anything they may not change); a stale form is refused with the conflict (409)."""
    expert = access_expert(request.user, pk)
    if not permissions.can_edit_expert(request.user, expert):
        raise Http404(pk)
    agencies = _expert_agencies(request.user)
    # Commitments the editor may not read stay as they are, unseen (decision 0016).
    hidden = list(
        expert.commitments.exclude(pk__in=Commitment.objects.visible_to(request.user)).values_list(
            "pk", flat=True
        )
    )
    keywords = {"expert": expert, "user": request.user, "agencies": agencies}
    if request.method == "POST" and ExpertEditForm.searching(request.POST):
        form = ExpertEditForm(
            initial=ExpertEditForm.initial_from(request.POST),
            commitment_query=request.POST.get("q", ""),
            **keywords,
        )
        return render(request, "reviews/expert_form.html", {"form": form, "expert": expert})
    form = ExpertEditForm(request.POST or None, **keywords)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_or_conflict(
                form,
                lambda: actions.save_expert(
                    _expert_data(form, hidden),
                    acting_user=request.user,
                    expert=expert,
                    version=form.cleaned_data["version"],
                ),
            )
        except PermissionDenied:
            raise Http404(pk) from None
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if saved is not None:
                messages.success(request, _("The expert's record is saved."))
                return redirect(saved)
    status = form_status(form, 400 if form.errors else 200)
    context = {"form": form, "expert": expert}
    return render(request, "reviews/expert_form.html", context, status=status)


def _engage_targets(user):
    scope = scope_of(user)
    tasks = Task.objects.filter(status__in=Task.OPEN_STATUSES).select_related("plan")
    if not scope.is_national:
        tasks = tasks.filter(lead_agency_id__in=sorted(scope.editor_agency_ids))
    targets = [
        (f"task-{t.pk}", _("Task: %(title)s") % {"title": t.title[:100]})
        for t in tasks.order_by("due_on", "pk")[:PAGE_ROWS]
    ]
    return targets


@login_required
def expert_detail(request, pk: int):
    expert = access_expert(request.user, pk)
    private = permissions.can_read_expert_private(request.user, expert)
    visible_tasks = Task.objects.visible_to(request.user)
    visible_reviews = AgencyReview.objects.visible_to(request.user).filter(
        permissions.readable_content(request.user)
    )
    engagements = [
        e
        for e in expert.engagements.select_related("task", "review__commitment")
        if (e.task_id and visible_tasks.filter(pk=e.task_id).exists())
        or (e.review_id and visible_reviews.filter(pk=e.review_id).exists())
    ]
    for engagement in engagements:
        # The conflicts name the declared interests: private, like the lists above.
        engagement.conflict_text = (
            actions.conflict_messages(engagement.conflicts) if private else []
        )
    scope = scope_of(request.user)
    form = (
        EngageForm(targets=_engage_targets(request.user))
        if scope.is_national or scope.editor_agency_ids
        else None
    )
    return render(
        request,
        "reviews/expert_detail.html",
        {
            "expert": expert,
            "private": private,
            "commitments": Commitment.objects.visible_to(request.user).filter(experts=expert),
            "interest_partners": expert.interest_partners.all() if private else [],
            "interest_sectors": expert.interest_sectors.all() if private else [],
            "interest_agencies": expert.interest_agencies.all() if private else [],
            "engagements": engagements,
            "form": form,
            "can_edit": permissions.can_edit_expert(request.user, expert),
            "experts_sample": expert.is_sample,
        },
    )


@login_required
@require_POST
def expert_engage(request, pk: int):
    """Engage an expert on one of the user's agency's tasks (from the expert's page)."""
    expert = access_expert(request.user, pk)
    target = text_param(request.POST, "target")
    if not target.startswith("task-"):
        raise Http404(target)
    task = Task.objects.visible_to(request.user).filter(pk=_int(target[5:])).first()
    if task is None:
        raise Http404(target)
    _engage(request, expert, task=task)
    return redirect(expert)


@login_required
@require_POST
def review_engage(request, pk: int):
    """Engage an expert of the roster on a review (from the review's page)."""
    review = access_review(request.user, pk)
    target = text_param(request.POST, "target")
    if not target.startswith("expert-"):
        raise Http404(target)
    expert = access_expert(request.user, _int(target[7:]))
    _engage(request, expert, review=review)
    return redirect(review)


def _engage(request, expert, *, task=None, review=None) -> None:
    try:
        actions.engage_expert(
            expert, acting_user=request.user, role=request.POST.get("role", ""), task=task,
            review=review, justification=request.POST.get("justification", ""),
        )  # fmt: skip
    except PermissionDenied:
        raise Http404(expert.pk) from None
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
    else:
        messages.success(
            request, _("The expert is engaged; the conflict-of-interest check is recorded.")
        )


def _int(value) -> int:
    text = str(value or "")
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        raise Http404(text)
    return int(text)
