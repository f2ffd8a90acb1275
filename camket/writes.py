"""Shared parts of the plain-value write actions (``*/actions.py``).

:class:`Problems` collects translated messages by field, each naming the record;
:func:`bulk_insert` is the national-scale path: the same checks and one audit row per record,
written batch by batch.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
from collections.abc import Callable, Iterable
from dataclasses import fields

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from camket.audit.models import AuditEvent, subject_key
from camket.registry.actions import Lookups


class Problems:
    """Translated messages by field, each starting with what the record is."""

    def __init__(self, model, ref: str) -> None:
        self.model, self.ref, self.errors = model, ref, {}

    def add(self, name: str, message: str, **params) -> None:
        label = str(self.model._meta.get_field(name).verbose_name)
        problem = message % {"field": label, **params}
        record = str(self.model._meta.verbose_name).capitalize()
        text = _("%(record)s %(ref)s: %(problem)s") % {
            "record": record,
            "ref": self.ref,
            "problem": problem,
        }
        self.errors.setdefault(name, []).append(text)

    def check(self, data, *, required=(), choices=None, codes=()) -> None:
        for name in required:
            if getattr(data, name) in (None, ""):
                self.add(name, _("“%(field)s” is required."))
        for name, limit in _max_lengths(self.model, type(data)):
            value = getattr(data, name)
            if isinstance(value, str) and len(value) > limit:
                self.add(name, _("“%(field)s” is longer than %(max)d characters."), max=limit)
        for name, allowed in (choices or {}).items():
            value = getattr(data, name)
            if value and value not in allowed.values:
                self.add(name, _("“%(value)s” is not a valid “%(field)s”."), value=value)
        for name, values, known in codes:
            for value in values:
                if value not in known:
                    self.add(
                        name, _("“%(value)s” is not a known code for “%(field)s”."), value=value
                    )

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def bulk_insert(
    items: Iterable,
    *,
    errors_of: Callable,
    row_of: Callable,
    after: Callable[[list, list], None],
    action: str,
    subject_of: Callable,
    batch_size: int,
    progress: Callable[[int], None] | None,
) -> list[int]:
    """Validate, insert and audit ``items`` batch by batch; return the new pks in order."""
    lookups, pks, batch = Lookups.load(), [], []

    def flush() -> None:
        errors: dict[str, list[str]] = {}
        for data in batch:
            for name, messages in errors_of(data, lookups).items():
                errors.setdefault(name, []).extend(messages)
        if errors:
            raise ValidationError(errors)
        rows = [row_of(data, lookups) for data in batch]
        rows[0].__class__.objects.bulk_create(rows, batch_size=len(rows))
        after(rows, batch)
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(
                    action=action,
                    object_key=subject_key(row),
                    object_repr=str(row)[:300],
                    subject_key=subject_of(row),
                    after=_plain(data),
                )
                for row, data in zip(rows, batch, strict=True)
            ],
            batch_size=5000,
        )
        pks.extend(row.pk for row in rows)
        if progress:
            progress(len(rows))

    with transaction.atomic():
        for data in items:
            batch.append(data)
            if len(batch) >= batch_size:
                flush()
                batch = []
        if batch:
            flush()
    return pks


@functools.cache
def _max_lengths(model, data_class) -> tuple[tuple[str, int], ...]:
    """(name, max_length) of the fields of ``data_class`` that are limited columns of ``model``."""
    limits = []
    for item in fields(data_class):
        try:
            limit = getattr(model._meta.get_field(item.name), "max_length", None)
        except FieldDoesNotExist:
            continue
        if limit:
            limits.append((item.name, limit))
    return tuple(limits)


def _plain(data) -> dict:
    """``data`` as JSON-safe values for the audit row (shallow: the data classes are flat)."""
    return {item.name: _json(getattr(data, item.name)) for item in fields(data)}


def _json(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    return value
