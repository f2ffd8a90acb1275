"""Import ToTA treaty XML into the register: metadata, chapters and articles as provisions.

Each file is parsed completely (``lawcore.tota``, hardened) before the database is touched, and
written in its own transaction, so a bad file is reported and skipped without leaving anything
half-written. A file whose checksum matches the stored one is counted as unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from camket.agencies.models import Agency
from camket.audit.actions import record_audit
from camket.registry.actions import refresh_status
from camket.registry.models import (
    Commitment,
    CommitmentEvent,
    Partner,
    Provision,
    SearchEntry,
    Sector,
)
from camket.registry.search import _provision_entry, reindex_commitment
from lawcore import lifecycle
from lawcore.text import nfc, slugify
from lawcore.tota import TotaChapter, TotaError, TotaTreaty, iter_tota_files, parse_tota

# Trade agreements: the Ministry of Industry and Trade leads Viet Nam's FTAs; the register's
# keeper (MOFA's Department of International Law and Treaties) holds reference texts.
TRADE_LEAD = "bct"
CUSTODIAN = "bng-vulpdu"
VIET_NAM = "VNM"


@dataclass
class ImportSummary:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: list[str] = field(default_factory=list)

    def add(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)


def _match(treaty: TotaTreaty) -> Commitment | None:
    """The existing record of this treaty: by ToTA id, then by WTO RTA id."""
    found = Commitment.objects.filter(tota_id=treaty.identifier).first()
    if found is None and treaty.wto_rta_id:
        found = Commitment.objects.filter(wto_rta_id=treaty.wto_rta_id).first()
    return found


def _new_commitment(treaty: TotaTreaty) -> Commitment:
    is_party = VIET_NAM in treaty.parties or VIET_NAM in treaty.parties_original
    year = treaty.date_signed.year if treaty.date_signed else 0
    if is_party:
        code = f"vn/treaty/{year}/{slugify(treaty.name, 50) or treaty.identifier}"
        if Commitment.objects.filter(code=code).exists():  # same name and year, another text
            code = f"{code}-tota{treaty.identifier}"
    else:
        code = f"ref/tota/{treaty.identifier}"
    scope = (
        Commitment.Scope.BILATERAL
        if (treaty.composition or "").lower() == "bilateral"
        else Commitment.Scope.REGIONAL
    )
    return Commitment(
        code=code,
        kind=Commitment.Kind.TREATY,
        level=Commitment.Level.GOVERNMENT if is_party else Commitment.Level.OTHER,
        scope=scope,
        title_vi=nfc(treaty.name),
        title_en=nfc(treaty.name),
        confidentiality=Commitment.Confidentiality.PUBLIC,
        is_reference=not is_party,
        lead_agency=Agency.objects.get(code=TRADE_LEAD if is_party else CUSTODIAN),
        wto_rta_id=treaty.wto_rta_id,
        source_links=[
            {"url": s.url, "title": f"ToTA source ({s.type or 'text'})"} for s in treaty.sources
        ],
    )


def _meta_events(treaty: TotaTreaty) -> list[lifecycle.Event]:
    candidates = [
        ("signature", treaty.date_signed),
        ("entry_into_force", treaty.date_into_force),
        ("termination", treaty.date_inactive),
    ]
    events: list[lifecycle.Event] = []
    for kind, on in candidates:
        if (
            on
            and lifecycle.check_events(lifecycle.TREATY, [*events, lifecycle.Event(kind, on)])
            is None
        ):
            events.append(lifecycle.Event(kind, on))
    return events


def _store_events(commitment: Commitment, events: list[lifecycle.Event]) -> None:
    refresh_status(commitment, events)
    commitment.save()
    CommitmentEvent.objects.bulk_create(
        CommitmentEvent(commitment=commitment, kind=e.kind, on=e.on, note="ToTA") for e in events
    )


_LEVEL_WORD = re.compile(r"^(chapter|chương|title|part|section|annex)\s+", re.IGNORECASE)


def _chapter_number(chapter: TotaChapter) -> str:
    """ "CHAPTER 3" -> "3": the level is shown by the UI in the reader's language."""
    return _LEVEL_WORD.sub("", chapter.number or "")[:40]


