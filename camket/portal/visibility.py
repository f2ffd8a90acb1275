"""The one public-visibility predicate: what an anonymous visitor may read (issue 14, item 2).

Every public view, the open-data API, feeds, subscriptions and the consultation pages read
commitments and whatever they show about a commitment through this module, never through the
models' managers (``camket/portal/tests/test_public_reads.py`` scans the source for it). Public
means, for a commitment, all of:

* ``confidentiality`` is public (internal and restricted records never leave the staff side);
* its status is one of :data:`PUBLIC_STATUSES`, an allow-list: a draft, a proposal, a
  negotiation in progress or an initialled text is an internal stage of the Law on Treaties
  108/2016/QH13 (arts. 8–11) and the Law on International Agreements 70/2020/QH14, so it is not
  published even when marked public ahead of time. A status added later to ``lawcore.lifecycle``
  is private until it is added here;
* it is not a reference text (``is_reference``): agreements of other countries kept for
  comparison (ToTA) are not Viet Nam's commitments, and a portal page would present them as if
  they were (decision 0017).

Of a public commitment, the public may read: its titles, short name, code, kind, level, scope,
status and dates, plain-language summaries, affected groups, source links, partners, sectors and
the name of its lead agency (:data:`PUBLIC_COMMITMENT_FIELDS`); its dated events except the
internal proposal step, without notes (:func:`public_events`); its official texts
(:func:`public_documents`); the current provisions (:func:`public_provisions`); obligations that
concern businesses (:func:`business_obligations`); relations to other *public* commitments only
(:func:`public_relations`: a link to an internal or restricted one is dropped whole, so its title
never leaks); and the domestic legal documents that implement it (:func:`implementing_laws`).

Never public: staff names and e-mails, supporting agencies' internal roles, notes, tasks and
plans, progress reports, assessments' rationales and assessors, anything not listed above.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.http import Http404

from camket.agencies.models import Agency
from camket.compatibility.models import LegalDocument, LegislativeAction, ProvisionLink
from camket.obligations.models import Obligation
from camket.registry.models import (
    Commitment,
    CommitmentEvent,
    CommitmentRelation,
    Document,
    Partner,
    Provision,
    Sector,
)
from camket.search import query_tokens, ranked
from lawcore import lifecycle
from lawcore.text import fold, folded_words

PRIVATE_STATUSES = frozenset(
    {
        lifecycle.DRAFT,
        lifecycle.PROPOSED,
        lifecycle.NEGOTIATING,
        "negotiation_concluded",  # Law 137/2025/QH15: still before signature
        lifecycle.INITIALLED,
    }
)
"""Internal stages before signature: never public, whatever the confidentiality says."""

PUBLIC_STATUSES = frozenset(
    {
        lifecycle.SIGNED,
        lifecycle.RATIFIED,
        lifecycle.APPROVED,
        lifecycle.ACCEDED,
        lifecycle.PROVISIONAL,
        lifecycle.IN_FORCE,
        lifecycle.SUSPENDED,
        lifecycle.TERMINATED,
        lifecycle.WITHDRAWN,
        lifecycle.ADOPTED,
        # Statuses of the Law 137/2025/QH15 lifecycle (lawcore.lifecycle): ended or accepted.
        "renounced",
        "superseded",
        "accepted",
    }
)
"""Statuses a published commitment may have: from signature (adoption, acceptance) on. A status
in neither set is private; ``test_visibility`` fails until it is placed in one of them."""

PUBLIC_COMMITMENT_FIELDS = (
    "code",
    "kind",
    "level",
    "scope",
    "title_vi",
    "title_en",
    "short_name",
    "status",
    "summary_vi",
    "summary_en",
    "affected_groups",
    "source_links",
    "signed_on",
    "in_force_on",
    "updated_at",
)
"""The commitment's own columns a public page, export or API may show (plus partners, sectors
and ``lead_agency`` as :func:`agency_name`)."""

PUBLIC_EVENT_KINDS = frozenset(CommitmentEvent.Kind.values) - {CommitmentEvent.Kind.PROPOSAL}
"""Every dated step but the proposal, an internal step of the Law on Treaties (art. 8)."""

PUBLIC_EVENT_FIELDS = ("kind", "on", "place", "instrument")
"""What of an event is public: not its free-text note, which staff write for staff."""

BUSINESS_GROUPS = frozenset(
    {
        Commitment.AffectedGroup.EXPORTERS,
        Commitment.AffectedGroup.IMPORTERS,
        Commitment.AffectedGroup.INVESTORS,
    }
)
"""Affected groups that are businesses: an obligation naming one of them "concerns businesses"."""

IMPLEMENTING_VERDICTS = (
    ProvisionLink.Verdict.COMPATIBLE,
    ProvisionLink.Verdict.PARTLY,
)
"""Verdicts of a confirmed assessment whose domestic document implements the commitment."""


def public_commitments() -> QuerySet[Commitment]:
    """Every published commitment (the predicate in the module docstring), lead agency loaded."""
    return Commitment.objects.filter(
        confidentiality=Commitment.Confidentiality.PUBLIC,
        status__in=PUBLIC_STATUSES,
        is_reference=False,
    ).select_related("lead_agency")


def is_public(commitment: Commitment) -> bool:
    """Whether ``commitment`` (an instance already loaded) satisfies the public predicate."""
    return (
        commitment.confidentiality == Commitment.Confidentiality.PUBLIC
        and commitment.status in PUBLIC_STATUSES
        and not commitment.is_reference
    )


def public_commitment(code: str) -> Commitment:
    """The published commitment ``code``; Http404 when it is missing or not public (same 404)."""
    try:
        return public_commitments().get(code=code)
    except Commitment.DoesNotExist:
        raise Http404(code) from None


def agency_name(agency: Agency | None) -> str:
    """The public name of an agency (its name of the day, with its successor): never people."""
    return agency.name if agency is not None else ""


def public_partners(commitment: Commitment | None = None) -> QuerySet[Partner]:
    """Partners of ``commitment``, or partners with at least one public commitment, with counts."""
    if commitment is not None:
        _require_public(commitment)
        return commitment.partners.all()
    return (
        Partner.objects.filter(commitment__in=public_commitments())
        .annotate(public_count=Count("commitment", distinct=True))
        .order_by("name_vi")
    )


def public_sectors(commitment: Commitment | None = None) -> QuerySet[Sector]:
    """Sectors of ``commitment``, or sectors with at least one public commitment, with counts."""
    if commitment is not None:
        _require_public(commitment)
        return commitment.sectors.all()
    return (
        Sector.objects.filter(commitment__in=public_commitments())
        .annotate(public_count=Count("commitment", distinct=True))
        .order_by("name_vi")
    )


def public_provinces() -> QuerySet[Agency]:
    """Provinces and centrally-run cities that lead or support a public commitment."""
    public = public_commitments().values("pk")
    return (
        Agency.objects.filter(kind=Agency.Kind.PROVINCE)
        .filter(Q(led_commitments__in=public) | Q(supported_commitments__in=public))
        .distinct()
        .order_by("name_vi")
    )


def in_sector(commitments: QuerySet[Commitment], code: str) -> QuerySet[Commitment]:
    """``commitments`` of the sector ``code``: a semi-join, so no row comes twice and the list
    needs no DISTINCT (which sorts every matching row by every column)."""
    through = Commitment.sectors.through.objects.filter(
        commitment_id=OuterRef("pk"), sector__code=code
    )
    return commitments.filter(Exists(through))


def with_partner(commitments: QuerySet[Commitment], code: str) -> QuerySet[Commitment]:
    """``commitments`` with the partner ``code`` (a semi-join, as :func:`in_sector`)."""
    through = Commitment.partners.through.objects.filter(
        commitment_id=OuterRef("pk"), partner__code=code
    )
    return commitments.filter(Exists(through))


def involving_province(commitments: QuerySet[Commitment], code: str) -> QuerySet[Commitment]:
    """``commitments`` that the province ``code`` leads or supports."""
    supports = Commitment.supporting_agencies.through.objects.filter(
        commitment_id=OuterRef("pk"), agency__code=code, agency__kind=Agency.Kind.PROVINCE
    )
    led = Q(lead_agency__code=code, lead_agency__kind=Agency.Kind.PROVINCE)
    return commitments.filter(led | Exists(supports))


def public_events(commitment: Commitment) -> QuerySet[CommitmentEvent]:
    """The public dated steps of a public ``commitment``, oldest first (notes left out)."""
    _require_public(commitment)
    return (
        CommitmentEvent.objects.filter(commitment=commitment, kind__in=PUBLIC_EVENT_KINDS)
        .only("commitment_id", *PUBLIC_EVENT_FIELDS)
        .order_by("on", "pk")
    )


def public_documents(commitment: Commitment) -> QuerySet[Document]:
    """The official texts of a public ``commitment`` (unofficial working files stay inside)."""
    _require_public(commitment)
    return Document.objects.filter(commitment=commitment, is_official=True)


def public_provisions(commitment: Commitment) -> QuerySet[Provision]:
    """The current provisions of a public ``commitment``, in order (withdrawn ones left out)."""
    _require_public(commitment)
    return Provision.objects.filter(commitment=commitment, withdrawn=False).order_by("order")


def business_obligations(commitment: Commitment) -> QuerySet[Obligation]:
    """Obligations of a public ``commitment`` that concern businesses (:data:`BUSINESS_GROUPS`).

    The public reads an obligation's text, provision, modality, time limit, phased schedule,
    sectors and affected groups; never who proposed it, why, or what it was carried into.
    """
    _require_public(commitment)
    rows = Obligation.objects.filter(commitment=commitment)
    # JSON containment has no SQLite lookup: the groups are read once and matched here.
    ids = [
        pk for pk, groups in rows.values_list("pk", "affected_groups") if concerns_business(groups)
    ]
    return rows.filter(pk__in=ids).select_related("provision").prefetch_related("sectors")


def concerns_business(groups) -> bool:
    """Whether affected ``groups`` (stored values or typed words) name businesses."""
    for group in groups or []:
        if group in BUSINESS_GROUPS or any(w in fold(str(group)) for w in _BUSINESS_WORDS):
            return True
    return False


_BUSINESS_WORDS = ("doanh nghiep", "business", "enterprise", "company")


def public_relations(commitment: Commitment) -> list[PublicRelation]:
    """Relations of a public ``commitment`` whose other end is public too, both directions.

    A relation to an internal, restricted, draft or reference commitment is dropped whole: the
    page says nothing about it, not even that one exists.
    """
    _require_public(commitment)
    public = public_commitments().values("pk")
    outgoing = CommitmentRelation.objects.filter(source=commitment, target__in=public)
    incoming = CommitmentRelation.objects.filter(target=commitment, source__in=public)
    rows = [
        PublicRelation(r.get_kind_display(), r.target, outgoing=True)
        for r in outgoing.select_related("target")
    ]
    rows += [
        PublicRelation(r.get_kind_display(), r.source, outgoing=False)
        for r in incoming.select_related("source")
    ]
    return rows


@dataclass(frozen=True)
class PublicRelation:
    """One relation as the public reads it: ``commitment`` <kind> other (or other <kind> it)."""

    kind_label: str
    other: Commitment
    outgoing: bool


def implementing_laws(commitment: Commitment) -> QuerySet[LegalDocument]:
    """Domestic legal documents that implement a public ``commitment``.

    A document counts when a confirmed assessment found one of its provisions compatible (or
    partly) with an obligation or provision of the commitment, or when a completed legislative
    action for the commitment issued it. Only the document (number, type, title, issuer, dates,
    status, source) is public: never the assessment's rationale, score or assessor.
    """
    _require_public(commitment)
    links = ProvisionLink.objects.confirmed().of_commitment(commitment)
    assessed = links.filter(verdict__in=IMPLEMENTING_VERDICTS).values("legal_provision__document")
    enacted = LegislativeAction.objects.filter(
        link__in=links, status=LegislativeAction.Status.DONE, resulting_document__isnull=False
    ).values("resulting_document")
    return LegalDocument.objects.filter(Q(pk__in=assessed) | Q(pk__in=enacted)).order_by(
        "-issued_on", "code"
    )


def _require_public(commitment: Commitment) -> None:
    """Refuse to describe a commitment that is not public (a programming error, shown as 404)."""
    if not is_public(commitment):
        raise Http404(commitment.code)


def public_document(pk: int) -> Document:
    """The official text ``pk`` of a public commitment; Http404 otherwise (same 404)."""
    try:
        return Document.objects.select_related("commitment").get(
            pk=pk, is_official=True, commitment__in=public_commitments().values("pk")
        )
    except Document.DoesNotExist:
        raise Http404(str(pk)) from None


def affecting(commitments: QuerySet[Commitment], group: str) -> QuerySet[Commitment]:
    """``commitments`` whose affected groups include the stored value ``group``."""
    # The JSON list's text holds each value in quotes: a text match works on both engines.
    return commitments.filter(affected_groups__icontains=f'"{group}"')


def for_business(commitments: QuerySet[Commitment]) -> QuerySet[Commitment]:
    """``commitments`` that name a business group (:data:`BUSINESS_GROUPS`) among those affected."""
    concerns = Q()
    for group in sorted(BUSINESS_GROUPS):
        concerns |= Q(affected_groups__icontains=f'"{group}"')
    return commitments.filter(concerns)


def public_search(commitments: QuerySet[Commitment], query: str) -> QuerySet[Commitment]:
    """``commitments`` holding every folded word of ``query``, best first.

    The project's folded search (``camket.search``: names, titles, summaries, with or without
    diacritics), where a word may also name one of the commitment's sectors or partners, so
    "hiep dinh thuy san EU" finds an FTA with the EU whose sector or summary says "thủy sản".
    """
    tokens = query_tokens(query)
    if not tokens:
        return commitments
    sectors = _folded_names(Sector)
    partners = _folded_names(Partner)
    found = commitments
    for token in tokens:
        words = Q(search_title__contains=token) | Q(search_body__contains=token)
        sector_ids = [pk for pk, name in sectors if token in name]
        partner_ids = [pk for pk, name in partners if token in name]
        if sector_ids:
            words |= Exists(
                Commitment.sectors.through.objects.filter(
                    commitment_id=OuterRef("pk"), sector_id__in=sector_ids
                )
            )
        if partner_ids:
            words |= Exists(
                Commitment.partners.through.objects.filter(
                    commitment_id=OuterRef("pk"), partner_id__in=partner_ids
                )
            )
        found = found.filter(words)
    return ranked(found, query)


def _folded_names(model) -> list[tuple[int, str]]:
    """(pk, folded code and names) of a small reference table (sectors, partners)."""
    rows = model.objects.values_list("pk", "code", "name_vi", "name_en")
    return [(pk, " ".join(folded_words(f"{code} {vi} {en}"))) for pk, code, vi, en in rows]


def public_years() -> list[tuple[int, int]]:
    """(year of signature or adoption, number of public commitments), latest first."""
    rows = (
        public_commitments()
        .exclude(signed_on=None)
        .annotate(year=ExtractYear("signed_on"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("-year")
    )
    return [(row["year"], row["n"]) for row in rows]


def public_groups() -> list[tuple[str, str, int]]:
    """(value, label, number of public commitments) of each affected group with any (one query)."""
    choices = Commitment.AffectedGroup.choices
    counts = public_commitments().aggregate(
        **{
            value: Count("pk", filter=Q(affected_groups__icontains=f'"{value}"'))
            for value, _label in choices
        }
    )
    return [(value, str(label), counts[value]) for value, label in choices if counts[value]]
