"""Staff pages of the register. Every fetch goes through ``access.py``."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from camket.agencies.models import Agency
from camket.audit.display import described_rows
from camket.audit.models import AuditEvent
from camket.coordination import before_save
from camket.downloads import file_response
from camket.monitoring.forms import CommitmentPicker
from camket.querystring import id_list_param, page_param, reads_query, text_param, year_param
from camket.registry import actions
from camket.registry.access import access_commitment, access_commitment_for_edit
from camket.registry.exports import register_sheet
from camket.registry.forms import CommitmentForm, DocumentForm, EventForm, RelationForm
from camket.registry.models import Commitment, Partner, Provision, Sector
from camket.registry.permissions import (
    can_create_commitment,
    can_delete_commitment,
    can_edit_commitment,
)
from camket.registry.search import search as run_search
from camket.search import search as ranked_search
from camket.sorting import Alpha, InOrder, Sorting
from camket.spreadsheet import workbook_bytes
from camket.uploads import stored_file_response
from camket.versioning import form_status, save_or_conflict

PAGE_SIZE = 25
SORTING = Sorting(
    title=Alpha("title_vi"),
    kind=InOrder("kind", Commitment.Kind),
    status=InOrder("status", Commitment.Status),
    lead=Alpha("lead_agency__name_vi"),
    signed_on="signed_on",
)
FACETS = ("kind", "status", "partner", "sector", "lead", "year")


def _filtered(request, base):
    """Apply the facet filters in ``request.GET`` to ``base``; return (queryset, active)."""
    qs, active = base, {}
    for name in FACETS:
        value = text_param(request.GET, name)
        if not value:
            continue
        active[name] = value
        if name in {"kind", "status"}:
            qs = qs.filter(**{name: value})
        elif name == "partner":
            qs = qs.filter(partners__code=value)
        elif name == "sector":
            qs = qs.filter(sectors__code=value)
        elif name == "lead":
            qs = qs.filter(lead_agency__code=value)
        elif name == "year" and (year := year_param(request.GET, name)) is not None:
            qs = qs.filter(signed_on__year=year)
    return qs.distinct(), active


def _facet_counts(qs) -> dict[str, list[tuple[str, str, int]]]:
    """(value, label, count) for each facet over the filtered queryset ``qs``."""
    ids = qs.values("pk")
    base = Commitment.objects.filter(pk__in=ids)
    kinds = dict(Commitment.Kind.choices)
    statuses = dict(Commitment.Status.choices)
    year_rows = (
        base.exclude(signed_on=None)
        .annotate(y=ExtractYear("signed_on"))
        .values("y")
        .annotate(n=Count("pk"))
        .order_by("-y")
    )
    partners = {p.code: p.name for p in Partner.objects.filter(commitment__in=ids).distinct()}
    sectors = {s.code: s.name for s in Sector.objects.filter(commitment__in=ids).distinct()}
    leads = {a.code: a.name for a in Agency.objects.filter(led_commitments__in=ids).distinct()}
    return {
        "kind": [
            (r["kind"], kinds[r["kind"]], r["n"])
            for r in base.values("kind").annotate(n=Count("pk")).order_by("kind")
        ],
        "status": [
            (r["status"], statuses[r["status"]], r["n"])
            for r in base.values("status").annotate(n=Count("pk")).order_by("status")
        ],
        "partner": [
            (r["partners__code"], partners.get(r["partners__code"], ""), r["n"])
            for r in base.exclude(partners=None)
            .values("partners__code")
            .annotate(n=Count("pk"))
            .order_by("-n")[:30]
        ],
        "sector": [
            (r["sectors__code"], sectors.get(r["sectors__code"], ""), r["n"])
            for r in base.exclude(sectors=None)
            .values("sectors__code")
            .annotate(n=Count("pk"))
            .order_by("-n")
        ],
        "lead": [
            (r["lead_agency__code"], leads.get(r["lead_agency__code"], ""), r["n"])
            for r in base.values("lead_agency__code").annotate(n=Count("pk")).order_by("-n")[:30]
        ],
        "year": [(str(r["y"]), str(r["y"]), r["n"]) for r in year_rows[:40]],
    }


FACET_TITLES = [
    ("kind", _lazy("Kind")),
    ("status", _lazy("Status")),
    ("partner", _lazy("Partner")),
    ("sector", _lazy("Sector")),
    ("lead", _lazy("Lead agency")),
    ("year", _lazy("Year signed")),
]


def _facet_label(name: str, value: str, facets) -> str:
    """What a filter chip shows for ``value``: the facet's label (a name, never a code)."""
    for facet_value, label, _count in facets.get(name, []):
        if facet_value == value and label:
            return label
    lookups = {
        "kind": lambda: dict(Commitment.Kind.choices).get(value),
        "status": lambda: dict(Commitment.Status.choices).get(value),
        "partner": lambda: getattr(Partner.objects.filter(code=value).first(), "name", None),
        "sector": lambda: getattr(Sector.objects.filter(code=value).first(), "name", None),
        "lead": lambda: getattr(Agency.objects.filter(code=value).first(), "name", None),
    }
    found = lookups[name]() if name in lookups else None
    return str(found) if found else value


