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
