"""How views fetch commitments: the same 404 for "missing" and "not yours"."""

from __future__ import annotations

from django.http import Http404

from camket.registry.models import Commitment
from camket.registry.permissions import can_edit_commitment


def access_commitment(user, code: str) -> Commitment:
    """Return the commitment ``code`` if ``user`` may read it, else raise Http404."""
    try:
        return Commitment.objects.visible_to(user).select_related("lead_agency").get(code=code)
    except Commitment.DoesNotExist:
        raise Http404(code) from None


def access_commitment_for_edit(user, code: str) -> Commitment:
    """Like :func:`access_commitment`, and 404 too when ``user`` may read but not edit it."""
    commitment = access_commitment(user, code)
    if not can_edit_commitment(user, commitment):
        raise Http404(code)
    return commitment
