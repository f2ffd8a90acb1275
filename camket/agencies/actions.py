"""Writes to accounts and roles: each in one transaction with an audit row.

The admin (``agencies/admin.py``) and the management commands call these, so granting a role,
changing a user's flags or groups, setting a password or deleting a user is audited the same way
wherever it is done. Passwords and their hashes never reach the audit trail.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from camket.agencies.models import Agency, Membership
from camket.audit.actions import record_audit


def user_state(user) -> dict:
    """What the audit keeps of an account: identity, flags, groups and permissions."""
    state = {
        "username": user.get_username(),
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        "groups": [],
        "user_permissions": [],
    }
    if user.pk is not None:
        state["groups"] = sorted(user.groups.values_list("name", flat=True))
        state["user_permissions"] = sorted(
            f"{app}.{codename}"
            for app, codename in user.user_permissions.values_list(
                "content_type__app_label", "codename"
            )
        )
    return state


def membership_state(membership: Membership) -> dict:
    return {
        "user": membership.user.get_username(),
        "agency": membership.agency.code,
        "role": membership.role,
    }


@transaction.atomic
def save_user(user, *, acting_user, groups=None, permissions=None):
    """Create or update ``user`` (its fields as set on the instance) and its groups/permissions.

    ``groups`` and ``permissions`` (iterables of Group / Permission), when given, replace the
    user's. Leaves a ``user.created`` or ``user.changed`` audit row with before and after
    (nothing when nothing changed).
    """
    before = None
    if user.pk is not None:
        before = user_state(get_user_model().objects.get(pk=user.pk))
    user.save()
    if groups is not None:
        user.groups.set(groups)
    if permissions is not None:
        user.user_permissions.set(permissions)
    after = user_state(user)
    if before != after:
        action = "user.created" if before is None else "user.changed"
        record_audit(user, action, acting_user, before=before, after=after)
    return user


@transaction.atomic
def set_password(user, raw_password: str | None, *, acting_user):
    """Set ``user``'s password, or disable password sign-in when ``raw_password`` is None.

    The audit row (``user.password_changed`` / ``user.password_disabled``) names the account
    and who did it, never the password or its hash.
    """
    if raw_password is None:
        user.set_unusable_password()
        action = "user.password_disabled"
    else:
        user.set_password(raw_password)
        action = "user.password_changed"
    user.save(update_fields=["password"])
    record_audit(user, action, acting_user, after={"username": user.get_username()})
    return user


@transaction.atomic
def reset_forgotten_password(user, raw_password: str):
    """Set the password chosen through the e-mailed reset link ("Quên mật khẩu").

    The account's owner acts (the link proves the mailbox). Audited as any password change;
    a login lockout of that user name (django-axes) is lifted, so the new password works at
    once. A confirmed second factor is still asked for at the next login.
    """
    from axes.utils import reset as reset_lockouts

    set_password(user, raw_password, acting_user=user)
    reset_lockouts(username=user.get_username())
    return user


@transaction.atomic
def delete_user(user, *, acting_user) -> None:
    """Delete ``user`` (their roles go with them); the audit row keeps who they were.

    Rows the user wrote earlier keep their actor's username and name snapshot.
    """
    before = user_state(user)
    before["memberships"] = [
        membership_state(m) for m in user.memberships.select_related("agency").order_by("pk")
    ]
    record_audit(user, "user.deleted", acting_user, before=before)
    user.delete()


@transaction.atomic
def grant_role(*, user, agency: Agency, role: str, acting_user) -> Membership:
    """Give ``user`` ``role`` in ``agency`` (``membership.granted``); a role held already is kept.

    Raises ``ValueError`` for a role that does not exist.
    """
    if role not in Membership.Role.values:
        raise ValueError(f"unknown role {role!r}")
    membership, created = Membership.objects.get_or_create(user=user, agency=agency, role=role)
    if created:
        record_audit(
            membership,
            "membership.granted",
            acting_user,
            after=membership_state(membership),
            subject=user,
        )
    return membership


@transaction.atomic
def change_role(membership: Membership, *, user, agency: Agency, role: str, acting_user):
    """Move a membership to another user, agency or role (``membership.changed``)."""
    if role not in Membership.Role.values:
        raise ValueError(f"unknown role {role!r}")
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    before = membership_state(membership)
    membership.user, membership.agency, membership.role = user, agency, role
    membership.save()
    after = membership_state(membership)
    if before != after:
        record_audit(
            membership, "membership.changed", acting_user, before=before, after=after, subject=user
        )
    return membership


@transaction.atomic
def revoke_role(membership: Membership, *, acting_user) -> None:
    """Take a role away (``membership.revoked``, recorded under the user)."""
    record_audit(
        membership,
        "membership.revoked",
        acting_user,
        before=membership_state(membership),
        subject=membership.user,
    )
    membership.delete()
