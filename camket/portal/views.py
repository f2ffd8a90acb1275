"""Public pages (issue 14, item 1): no login, published commitments only.

Every record comes through :mod:`camket.portal.visibility`; this module never touches a model's
manager (``camket/portal/tests/test_public_reads.py`` scans it). Pages are Vietnamese first;
the header's language switch works for anonymous visitors (a cookie, ``camket.middleware``).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET

from camket import languages
from camket.portal import visibility
from camket.portal.opendata import cache
from camket.querystring import page_param, reads_query, text_param, year_param
from camket.registry.models import Commitment
from camket.uploads import stored_file_response

PAGE_SIZE = 20
OUTLINE_AFTER = 80
"""Past this many provisions a commitment's page lists them as links, without their text."""
LATEST = 6
FILTERS = ("sector", "partner", "group", "province", "year", "kind")
GROUPS = dict(Commitment.AffectedGroup.choices)
KINDS = dict(Commitment.Kind.choices)


@dataclass
class Browse:
    """What the home page offers to browse by, each with counts of public commitments."""

    sectors: list
    partners: list
    groups: list
    provinces: list
    years: list


def _browse() -> Browse:
    """The browse counts, computed once per language and version of the public data.

    They are aggregates over every public commitment (the slowest queries of the home and list
    pages at national scale), and change only when the public data do (``opendata.cache``).
    """
    token = cache.version()
    key = translation.get_language()
    return cache.built("browse", [key], token, lambda keys: {key: _count_browse()})[key]


def _count_browse() -> Browse:
    return Browse(
        sectors=list(visibility.public_sectors()),
        partners=list(visibility.public_partners().order_by("-public_count", "name_vi")[:24]),
        groups=visibility.public_groups(),
        provinces=list(visibility.public_provinces()),
        years=visibility.public_years()[:15],
    )


@require_GET
def public_home(request):
    """The public home (also what an anonymous visitor gets at ``/``)."""
    public = visibility.public_commitments()
    browse = _browse()
    context = {
        "browse": browse,
        "total": public.count(),
        "latest": public.order_by("-signed_on", "code")[:LATEST],
        "business_sectors": browse.sectors[:8],
    }
    return render(request, "portal/home.html", context)


def _filtered(request, commitments):
    """Apply the browse filters of ``request.GET``; return (queryset, [(name, value, label)])."""
    active = []
    for name in FILTERS:
        value = text_param(request.GET, name)
        if not value:
            continue
        label = value
        if name == "sector":
            commitments = visibility.in_sector(commitments, value)
            label = _name_of(visibility.public_sectors(), value)
        elif name == "partner":
            commitments = visibility.with_partner(commitments, value)
            label = _name_of(visibility.public_partners(), value)
        elif name == "group":
            commitments = visibility.affecting(commitments, value) if value in GROUPS else None
            label = str(GROUPS.get(value, value))
        elif name == "province":
            commitments = visibility.involving_province(commitments, value)
            label = _name_of(visibility.public_provinces(), value)
        elif name == "year":
            year = year_param(request.GET, name)
            commitments = commitments.filter(signed_on__year=year) if year else None
        elif name == "kind":
            commitments = commitments.filter(kind=value) if value in KINDS else None
            label = str(KINDS.get(value, value))
        if commitments is None:
            commitments = visibility.public_commitments().none()
        active.append((name, value, label))
    return commitments, active


def _name_of(rows, code: str) -> str:
    for row in rows:
        if row.code == code:
            return row.name
    return code


