"""Audit rows as one reader may see them.

An audit row stores text written at the time of the change (``object_repr``, ``before``,
``after``); it may name a record that the reader may not open, e.g. "a public commitment
implements a restricted one". Every page that lists audit rows passes them through
:func:`readable_rows`, which masks the row's label and the values that point at such a record.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext as _

from camket.audit.models import AuditEvent


def _commitment_fields(model) -> dict[str, tuple[str, str]]:
    """Snapshot keys of ``model`` that point at a commitment or an obligation.

    key → (target, how): target is "commitment" or "obligation"; how is "pk" for a foreign key
    (the snapshot holds ``<name>_id``) or the value a many-to-many snapshot lists ("code"/"pk").
    """
    from camket.obligations.models import Obligation
    from camket.registry.models import Commitment

    targets = {Commitment: "commitment", Obligation: "obligation"}
    found = {}
    for field in model._meta.get_fields():
        target = targets.get(getattr(field, "related_model", None))
        if target is None or not getattr(field, "concrete", False):
            continue
        if field.many_to_many:
            found[field.name] = (target, "code" if target == "commitment" else "pk")
        elif field.many_to_one or field.one_to_one:
            found[field.attname] = (target, "pk")
    return found


def _model_of(row: AuditEvent):
    label = row.object_key.split(":", 1)[0]
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _references(row: AuditEvent, fields) -> list[tuple[str, str, str, object]]:
    """(snapshot key, target, how, value) for each commitment or obligation the row names."""
    found = []
    for snapshot in (row.before or {}, row.after or {}):
        for key, (target, how) in fields.items():
            value = snapshot.get(key)
            values = value if isinstance(value, list) else [value]
            found += [(key, target, how, _normal(v, how)) for v in values if v not in (None, "")]
    return found


def _normal(value, how: str):
    """Many-to-many snapshots list primary keys as strings; compare them as numbers."""
    if how == "pk" and isinstance(value, str) and value.isdigit():
        return int(value)
    return value


def _visible(references, user) -> set[tuple[str, str, str]]:
    """The (target, how, value) among ``references`` that ``user`` may read."""
    from camket.obligations.models import Obligation
    from camket.registry.models import Commitment

    wanted: dict[tuple[str, str], set] = {}
    for _key, target, how, value in references:
        wanted.setdefault((target, how), set()).add(value)
    visible = set()
    for (target, how), values in wanted.items():
        qs = (Commitment if target == "commitment" else Obligation).objects.visible_to(user)
        lookup = {f"{how}__in": [v for v in values if _is_key(v, how)]}
        visible |= {(target, how, v) for v in qs.filter(**lookup).values_list(how, flat=True)}
    return visible


def _is_key(value, how: str) -> bool:
    return isinstance(value, str) if how == "code" else isinstance(value, int)


def readable_rows(rows, user) -> list[AuditEvent]:
    """``rows`` with what ``user`` may not read masked (in memory; nothing is saved).

    A row naming a commitment (or an obligation of one) that ``user`` may not open loses its
    label, and the values pointing at that record read "hidden"; the rest of the row stays.
    """
    rows = list(rows)
    cache: dict[type, dict] = {}
    per_row = []
    for row in rows:
        model = _model_of(row)
        if model is None:
            per_row.append([])
            continue
        if model not in cache:
            cache[model] = _commitment_fields(model)
        per_row.append(_references(row, cache[model]))
    visible = _visible([r for refs in per_row for r in refs], user)
    hidden_text = _("(a record you may not read)")
    for row, refs in zip(rows, per_row, strict=True):
        hidden_keys = {key for key, target, how, v in refs if (target, how, v) not in visible}
        if not hidden_keys:
            continue
        row.object_repr = hidden_text
        row.before = _mask(row.before, hidden_keys, hidden_text)
        row.after = _mask(row.after, hidden_keys, hidden_text)
    return rows


def _mask(snapshot: dict | None, keys: set[str], text: str) -> dict | None:
    if snapshot is None:
        return None
    return {k: (text if k in keys else v) for k, v in snapshot.items()}
