"""Pages of mechanisms, meetings and implementation issues (C14)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from camket.agencies.permissions import scope_of
from camket.coordination.mechanisms import actions, brief, queries
from camket.coordination.mechanisms.forms import (
    IssueForm,
    LinkTaskForm,
    MechanismForm,
    MeetingForm,
    StepForm,
)
from camket.coordination.mechanisms.models import ImplementationIssue, Mechanism, Meeting
from camket.downloads import file_response
from camket.monitoring.models import ProgressReport
from camket.monitoring.permissions import readable_content
from camket.obligations.models import Obligation, Task
from camket.querystring import id_param, page_param, reads_query, text_param
from camket.registry.models import Commitment, Partner
from camket.versioning import form_status, save_or_conflict

Issue = ImplementationIssue


def _apply_errors(form, error: ValidationError) -> None:
    """Put an action's ValidationError on the form: by field where the form has it."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _access(queryset, user, pk: int):
    found = queryset.visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404(pk)
    return found


def _require_coordinator(user) -> None:
    if not scope_of(user).is_national:
        raise Http404


def _reader(user) -> None:
    """Staff with a role read mechanisms and roll-ups; anyone else gets the same 404."""
    scope = scope_of(user)
    if not (scope.is_national or scope.is_observer or scope.agency_ids):
        raise Http404


########## Mechanisms and meetings ##########


@login_required
def mechanism_list(request):
    _reader(request.user)
    today = timezone.localdate()
    _by_partner, by_mechanism = queries.rollup(request.user, today)
    rows = {row.key.pk: row for row in by_mechanism if row.key is not None}
    upcoming = queries.next_meetings(today)
    mechanisms = [
        (m, rows.get(m.pk), upcoming.get(m.pk))
        for m in Mechanism.objects.visible_to(request.user).select_related("parent", "focal_agency")
    ]
    return render(
        request,
        "mechanisms/mechanism_list.html",
        {"mechanisms": mechanisms, "can_manage": scope_of(request.user).is_national},
    )


@login_required
def mechanism_detail(request, pk: int):
    mechanism = _access(Mechanism.objects, request.user, pk)
    issues = (
        Issue.objects.visible_to(request.user)
        .filter(mechanism=mechanism)
        .select_related("commitment", "lead_agency")
    )
    return render(
        request,
        "mechanisms/mechanism_detail.html",
        {
            "mechanism": mechanism,
            "commitments": queries.visible_commitments(request.user, mechanism),
            "children": mechanism.children.all(),
            "meetings": mechanism.meetings.all(),
            "issues": issues,
            "can_manage": scope_of(request.user).is_national,
        },
    )


