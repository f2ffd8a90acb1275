"""Writes to the register. Each runs in one transaction and leaves an audit row."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from camket.audit.actions import record_audit, snapshot
from camket.registry import permissions
from camket.registry.models import Commitment, CommitmentEvent, CommitmentRelation, Document
from camket.registry.search import reindex_commitment
from camket.versioning import claim_version
from lawcore import lifecycle


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
        status = lifecycle.derive_status(commitment.kind, events)
    except lifecycle.TransitionError as error:
        raise ValidationError(transition_message(error), code=error.code) from error
    ordered = lifecycle.ordered(events)
    commitment.status = status
    commitment.signed_on = next(
        (e.on for e in ordered if e.kind in {"signature", "accession", "adoption"}), None
    )
    commitment.in_force_on = next((e.on for e in ordered if e.kind == "entry_into_force"), None)


@transaction.atomic
def create_commitment(form, *, acting_user) -> Commitment:
    """Save a new commitment from a valid ``CommitmentForm``."""
    if not permissions.can_create_commitment(acting_user):
        raise PermissionDenied
    commitment = form.save()
    reindex_commitment(commitment)
    record_audit(commitment, "commitment.created", acting_user, after=snapshot(commitment))
    return commitment


@transaction.atomic
def update_commitment(form, *, acting_user, version: int | None = None) -> Commitment:
    """Save changes from a valid ``CommitmentForm`` bound to an existing commitment.

    ``version`` is the one the form was drawn from: EditConflict if it was saved since.
    """
    commitment = Commitment.objects.select_for_update().get(pk=form.instance.pk)
    if not permissions.can_edit_commitment(acting_user, commitment):
        raise PermissionDenied
    claim_version(form.instance, version)
    before = snapshot(commitment)
    commitment = form.save()
    after = snapshot(commitment)
    if before != after:
        reindex_commitment(commitment, provisions=False)
        record_audit(commitment, "commitment.updated", acting_user, before=before, after=after)
    return commitment


@transaction.atomic
def delete_commitment(commitment: Commitment, *, acting_user) -> None:
    if not permissions.can_delete_commitment(acting_user, commitment):
        raise PermissionDenied
    record_audit(commitment, "commitment.deleted", acting_user, before=snapshot(commitment))
    commitment.delete()


@transaction.atomic
def record_event(commitment: Commitment, event: CommitmentEvent, *, acting_user) -> CommitmentEvent:
    """Add a dated event if the lifecycle allows it; the status follows from all events."""
    if not permissions.can_edit_commitment(acting_user, commitment):
        raise PermissionDenied
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    candidate = lifecycle.Event(event.kind, event.on, None)
    refresh_status(commitment, [*commitment.lifecycle_events(), candidate])
    event.commitment = commitment
    event.save()
    commitment.save(update_fields=["status", "signed_on", "in_force_on", "updated_at"])
    record_audit(event, "event.recorded", acting_user, after=snapshot(event), subject=commitment)
    return event


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
def delete_relation(relation: CommitmentRelation, *, acting_user) -> None:
    if not permissions.can_edit_commitment(acting_user, relation.source):
        raise PermissionDenied
    record_audit(
        relation,
        "relation.deleted",
        acting_user,
        before=snapshot(relation),
        subject=relation.source,
    )
    relation.delete()
