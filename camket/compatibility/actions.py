"""Writes of the compatibility app. Each runs in one transaction and leaves an audit row."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from camket.audit.actions import record_audit, snapshot
from camket.compatibility import alerts, permissions, retrieval
from camket.compatibility.importing import DocumentData, Outcome, save_document
from camket.compatibility.lawtext_import import document_from_text, read_text
from camket.compatibility.models import (
    LegalDocument,
    LegalProvision,
    LegislativeAction,
    Notification,
    ProvisionLink,
    RelevanceJudgement,
)
from camket.obligations.models import Obligation
from camket.versioning import claim_version

Status = ProvisionLink.Status


def _target_filter(target) -> dict:
    return {"obligation": target} if isinstance(target, Obligation) else {"provision": target}


def _link_for(target, legal_provision: LegalProvision | None) -> ProvisionLink:
    """The existing link of ``target`` to ``legal_provision`` (or its gap link), locked, or new."""
    found = (
        ProvisionLink.objects.select_for_update()
        .filter(**_target_filter(target), legal_provision=legal_provision)
        .first()
    )
    return found or ProvisionLink(**_target_filter(target), legal_provision=legal_provision)


def _apply_suggestion(link: ProvisionLink, suggestion) -> None:
    if suggestion is not None:
        link.method = ProvisionLink.Method.ENGINE
        link.score = suggestion.score
        link.matched_terms = suggestion.matched_terms
        link.matched_fields = suggestion.fields
    elif not link.method:
        link.method = ProvisionLink.Method.PERSON


@transaction.atomic
def confirm_link(
    target, data: dict, *, suggestion=None, acting_user, version: int | None = None
) -> ProvisionLink:
    """Confirm an assessment of ``target`` (obligation or commitment provision).

    ``data`` is a valid ``LinkForm``'s cleaned data; ``legal_provision`` is None for a gap.
    ``suggestion`` (the engine's hit for that provision, if any) records score and matched terms.
    Re-confirming a link flagged ``needs_review`` clears the flag. ``version``: the one of the
    assessment the person saw (EditConflict if it was saved since; None for a new one).
    """
    if not permissions.can_assess(acting_user, target):
        raise PermissionDenied
    link = _link_for(target, data.get("legal_provision"))
    if link.pk is not None:
        claim_version(link, version)
    before = snapshot(link) if link.pk else None
    _apply_suggestion(link, suggestion)
    link.status = Status.CONFIRMED
    link.relation = data.get("relation") or ""
    link.verdict = data["verdict"]
    link.rationale = data["rationale"]
    link.evidence_text = data.get("evidence_text", "")
    link.evidence_url = data.get("evidence_url", "")
    link.assessor = acting_user
    link.assessed_at = timezone.now()
    link.review_reason = ""
    link.save()
    if link.legal_provision_id is not None:
        not_related = link.relation == ProvisionLink.Relation.NOT_RELATED
        record_judgement(target, link, relevant=not not_related, acting_user=acting_user)
    record_audit(
        link,
        "link.confirmed",
        acting_user,
        before=before,
        after=snapshot(link),
        subject=target.commitment,
    )
    return link


@transaction.atomic
def reject_link(target, legal_provision: LegalProvision, *, suggestion=None, acting_user):
    """Turn down a proposed domestic provision; it is not suggested for ``target`` again."""
    if not permissions.can_assess(acting_user, target):
        raise PermissionDenied
    link = _link_for(target, legal_provision)
    before = snapshot(link) if link.pk else None
    _apply_suggestion(link, suggestion)
    link.status = Status.REJECTED
    link.assessor = acting_user
    link.assessed_at = timezone.now()
    link.save()
    record_judgement(target, link, relevant=False, acting_user=acting_user)
    record_audit(
        link,
        "link.rejected",
        acting_user,
        before=before,
        after=snapshot(link),
        subject=target.commitment,
    )
    return link


def record_judgement(
    target, link: ProvisionLink, *, relevant: bool, acting_user
) -> RelevanceJudgement:
    """Store a person's decision on ``link``'s provision for ``target`` as a relevance judgement.

    Called inside :func:`confirm_link` and :func:`reject_link` (their transaction and audit row
    cover it); the text is the one the engine searches for ``target``.
    """
    kind = "obligation" if isinstance(target, Obligation) else "provision"
    return RelevanceJudgement.objects.create(
        query_text=retrieval.target_text(target),
        source=f"{kind}:{target.pk}",
        legal_provision=link.legal_provision,
        provision_code=link.legal_provision.code,
        relevance=RelevanceJudgement.Relevance.RELEVANT
        if relevant
        else RelevanceJudgement.Relevance.NOT_RELEVANT,
        suggested=link.method == ProvisionLink.Method.ENGINE,
        judged_by=acting_user,
        judged_at=link.assessed_at or timezone.now(),
    )


@transaction.atomic
def propose_links(target, suggestions, *, acting_user) -> list[ProvisionLink]:
    """Store the engine's ``suggestions`` for ``target`` as proposed links (new ones only)."""
    if not permissions.can_assess(acting_user, target):
        raise PermissionDenied
    known = set(
        ProvisionLink.objects.filter(**_target_filter(target)).values_list(
            "legal_provision_id", flat=True
        )
    )
    created = []
    for suggestion in suggestions:
        if suggestion.provision.pk in known:
            continue
        link = ProvisionLink(**_target_filter(target), legal_provision=suggestion.provision)
        _apply_suggestion(link, suggestion)
        link.status = Status.PROPOSED
        link.save()
        created.append(link)
    if created:
        record_audit(
            created[0],
            "links.proposed",
            acting_user,
            after={"links": [link.pk for link in created]},
            subject=target.commitment,
        )
    return created


@transaction.atomic
def open_legislative_action(link: ProvisionLink, form, *, acting_user) -> LegislativeAction:
    """Record the law-making a gap or conflict needs (a valid ``LegislativeActionForm``)."""
    if not permissions.can_assess(acting_user, link.obligation or link.provision):
        raise PermissionDenied
    action = form.save(commit=False)
    action.link = link
    action.target_document = form.cleaned_data.get("target_number")
    action.created_by = acting_user
    action.save()
    record_audit(
        action,
        "legislative_action.opened",
        acting_user,
        after=snapshot(action),
        subject=link.commitment,
    )
    return action


@transaction.atomic
def update_legislative_action(
    action: LegislativeAction,
    status: str,
    resulting_document: LegalDocument | None,
    *,
    acting_user,
    version: int | None = None,
) -> LegislativeAction:
    """Move an action to ``status``; link the document it produced once there is one.

    When an amend or repeal action is done with a resulting document, the target document is
    marked amended (or repealed) by it, and the assessments relying on it are flagged for review.
    ``version``: the one the person saw (EditConflict if the action was saved since).
    """
    if not permissions.can_edit_action(acting_user, action):
        raise PermissionDenied
    claim_version(action, version)
    before = snapshot(action)
    action.status = status
    if resulting_document is not None:
        action.resulting_document = resulting_document
    action.save(update_fields=["status", "resulting_document"])
    _apply_to_target(action)
    record_audit(
        action, "legislative_action.updated", acting_user, before=before, after=snapshot(action)
    )
    return action


def _apply_to_target(action: LegislativeAction) -> None:
    target, result = action.target_document, action.resulting_document
    if action.status != LegislativeAction.Status.DONE or target is None or result is None:
        return
    if action.kind == LegislativeAction.Kind.AMEND:
        target.amended_by.add(result)
        new_status = LegalDocument.Status.AMENDED
    elif action.kind == LegislativeAction.Kind.REPEAL:
        new_status = LegalDocument.Status.REPEALED
    else:
        return
    if target.status != new_status:
        target.status = new_status
        target.save(update_fields=["status", "updated_at"])
        alerts.document_changed(target, new_status)


def import_document(data: DocumentData, *, acting_user=None) -> Outcome:
    """Save one document (see ``importing.save_document``) and refresh the retrieval index.

    The index is updated after the transaction commits, so a rolled-back import leaves it as it
    was. Bulk importers skip this and update the index once at the end.
    """
    with transaction.atomic():
        outcome = save_document(data, acting_user=acting_user)
        if outcome.result != "unchanged":
            add, remove = outcome.index_add, outcome.index_remove
            transaction.on_commit(lambda: retrieval.update_index_or_defer(add, remove))
    return outcome


def upload_legal_document(form, *, acting_user) -> Outcome:
    """Parse an uploaded DOCX, PDF, HTML or text file (a valid ``UploadForm``) and save it."""
    if not permissions.can_manage_corpus(acting_user):
        raise PermissionDenied
    upload = form.cleaned_data["file"]
    text = read_text(upload.read(), upload.name)
    data = document_from_text(
        text,
        name=upload.name,
        number=form.cleaned_data.get("number", ""),
        doc_type=form.cleaned_data.get("doc_type", ""),
        title=form.cleaned_data.get("title", ""),
        source=LegalDocument.Source.UPLOAD,
    )
    return import_document(data, acting_user=acting_user)


@transaction.atomic
def mark_notification_read(notification: Notification, *, acting_user) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        record_audit(notification, "notification.read", acting_user)
