"""Writes to the register. Each runs in one transaction and leaves an audit row."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from camket.agencies.models import Agency, former_agency_problems
from camket.agencies.permissions import scope_of
from camket.audit.actions import record_audit, snapshot
from camket.audit.models import AuditEvent, subject_key
from camket.portal.opendata.cache import public_changed
from camket.registry import permissions
from camket.registry.models import (
    Commitment,
    CommitmentEvent,
    CommitmentRelation,
    Document,
    Partner,
    Sector,
)
from camket.registry.search import index_commitments, reindex_commitment
from camket.versioning import claim_version
from lawcore import codes, lifecycle
from lawcore.text import nfc


def transition_message(error: lifecycle.TransitionError) -> str:
    """A translated sentence naming the refused event, its date and the status it met."""
    params = {
        "event": CommitmentEvent.Kind(error.event.kind).label
        if error.event.kind in CommitmentEvent.Kind.values
        else error.event.kind,
        "date": error.event.on.strftime("%d/%m/%Y"),
        "status": Commitment.Status(error.status).label,
        "kind": Commitment.Kind(error.commitment_kind).label,
    }
    if error.code == "not_for_kind":
        return _("%(event)s does not apply to a commitment of kind “%(kind)s”.") % params
    if error.code == "not_for_level":
        # Law 108/2016/QH13, art. 28 and 37: a treaty in the name of the State is ratified.
        return (
            _(
                "%(event)s does not apply to a treaty concluded in the name of the State: it is "
                "ratified (Law on Treaties, art. 28 and 37)."
            )
            % params
        )
    if error.code == "needs_signature":
        return (
            _(
                "%(event)s on %(date)s is not allowed: a bilateral treaty is signed before it is "
                "ratified or acceded to."
            )
            % params
        )
    if error.status in {lifecycle.DRAFT, lifecycle.PROPOSED, lifecycle.NEGOTIATING}:
        return (
            _(
                "%(event)s on %(date)s is not allowed: the commitment is still “%(status)s” at "
                "that date (for example, entry into force needs an earlier signature, "
                "ratification, approval or accession)."
            )
            % params
        )
    return _("%(event)s on %(date)s is not allowed after the status “%(status)s”.") % params


def refresh_status(commitment: Commitment, events: Iterable[lifecycle.Event] | None = None) -> None:
    """Derive status and key dates from the events; raise ValidationError if they break rules."""
    events = list(events if events is not None else commitment.lifecycle_events())
    try:
        status = lifecycle.derive_status(
            commitment.kind, events, level=commitment.level or None, scope=commitment.scope or None
        )
    except lifecycle.TransitionError as error:
        raise ValidationError(transition_message(error), code=error.code) from error
    ordered = lifecycle.ordered(events)
    commitment.status = status
    commitment.signed_on = next(
        (e.on for e in ordered if e.kind in _SIGNING), None
    )
    commitment.in_force_on = next((e.on for e in ordered if e.kind == "entry_into_force"), None)


@dataclass
class EventData:
    """A dated lifecycle event as plain values (``kind``: a ``CommitmentEvent.Kind`` value)."""

    kind: str
    on: dt.date
    place: str = ""
    instrument: str = ""
    note: str = ""


@dataclass
class CommitmentData:
    """A commitment as plain values; agencies, partners and sectors are given by code.

    Every writer (the form, the demo loader, the ToTA and UPR importers, the generator, test
    factories) builds one of these and hands it to :func:`create_commitment`,
    :func:`replace_commitment` or :func:`bulk_create_commitments`.
    """

    code: str
    kind: str
    level: str
    scope: str
    title_vi: str
    lead_agency: str
    title_en: str = ""
    short_name: str = ""
    confidentiality: str = Commitment.Confidentiality.INTERNAL
    summary_vi: str = ""
    summary_en: str = ""
    affected_groups: list[str] = field(default_factory=list)
    source_links: list[dict] = field(default_factory=list)
    wto_rta_id: int | None = None
    tota_id: str = ""
    is_reference: bool = False
    partners: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    supporting_agencies: list[str] = field(default_factory=list)
    events: list[EventData] = field(default_factory=list)


_TEXTS = ("title_vi", "title_en", "short_name", "summary_vi", "summary_en")
_SCALARS = (
    "kind",
    "level",
    "scope",
    *_TEXTS,
    "confidentiality",
    "affected_groups",
    "source_links",
    "wto_rta_id",
    "tota_id",
    "is_reference",
)
_CHOICES = {
    "kind": Commitment.Kind,
    "level": Commitment.Level,
    "scope": Commitment.Scope,
    "confidentiality": Commitment.Confidentiality,
}


@dataclass
class Lookups:
    """Agencies, partners and sectors by code, read once for many records."""

    agencies: dict[str, Agency]
    partners: dict[str, Partner]
    sectors: dict[str, Sector]

    @classmethod
    def load(cls) -> Lookups:
        return cls(
            {a.code: a for a in Agency.objects.only("code")},
            {p.code: p for p in Partner.objects.only("code")},
            {s.code: s for s in Sector.objects.only("code")},
        )


# The kind part of a commitment code: vn/<prefix>/<year>/<short name>.
CODE_PREFIX = {
    Commitment.Kind.TREATY: "treaty",
    Commitment.Kind.INTERNATIONAL_AGREEMENT: "agreement",
    Commitment.Kind.LEADERS_STATEMENT: "statement",
    Commitment.Kind.INTERNATIONAL_REVIEW: "review",
}
_SIGNING = {"signature", "adoption", "accession", "acceptance"}


def commitment_code(data: CommitmentData, taken: Callable[[str], bool] | None = None) -> str:
    """A free code for ``data`` from its kind, year and short name (``vn/treaty/2018/cptpp``).

    The year is that of the signature (or adoption, accession), else of the first event, else
    the current year; the name is the short name, else the English, else the Vietnamese title.
    ``taken`` tells whether a code is in use (default: a commitment has it).
    """
    events = sorted(data.events, key=lambda e: e.on)
    signing = [e for e in events if e.kind in _SIGNING]
    first = (signing or events)[0].on if events else timezone.localdate()
    name = data.short_name or data.title_en or data.title_vi
    base = codes.commitment_code(CODE_PREFIX.get(data.kind, "treaty"), first.year, name)
    taken = taken or (lambda code: Commitment.objects.filter(code=code).exists())
    return codes.unique(base, taken, Commitment._meta.get_field("code").max_length)


def with_code(data: CommitmentData) -> CommitmentData:
    """``data`` itself when it has a code, else a copy with a generated one."""
    return data if data.code.strip() else replace(data, code=commitment_code(data))


def _label(name: str) -> str:
    if name == "events":
        return str(_("events"))
    return str(Commitment._meta.get_field(name).verbose_name)


def commitment_errors(data: CommitmentData, lookups: Lookups) -> dict[str, list[str]]:
    """Translated messages by field, each naming the commitment's code; empty when valid.

    Checks required values, lengths, choices, the codes of agencies, partners and sectors, the
    lead agency not also supporting, and the events against the lifecycle rules of the kind.
    Uniqueness of the code is checked by the actions, which know whether a row is new.
    """
    errors: dict[str, list[str]] = {}
    invalid_choice = _("Commitment %(code)s: “%(value)s” is not a valid “%(field)s”.")

    def add(name: str, message: str, **params) -> None:
        params = {"code": data.code or "?", "field": _label(name), **params}
        errors.setdefault(name, []).append(message % params)

    for name in ("code", "kind", "level", "scope", "title_vi", "lead_agency"):
        if not getattr(data, name):
            add(name, _("Commitment %(code)s: “%(field)s” is required."))
    for name in ("code", *_TEXTS):
        limit = Commitment._meta.get_field(name).max_length
        if limit and len(getattr(data, name) or "") > limit:
            add(
                name,
                _("Commitment %(code)s: “%(field)s” is longer than %(max)d characters."),
                max=limit,
            )
    for name, choices in _CHOICES.items():
        value = getattr(data, name)
        if value and value not in choices.values:
            add(name, invalid_choice, value=value)
    wanted = [("lead_agency", data.lead_agency, lookups.agencies)] if data.lead_agency else []
    wanted += [("supporting_agencies", c, lookups.agencies) for c in data.supporting_agencies]
    wanted += [("partners", c, lookups.partners) for c in data.partners]
    wanted += [("sectors", c, lookups.sectors) for c in data.sectors]
    for name, value, known in wanted:
        if value not in known:
            add(
                name,
                _("Commitment %(code)s: “%(value)s” is not a known code for “%(field)s”."),
                value=value,
            )
    if data.lead_agency and data.lead_agency in data.supporting_agencies:
        add("supporting_agencies", _("The lead agency cannot also be a supporting agency."))
    if data.kind in Commitment.Kind.values:
        for event in data.events:
            if event.kind not in CommitmentEvent.Kind.values:
                add("events", invalid_choice, value=event.kind)
        if "events" not in errors:
            try:
                refresh_status(
                    Commitment(kind=data.kind, level=data.level, scope=data.scope),
                    _lifecycle(data),
                )
            except ValidationError as error:
                add("events", _("Commitment %(code)s: %(problem)s"), problem=error.messages[0])
    return errors


def _lifecycle(data: CommitmentData) -> list[lifecycle.Event]:
    return [lifecycle.Event(e.kind, e.on) for e in data.events]


def _former_lead(code: str | None, *, commitment_code: str, kept: str | None = None) -> dict:
    """The error refusing a former agency (merged, with a successor) as the lead, naming the
    successor; none when ``code`` is the lead the commitment already has (``kept``): a record
    made before the reorganisation keeps the agency history names."""
    if not code or code == kept:
        return {}
    problem = former_agency_problems([code]).get(code)
    if problem is None:
        return {}
    message = _("Commitment %(code)s: %(problem)s") % {"code": commitment_code, "problem": problem}
    return {"lead_agency": [message]}


def _check(
    data: CommitmentData, lookups: Lookups, *, new: bool, kept_lead: str | None = None
) -> None:
    errors = commitment_errors(data, lookups)
    if "lead_agency" not in errors:
        errors.update(_former_lead(data.lead_agency, commitment_code=data.code, kept=kept_lead))
    if new and data.code and Commitment.objects.filter(code=data.code).exists():
        errors.setdefault("code", []).append(
            _("A commitment with the code %(code)s already exists.") % {"code": data.code}
        )
    if data.wto_rta_id is not None:
        holder = (
            Commitment.objects.filter(wto_rta_id=data.wto_rta_id)
            .exclude(code=data.code)
            .values_list("code", flat=True)
            .first()
        )
        if holder:
            errors.setdefault("wto_rta_id", []).append(
                _("Commitment %(code)s: WTO RTA ID %(id)s is already that of %(other)s.")
                % {"code": data.code, "id": data.wto_rta_id, "other": holder}
            )
    if errors:
        raise ValidationError(errors)


def _fill(commitment: Commitment, data: CommitmentData, lookups: Lookups) -> None:
    """Set the columns of ``commitment`` from valid ``data`` (NFC text, derived status)."""
    for name in _SCALARS:
        value = getattr(data, name)
        setattr(commitment, name, nfc(value) if name in _TEXTS else value)
    commitment.lead_agency = lookups.agencies[data.lead_agency]
    refresh_status(commitment, _lifecycle(data))


def _write_relations(commitment: Commitment, data: CommitmentData, lookups: Lookups) -> None:
    commitment.partners.set([lookups.partners[c] for c in data.partners])
    commitment.sectors.set([lookups.sectors[c] for c in data.sectors])
    commitment.supporting_agencies.set([lookups.agencies[c] for c in data.supporting_agencies])
    commitment.events.all().delete()
    CommitmentEvent.objects.bulk_create(_event_rows(commitment.pk, data))


def _event_rows(commitment_id: int, data: CommitmentData) -> list[CommitmentEvent]:
    return [
        CommitmentEvent(
            commitment_id=commitment_id,
            kind=e.kind,
            on=e.on,
            place=e.place,
            instrument=e.instrument,
            note=e.note,
        )
        for e in data.events
    ]


def _may_create(acting_user, data: CommitmentData) -> bool:
    """``acting_user=None`` is the system (an import run from the command line)."""
    if acting_user is None:
        return True
    scope = scope_of(acting_user)
    if scope.is_national:
        return True
    lead = Agency.objects.filter(code=data.lead_agency).values_list("pk", flat=True).first()
    return lead in scope.editor_agency_ids


@transaction.atomic
def create_commitment(
    data: CommitmentData,
    *,
    acting_user,
    action: str = "commitment.created",
    lookups: Lookups | None = None,
) -> Commitment:
    """Validate ``data`` and insert the commitment with its events, partners and sectors.

    Raises PermissionDenied unless ``acting_user`` may create a commitment led by
    ``data.lead_agency`` (``None``: the system), and ValidationError (translated messages by
    field, naming the code) for invalid values. Leaves one audit row named ``action``. An
    empty ``data.code`` is generated (:func:`commitment_code`).
    """
    if not _may_create(acting_user, data):
        raise PermissionDenied
    lookups = lookups or Lookups.load()
    data = with_code(data)
    _check(data, lookups, new=True)
    commitment = Commitment(code=data.code)
    _fill(commitment, data, lookups)
    commitment.save()
    _bulk_relations([commitment], [data], lookups)  # a new row: nothing to replace
    reindex_commitment(commitment, provisions=False)
    record_audit(commitment, action, acting_user, after=snapshot(commitment))
    _tell_open_data(commitment)
    return commitment


@transaction.atomic
def replace_commitment(
    commitment: Commitment,
    data: CommitmentData,
    *,
    acting_user,
    action: str = "commitment.reimported",
    lookups: Lookups | None = None,
) -> Commitment:
    """Overwrite every value of ``commitment`` (events included) with ``data``, as an import does.

    Same checks and audit as :func:`create_commitment`; ``data.code`` must be the stored code.
    """
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if acting_user is not None and not permissions.can_edit_commitment(acting_user, commitment):
        raise PermissionDenied
    lookups = lookups or Lookups.load()
    if data.code != commitment.code:
        message = _("The code of commitment %(code)s cannot change.")
        raise ValidationError({"code": message % {"code": commitment.code}})
    _check(data, lookups, new=False, kept_lead=commitment.lead_agency.code)
    before = snapshot(commitment)
    _fill(commitment, data, lookups)
    commitment.save()
    _write_relations(commitment, data, lookups)
    reindex_commitment(commitment, provisions=False)
    record_audit(commitment, action, acting_user, before=before, after=snapshot(commitment))
    _tell_open_data(commitment)
    return commitment


def bulk_create_commitments(
    items: Iterable[CommitmentData],
    *,
    acting_user=None,
    action: str = "commitment.generated",
    batch_size: int = 2000,
    progress: Callable[[int], None] | None = None,
) -> list[int]:
    """Insert many commitments in batches with the same checks and audit rows as one by one.

    For national-scale loads (the generator). Each batch is validated before anything of it is
    written; the audit rows carry the plain values. Returns the new primary keys in order.
    Runs inside the caller's transaction (or one per call).
    """
    if acting_user is not None and not scope_of(acting_user).is_national:
        raise PermissionDenied
    lookups, pks, batch = Lookups.load(), [], []
    with transaction.atomic():
        for data in items:
            batch.append(data)
            if len(batch) >= batch_size:
                pks += _bulk_batch(batch, lookups, acting_user, action)
                if progress:
                    progress(len(batch))
                batch = []
        if batch:
            pks += _bulk_batch(batch, lookups, acting_user, action)
            if progress:
                progress(len(batch))
        public_changed()  # bulk_create sends no signal: the public record cache must know
    return pks


def _bulk_batch(batch: list[CommitmentData], lookups: Lookups, acting_user, action) -> list[int]:
    named = {d.code for d in batch if d.code.strip()}
    for index, data in enumerate(batch):
        if not data.code.strip():
            code = commitment_code(
                data, lambda c: c in named or Commitment.objects.filter(code=c).exists()
            )
            named.add(code)
            batch[index] = replace(data, code=code)
    errors = {}
    former = former_agency_problems({d.lead_agency for d in batch})
    for data in batch:
        found = commitment_errors(data, lookups)
        if data.lead_agency in former and "lead_agency" not in found:
            found.update(_former_lead(data.lead_agency, commitment_code=data.code))
        for name, messages in found.items():
            errors.setdefault(name, []).extend(messages)
    taken = set(
        Commitment.objects.filter(code__in=[d.code for d in batch]).values_list("code", flat=True)
    )
    seen: set[str] = set()
    for data in batch:
        if data.code in taken or data.code in seen:
            errors.setdefault("code", []).append(
                _("A commitment with the code %(code)s already exists.") % {"code": data.code}
            )
        seen.add(data.code)
    if errors:
        raise ValidationError(errors)
    rows = []
    for data in batch:
        row = Commitment(code=data.code)
        _fill(row, data, lookups)
        rows.append(row)
    Commitment.objects.bulk_create(rows, batch_size=len(rows))
    _bulk_relations(rows, batch, lookups)
    index_commitments(Commitment.objects.filter(pk__in=[row.pk for row in rows]))
    actor = acting_user if getattr(acting_user, "is_authenticated", False) else None
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=actor,
                action=action,
                object_key=subject_key(row),
                object_repr=str(row)[:300],
                after=_plain(data),
            )
            for row, data in zip(rows, batch, strict=True)
        ],
        batch_size=5000,
    )
    return [row.pk for row in rows]


def _bulk_relations(rows: list[Commitment], batch: list[CommitmentData], lookups: Lookups) -> None:
    partners, sectors = Commitment.partners.through, Commitment.sectors.through
    supporting = Commitment.supporting_agencies.through
    links: dict = {partners: [], sectors: [], supporting: []}
    events = []
    for row, data in zip(rows, batch, strict=True):
        links[partners] += [
            partners(commitment_id=row.pk, partner_id=lookups.partners[c].pk) for c in data.partners
        ]
        links[sectors] += [
            sectors(commitment_id=row.pk, sector_id=lookups.sectors[c].pk) for c in data.sectors
        ]
        links[supporting] += [
            supporting(commitment_id=row.pk, agency_id=lookups.agencies[c].pk)
            for c in data.supporting_agencies
        ]
        events += _event_rows(row.pk, data)
    for model, values in links.items():
        model.objects.bulk_create(values, batch_size=5000)
    CommitmentEvent.objects.bulk_create(events, batch_size=5000)


def _plain(data: CommitmentData) -> dict:
    values = asdict(data)
    values["events"] = [dict(e, on=e["on"].isoformat()) for e in values["events"]]
    return values


@transaction.atomic
def update_commitment(form, *, acting_user, version: int | None = None) -> Commitment:
    """Save changes from a valid ``CommitmentForm`` bound to an existing commitment.

    ``version`` is the one the form was drawn from: EditConflict if it was saved since.
    """
    commitment = Commitment.objects.select_for_update().get(pk=form.instance.pk)
    if not permissions.can_edit_commitment(acting_user, commitment):
        raise PermissionDenied
    claim_version(form.instance, version)
    lead = form.instance.lead_agency
    if lead.pk != commitment.lead_agency_id and (
        refused := _former_lead(lead.code, commitment_code=commitment.code)
    ):
        raise ValidationError(refused)
    before = snapshot(commitment)
    commitment = form.save()
    after = snapshot(commitment)
    if before != after:
        reindex_commitment(commitment, provisions=False)
        record_audit(commitment, "commitment.updated", acting_user, before=before, after=after)
        _tell_open_data(commitment)
    return commitment


def _tell_open_data(commitment: Commitment, *, event: CommitmentEvent | None = None) -> None:
    """Subscribers hear of a newly public commitment and of an entry into force (decision 0018)."""
    from camket.portal.opendata.hooks import commitment_changed

    commitment_changed(commitment, event=event)


@transaction.atomic
def delete_commitment(commitment: Commitment, *, acting_user) -> None:
    if not permissions.can_delete_commitment(acting_user, commitment):
        raise PermissionDenied
    record_audit(commitment, "commitment.deleted", acting_user, before=snapshot(commitment))
    commitment.delete()
    from camket.portal.opendata.hooks import commitment_removed

    commitment_removed()


@transaction.atomic
def record_event(commitment: Commitment, event: CommitmentEvent, *, acting_user) -> CommitmentEvent:
    """Add a dated event if the lifecycle allows it; the status follows from all events."""
    if not permissions.can_edit_commitment(acting_user, commitment):
        raise PermissionDenied
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    candidate = lifecycle.Event(event.kind, event.on, None)
    refresh_status(commitment, [*commitment.lifecycle_events(), candidate])
    if refused := gate_problem(commitment, event.kind, event.on):
        raise ValidationError({"kind": [refused]}, code="gate")
    event.commitment = commitment
    event.save()
    commitment.save(update_fields=["status", "signed_on", "in_force_on", "updated_at"])
    record_audit(event, "event.recorded", acting_user, after=snapshot(event), subject=commitment)
    _tell_open_data(commitment, event=event)
    if event.kind == CommitmentEvent.Kind.SIGNATURE:
        from camket.evaluation.actions import draft_plan_at_signature

        draft_plan_at_signature(commitment, event.on, acting_user=acting_user)
    return event


def gate_problem(commitment: Commitment, kind: str, on: dt.date) -> str | None:
    """The proposal gate's refusal (``camket.evaluation.gate``; decision 0014), or None."""
    from camket.evaluation.gate import refusal_message

    return refusal_message(commitment, kind, on)