@require_GET
@reads_query("q", "page", *FILTERS)
def commitment_list(request):
    """Search and browse: folded search with or without diacritics, filters, pages of 20."""
    query = text_param(request.GET, "q")
    commitments, active = _filtered(request, visibility.public_commitments())
    if query:
        commitments = visibility.public_search(commitments, query)
    page = Paginator(commitments, PAGE_SIZE).get_page(page_param(request.GET))
    kept = [(name, value) for name, value, _label in active]
    removals = [(label, _query_without(query, kept, name), name) for name, value, label in active]
    context = {
        "query": query,
        "page": page,
        "active": active,
        "removals": removals,
        "browse": _browse(),
        "kinds": KINDS,
        "page_query": urlencode([("q", query)] * bool(query) + kept),
    }
    return render(request, "portal/commitment_list.html", context)


def _query_without(query: str, kept: list[tuple[str, str]], drop: str) -> str:
    pairs = [("q", query)] * bool(query) + [(n, v) for n, v in kept if n != drop]
    return "?" + urlencode(pairs) if pairs else "?"


@require_GET
def commitment_detail(request, code: str):
    """One commitment, at a stable URL by its code.

    The page's sections are built once per commitment, language and version of the public data
    (``opendata.cache``); whether the commitment is public is asked again on every request.
    """
    token = cache.version()  # before the commitment: what is built is never older than it
    commitment = visibility.public_commitment(code)
    key = f"{commitment.pk}.{translation.get_language()}"
    body = cache.built("page", [key], token, lambda keys: {key: _detail_body(commitment)})[key]
    context = {
        "commitment": commitment,
        "body": body,
        "canonical": request.build_absolute_uri(
            reverse("portal:commitment-detail", args=[commitment.code])
        ),
    }
    return render(request, "portal/commitment_detail.html", context)


def _detail_body(commitment: Commitment) -> str:
    """The sections of a public commitment's page, in the active language."""
    provisions = list(visibility.public_provisions(commitment))
    context = {
        "commitment": commitment,
        "lead_agency": visibility.agency_name(commitment.lead_agency),
        "groups": [
            (value if value in GROUPS else "", label)
            for value, label in zip(
                commitment.affected_groups, commitment.affected_group_labels, strict=True
            )
        ],
        "partners": visibility.public_partners(commitment),
        "sectors": visibility.public_sectors(commitment),
        "events": visibility.public_events(commitment),
        "documents": visibility.public_documents(commitment),
        "provisions": _tree(provisions),
        # A long text is an outline of links (one page per provision): light on a phone.
        "outline": len(provisions) > OUTLINE_AFTER,
        "obligations": visibility.business_obligations(commitment),
        "relations": visibility.public_relations(commitment),
        "laws": visibility.implementing_laws(commitment),
    }
    return render_to_string("portal/_commitment_body.html", context)


def _tree(provisions) -> list[dict]:
    """Nested dicts of provisions (one query); a child of a left-out parent becomes a root."""
    nodes: dict[int, dict] = {}
    roots: list[dict] = []
    for provision in provisions:
        node = {"provision": provision, "children": []}
        nodes[provision.pk] = node
        parent = nodes.get(provision.parent_id)
        (parent["children"] if parent else roots).append(node)
    return roots


@require_GET
def provision_detail(request, code: str, pk: int):
    """One provision of a public commitment, with those under it, at a stable address."""
    commitment = visibility.public_commitment(code)
    node = _find(_tree(visibility.public_provisions(commitment)), pk)
    if node is None:
        raise Http404(str(pk))  # withdrawn, of another commitment or missing: the same 404
    context = {
        "commitment": commitment,
        "provision": node["provision"],
        "children": node["children"],
        "back": reverse("portal:commitment-detail", args=[commitment.code]),
    }
    return render(request, "portal/provision_detail.html", context)


def _find(nodes: list[dict], pk: int) -> dict | None:
    for node in nodes:
        if node["provision"].pk == pk:
            return node
        found = _find(node["children"], pk)
        if found:
            return found
    return None


@require_GET
def document_download(request, pk: int):
    """An official text of a public commitment."""
    document = visibility.public_document(pk)
    if not document.file:
        raise Http404(str(pk))  # a text known only by its source link: the same 404
    back = reverse("portal:commitment-detail", args=[document.commitment.code])
    name = document.file.name.rsplit("/", 1)[-1]
    return stored_file_response(request, document.file, name, back_url=back)


