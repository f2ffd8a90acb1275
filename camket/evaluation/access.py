"""How views fetch proposals and their parts: the same 404 for "missing" and "not yours"."""

from __future__ import annotations

from django.http import Http404

from camket.evaluation import permissions as perms
from camket.evaluation.models import ChecklistItem, OpinionRequest, Proposal


def access_proposal(user, pk: int, *, to_prepare: bool = False) -> Proposal:
    """The proposal ``pk`` if ``user`` may read it (and prepare it, with ``to_prepare``)."""
    proposal = (
        Proposal.objects.visible_to(user)
        .select_related("commitment__lead_agency", "proposing_agency")
        .filter(pk=pk)
        .first()
    )
    if proposal is None or (to_prepare and not perms.can_prepare(user, proposal)):
        raise Http404(pk)
    return proposal


def access_item(user, pk: int, *, to_prepare: bool = False) -> ChecklistItem:
    item = (
        ChecklistItem.objects.filter(pk=pk, proposal__in=Proposal.objects.visible_to(user))
        .select_related("proposal__commitment")
        .first()
    )
    if item is None or (to_prepare and not perms.can_prepare(user, item.proposal)):
        raise Http404(pk)
    return item


def access_request(user, pk: int, *, to_answer: bool = False) -> OpinionRequest:
    request = (
        OpinionRequest.objects.filter(pk=pk, proposal__in=Proposal.objects.visible_to(user))
        .select_related("proposal__commitment", "agency")
        .first()
    )
    if request is None or (to_answer and not perms.can_answer(user, request)):
        raise Http404(pk)
    return request
