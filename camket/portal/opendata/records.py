"""One public record per commitment: what the API, the bulk CSV/JSON files and the feeds say.

Everything here reads through ``camket.portal.visibility``: the commitments are
``public_commitments()``, their fields are ``PUBLIC_COMMITMENT_FIELDS``, and what hangs off one
(events, relations, provisions, obligations, implementing laws) comes from the predicate's own
functions. Stored choices always travel with their Vietnamese and English labels. The data
dictionary (:data:`COLUMNS`) describes the flat CSV file column by column; the JSON file and the
API carry the same values, nested.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from camket.compatibility.models import LegalDocument
from camket.obligations.models import Obligation
from camket.portal import visibility
from camket.registry.models import Commitment, CommitmentEvent, Partner, Provision, Sector

LIST_SEPARATOR = "; "


def public_url(code: str) -> str:
    """The path of a commitment's public page (the portal's, once it has one)."""
    try:
        return reverse("portal:commitment-detail", args=[code])
    except NoReverseMatch:
        return reverse("opendata:api-1:commitment-detail", args=[code])


def _labels(choices) -> dict[str, tuple[str, str]]:
    """{value: (Vietnamese label, English label)} of a TextChoices class."""
    out: dict[str, list[str]] = {}
    for language in ("vi", "en"):
        with translation.override(language):
            for value, label in choices.choices:
                out.setdefault(value, []).append(str(label))
    return {value: (vi, en) for value, (vi, en) in out.items()}


class Labels:
    """The label tables, built once per process (labels never change at run time)."""

    _cache: dict[str, dict[str, tuple[str, str]]] = {}

    @classmethod
    def of(cls, name: str) -> dict[str, tuple[str, str]]:
        if name not in cls._cache:
            choices = {
                "kind": Commitment.Kind,
                "level": Commitment.Level,
                "scope": Commitment.Scope,
                "status": Commitment.Status,
                "group": Commitment.AffectedGroup,
                "event": CommitmentEvent.Kind,
                "partner_kind": Partner.Kind,
                "modality": Obligation.Modality,
                "provision_level": Provision.Level,
                "doc_type": LegalDocument.Type,
            }[name]
            cls._cache[name] = _labels(choices)
        return cls._cache[name]


def label(name: str, value: str) -> dict:
    """``{"value": ..., "label_vi": ..., "label_en": ...}``: a stored choice never travels alone.

    A value with no label (an affected group typed by hand) is its own label in both languages.
    """
    vi, en = Labels.of(name).get(value, (value, value))
    return {"value": value, "label_vi": vi, "label_en": en}


def listed(*, partners: bool = True) -> QuerySet[Commitment]:
    """Public commitments with what a list row shows loaded (partners, sectors, lead agency).

    ``partners=False`` leaves partners out (the feeds name sectors only).
    """
    loaded = [Prefetch("sectors", queryset=Sector.objects.order_by("name_vi"))]
    if partners:
        loaded.append(Prefetch("partners", queryset=Partner.objects.order_by("name_vi")))
    return visibility.public_commitments().prefetch_related(*loaded)


def summary(c: Commitment) -> dict:
    """The list-level record of a public commitment (API list items, JSON file rows)."""
    return {
        "code": c.code,
        "url": public_url(c.code),
        "kind": label("kind", c.kind),
        "level": label("level", c.level),
        "scope": label("scope", c.scope),
        "status": label("status", c.status),
        "title_vi": c.title_vi,
        "title_en": c.title_en,
        "short_name": c.short_name,
        "summary_vi": c.summary_vi,
        "summary_en": c.summary_en,
        "affected_groups": [label("group", g) for g in c.affected_groups or []],
        "partners": [
            {
                "code": p.code,
                "name_vi": p.name_vi,
                "name_en": p.name_en,
                "kind": label("partner_kind", p.kind),
            }
            for p in c.partners.all()
        ],
        "sectors": [
            {"code": s.code, "name_vi": s.name_vi, "name_en": s.name_en} for s in c.sectors.all()
        ],
        "lead_agency": _agency(c),
        "signed_on": c.signed_on,
        "in_force_on": c.in_force_on,
        "source_links": source_links(c),
        "updated_at": c.updated_at,
    }


def source_links(c: Commitment) -> list[dict]:
    """The commitment's public sources as ``{"url", "title"}``, in stored order.

    The register stores ``{"url": ..., "title": ...}`` (``camket.registry.loader``, the form);
    an older plain URL string is read as a source without a title. Only http(s) addresses
    travel: anything else (a typing slip, a ``javascript:`` text) is no public source.
    """
    out = []
    for link in c.source_links or []:
        if isinstance(link, str):
            url, title = link, ""
        elif isinstance(link, dict):
            url, title = link.get("url"), link.get("title") or ""
        else:
            continue
        if not isinstance(url, str) or not isinstance(title, str):
            continue
        url = url.strip()
        if url.lower().startswith(("http://", "https://")):
            out.append({"url": url, "title": title.strip()})
    return out


def _agency(c: Commitment) -> dict:
    agency = c.lead_agency
    with translation.override("vi"):
        vi = visibility.agency_name(agency)
    with translation.override("en"):
        en = visibility.agency_name(agency)
    return {"name_vi": vi, "name_en": en}


def detail(c: Commitment) -> dict:
    """The full public record: the summary plus events, relations, provisions, obligations and
    implementing legal documents, each through the visibility predicate."""
    record = summary(c)
    record["events"] = [
        {
            "kind": label("event", e.kind),
            "on": e.on,
            "place": e.place,
            "instrument": e.instrument,
        }
        for e in visibility.public_events(c)
    ]
    record["relations"] = [
        {
            "relation_vi": str(vi.kind_label),
            "relation_en": str(en.kind_label),
            "direction": "outgoing" if vi.outgoing else "incoming",
            "code": vi.other.code,
            "title_vi": vi.other.title_vi,
            "title_en": vi.other.title_en,
            "url": public_url(vi.other.code),
        }
        for vi, en in _relations(c)
    ]
    record["provisions"] = [
        {
            "level": label("provision_level", p.level),
            "number": p.number,
            "heading": p.heading,
            "text": p.text,
            "language": p.language,
        }
        for p in visibility.public_provisions(c)
    ]
    record["obligations"] = [
        {
            "text": o.text,
            "provision": _provision_label(o.provision) if o.provision_id else "",
            "modality": label("modality", o.modality),
            "due_on": o.due_on,
            "due_text": o.due_text,
            "sectors": [
                {"code": s.code, "name_vi": s.name_vi, "name_en": s.name_en}
                for s in o.sectors.all()
            ],
        }
        for o in visibility.business_obligations(c)
    ]
    record["implementing_laws"] = [
        {
            "number": d.code,
            "type": label("doc_type", d.doc_type),
            "title": d.title,
            "issuer": d.issuer,
            "issued_on": d.issued_on,
            "effective_on": d.effective_on,
        }
        for d in visibility.implementing_laws(c)
    ]
    return record


def as_json(record: dict) -> bytes:
    """A record as the API sends it (UTF-8 JSON, dates in ISO 8601)."""
    return json.dumps(record, cls=DjangoJSONEncoder, ensure_ascii=False).encode()


def summaries_json(pks: list[int]) -> dict[int, bytes]:
    """``{pk: JSON of summary()}`` of the public commitments among ``pks`` (for ``cache.built``)."""
    return {c.pk: as_json(summary(c)) for c in listed().filter(pk__in=pks)}


def details_json(pks: list[int]) -> dict[int, bytes]:
    """``{pk: JSON of detail()}`` of the public commitments among ``pks`` (for ``cache.built``)."""
    return {c.pk: as_json(detail(c)) for c in listed().filter(pk__in=pks)}


def _relations(c: Commitment) -> list[tuple]:
    """(Vietnamese, English) readings of each public relation of ``c``, in the same order."""
    readings = []
    for language in ("vi", "en"):
        with translation.override(language):
            readings.append(visibility.public_relations(c))
    return list(zip(*readings, strict=True))


def _provision_label(provision: Provision) -> str:
    with translation.override("vi"):
        return provision.label


########## The flat file ##########


@dataclass(frozen=True)
class Column:
    """A CSV column, as the data dictionary describes it."""

    name: str
    type: str  # "string", "date", "datetime", "list"
    description: str

    @property
    def type_label(self) -> str:
        return str(TYPE_LABELS[self.type])


TYPE_LABELS = {
    "string": _("text"),
    "list": _("list, separated by “; ”"),
    "date": _("date"),
    "datetime": _("date and time"),
}


COLUMNS = [
    Column("code", "string", _("Stable identifier of the commitment in CamKet")),
    Column("url", "string", _("Address of its public page")),
    Column("kind", "string", _("Kind (stored value)")),
    Column("kind_vi", "string", _("Kind, in Vietnamese")),
    Column("kind_en", "string", _("Kind, in English")),
    Column("level", "string", _("Concluded in the name of (stored value)")),
    Column("level_vi", "string", _("Concluded in the name of, in Vietnamese")),
    Column("scope", "string", _("Bilateral, regional or multilateral (stored value)")),
    Column("scope_vi", "string", _("Scope, in Vietnamese")),
    Column("status", "string", _("Status (stored value)")),
    Column("status_vi", "string", _("Status, in Vietnamese")),
    Column("status_en", "string", _("Status, in English")),
    Column("title_vi", "string", _("Title in Vietnamese")),
    Column("title_en", "string", _("Title in English")),
    Column("short_name", "string", _("Short name")),
    Column("summary_vi", "string", _("Plain-language summary in Vietnamese")),
    Column("summary_en", "string", _("Plain-language summary in English")),
    Column("affected_groups_vi", "list", _("Groups it affects, in Vietnamese")),
    Column("partners", "list", _("Partner codes (ISO 3166-1 alpha-3 or organisation)")),
    Column("partners_vi", "list", _("Partner names in Vietnamese")),
    Column("sectors", "list", _("Sector codes")),
    Column("sectors_vi", "list", _("Sector names in Vietnamese")),
    Column("lead_agency_vi", "string", _("Lead agency, in Vietnamese")),
    Column("lead_agency_en", "string", _("Lead agency, in English")),
    Column("signed_on", "date", _("Date of signature (YYYY-MM-DD)")),
    Column("in_force_on", "date", _("Date of entry into force (YYYY-MM-DD)")),
    Column("updated_at", "datetime", _("Last change (ISO 8601, with time zone)")),
    Column("source_links", "list", _("Public sources")),
]


def flat(record: dict) -> dict[str, str]:
    """A summary record as one CSV row (lists joined by ``"; "``, dates in ISO 8601)."""

    def names(items, key="name_vi"):
        return LIST_SEPARATOR.join(i[key] for i in items)

    def iso(value):
        return value.isoformat() if value else ""

    return {
        "code": record["code"],
        "url": record["url"],
        "kind": record["kind"]["value"],
        "kind_vi": record["kind"]["label_vi"],
        "kind_en": record["kind"]["label_en"],
        "level": record["level"]["value"],
        "level_vi": record["level"]["label_vi"],
        "scope": record["scope"]["value"],
        "scope_vi": record["scope"]["label_vi"],
        "status": record["status"]["value"],
        "status_vi": record["status"]["label_vi"],
        "status_en": record["status"]["label_en"],
        "title_vi": record["title_vi"],
        "title_en": record["title_en"],
        "short_name": record["short_name"],
        "summary_vi": record["summary_vi"],
        "summary_en": record["summary_en"],
        "affected_groups_vi": names(record["affected_groups"], "label_vi"),
        "partners": names(record["partners"], "code"),
        "partners_vi": names(record["partners"]),
        "sectors": names(record["sectors"], "code"),
        "sectors_vi": names(record["sectors"]),
        "lead_agency_vi": record["lead_agency"]["name_vi"],
        "lead_agency_en": record["lead_agency"]["name_en"],
        "signed_on": iso(record["signed_on"]),
        "in_force_on": iso(record["in_force_on"]),
        "updated_at": iso(record["updated_at"]),
        "source_links": LIST_SEPARATOR.join(link["url"] for link in record["source_links"]),
    }


def all_summaries(chunk: int = 2000) -> Iterator[dict]:
    """Every public commitment's summary record, by code, read in chunks."""
    rows = listed().order_by("code")
    yield from (summary(c) for c in rows.iterator(chunk_size=chunk))
