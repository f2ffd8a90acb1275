"""Write an audit row; every action in ``*/actions.py`` calls :func:`record_audit`."""

from __future__ import annotations

import datetime as dt
import decimal

from django.db import models
from django.db.models.fields.files import FieldFile

from camket.audit.models import AuditEvent, subject_key
from camket.versioning import Versioned


def snapshot(obj: models.Model) -> dict:
    """A JSON-safe dict of ``obj``'s concrete fields and many-to-many values.

    The edit version of a ``Versioned`` row is bookkeeping, not content: it is left out.
    """
    data: dict[str, object] = {}
    for field in obj._meta.concrete_fields:
        if field.attname == "version" and isinstance(obj, Versioned):
            continue
        data[field.attname] = _json_value(getattr(obj, field.attname))
    if obj.pk is not None:
        for field in obj._meta.many_to_many:
            data[field.name] = sorted(
                str(v)
                for v in getattr(obj, field.name).values_list(
                    "code" if hasattr(field.related_model, "code") else "pk", flat=True
                )
            )
    return data


def _json_value(value):
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, FieldFile):  # an empty one raises ValueError on .url: ask its name only
        return value.name or ""
    return value


def record_audit(
    obj: models.Model,
    action: str,
    acting_user,
    *,
    before: dict | None = None,
    after: dict | None = None,
    subject: models.Model | None = None,
) -> AuditEvent:
    """Append an audit row for ``action`` on ``obj`` (under ``subject``, e.g. its commitment)."""
    actor = acting_user if getattr(acting_user, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=actor,
        actor_username=actor.get_username() if actor else "",
        actor_name=actor.get_full_name()[:300] if actor else "",
        action=action,
        object_key=subject_key(obj),
        object_repr=str(obj)[:300],
        subject_key=subject_key(subject) if subject is not None else "",
        before=before,
        after=after,
    )


# Fields whose values never enter the audit trail (password hashes, TOTP keys, session data):
# the row says that they changed, not what they hold.
SENSITIVE_FIELD_PARTS = ("password", "key", "secret", "token", "session")
HIDDEN, HIDDEN_CHANGED = "(hidden)", "(hidden, changed)"


def _is_sensitive(name: str) -> bool:
    return any(part in name.lower() for part in SENSITIVE_FIELD_PARTS)


def _masked(before: dict | None, after: dict | None) -> tuple[dict | None, dict | None]:
    def mask(data: dict | None, other: dict | None, changed_label: str) -> dict | None:
        if data is None:
            return None
        out = {}
        for name, value in data.items():
            if _is_sensitive(name) and value not in (None, ""):
                changed = other is not None and other.get(name) != value
                out[name] = changed_label if changed else HIDDEN
            else:
                out[name] = value
        return out

    return mask(before, None, HIDDEN), mask(after, before, HIDDEN_CHANGED)


def record_admin_write(
    obj: models.Model, action: str, acting_user, *, before: dict | None, deleted: bool = False
) -> AuditEvent | None:
    """Audit a write made in ``/admin/`` to a model that has no action of its own.

    ``before`` is :func:`snapshot` of the row as it was (None when added); the after state is
    read from ``obj`` unless ``deleted``. Secret fields are masked; nothing is written when the
    change changed nothing.
    """
    after = None if deleted else snapshot(obj)
    if not deleted and before == after:
        return None
    before, after = _masked(before, after)
    return record_audit(obj, action, acting_user, before=before, after=after)
