"""How views fetch what they assess: the same 404 for "missing" and "not yours"."""

from __future__ import annotations

from django.http import Http404

from camket.agencies.permissions import scope_of
from camket.compatibility.models import (
    LegalDocument,
    LegislativeAction,
    Notification,
    ProvisionLink,
)
from camket.compatibility.permissions import can_assess, can_edit_action
from camket.obligations.models import Obligation
from camket.registry.models import Commitment, Provision

OBLIGATION = "obligation"
PROVISION = "provision"


def access_target(user, kind: str, pk: int, *, for_assessment: bool = False):
    """Return the obligation or commitment provision ``pk`` if ``user`` may read it, else 404.

    With ``for_assessment`` the user must also be allowed to assess it (404 otherwise).
    """
    visible = Commitment.objects.visible_to(user)
    if kind == OBLIGATION:
        qs = Obligation.objects.select_related("commitment__lead_agency", "lead_agency")
    elif kind == PROVISION:
        qs = Provision.objects.select_related("commitment__lead_agency")
    else:
        raise Http404(kind)
    target = qs.filter(commitment__in=visible, pk=pk).first()
    if target is None or (for_assessment and not can_assess(user, target)):
        raise Http404(pk)
    return target


def access_link_for_assessment(user, pk: int) -> ProvisionLink:
    """Return the link ``pk`` if ``user`` may assess its obligation or provision, else 404."""
    link = (
        ProvisionLink.objects.visible_to(user)
        .select_related("obligation__commitment", "provision__commitment", "legal_provision")
        .filter(pk=pk)
        .first()
    )
    if link is None or not can_assess(user, link.obligation or link.provision):
        raise Http404(pk)
    return link


def access_action_for_edit(user, pk: int) -> LegislativeAction:
    """Return the legislative action ``pk`` if ``user`` may read and update it, else 404."""
    action = LegislativeAction.objects.visible_to(user).filter(pk=pk).first()
    if action is None or not can_edit_action(user, action):
        raise Http404(pk)
    return action


def access_legal_document(user, code: str) -> LegalDocument:
    """Domestic law is public to staff: any signed-in user reads any document; else 404."""
    try:
        return LegalDocument.objects.get(code=code)
    except LegalDocument.DoesNotExist:
        raise Http404(code) from None


def access_notification(user, pk: int) -> Notification:
    """Return the notification ``pk`` if it is addressed to one of ``user``'s agencies, else 404."""
    scope = scope_of(user)
    qs = (
        Notification.objects.all()
        if scope.is_national
        else Notification.objects.filter(agency_id__in=scope.agency_ids)
    )
    try:
        return qs.get(pk=pk)
    except Notification.DoesNotExist:
        raise Http404(pk) from None
