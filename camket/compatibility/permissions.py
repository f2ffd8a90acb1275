"""Who may assess compatibility (roles are explained in ``camket.agencies.permissions``).

Officers and leaders assess the obligations their agency leads (the obligation's lead agency, else
the commitment's); national coordinators assess everything; observers only read. The domestic
legal corpus is read by every staff user and changed by national coordinators.
"""

from __future__ import annotations

from camket.agencies.permissions import scope_of


def can_assess(user, target) -> bool:
    """``target`` is an Obligation or a commitment Provision."""
    scope = scope_of(user)
    if scope.is_national:
        return True
    agency_id = getattr(target, "responsible_agency_id", None)
    if agency_id is None:
        agency_id = target.commitment.lead_agency_id
    return agency_id in scope.editor_agency_ids


def can_manage_corpus(user) -> bool:
    return scope_of(user).is_national


def can_edit_action(user, action) -> bool:
    scope = scope_of(user)
    return scope.is_national or action.responsible_agency_id in scope.editor_agency_ids