@login_required
@reads_query(*FACETS, "q", "page", "sort", "export")
def commitment_list(request):
    qs, active = _filtered(request, Commitment.objects.visible_to(request.user))
    query = text_param(request.GET, "q")
    qs = SORTING.order(ranked_search(qs.order_by("-signed_on", "code"), query), request.GET)
    sort = SORTING.query(request.GET)
    if request.GET.get("export") == "xlsx":
        data = workbook_bytes([register_sheet(qs)])
        return file_response(data, _("Register of international commitments"), "xlsx")
    page = Paginator(
        qs.select_related("lead_agency").prefetch_related("partners"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    kept = {"q": query} if query else {}
    facets = _facet_counts(qs)
    titles = dict(FACET_TITLES)
    chips = [
        (
            titles[name],
            _facet_label(name, value, facets),
            "?" + urlencode({**{k: v for k, v in active.items() if k != name}, **kept}),
        )
        for name, value in active.items()
    ]
    return render(
        request,
        "registry/commitment_list.html",
        {
            "page": page,
            "facets": facets,
            "facet_titles": FACET_TITLES,
            "active": active,
            "chips": chips,
            "query_base": urlencode({**active, **kept, **sort}),
            "query": query,
            "sort": SORTING.links(request.GET),
            "export_url": "?" + urlencode({**active, **kept, **sort, "export": "xlsx"}),
            "can_create": can_create_commitment(request.user),
        },
    )


def _provision_tree(commitment: Commitment) -> list[dict]:
    """Nested dicts of provisions, built from one query."""
    nodes = {}
    roots = []
    for provision in commitment.provisions.order_by("order"):
        node = {"provision": provision, "children": []}
        nodes[provision.pk] = node
        parent = nodes.get(provision.parent_id)
        (parent["children"] if parent else roots).append(node)
    return roots


def _detail_context(request, commitment: Commitment, **forms) -> dict:
    visible = Commitment.objects.visible_to(request.user)
    editable = can_edit_commitment(request.user, commitment)
    context = {
        "commitment": commitment,
        "events": commitment.events.all(),
        "documents": commitment.documents.all(),
        "relations_out": commitment.relations_out.filter(target__in=visible).select_related(
            "target"
        ),
        "relations_in": commitment.relations_in.filter(source__in=visible).select_related("source"),
        "provisions": _provision_tree(commitment),
        "provision_count": commitment.provisions.filter(level=Provision.Level.ARTICLE).count(),
        "audit": described_rows(
            AuditEvent.objects.about(commitment).select_related("actor")[:50], request.user
        ),
        "can_edit": editable,
        "can_delete": can_delete_commitment(request.user, commitment),
    }
    if editable:
        context["event_form"] = EventForm(commitment=commitment)
        context["document_form"] = DocumentForm()
        context["relation_form"] = RelationForm(source=commitment, user=request.user)
    context.update(forms)
    return context


@login_required
def commitment_detail(request, code: str):
    commitment = access_commitment(request.user, code)
    return render(request, "registry/commitment_detail.html", _detail_context(request, commitment))


def _detail_with_forms(request, commitment, forms):
    """Re-render the detail page with a bound, invalid form so its errors show in place."""
    context = _detail_context(request, commitment, **forms)
    return render(request, "registry/commitment_detail.html", context, status=400)


@login_required
def commitment_create(request):
    if not can_create_commitment(request.user):
        raise Http404
    form = CommitmentForm(request.POST or None, user=request.user)
    similar = None
    if request.method == "POST" and form.is_valid():
        # Similar commitments of other agencies are shown before saving (camket/coordination).
        similar = before_save.for_commitment(request.user, request.POST, form.as_data())
    if request.method == "POST" and form.is_valid() and not similar:
        try:
            commitment = actions.create_commitment(form.as_data(), acting_user=request.user)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The commitment was created."))
            return redirect(commitment)
    return render(request, "registry/commitment_form.html", {"form": form, "similar": similar})


@login_required
def commitment_edit(request, code: str):
    commitment = access_commitment_for_edit(request.user, code)
    form = CommitmentForm(request.POST or None, instance=commitment, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = save_or_conflict(
            form,
            lambda: actions.update_commitment(
                form, acting_user=request.user, version=form.expected_version
            ),
        )
        if saved is not None:
            messages.success(request, _("The changes were saved."))
            return redirect(commitment)
    return render(
        request,
        "registry/commitment_form.html",
        {"form": form, "commitment": commitment},
        status=form_status(form),
    )


@login_required
@require_POST
def commitment_delete(request, code: str):
    commitment = access_commitment(request.user, code)
    if not can_delete_commitment(request.user, commitment):
        raise Http404
    actions.delete_commitment(commitment, acting_user=request.user)
    messages.success(request, _("The commitment was deleted."))
    return redirect("registry:commitment-list")


@login_required
@require_POST
def event_create(request, code: str):
    commitment = access_commitment_for_edit(request.user, code)
    form = EventForm(request.POST, commitment=commitment)
    if not form.is_valid():
        return _detail_with_forms(request, commitment, {"event_form": form})
    actions.record_event(commitment, form.save(commit=False), acting_user=request.user)
    messages.success(request, _("The event was recorded."))
    return redirect(commitment)


def _confirm_removal(request, commitment, question: str, what: str):
    """The page that asks before a removal: it works without script; only its POST removes."""
    return render(
        request,
        "registry/confirm_removal.html",
        {"commitment": commitment, "question": question, "what": what},
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_delete(request, code: str, pk: int):
    commitment = access_commitment_for_edit(request.user, code)
    event = get_object_or_404(commitment.events, pk=pk)
    if request.method == "GET":
        what = f"{event.get_kind_display()} · {event.on:%d/%m/%Y}"
        return _confirm_removal(request, commitment, _("Remove this event?"), what)
    try:
        actions.delete_event(event, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The event was deleted."))
    return redirect(commitment)


@login_required
@require_POST
def document_create(request, code: str):
    commitment = access_commitment_for_edit(request.user, code)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail_with_forms(request, commitment, {"document_form": form})
    actions.add_document(commitment, form.save(commit=False), acting_user=request.user)
    messages.success(request, _("The document was added."))
    return redirect(commitment)


@login_required
def document_download(request, code: str, pk: int):
    commitment = access_commitment(request.user, code)
    document = get_object_or_404(commitment.documents, pk=pk)
    if not document.file:
        return HttpResponseRedirect(document.source_url)
    name = document.file.name.rsplit("/", 1)[-1]
    return stored_file_response(
        request, document.file, name, back_url=commitment.get_absolute_url()
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_delete(request, code: str, pk: int):
    commitment = access_commitment_for_edit(request.user, code)
    document = get_object_or_404(commitment.documents, pk=pk)
    if request.method == "GET":
        return _confirm_removal(request, commitment, _("Remove this document?"), document.title)
    actions.delete_document(document, acting_user=request.user)
    messages.success(request, _("The document was deleted."))
    return redirect(commitment)


@login_required
@require_POST
def relation_create(request, code: str):
    commitment = access_commitment_for_edit(request.user, code)
    if CommitmentPicker.SEARCH_BUTTON in request.POST:  # the picker's search, without JavaScript
        form = RelationForm(
            initial={"kind": request.POST.get("kind")},
            source=commitment,
            user=request.user,
            query=text_param(request.POST, "q"),
        )
        context = _detail_context(request, commitment, relation_form=form, relation_open=True)
        return render(request, "registry/commitment_detail.html", context)
    form = RelationForm(request.POST, source=commitment, user=request.user)
    if form.is_valid():
        try:
            actions.add_relation(form.save(commit=False), acting_user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
    if form.errors:
        return _detail_with_forms(request, commitment, {"relation_form": form})
    messages.success(request, _("The relation was added."))
    return redirect(commitment)


@login_required
@require_GET
@reads_query("q", "target")
def relation_picker(request):
    """At most ``CommitmentPicker.LIMIT`` readable commitments matching ``q``, for a relation."""
    if not can_create_commitment(request.user):
        raise Http404
    form = RelationForm(source=None, user=request.user, query=text_param(request.GET, "q"))
    field = form["target"]
    chosen = [str(pk) for pk in id_list_param(request.GET, field.html_name)]
    html = field.field.widget.render_options(field.html_name, chosen, {"id": field.auto_id})
    return HttpResponse(html)


@login_required
@require_http_methods(["GET", "POST"])
def relation_delete(request, code: str, pk: int):
    commitment = access_commitment_for_edit(request.user, code)
    relation = get_object_or_404(commitment.relations_out, pk=pk)
    if request.method == "GET":
        target = Commitment.objects.visible_to(request.user).filter(pk=relation.target_id).first()
        what = f"{relation.get_kind_display()} · {target.title if target else '…'}"
        return _confirm_removal(request, commitment, _("Remove this relation?"), what)
    actions.delete_relation(relation, acting_user=request.user)
    messages.success(request, _("The relation was deleted."))
    return redirect(commitment)


@login_required
@reads_query("q", "page")
def search(request):
    query = text_param(request.GET, "q", max_length=1000)
    page_number = page_param(request.GET)
    result = run_search(query, request.user, limit=20, offset=(page_number - 1) * 20)
    commitments = Commitment.objects.in_bulk({h.commitment_id for h in result.hits})
    provisions = Provision.objects.in_bulk([h.provision_id for h in result.hits if h.provision_id])
    rows = [
        (hit, commitments[hit.commitment_id], provisions.get(hit.provision_id))
        for hit in result.hits
    ]
    return render(
        request,
        "registry/search.html",
        {
            "query": query,
            "rows": rows,
            "total": result.total,
            "page_number": page_number,
            "has_next": page_number * 20 < result.total,
            "query_string": urlencode({"q": query}),
        },
    )