def _chapter_level(chapter: TotaChapter) -> str:
    if (chapter.name or "").strip().lower().startswith("preamble"):
        return Provision.Level.PREAMBLE
    return Provision.Level.ANNEX if chapter.kind == "annex" else Provision.Level.CHAPTER


def _store_provisions(
    commitment: Commitment, chapters: Iterable[TotaChapter], language: str = "en"
) -> int:
    """Write the chapter tree level by level, each level and all articles in bulk.

    Returns the number of provisions written.
    """
    order = 0
    articles: list[Provision] = []
    level: list[tuple[TotaChapter, Provision | None]] = [(c, None) for c in chapters]
    while level:
        nodes = []
        for chapter, parent in level:
            order += 1
            nodes.append(
                Provision(
                    commitment=commitment,
                    parent=parent,
                    level=_chapter_level(chapter),
                    number=_chapter_number(chapter),
                    heading=(chapter.name or "")[:500],
                    order=order,
                    external_id=chapter.identifier,
                )
            )
        Provision.objects.bulk_create(nodes)
        next_level = []
        for (chapter, _), node in zip(level, nodes, strict=True):
            for article in chapter.articles:
                order += 1
                articles.append(
                    Provision(
                        commitment=commitment,
                        parent=node,
                        level=Provision.Level.ARTICLE,
                        number=(article.number or "")[:40],
                        heading=(article.heading or "")[:500],
                        text=article.text,
                        order=order,
                        external_id=article.identifier,
                    )
                )
            next_level += [(child, node) for child in chapter.chapters]
        level = next_level
    Provision.objects.bulk_create(articles)
    SearchEntry.objects.bulk_create(_provision_entry(p) for p in articles if p.text or p.heading)
    return order


@transaction.atomic
def import_treaty(treaty: TotaTreaty, *, acting_user=None) -> str:
    """Insert or update the register from one parsed treaty; return the outcome."""
    commitment = _match(treaty)
    if commitment is not None and commitment.tota_checksum == treaty.checksum:
        return "unchanged"
    outcome = "inserted" if commitment is None else "updated"
    if commitment is None:
        commitment = _new_commitment(treaty)
        commitment.tota_id, commitment.tota_checksum = treaty.identifier, treaty.checksum
        _store_events(commitment, _meta_events(treaty))
        commitment.partners.set(
            Partner.objects.filter(code__in=[p for p in treaty.parties if p != VIET_NAM])
        )
        commitment.sectors.set(Sector.objects.filter(code="trade"))
        reindex_commitment(commitment, provisions=False)
    else:
        commitment.provisions.all().delete()
        commitment.tota_id = commitment.tota_id or treaty.identifier
        commitment.tota_checksum = treaty.checksum
        commitment.save(update_fields=["tota_id", "tota_checksum", "updated_at"])
    count = _store_provisions(commitment, treaty.chapters, (treaty.language or "en")[:8])
    record_audit(
        commitment,
        f"commitment.tota_{outcome}",
        acting_user,
        after={"tota_id": treaty.identifier, "checksum": treaty.checksum, "provisions": count},
    )
    return outcome


def _parse(path: Path) -> TotaTreaty | TotaError:
    try:
        return parse_tota(path)
    except TotaError as error:
        return error


def _parsed(paths: list[Path]) -> Iterator[tuple[Path, TotaTreaty | TotaError]]:
    """Parse in a second process while this one writes (parsing is a third of the work)."""
    if len(paths) < 8:
        yield from ((path, _parse(path)) for path in paths)
        return
    with ProcessPoolExecutor(max_workers=1) as pool:
        yield from zip(paths, pool.map(_parse, paths, chunksize=4), strict=True)


def import_files(
    paths: Iterable[Path], *, acting_user=None, progress: Callable[[Path], None] | None = None
) -> ImportSummary:
    """Import every ToTA file under ``paths``; a failed file is named and skipped."""
    summary = ImportSummary()
    for path, result in _parsed(list(iter_tota_files(paths))):
        if isinstance(result, TotaError):
            summary.failed.append(str(result))
        else:
            summary.add(import_treaty(result, acting_user=acting_user))
        if progress:
            progress(path)
    return summary