@require_GET
def business_index(request):
    """ "What does this mean for my business": one page per sector."""
    sectors = []
    for sector in visibility.public_sectors():
        found = visibility.for_business(
            visibility.public_commitments().filter(sectors=sector)
        ).count()
        if found:
            sectors.append((sector, found))
    return render(request, "portal/business_index.html", {"sectors": sectors})


@require_GET
@reads_query("partner", "page")
def business_sector(request, sector: str):
    """Public commitments of one sector that affect businesses, with what they must know.

    Which commitments are listed is asked on every request; each one's card (with its first
    obligations for businesses) is built once per language and version (``opendata.cache``).
    """
    token = cache.version()
    found = get_object_or_404(visibility.public_sectors(), code=sector)
    commitments = visibility.for_business(visibility.public_commitments().filter(sectors=found))
    partners = visibility.public_partners().filter(commitment__in=commitments.values("pk"))
    partner = text_param(request.GET, "partner")
    if partner:
        commitments = visibility.with_partner(commitments, partner)
    page = Paginator(commitments, 10).get_page(page_param(request.GET))
    shown = {c.pk: c for c in page}
    keys = {f"{pk}.{translation.get_language()}": pk for pk in shown}
    cards = cache.built(
        "business", keys, token, lambda missing: _business_cards(shown, keys, missing)
    )
    context = {
        "sector": found,
        "page": page,
        "cards": [cards[key] for key in keys],
        "partners": partners,
        "partner": partner,
        "page_query": urlencode({"partner": partner} if partner else {}),
    }
    return render(request, "portal/business_sector.html", context)


def _business_cards(shown: dict[int, Commitment], keys: dict, missing: list) -> dict[str, str]:
    cards = {}
    for key in missing:
        c = shown[keys[key]]
        context = {"c": c, "obligations": list(visibility.business_obligations(c)[:5])}
        cards[key] = render_to_string("portal/_business_card.html", context)
    return cards


@require_GET
def sitemap(request):
    """sitemap.xml: the public pages and every public commitment, with its last change."""
    urls = [
        (reverse("portal:home"), None),
        (reverse("portal:commitment-list"), None),
        (reverse("portal:business-index"), None),
    ]
    sectors = visibility.public_sectors()
    urls += [(reverse("portal:business-sector", args=[s.code]), None) for s in sectors]
    for code, updated in visibility.public_commitments().values_list("code", "updated_at"):
        urls.append((reverse("portal:commitment-detail", args=[code]), updated))
    base = request.build_absolute_uri("/").rstrip("/")
    # Each page in every language, naming its twins (hreflang; decision 0017).
    versions = {code: f"?{languages.PARAM}={code}" for code, _name in settings.LANGUAGES}
    versions[settings.LANGUAGE_CODE] = ""
    context = {
        "urls": [
            ({code: base + path + tail for code, tail in versions.items()}, updated)
            for path, updated in urls
        ]
    }
    return render(request, "portal/sitemap.xml", context, content_type="application/xml")


@require_GET
def robots_txt(request):
    """robots.txt: crawlers may read the public portal, not the staff side."""
    lines = ["User-agent: *", "Allow: /public/"]
    lines += [f"Disallow: {prefix}" for prefix in STAFF_PREFIXES]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


STAFF_PREFIXES = (
    "/register/",
    "/implementation/",
    "/compatibility/",
    "/monitoring/",
    "/evaluation/",
    "/scorecards/",
    "/reviews/",
    "/coordination/",
    "/mechanisms/",
    "/consultation/",
    "/accounts/",
    "/admin/",
    "/help/",
    "/i18n/",
)
"""Staff areas (login required): listed so that crawlers do not knock on them."""
