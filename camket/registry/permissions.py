"""Object predicates for the register (roles are explained in ``camket.agencies.permissions``)."""

from __future__ import annotations

from camket.agencies.permissions import scope_of
from camket.registry.models import Commitment


def can_create_commitment(user) -> bool:
    scope = scope_of(user)
    return scope.is_national or bool(scope.editor_agency_ids)


def can_edit_commitment(user, commitment: Commitment) -> bool:
    scope = scope_of(user)
    return scope.is_national or commitment.lead_agency_id in scope.editor_agency_ids


def can_delete_commitment(user, commitment: Commitment) -> bool:
    return scope_of(user).is_national