@transaction.atomic
def delete_event(event: CommitmentEvent, *, acting_user) -> None:
    """Remove an event if the remaining ones still make a valid lifecycle."""
    commitment = Commitment.objects.select_for_update().get(pk=event.commitment_id)
    if not permissions.can_edit_commitment(acting_user, commitment):
        raise PermissionDenied
    remaining = [e for e in commitment.lifecycle_events() if e.ref != event.pk]
    refresh_status(commitment, remaining)
    record_audit(event, "event.deleted", acting_user, before=snapshot(event), subject=commitment)
    event.delete()
    commitment.save(update_fields=["status", "signed_on", "in_force_on", "updated_at"])
    _tell_open_data(commitment)


def file_checksum(uploaded) -> str:
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()


@transaction.atomic
def add_document(commitment: Commitment, document: Document, *, acting_user) -> Document:
    """Attach a document; its checksum is computed, and a same-language re-upload is a version."""
    if not permissions.can_edit_commitment(acting_user, commitment):
        raise PermissionDenied
    document.commitment = commitment
    if document.file:
        document.checksum = file_checksum(document.file)
        document.size = document.file.size
    previous = commitment.documents.filter(language=document.language, title=document.title)
    document.version = (max(previous.values_list("version", flat=True), default=0)) + 1
    document.save()
    record_audit(
        document, "document.added", acting_user, after=snapshot(document), subject=commitment
    )
    return document