@login_required
def mechanism_edit(request, pk: int | None = None):
    _require_coordinator(request.user)
    mechanism = _access(Mechanism.objects, request.user, pk) if pk else None
    form = MechanismForm(request.POST or None, mechanism=mechanism)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_or_conflict(
                form,
                lambda: actions.save_mechanism(
                    actions.MechanismData(**form.values()),
                    acting_user=request.user,
                    mechanism=mechanism,
                    version=form.cleaned_data.get("version"),
                ),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            if saved is not None:
                messages.success(request, _("The mechanism was saved."))
                return redirect("mechanisms:mechanism-detail", saved.pk)
    status = form_status(form, 400 if form.errors else 200)
    context = {"form": form, "mechanism": mechanism}
    return render(request, "mechanisms/mechanism_form.html", context, status=status)


@login_required
def meeting_edit(request, pk: int | None = None, meeting_pk: int | None = None):
    _require_coordinator(request.user)
    meeting = _access(Meeting.objects, request.user, meeting_pk) if meeting_pk else None
    mechanism = meeting.mechanism if meeting else _access(Mechanism.objects, request.user, pk)
    form = MeetingForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_or_conflict(
                form,
                lambda: actions.save_meeting(
                    mechanism,
                    actions.MeetingData(**form.values()),
                    acting_user=request.user,
                    meeting=meeting,
                    version=form.cleaned_data.get("version"),
                ),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            if saved is not None:
                messages.success(request, _("The meeting was saved."))
                return redirect("mechanisms:meeting-detail", saved.pk)
    status = form_status(form, 400 if form.errors else 200)
    context = {"form": form, "meeting": meeting, "mechanism": mechanism}
    return render(request, "mechanisms/meeting_form.html", context, status=status)


@login_required
def meeting_detail(request, pk: int):
    meeting = _access(Meeting.objects, request.user, pk)
    return render(
        request,
        "mechanisms/meeting_detail.html",
        {
            "meeting": meeting,
            "issues": queries.agenda_issues(request.user, meeting),
            "can_manage": scope_of(request.user).is_national,
        },
    )


@login_required
def meeting_brief(request, pk: int):
    meeting = _access(Meeting.objects, request.user, pk)
    content = brief.render_docx(brief.build(request.user, meeting))
    title = _("Brief for the delegation, %(meeting)s") % {"meeting": meeting.title}
    return file_response(content, title, "docx")


########## Issues ##########


@login_required
@reads_query("status", "mechanism", "partner", "page")
def issue_list(request):
    issues = Issue.objects.visible_to(request.user).select_related(
        "commitment", "lead_agency", "mechanism", "partner"
    )
    status = text_param(request.GET, "status")
    if status == "open":
        issues = issues.open()
    elif status in Issue.Status.values:
        issues = issues.filter(status=status)
    mechanism = id_param(request.GET, "mechanism")
    if mechanism is not None:
        issues = issues.filter(mechanism_id=mechanism)
    partner = text_param(request.GET, "partner")
    if partner:
        issues = issues.filter(partner__code=partner)
    page = Paginator(issues, 50).get_page(page_param(request.GET))
    return render(
        request,
        "mechanisms/issue_list.html",
        {
            "page": page,
            "status": status,
            "status_choices": Issue.Status.choices,
            "mechanisms": Mechanism.objects.visible_to(request.user),
            "mechanism": mechanism,
        },
    )


def _raisable(user):
    """Commitments ``user`` may raise an issue for: coordinators all; else those their agency
    leads or supports (and may read)."""
    scope = scope_of(user)
    visible = Commitment.objects.visible_to(user).filter(is_reference=False)
    if scope.is_national:
        return visible
    agencies = scope.editor_agency_ids
    supported = Commitment.supporting_agencies.through.objects.filter(agency_id__in=agencies)
    return visible.filter(
        Q(lead_agency_id__in=agencies) | Q(pk__in=supported.values("commitment_id"))
    )


@login_required
@reads_query("commitment", "report")
def issue_create(request):
    commitments = _raisable(request.user).order_by("title_vi")
    if not commitments.exists():
        raise Http404
    initial = {"raised_on": timezone.localdate(), "side": Issue.Side.VIET_NAM}
    report_pk = id_param(request.GET, "report")
    if report_pk is not None:
        report = (
            ProgressReport.objects.visible_to(request.user)
            .filter(readable_content(request.user), pk=report_pk)
            .select_related("task", "commitment")
            .first()
        )
        if report is not None:
            served = (
                report.commitment
                or Commitment.objects.filter(obligations__tasks=report.task).first()
            )
            initial.update(
                origin=Issue.Origin.PROGRESS_REPORT,
                facts=report.difficulties,
                origin_report=report.pk,
                commitment=served.code if served else None,
            )
    code = text_param(request.GET, "commitment")
    if code:
        initial["commitment"] = code
    form = IssueForm(request.POST or None, commitments=commitments, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        if (
            values["origin_report"] is not None
            and not ProgressReport.objects.visible_to(request.user)
            .filter(readable_content(request.user), pk=values["origin_report"])
            .exists()
        ):
            values["origin_report"] = None
        try:
            issue = actions.open_issue(actions.IssueData(**values), acting_user=request.user)
        except ValidationError as error:
            _apply_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("The issue was opened."))
            return redirect("mechanisms:issue-detail", issue.pk)
    status = 400 if form.errors else 200
    return render(request, "mechanisms/issue_form.html", {"form": form}, status=status)


def _issue_context(request, issue, step_form=None, task_form=None) -> dict:
    editable = Issue.objects.editable_by(request.user).filter(pk=issue.pk).exists()
    tasks = Task.objects.visible_to(request.user)
    linkable = tasks.filter(obligations__commitment=issue.commitment).distinct().order_by("number")
    report = None
    if issue.origin_report_id:
        report = (
            ProgressReport.objects.visible_to(request.user)
            .filter(readable_content(request.user), pk=issue.origin_report_id)
            .first()
        )
    return {
        "issue": issue,
        "steps": issue.steps.select_related("meeting"),
        "tasks": issue.tasks.filter(pk__in=tasks.values("pk")).select_related("plan"),
        "hidden_tasks": issue.tasks.exclude(pk__in=tasks.values("pk")).count(),
        "report": report,
        "editable": editable,
        "step_form": step_form
        or StepForm(initial={"on": timezone.localdate(), "version": issue.version}),
        "task_form": task_form or LinkTaskForm(tasks=linkable),
        "has_linkable": linkable.exists(),
    }


@login_required
def issue_detail(request, pk: int):
    issue = _access(Issue.objects.select_related("commitment", "lead_agency"), request.user, pk)
    return render(request, "mechanisms/issue_detail.html", _issue_context(request, issue))


def _editable_issue(user, pk: int) -> ImplementationIssue:
    issue = Issue.objects.editable_by(user).filter(pk=pk).first()
    if issue is None:
        raise Http404(pk)
    return issue


@login_required
@require_POST
def issue_step(request, pk: int):
    issue = _editable_issue(request.user, pk)
    form = StepForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            saved = save_or_conflict(
                form,
                lambda: actions.record_step(
                    issue,
                    status=data["status"],
                    on=data["on"],
                    note=data["note"],
                    decision=data["decision"],
                    meeting=data["meeting"].pk if data["meeting"] else None,
                    acting_user=request.user,
                    version=data["version"],
                ),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            if saved is not None:
                messages.success(request, _("The step was recorded."))
                return redirect("mechanisms:issue-detail", issue.pk)
    issue.refresh_from_db()
    context = _issue_context(request, issue, step_form=form)
    return render(request, "mechanisms/issue_detail.html", context, status=form_status(form, 400))


@login_required
@require_POST
def issue_link_task(request, pk: int):
    issue = _editable_issue(request.user, pk)
    linkable = (
        Task.objects.visible_to(request.user)
        .filter(obligations__commitment=issue.commitment)
        .distinct()
    )
    form = LinkTaskForm(request.POST, tasks=linkable)
    if not form.is_valid():
        context = _issue_context(request, issue, task_form=form)
        return render(request, "mechanisms/issue_detail.html", context, status=400)
    actions.link_task(issue, form.cleaned_data["task"], acting_user=request.user)
    messages.success(request, _("The task was linked to the issue."))
    return redirect("mechanisms:issue-detail", issue.pk)


########## Early warning and roll-up ##########


@login_required
def early_warning(request):
    today = timezone.localdate()
    warned = queries.early_warnings(request.user, today)
    raisable = set(_raisable(request.user).values_list("pk", flat=True))
    rows = [(w, w.obligation.commitment_id in raisable) for w in warned]
    return render(request, "mechanisms/early_warning.html", {"rows": rows, "today": today})


@login_required
@require_POST
def raise_warning(request, obligation_pk: int):
    today = timezone.localdate()
    obligation = (
        Obligation.objects.filter(commitment__in=Commitment.objects.visible_to(request.user))
        .filter(pk=obligation_pk)
        .first()
    )
    if obligation is None:
        raise Http404(obligation_pk)
    warned = {w.obligation.pk: w.warning for w in queries.early_warnings(request.user, today)}
    warning = warned.get(obligation.pk)
    if warning is None:
        messages.error(request, _("This obligation is no longer due soon and at risk, or it was "
                                  "already raised."))  # fmt: skip
        return redirect("mechanisms:early-warning")
    try:
        issue = actions.open_issue_from_warning(obligation, warning, acting_user=request.user)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("The issue was opened from the early warning."))
    return redirect("mechanisms:issue-detail", issue.pk)


@login_required
def rollup(request):
    _reader(request.user)
    by_partner, by_mechanism = queries.rollup(request.user, timezone.localdate())
    return render(
        request,
        "mechanisms/rollup.html",
        {"by_partner": by_partner, "by_mechanism": by_mechanism, "partners": Partner.objects},
    )
