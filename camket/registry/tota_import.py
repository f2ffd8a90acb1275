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

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from camket.audit.actions import record_audit
from camket.compatibility import alerts
from camket.portal.opendata.cache import public_changed
from camket.registry.actions import CommitmentData, EventData, Lookups, create_commitment
from camket.registry.models import (
    Commitment,
    Provision,
    SearchEntry,
)
from camket.registry.search import _provision_entry
from lawcore import lifecycle
from lawcore.provision_paths import PathNode, path_keys
from lawcore.text import slugify
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


def _new_commitment(treaty: TotaTreaty, lookups: Lookups) -> CommitmentData:
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
    return CommitmentData(
        code=code,
        kind=Commitment.Kind.TREATY,
        level=Commitment.Level.GOVERNMENT if is_party else Commitment.Level.OTHER,
        scope=scope,
        title_vi=treaty.name,
        title_en=treaty.name,
        confidentiality=Commitment.Confidentiality.PUBLIC,
        is_reference=not is_party,
        lead_agency=TRADE_LEAD if is_party else CUSTODIAN,
        wto_rta_id=treaty.wto_rta_id,
        tota_id=treaty.identifier,
        source_links=[
            {"url": s.url, "title": f"ToTA source ({s.type or 'text'})"} for s in treaty.sources
        ],
        partners=sorted({p for p in treaty.parties if p != VIET_NAM and p in lookups.partners}),
        sectors=["trade"],
        events=[EventData(e.kind, e.on, note="ToTA") for e in _meta_events(treaty)],
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


_LEVEL_WORD = re.compile(r"^(chapter|chương|title|part|section|annex)\s+", re.IGNORECASE)


def _chapter_number(chapter: TotaChapter) -> str:
    """ "CHAPTER 3" -> "3": the level is shown by the UI in the reader's language."""
    return _LEVEL_WORD.sub("", chapter.number or "")[:40]


def _chapter_level(chapter: TotaChapter) -> str:
    if (chapter.name or "").strip().lower().startswith("preamble"):
        return Provision.Level.PREAMBLE
    return Provision.Level.ANNEX if chapter.kind == "annex" else Provision.Level.CHAPTER


@dataclass
class _Wanted:
    """A provision as the file gives it; ``parent`` indexes an earlier item."""

    parent: int | None
    depth: int
    values: dict


def _wanted(chapters: Iterable[TotaChapter], language: str) -> list[_Wanted]:
    """Chapters and articles in document order (a chapter, its articles, its sub-chapters)."""
    items: list[_Wanted] = []

    def visit(chapter: TotaChapter, parent: int | None, depth: int) -> None:
        items.append(
            _Wanted(
                parent,
                depth,
                {
                    "level": _chapter_level(chapter),
                    "number": _chapter_number(chapter),
                    "heading": (chapter.name or "")[:500],
                    "text": "",
                    "external_id": chapter.identifier,
                    "language": language,
                },
            )
        )
        here = len(items) - 1
        for article in chapter.articles:
            values = {
                "level": Provision.Level.ARTICLE,
                "number": (article.number or "")[:40],
                "heading": (article.heading or "")[:500],
                "text": article.text,
                "external_id": article.identifier,
                "language": language,
            }
            items.append(_Wanted(here, depth + 1, values))
        for child in chapter.chapters:
            visit(child, here, depth + 1)

    for chapter in chapters:
        visit(chapter, None, 0)
    return items


def _keys(items: list[tuple[int | None, dict]]) -> list[str]:
    return path_keys(
        [PathNode(parent, v["level"], v["number"], v["heading"]) for parent, v in items]
    )


def _current_tree(commitment: Commitment) -> tuple[list[Provision], list[str], list[Provision]]:
    """The stored provisions in text order with their keys, and the others (withdrawn) apart."""
    rows = list(commitment.provisions.order_by("order", "pk"))
    children: dict[int | None, list[Provision]] = {}
    for row in rows:
        if not row.withdrawn:
            children.setdefault(row.parent_id, []).append(row)
    ordered: list[Provision] = []
    parents: list[int | None] = []
    stack = [(row, None) for row in reversed(children.get(None, []))]
    while stack:
        row, parent = stack.pop()
        ordered.append(row)
        parents.append(parent)
        here = len(ordered) - 1
        stack += [(child, here) for child in reversed(children.get(row.pk, []))]
    keys = _keys([(p, vars(row)) for p, row in zip(parents, ordered, strict=True)])
    reached = {row.pk for row in ordered}
    # Withdrawn rows, and any row cut off from the tree, are matched by ToTA id only.
    return ordered, keys, [row for row in rows if row.pk not in reached]


def _match_rows(
    wanted: list[_Wanted], commitment: Commitment, *, new: bool
) -> tuple[list, list[Provision]]:
    """Stored row for each wanted item (by path key, then by ToTA id); the rows left over."""
    if new:
        return [None] * len(wanted), []
    ordered, keys, withdrawn = _current_tree(commitment)
    by_key = dict(zip(keys, ordered, strict=True))
    wanted_keys = _keys([(w.parent, w.values) for w in wanted])
    rows: list[Provision | None] = [by_key.pop(key, None) for key in wanted_keys]
    left = [*by_key.values(), *withdrawn]
    by_id = {(r.level, r.external_id): r for r in left if r.external_id}
    for index, item in enumerate(wanted):
        if rows[index] is None:
            rows[index] = by_id.pop((item.values["level"], item.values["external_id"]), None)
    taken = {row.pk for row in rows if row is not None}
    return rows, [row for row in left if row.pk not in taken]


_CONTENT = ("level", "number", "heading", "text")
_FIELDS = (*_CONTENT, "external_id", "language", "order", "parent_id", "withdrawn")


@dataclass
class ProvisionChanges:
    added: list[Provision] = field(default_factory=list)
    changed: list[Provision] = field(default_factory=list)
    unchanged: int = 0
    removed: int = 0
    kept: list[Provision] = field(default_factory=list)  # left the text, kept for their work
    flagged: int = 0

    def as_audit(self) -> dict:
        return {
            "provisions_added": len(self.added),
            "provisions_changed": len(self.changed),
            "provisions_unchanged": self.unchanged,
            "provisions_removed": self.removed + len(self.kept),
            "provisions_kept_for_their_work": len(self.kept),
            "assessments_flagged_for_review": self.flagged,
        }


def _sync_provisions(
    commitment: Commitment, chapters: Iterable[TotaChapter], language: str, *, new: bool = False
) -> ProvisionChanges:
    """Make the stored provisions match the file without losing what hangs on them.

    Rows are matched by path key (:mod:`lawcore.provision_paths`) and updated in place; new ones
    are added; rows that left the text are deleted unless an obligation or an assessment points
    at them, in which case they stay, marked ``withdrawn``.
    """
    wanted = _wanted(chapters, language)
    rows, leftover = _match_rows(wanted, commitment, new=new)
    changes, moved = ProvisionChanges(), []
    for depth in range(max((w.depth for w in wanted), default=-1) + 1):
        new = []
        for index, item in enumerate(wanted):
            if item.depth != depth:
                continue
            values = {
                **item.values,
                "order": index + 1,
                "parent_id": rows[item.parent].pk if item.parent is not None else None,
                "withdrawn": False,
            }
            row = rows[index]
            if row is None:
                rows[index] = Provision(commitment=commitment, **values)
                new.append(rows[index])
                continue
            if any(getattr(row, name) != values[name] for name in _CONTENT):
                changes.changed.append(row)
            elif any(getattr(row, name) != values[name] for name in _FIELDS):
                moved.append(row)
            else:
                changes.unchanged += 1
            for name, value in values.items():
                setattr(row, name, value)
        Provision.objects.bulk_create(new)
        changes.added += new
    Provision.objects.bulk_update([*changes.changed, *moved], _FIELDS, batch_size=500)
    _retire(leftover, len(wanted), changes)
    _reindex(commitment, changes)
    public_changed()  # bulk writes send no signal: the public record cache must know
    return changes


def _retire(leftover: list[Provision], after: int, changes: ProvisionChanges) -> None:
    """Keep rows that carry work (withdrawn, at the top, after the text); delete the rest."""
    gone = [row for row in leftover if not row.withdrawn]
    if not gone:
        return
    with_work = set(
        Provision.objects.filter(pk__in=[row.pk for row in gone])
        .filter(Q(obligations__isnull=False) | Q(legal_links__isnull=False))
        .values_list("pk", flat=True)
    )
    changes.kept = [row for row in gone if row.pk in with_work]
    for offset, row in enumerate(changes.kept, start=1):
        row.withdrawn, row.parent_id, row.order = True, None, after + offset
    Provision.objects.bulk_update(changes.kept, ["withdrawn", "parent_id", "order"])
    doomed = [row.pk for row in gone if row.pk not in with_work]
    changes.removed = len(doomed)
    Provision.objects.filter(pk__in=doomed).delete()


def _reindex(commitment: Commitment, changes: ProvisionChanges) -> None:
    stale = [row.pk for row in (*changes.changed, *changes.kept)]
    SearchEntry.objects.filter(commitment=commitment, provision_id__in=stale).delete()
    SearchEntry.objects.bulk_create(
        _provision_entry(row)
        for row in (*changes.changed, *changes.added)
        if row.level == Provision.Level.ARTICLE and (row.text or row.heading)
    )


def _flag_assessments(commitment: Commitment, changes: ProvisionChanges) -> int:
    """Mark confirmed assessments on changed or withdrawn provisions for review."""
    if not (changes.changed or changes.kept):
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        reasons = {
            row.pk: _("%(provision)s changed when the treaty text was re-imported")
            % {"provision": _designation(row)}
            for row in changes.changed
        }
        reasons.update(
            {
                row.pk: _("%(provision)s is no longer in the re-imported treaty text")
                % {"provision": _designation(row)}
                for row in changes.kept
            }
        )
        why = _("The text of “%(title)s” was re-imported") % {"title": commitment.title_vi}
    return alerts.commitment_text_changed(why, reasons)


def _designation(row: Provision) -> str:
    return " ".join(t for t in [str(row.get_level_display()), row.number] if t)


@transaction.atomic
def import_treaty(
    treaty: TotaTreaty,
    *,
    acting_user=None,
    lookups: Lookups | None = None,
    into: Commitment | None = None,
) -> str:
    """Insert or update the register from one parsed treaty; return the outcome.

    An update keeps every provision that is still in the text (matched by its path, see
    :func:`_sync_provisions`) and what hangs on it; assessments of changed or withdrawn
    provisions are flagged for review. The audit row counts what changed.

    ``into``: the commitment whose text this is although the file is another treaty's: the
    CPTPP, whose Article 1 incorporates the TPP's provisions (ToTA ``pta_449``). Its ToTA
    identifier is left empty, so that the file still matches the TPP's own record.
    """
    commitment = into or _match(treaty)
    if commitment is not None and commitment.tota_checksum == treaty.checksum:
        return "unchanged"
    outcome = "inserted" if commitment is None else "updated"
    if commitment is None:
        lookups = lookups or Lookups.load()
        data = _new_commitment(treaty, lookups)
        commitment = create_commitment(data, acting_user=acting_user, lookups=lookups)
    else:
        commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
        if into is None:
            commitment.tota_id = commitment.tota_id or treaty.identifier
    commitment.tota_checksum = treaty.checksum
    commitment.save(update_fields=["tota_id", "tota_checksum", "updated_at"])
    language = (treaty.language or "en")[:8]
    changes = _sync_provisions(commitment, treaty.chapters, language, new=outcome == "inserted")
    changes.flagged = _flag_assessments(commitment, changes)
    record_audit(
        commitment,
        f"commitment.tota_{outcome}",
        acting_user,
        after={"tota_id": treaty.identifier, "checksum": treaty.checksum, **changes.as_audit()},
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
    summary, lookups = ImportSummary(), Lookups.load()
    for path, result in _parsed(list(iter_tota_files(paths))):
        if isinstance(result, TotaError):
            summary.failed.append(str(result))
        else:
            summary.add(import_treaty(result, acting_user=acting_user, lookups=lookups))
        if progress:
            progress(path)
    return summary
