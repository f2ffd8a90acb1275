"""Staff pages of monitoring. Scoped fetches go through ``access.py`` and ``visible_to``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from camket.agencies.permissions import scope_of
from camket.downloads import file_response
from camket.monitoring import actions, official, permissions, stats
from camket.monitoring.access import access_agency, access_cycle, access_report
from camket.monitoring.charts import chart_specs
from camket.monitoring.exports import dashboard_sheets, report_sheet, task_sheet, xlsx_response
from camket.monitoring.filters import REPORT_FILTERS, TASK_FILTERS, filter_reports, filter_tasks
from camket.monitoring.forms import CycleForm, EvidenceForm, ReportForm, ReturnForm, UrgingForm
from camket.monitoring.models import Evidence, Notification, ProgressReport, ReportingCycle
from camket.monitoring.sample import (
    any_sample,
    reports_include_sample,
    rows_include_sample,
    with_sample_sheet,
)
from camket.obligations.models import Task
from camket.querystring import id_list_param, id_param, reads_query, text_param
from camket.sorting import Alpha, InOrder, Sorting
from camket.uploads import stored_file_response
from camket.versioning import form_status, save_or_conflict

PAGE_SIZE = 50
REPORT_SORTING = Sorting(
    subject=(Alpha("task__title"), Alpha("commitment__title_vi")),
    agency=Alpha("agency__name_vi"),
    cycle="cycle__ends_on",
    status=InOrder("status", ProgressReport.Status),
    due_on="due_on",
    submitted_on="submitted_on",
)
TASK_SORTING = Sorting(
    title=Alpha("title"),
    lead=Alpha("lead_agency__name_vi"),
    status=InOrder("status", Task.Status),
    due_on="due_on",
)


def _cycle_param(request):
    pk = id_param(request.GET, "cycle")
    return access_cycle(request.user, pk) if pk is not None else None


@login_required
@reads_query("cycle", "export")
def dashboard(request):
    today = timezone.localdate()
    chosen = _cycle_param(request)
    cycles = list(stats.visible_cycles(request.user).order_by("-ends_on", "-pk")[:30])
    # A leader opening the dashboard expects figures: without a chosen cycle it shows the
    # latest one with an approved report, and says which cycle is current with a link to it.
    shown = chosen or _latest_cycle_with_figures(request.user, cycles)
    board = stats.dashboard(request.user, today, shown)
    current = cycles[0] if cycles else None
    if chosen is not None or current is None or board.cycle is None or current.pk == board.cycle.pk:
        current = None
    # The cycle picker and the trend name every cycle: a sample one makes the page sample.
    sample = any_sample([board.cycle, *cycles])
    if request.GET.get("export") == "xlsx":
        sheets = with_sample_sheet(dashboard_sheets(board), sample)
        return xlsx_response(_("Statistics on implementation"), sheets)
    context = {
        "board": board,
        "charts": chart_specs(board),
        "cycles": cycles,
        "sample_data": sample,
        "figures_cycle": _cycle_with_figures(board, cycles),
        "current_cycle": current,
    }
    return render(request, "monitoring/dashboard.html", context)


def _latest_cycle_with_figures(user, cycles):
    """The latest of ``cycles`` holding a report approved that ``user`` may see, else None."""
    approved = ProgressReport.objects.visible_to(user).filter(
        status=ProgressReport.Status.APPROVED, cycle__in=[c.pk for c in cycles]
    )
    with_figures = set(approved.values_list("cycle_id", flat=True).distinct())
    return next((c for c in cycles if c.pk in with_figures), None)


def _cycle_with_figures(board, cycles):
    """When the cycle shown has no approved report yet (a cycle just opened), the latest one
    that has, so that the page can point at figures instead of leaving "No data" alone."""
    if board.cycle is None or board.reports.approved:
        return None
    approved = ProgressReport.Status.APPROVED
    others = [c for c in cycles if c.pk != board.cycle.pk]
    return next((c for c in others if c.reports.filter(status=approved).exists()), None)


@login_required
@reads_query(*REPORT_FILTERS, "export", "page", "sort")
def report_list(request):
    reports, active = filter_reports(request.user, request.GET, timezone.localdate())
    reports = permissions.with_content_flag(
        reports.select_related("cycle", "agency", "task", "commitment"), request.user
    )
    reports = REPORT_SORTING.order(reports, request.GET)  # filter_reports orders (and ranks)
    active.update(REPORT_SORTING.context(request.GET, active))
    sample = reports_include_sample(reports)
    if request.GET.get("export") == "xlsx":
        sheets = with_sample_sheet([report_sheet(reports.iterator(2000))], sample)
        return xlsx_response(_("Progress reports"), sheets)
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "sample_data": sample, **active}
    return render(request, "monitoring/report_list.html", context)


def _task_list(request, default_state: str):
    today = timezone.localdate()
    tasks, active = filter_tasks(request.user, request.GET, today, default_state)
    tasks = tasks.select_related("lead_agency", "plan")  # filter_tasks orders (and ranks)
    tasks = TASK_SORTING.order(tasks, request.GET)
    active.update(TASK_SORTING.context(request.GET, active))
    if request.GET.get("export") == "xlsx":
        title = _("Overdue tasks") if default_state == "overdue" else _("Tasks")
        return xlsx_response(title, [task_sheet(tasks.iterator(2000), today)])
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "monitoring/task_list.html", {"page": page, "today": today, **active})


@login_required
@reads_query(*TASK_FILTERS, "export", "page", "sort")
def task_list(request):
    return _task_list(request, "all")


@login_required
@reads_query(*TASK_FILTERS, "export", "page", "sort")
def overdue_list(request):
    return _task_list(request, "overdue")


def _report_context(request, report: ProgressReport, **forms) -> dict:
    user = request.user
    editable = permissions.can_edit_report(user, report)
    context = {
        "report": report,
        "can_read": permissions.can_read_report_content(user, report),
        "can_edit": editable,
        "can_submit": permissions.can_submit_report(user, report),
        "can_approve": permissions.can_approve_report(user, report),
        "can_return": permissions.can_return_report(user, report),
        "evidence": report.evidence.all(),
        "sample_data": report.cycle.is_sample,
    }
    if editable:
        context["form"] = ReportForm(instance=report)
        context["evidence_form"] = EvidenceForm(use_required_attribute=False)
    if context["can_return"]:
        context["return_form"] = ReturnForm()
    context.update(forms)
    return context


@login_required
def report_detail(request, pk: int):
    report = access_report(request.user, pk)
    if request.method == "POST":
        return _post_report_page(request, report, "save")
    return render(request, "monitoring/report_detail.html", _report_context(request, report))


REPORT_PAGE_DONE = {
    "save": gettext_lazy("The report was saved."),
    "attach": gettext_lazy("The file was attached."),
    "submit": gettext_lazy("The report was submitted."),
}
# One message per action (issue 11): what happened, not "the status was changed".
REPORT_TRANSITION_DONE = {
    "approve": gettext_lazy("The report was approved."),
    "return": gettext_lazy("The report was returned to the agency."),
}


def _post_report_page(request, report: ProgressReport, intent: str):
    """Save, attach or submit from the report page: always what is on screen first.

    The page is one form: "Attach" and "Submit to the leader" post the typed draft (with its
    version) and the file, so neither drops what was typed. A post without the draft (a bare
    button) only attaches or submits. Errors and edit conflicts redraw the page with everything
    typed; only the file must be chosen again (browsers never refill a file input).
    """
    if not permissions.can_edit_report(request.user, report):
        raise Http404(report.pk)
    posted = ("version", *actions.CONTENT_FIELDS)
    with_draft = intent == "save" or any(name in request.POST for name in posted)
    form = ReportForm(request.POST, instance=report) if with_draft else None
    evidence_form = EvidenceForm(request.POST, request.FILES, use_required_attribute=False)
    upload_given = intent == "attach" or bool(request.FILES.get("file"))
    done = None
    if (form is None or form.is_valid()) and (not upload_given or evidence_form.is_valid()):

        def save():
            return actions.save_report(
                report,
                {n: form.cleaned_data[n] for n in actions.CONTENT_FIELDS} if form else None,
                acting_user=request.user,
                version=form.expected_version if form else None,
                upload=evidence_form.cleaned_data["file"] if upload_given else None,
                submit=intent == "submit",
            )

        try:
            done = save() if form is None else save_or_conflict(form, save)
        except ValidationError as error:
            if error.code != "blank":
                evidence_form.add_error("file", error)
            elif form is not None:
                form.add_error(None, error)
            else:
                messages.error(request, " ".join(error.messages))
                return redirect(report)
    if done is not None:
        messages.success(request, REPORT_PAGE_DONE[intent])
        return redirect(report)
    if upload_given and evidence_form.is_valid():
        evidence_form.add_error("file", _("Choose the file again: it was not attached."))
    context = _report_context(request, report, evidence_form=evidence_form)
    if form is not None:
        context["form"] = form
    status = form_status(form, 400) if form is not None else 400
    return render(request, "monitoring/report_detail.html", context, status=status)


@login_required
@require_POST
def report_transition(request, pk: int, verb: str):
    report = access_report(request.user, pk)
    try:
        if verb == "return":
            form = ReturnForm(request.POST)
            if not form.is_valid():
                context = _report_context(request, report, return_form=form)
                return render(request, "monitoring/report_detail.html", context, status=400)
            actions.return_report(
                report, acting_user=request.user, comment=form.cleaned_data["comment"]
            )
        elif verb == "submit":
            return _post_report_page(request, report, "submit")
        elif verb in actions.TRANSITION_ACTIONS:
            actions.TRANSITION_ACTIONS[verb](report, acting_user=request.user)
        else:
            raise Http404(verb)
    except PermissionDenied:
        raise Http404(pk) from None
    messages.success(request, REPORT_TRANSITION_DONE[verb])
    return redirect(report)


@login_required
@require_POST
def evidence_upload(request, pk: int):
    return _post_report_page(request, access_report(request.user, pk), "attach")


@login_required
def evidence_download(request, pk: int, evidence_pk: int):
    report = access_report(request.user, pk)
    if not permissions.can_read_report_content(request.user, report):
        raise Http404(pk)
    evidence = get_object_or_404(Evidence, pk=evidence_pk, report=report)
    return stored_file_response(
        request, evidence.file, evidence.name, back_url=report.get_absolute_url()
    )


@login_required
def cycle_list(request):
    cycles = list(stats.visible_cycles(request.user).prefetch_related("agencies"))
    context = {
        "cycles": cycles,
        "can_open": permissions.can_open_cycle(request.user),
        "sample_data": any_sample(cycles),
    }
    return render(request, "monitoring/cycle_list.html", context)


@login_required
def cycle_create(request):
    if not permissions.can_open_cycle(request.user):
        raise Http404
    if request.method == "POST" and CycleForm.searching(request.POST):
        # The picker's search button without JavaScript: redraw with the matches, open nothing.
        form = CycleForm(
            initial=CycleForm.initial_from(request.POST),
            commitment_query=request.POST.get("q", ""),
        )
        return render(request, "monitoring/cycle_form.html", {"form": form})
    form = CycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cycle = actions.open_cycle(form, acting_user=request.user)
        messages.success(request, _("The reporting cycle was opened."))
        return redirect(cycle)
    return render(request, "monitoring/cycle_form.html", {"form": form})


@login_required
@require_GET
@reads_query("q", "commitments")
def commitment_picker(request):
    """At most ``CommitmentPicker.LIMIT`` commitments matching ``q``, as boxes for the picker.

    The commitments already ticked (``commitments`` in the query string) come first, checked,
    so that swapping the answer in keeps them.
    """
    if not permissions.can_open_cycle(request.user):
        raise Http404
    form = CycleForm(commitment_query=text_param(request.GET, "q"))
    field = form["commitments"]
    chosen = [str(pk) for pk in id_list_param(request.GET, field.html_name)]
    html = field.field.widget.render_options(field.html_name, chosen, {"id": field.auto_id})
    return HttpResponse(html)


@login_required
def cycle_detail(request, pk: int):
    cycle = access_cycle(request.user, pk)
    board = stats.dashboard(request.user, timezone.localdate(), cycle)
    can_manage = permissions.can_open_cycle(request.user)
    return render(
        request,
        "monitoring/cycle_detail.html",
        {
            "cycle": cycle,
            "board": board,
            "sample_data": cycle.is_sample or rows_include_sample(board.cycles),
            "can_close": can_manage,
            "can_add_reports": can_manage and not cycle.is_closed,
        },
    )


@login_required
@require_POST
def cycle_close(request, pk: int):
    cycle = access_cycle(request.user, pk)
    if not permissions.can_open_cycle(request.user):
        raise Http404(pk)
    actions.close_cycle(cycle, acting_user=request.user, today=timezone.localdate())
    messages.success(request, _("The reporting cycle was closed and its figures frozen."))
    return redirect(cycle)


@login_required
@require_POST
def cycle_add_reports(request, pk: int):
    """Create the reports of tasks and commitments added since the cycle opened."""
    cycle = access_cycle(request.user, pk)
    if not permissions.can_open_cycle(request.user):
        raise Http404(pk)
    try:
        created = actions.add_missing_reports(cycle, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(cycle)
    if created:
        text = ngettext(
            "%(count)d missing report was created.",
            "%(count)d missing reports were created.",
            created,
        )
        messages.success(request, text % {"count": created})
    else:
        messages.info(request, _("No report was missing; none was created."))
    return redirect(cycle)


@login_required
def agency_detail(request, code: str):
    agency = access_agency(request.user, code)
    form = UrgingForm(request.POST or None)
    can_urge = permissions.can_send_urging(request.user)
    if request.method == "POST":
        if not can_urge:
            raise Http404(code)
        if form.is_valid():
            actions.send_urging(form, agency, acting_user=request.user)
            messages.success(request, _("The urging notice was sent."))
            return redirect("monitoring:agency-detail", code=agency.code)
    today = timezone.localdate()
    notices = list(agency.urging_notices.select_related("sent_by", "cycle")[:50])
    # The urging form offers every cycle by name: a sample one among them makes the page sample.
    offered = form.fields["cycle"].queryset if can_urge else ReportingCycle.objects.none()
    sample = any_sample(n.cycle for n in notices) or offered.filter(is_sample=True).exists()
    context = {
        "agency": agency,
        "notices": notices,
        "sample_data": sample,
        "form": form if can_urge else None,
        "overdue_tasks": agency.led_tasks.overdue(today).count(),
        "overdue_reports": agency.progress_reports.overdue(today).count(),
        "today": today,
    }
    return render(
        request, "monitoring/agency_detail.html", context, status=400 if form.errors else 200
    )


@login_required
def my_agency(request):
    scope = scope_of(request.user)
    if not scope.agency_ids:
        raise Http404
    from camket.agencies.models import Agency

    agency = Agency.objects.filter(pk__in=scope.agency_ids).order_by("pk").first()
    return redirect("monitoring:agency-detail", code=agency.code)


@login_required
def notification_list(request):
    notes = Notification.objects.filter(user=request.user)[:100]
    response = render(request, "monitoring/notification_list.html", {"notes": list(notes)})
    actions.mark_notifications_read(request.user, acting_user=request.user)
    return response


@login_required
@reads_query("period", "cycle", "agency", "format")
def official_report(request):
    user = request.user
    key = text_param(request.GET, "period")
    if (cycle := id_param(request.GET, "cycle")) is not None:  # links from a cycle's page
        key = f"cycle-{cycle}"
    code = text_param(request.GET, "agency")
    agency = access_agency(user, code) if code else None
    fmt = text_param(request.GET, "format")
    period = official.period_of(user, key) if key else None
    if key and period is None:
        raise Http404(key)
    if period is None or fmt not in {"pdf", "docx"}:
        choices = official.periods(user)
        context = {
            "periods": choices,
            "agencies": official.reportable_agencies(user),
            "chosen": {"period": key, "agency": code},
            "sample_data": any_sample(c for p in choices for c in p.cycles),
        }
        return render(request, "monitoring/official_report_form.html", context)
    report = official.build(user, period, timezone.localdate(), agency)
    content = official.render_pdf(report) if fmt == "pdf" else official.render_docx(report)
    return file_response(content, official.file_title(report, period, agency), fmt)
