"""Who may do what: role predicates over a user's memberships.

Rules (docs/decisions/0001-access-scoping.md):
- coordinators and admins see and edit every commitment;
- observers (leadership, inspection) read public and internal records of every agency;
- officers and leaders see public records and the records where their agency is the lead or a
  supporting agency, and edit those their agency leads;
- a restricted record is seen only by its lead and supporting agencies and by coordinators.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from camket.agencies.models import Membership

Role = Membership.Role
NATIONAL_ROLES = {Role.COORDINATOR, Role.ADMIN}


@dataclass(frozen=True)
class Scope:
    """What one user's memberships allow, computed once per request."""

    agency_ids: frozenset[int] = field(default_factory=frozenset)
    editor_agency_ids: frozenset[int] = field(default_factory=frozenset)
    roles: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_national(self) -> bool:
        return bool(self.roles & NATIONAL_ROLES)

    @property
    def is_observer(self) -> bool:
        return Role.OBSERVER in self.roles


def scope_of(user) -> Scope:
    """Return (and cache on the user object) the scope of ``user``; anonymous users get none."""
    if not getattr(user, "is_authenticated", False):
        return Scope()
    cached = getattr(user, "_camket_scope", None)
    if cached is not None:
        return cached
    rows = list(Membership.objects.filter(user=user).values_list("agency_id", "role"))
    roles = {role for _, role in rows}
    if user.is_superuser:
        roles.add(Role.ADMIN)
    scope = Scope(
        agency_ids=frozenset(agency for agency, _ in rows),
        editor_agency_ids=frozenset(
            agency for agency, role in rows if role in {Role.OFFICER, Role.LEADER}
        ),
        roles=frozenset(roles),
    )
    user._camket_scope = scope
    return scope


def is_coordinator(user) -> bool:
    return scope_of(user).is_national
