"""Pages of the coordination app: the overlap queue, a pair, runs, "link instead", the matrix."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from camket.agencies.permissions import is_coordinator, scope_of
from camket.coordination import access, actions, before_save, items, matrix
from camket.coordination.models import ItemKind, OverlapCandidate, OverlapRun
from camket.coordination.reasons import reason_labels
from camket.coordination.tasks import enqueue_run
from camket.obligations.access import access_plan
from camket.querystring import int_param, reads_query, text_param

PAGE_SIZE = 30
STATES = {"open": [OverlapCandidate.State.OPEN], "decided": list(OverlapCandidate.DECIDED)}


def _rows(user, candidates):
    """Each candidate with what ``user`` may see of its two sides (batched)."""
    candidates = list(candidates)
    seen = items.describe(user, [k for c in candidates for k in (c.a_key, c.b_key)])
    rows = []
    for c in candidates:
        a, b = seen[c.a_key], seen[c.b_key]
        # Reasons describe both texts: shown only when the reader may open both sides.
        reasons = reason_labels(c.reasons) if a.visible and b.visible else []
        rows.append({"candidate": c, "a": a, "b": b, "reasons": reasons})
    return rows


@login_required
@reads_query("state", "kind", "page")
def queue(request):
    state = text_param(request.GET, "state") or "open"
    state = state if state in STATES else "open"
    kind = text_param(request.GET, "kind")
    qs = access.visible_candidates(request.user).filter(state__in=STATES[state])
    if kind in items.COMPARED_KINDS:
        qs = qs.filter(b_kind=kind)
    page = Paginator(qs.order_by("-score", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    national = scope_of(request.user).is_national
    return render(
        request,
        "coordination/queue.html",
        {
            "page": page,
            "rows": _rows(request.user, page.object_list),
            "state": state,
            "kind": kind,
            "kinds": [(k.value, k.label) for k in items.COMPARED_KINDS],
            "query_base": urlencode({"state": state, **({"kind": kind} if kind else {})}),
            "can_decide": national,
            "last_run": OverlapRun.objects.first() if national else None,
        },
    )


@login_required
def candidate_detail(request, pk: int):
    candidate = access.access_candidate(request.user, pk)
    row = _rows(request.user, [candidate])[0]
    both_tasks = candidate.a_kind == candidate.b_kind == ItemKind.TASK
    can_decide = is_coordinator(request.user) and candidate.is_open
    return render(
        request,
        "coordination/candidate.html",
        {
            "row": row,
            "c": candidate,
            "can_decide": can_decide,
            "can_merge": can_decide and both_tasks and row["a"].exists and row["b"].exists,
            "choices": [
                (OverlapCandidate.State.DUPLICATE, OverlapCandidate.State.DUPLICATE.label),
                (OverlapCandidate.State.RELATED, _("Related: link as related")),
                (OverlapCandidate.State.DISTINCT, OverlapCandidate.State.DISTINCT.label),
            ],
        },
    )


@login_required
@require_POST
def candidate_decide(request, pk: int):
    candidate = access.access_candidate(request.user, pk)
    try:
        actions.decide(
            candidate,
            request.POST.get("state", ""),
            note=request.POST.get("note", ""),
            acting_user=request.user,
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("coordination:candidate", pk=pk)
    messages.success(request, _("The decision was recorded; this pair will not be proposed again."))
    return redirect("coordination:queue")


@login_required
@require_POST
def candidate_merge(request, pk: int):
    candidate = access.access_candidate(request.user, pk)
    keep = int_param(request.POST, "keep")
    try:
        row = actions.merge_tasks(
            candidate,
            keep_task=keep or 0,
            note=request.POST.get("note", ""),
            acting_user=request.user,
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("coordination:candidate", pk=pk)
    messages.success(request, _("The two tasks were merged into one shared task."))
    return redirect(row.merged_into)


@login_required
@require_POST
def run_start(request):
    try:
        run = actions.start_run(trigger=OverlapRun.Trigger.ON_DEMAND, acting_user=request.user)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("coordination:queue")
    enqueue_run(run)
    return redirect("coordination:run", pk=run.pk)


@login_required
def run_detail(request, pk: int):
    run = access.access_run(request.user, pk)
    return render(
        request,
        "coordination/run.html",
        {"run": run, "steps": len(OverlapRun.STEPS), "step_labels": STEP_LABELS},
    )


STEP_LABELS = {
    "reading": _("Reading commitments, obligations and tasks"),
    "features": _("Reading words, instruments and actions"),
    "candidates": _("Finding candidate pairs"),
    "scoring": _("Scoring the candidate pairs"),
    "storing": _("Storing the pairs"),
}


@login_required
@require_POST
def link_instead(request, code: str):
    """From the before-save panel of a new task: link the plan to another agency's item."""
    plan = access_plan(request.user, code)
    try:
        target = before_save.unsign_target(request.user, plan.code, request.POST.get("target", ""))
        result = actions.link_instead(plan=plan, target=target, acting_user=request.user)
    except (PermissionDenied, ValueError, TypeError, signing.BadSignature):
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(plan)
    seen = items.describe(request.user, [result.candidate.b_key, result.candidate.a_key])
    target = next(s for s in seen.values() if s.kind != ItemKind.PLAN)
    agency = target.agency.name if target.agency else ""
    messages.success(
        request,
        _("No new task was added: the plan is linked to the %(kind)s led by %(agency)s.")
        % {"kind": target.kind_label.lower(), "agency": agency},
    )
    return redirect(plan)


@login_required
@reads_query("axis", "kind")
def matrix_page(request):
    axis = text_param(request.GET, "axis")
    axis = axis if axis in matrix.AXES else "partner"
    kind = text_param(request.GET, "kind")
    kind = kind if kind in matrix.KINDS else "task"
    result = matrix.build(request.user, axis, kind)
    cells = []
    for agency, counts, total in result.rows:
        links = []
        for column, n in zip(result.columns, counts, strict=True):
            links.append((n, _cell_url(kind, axis, agency.code, column.code) if n else ""))
        cells.append((agency, links, total))
    return render(
        request,
        "coordination/matrix.html",
        {"m": result, "rows": cells, "axis": axis, "kind": kind},
    )


def _cell_url(kind: str, axis: str, agency: str, value: str) -> str:
    if kind == "commitment":
        facet = "partner" if axis == "partner" else "sector"
        return reverse("registry:commitment-list") + "?" + urlencode({"lead": agency, facet: value})
    query = urlencode({"axis": axis, "agency": agency, "value": value})
    return reverse("coordination:matrix-tasks") + "?" + query


@login_required
@reads_query("axis", "agency", "value", "page")
def matrix_tasks(request):
    axis = text_param(request.GET, "axis")
    axis = axis if axis in matrix.AXES else "partner"
    agency, value = text_param(request.GET, "agency"), text_param(request.GET, "value")
    tasks = matrix.tasks_in_cell(request.user, axis, agency, value).select_related(
        "plan", "lead_agency"
    )
    page = Paginator(tasks.order_by("due_on", "pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "coordination/matrix_tasks.html",
        {
            "page": page,
            "query_base": urlencode({"axis": axis, "agency": agency, "value": value}),
            "column": matrix.column_name(axis, value),
            "agency": matrix.agency_name(agency),
        },
    )