@transaction.atomic
def delete_document(document: Document, *, acting_user) -> None:
    if not permissions.can_edit_commitment(acting_user, document.commitment):
        raise PermissionDenied
    record_audit(
        document,
        "document.deleted",
        acting_user,
        before=snapshot(document),
        subject=document.commitment,
    )
    document.delete()


@transaction.atomic
def add_relation(relation: CommitmentRelation, *, acting_user) -> CommitmentRelation:
    if not permissions.can_edit_commitment(acting_user, relation.source):
        raise PermissionDenied
    relation.save()
    record_audit(
        relation, "relation.added", acting_user, after=snapshot(relation), subject=relation.source
    )
    return relation


@transaction.atomic
def relate_commitments(
    source: str, target: str, kind: str, *, acting_user=None, action: str = "relation.imported"
) -> tuple[CommitmentRelation, bool]:
    """Record "``source`` <kind> ``target``" (commitment codes) unless it is already recorded.

    Returns the relation and whether it was created; a new one leaves an audit row. Raises
    ValidationError (translated, naming the codes) for an unknown code or kind.
    """
    found = {c.code: c for c in Commitment.objects.filter(code__in=[source, target])}
    missing = [code for code in (source, target) if code not in found]
    if missing or kind not in CommitmentRelation.Kind.values or source == target:
        raise ValidationError(
            _("Commitment %(source)s cannot be related to %(target)s as “%(kind)s”.")
            % {"source": source, "target": target, "kind": kind}
        )
    if acting_user is not None and not permissions.can_edit_commitment(acting_user, found[source]):
        raise PermissionDenied
    relation, created = CommitmentRelation.objects.get_or_create(
        source=found[source], target=found[target], kind=kind
    )
    if created:
        record_audit(
            relation, action, acting_user, after=snapshot(relation), subject=relation.source
        )
    return relation, created


@transaction.atomic
def delete_relation(
    relation: CommitmentRelation,
    *,
    acting_user,
    action: str = "relation.deleted",
    after: dict | None = None,
) -> None:
    """Delete ``relation`` with one audit row named ``action`` (``after``: what replaces it, as
    when a reload corrects its kind). ``acting_user=None`` is the system (an import)."""
    if acting_user is not None and not permissions.can_edit_commitment(
        acting_user, relation.source
    ):
        raise PermissionDenied
    record_audit(
        relation,
        action,
        acting_user,
        before=snapshot(relation),
        after=after,
        subject=relation.source,
    )
    relation.delete()
