"""Staff pages of compatibility with domestic law. Every scoped fetch goes through ``access.py``."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from camket.agencies.models import Agency
from camket.agencies.permissions import scope_of
from camket.compatibility import actions, matrix, retrieval
from camket.compatibility.access import (
    OBLIGATION,
    access_action_for_edit,
    access_legal_document,
    access_link_for_assessment,
    access_notification,
    access_target,
)
from camket.compatibility.forms import (
    ActionUpdateForm,
    CheckForm,
    LegislativeActionForm,
    LinkForm,
    RejectForm,
    UploadForm,
)
from camket.compatibility.importing import RecordError
from camket.compatibility.models import (
    LegalDocument,
    LegalProvision,
    Notification,
    ProvisionLink,
)
from camket.compatibility.permissions import can_assess, can_manage_corpus
from camket.querystring import reads_query, text_param
from camket.registry.access import access_commitment
from camket.search import search
from camket.versioning import save_or_conflict
from lawcore.text import fold

PAGE_SIZE = 25
SUGGESTIONS = 10


def _target_url(kind: str, target) -> str:
    return reverse(f"compatibility:{kind}-assess", args=[target.pk])


def _target_text(kind: str, target) -> str:
    if kind == OBLIGATION:
        return target.text
    return f"{target.heading}\n{target.text}"


def _suggestions(kind: str, target) -> list[retrieval.Suggestion]:
    """Live suggestions, without provisions already assessed for ``target``."""
    assessed = target.legal_links.exclude(legal_provision=None).values_list(
        "legal_provision_id", flat=True
    )
    return retrieval.suggest(_target_text(kind, target), top_k=SUGGESTIONS, exclude=assessed)


def _suggestion_for(kind: str, target, provision: LegalProvision | None):
    if provision is None:
        return None
    hits = retrieval.suggest(_target_text(kind, target), top_k=50)
    return next((s for s in hits if s.provision.pk == provision.pk), None)


@login_required
def assess(request, kind: str, pk: int):
    target = access_target(request.user, kind, pk)
    return render(request, "compatibility/assess.html", _assess_context(request, kind, target))


def _assess_context(request, kind: str, target, **extra) -> dict:
    editable = can_assess(request.user, target)
    links = target.legal_links.select_related("legal_provision__document", "assessor").order_by(
        "status", "-score", "pk"
    )
    context = {
        "kind": kind,
        "target": target,
        "commitment": target.commitment,
        "links": links,
        "suggestions": _suggestions(kind, target),
        "can_assess": editable,
        "verdicts": ProvisionLink.Verdict.choices,
        "relations": ProvisionLink.Relation.choices,
        "action_form": LegislativeActionForm(
            initial={"responsible_agency": _responsible_agency_id(target)}
        )
        if editable
        else None,
        "link_form": LinkForm() if editable else None,
        "confirm_url": reverse(f"compatibility:{kind}-confirm", args=[target.pk]),
        "reject_url": reverse(f"compatibility:{kind}-reject", args=[target.pk]),
        "propose_url": reverse(f"compatibility:{kind}-propose", args=[target.pk]),
    }
    context.update(extra)
    return context


def _responsible_agency_id(target) -> int:
    return getattr(target, "responsible_agency_id", None) or target.commitment.lead_agency_id


@login_required
@require_POST
def confirm(request, kind: str, pk: int):
    target = access_target(request.user, kind, pk, for_assessment=True)
    form = LinkForm(request.POST)
    if not form.is_valid():
        context = _assess_context(request, kind, target, link_form=form)
        return render(request, "compatibility/assess.html", context, status=400)
    provision = form.cleaned_data["legal_provision"]
    suggestion = _suggestion_for(kind, target, provision)
    saved = save_or_conflict(
        form,
        lambda: actions.confirm_link(
            target,
            form.cleaned_data,
            suggestion=suggestion,
            acting_user=request.user,
            version=form.cleaned_data["version"],
        ),
    )
    if saved is None:
        context = _assess_context(request, kind, target, link_form=form)
        return render(request, "compatibility/assess.html", context, status=409)
    messages.success(request, _("The assessment was saved."))
    return redirect(_target_url(kind, target))


@login_required
@require_POST
def reject(request, kind: str, pk: int):
    target = access_target(request.user, kind, pk, for_assessment=True)
    form = RejectForm(request.POST)
    if not form.is_valid():
        raise Http404
    provision = form.cleaned_data["legal_provision"]
    suggestion = _suggestion_for(kind, target, provision)
    actions.reject_link(target, provision, suggestion=suggestion, acting_user=request.user)
    messages.success(request, _("The suggestion was rejected."))
    return redirect(_target_url(kind, target))


@login_required
@require_POST
def propose(request, kind: str, pk: int):
    target = access_target(request.user, kind, pk, for_assessment=True)
    created = actions.propose_links(target, _suggestions(kind, target), acting_user=request.user)
    messages.success(
        request, _("%(count)d suggestions were kept as proposals.") % {"count": len(created)}
    )
    return redirect(_target_url(kind, target))


@login_required
@require_POST
def action_create(request, pk: int):
    link = access_link_for_assessment(request.user, pk)
    target = link.obligation or link.provision
    kind = OBLIGATION if link.obligation_id else "provision"
    form = LegislativeActionForm(request.POST)
    if not form.is_valid():
        context = _assess_context(request, kind, target, action_form=form, action_link=link)
        return render(request, "compatibility/assess.html", context, status=400)
    actions.open_legislative_action(link, form, acting_user=request.user)
    messages.success(request, _("The legislative action was recorded."))
    return redirect(_target_url(kind, target))


@login_required
@require_POST
def action_update(request, pk: int):
    action = access_action_for_edit(request.user, pk)
    form = ActionUpdateForm(request.POST)
    if form.is_valid():
        saved = save_or_conflict(
            form,
            lambda: actions.update_legislative_action(
                action,
                form.cleaned_data["status"],
                form.cleaned_data["resulting_number"],
                acting_user=request.user,
                version=form.cleaned_data["version"],
            ),
        )
        if saved is not None:
            messages.success(request, _("The legislative action was updated."))
        else:
            _conflict_messages(request, form.conflict)
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect("compatibility:gap-list")


def _conflict_messages(request, conflict) -> None:
    """A conflict on a one-line form of a list page, as messages above the list."""
    messages.error(request, conflict.message)
    for change in conflict.changes:
        messages.error(
            request,
            _("%(field)s: saved now “%(saved)s”, you chose “%(typed)s”.")
            % {"field": change.label, "saved": change.saved, "typed": change.typed},
        )


@login_required
def commitment_matrix(request, code: str):
    commitment = access_commitment(request.user, code)
    return render(
        request,
        "compatibility/commitment_matrix.html",
        {
            "commitment": commitment,
            "matrix": matrix.commitment_matrix(commitment),
            "verdicts": ProvisionLink.Verdict.choices,
        },
    )


def _agency_filter(request) -> Agency | None:
    code = text_param(request.GET, "agency")
    return get_object_or_404(Agency, code=code) if code else None


@login_required
@reads_query("agency")
def gap_list(request):
    agency = _agency_filter(request)
    return render(
        request,
        "compatibility/gap_list.html",
        {
            "agency": agency,
            "findings": matrix.findings(request.user, agency),
            "actions": matrix.pending_actions(request.user, agency),
            "status_choices": ActionUpdateForm.base_fields["status"].choices,
        },
    )


@login_required
def review_list(request):
    scope = scope_of(request.user)
    notices = Notification.objects.select_related("agency")
    if not scope.is_national:
        notices = notices.filter(agency_id__in=scope.agency_ids)
    return render(
        request,
        "compatibility/review_list.html",
        {"links": matrix.to_review(request.user), "notifications": notices[:50]},
    )


@login_required
@require_POST
def notification_read(request, pk: int):
    notification = access_notification(request.user, pk)
    actions.mark_notification_read(notification, acting_user=request.user)
    return redirect("compatibility:review-list")


@login_required
@reads_query("text")
def check_text(request):
    # Pasted text goes by POST: a clause of a few thousand characters is too long for a URL
    # ("URI Too Long"). A short ?text= link still works.
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = CheckForm(data)
    suggestions = []
    if form.is_valid():
        suggestions = retrieval.suggest(form.cleaned_data["text"], top_k=SUGGESTIONS)
    return render(request, "compatibility/check.html", {"form": form, "suggestions": suggestions})


@login_required
@reads_query("q", "type", "page")
def document_list(request):
    qs = LegalDocument.objects.order_by("-issued_on", "code")
    query = text_param(request.GET, "q")
    doc_type = text_param(request.GET, "type")
    if doc_type in LegalDocument.Type.values:
        qs = qs.filter(doc_type=doc_type)
    qs = search(qs, query)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "compatibility/document_list.html",
        {
            "page": page,
            "query": query,
            "doc_type": doc_type,
            "types": LegalDocument.Type.choices,
            "can_upload": can_manage_corpus(request.user),
            "folded": fold(query),
            "query_base": urlencode({k: v for k, v in (("q", query), ("type", doc_type)) if v}),
        },
    )


@login_required
def document_detail(request, code: str):
    document = access_legal_document(request.user, code)
    provisions = document.provisions.prefetch_related("related").order_by("order")
    return render(
        request,
        "compatibility/document_detail.html",
        {
            "document": document,
            "provisions": provisions,
            "amended_by": document.amended_by.all(),
            "amends": document.amends.all(),
        },
    )


@login_required
def document_upload(request):
    if not can_manage_corpus(request.user):
        raise Http404
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = actions.upload_legal_document(form, acting_user=request.user)
        except RecordError as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, _upload_message(outcome))
            return redirect(outcome.document)
    return render(request, "compatibility/document_upload.html", {"form": form})


def _upload_message(outcome) -> str:
    if outcome.result == "unchanged":
        return _("This document was already imported with the same text.")
    if outcome.result == "updated":
        return _("The document was updated; %(count)d assessments were flagged for review.") % {
            "count": outcome.flagged
        }
    return _("The document was imported.")
