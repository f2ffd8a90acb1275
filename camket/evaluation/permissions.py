"""Who may do what with a proposal (roles: ``camket.agencies.permissions``; decision 0014).

- the proposing agency's officers and leaders prepare the dossier;
- the agencies asked for an opinion (MOFA, MOJ, consulted bodies; their units too) answer it;
- the competent role decides: the leader of the proposing agency, or the national coordinator
  (who records the decision of the Government or the President for a treaty, with its
  instrument number);
- only the national coordinator lets a step through the gate without an approved proposal.
"""

from __future__ import annotations

from camket.agencies.models import Agency, Membership
from camket.agencies.permissions import scope_of

Role = Membership.Role


def can_propose_for(user, agency_id: int) -> bool:
    scope = scope_of(user)
    return scope.is_national or agency_id in scope.editor_agency_ids


def involved_agency_ids(commitment) -> set[int]:
    """The agencies that lead or support ``commitment`` (ADR 0001: edit only what you lead)."""
    return {commitment.lead_agency_id, *commitment.supporting_agencies.values_list("pk", flat=True)}


def proposing_agency_ids(user, commitment) -> set[int] | None:
    """The agencies ``user`` may open a proposal for on ``commitment``: None means any (a
    national role); otherwise those they edit for that lead or support the commitment."""
    scope = scope_of(user)
    if scope.is_national:
        return None
    return set(scope.editor_agency_ids) & involved_agency_ids(commitment)


def can_propose_on(user, agency_id: int, commitment) -> bool:
    """Open a proposal for ``commitment`` in the name of ``agency_id``: the agency must lead or
    support the commitment and the user act for it, unless the user is national."""
    if scope_of(user).is_national:
        return True
    return can_propose_for(user, agency_id) and agency_id in involved_agency_ids(commitment)


def can_prepare(user, proposal) -> bool:
    """Change the dossier: the proposing agency or a national role, while it may change."""
    if proposal.status == proposal.Status.DECIDED and not proposal.is_approved:
        return False
    return can_propose_for(user, proposal.proposing_agency_id)


def answering_agency_ids(user) -> set[int]:
    """The agencies ``user`` may answer for: those where they are officer or leader, and the
    agencies whose units they work in (a MOFA department answers for MOFA)."""
    own = set(scope_of(user).editor_agency_ids)
    parents = Agency.objects.filter(pk__in=own, parent__isnull=False).values_list(
        "parent_id", flat=True
    )
    return own | set(parents)


def can_answer(user, request) -> bool:
    if request.proposal.status == request.proposal.Status.DECIDED:
        return False
    return scope_of(user).is_national or request.agency_id in answering_agency_ids(user)


def can_decide(user, proposal) -> bool:
    if proposal.status not in {proposal.Status.SUBMITTED, proposal.Status.UNDER_OPINION}:
        return False
    if scope_of(user).is_national:
        return True
    return Membership.objects.filter(
        user=user, agency_id=proposal.proposing_agency_id, role=Role.LEADER
    ).exists()


def can_override(user) -> bool:
    return scope_of(user).is_national
