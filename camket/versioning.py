"""Optimistic concurrency: no edit form silently overwrites a save made since it was opened.

Every row of a :class:`Versioned` model carries ``version``, raised by one on every write: an
action, an importer, the demo, ``QuerySet.update`` and ``bulk_update``. An edit form
(:class:`VersionedForm`) carries, hidden, the version it was drawn from. The action claims the
next version with one conditional UPDATE (:func:`claim_version`) inside its transaction, so of
two people who opened the same row, the second to save gets an :class:`EditConflict` instead of
overwriting the first; the database decides, so this holds across gunicorn workers and on both
SQLite and PostgreSQL. :func:`save_or_conflict` turns the conflict into a form redrawn with
everything that was typed, the saved version, who saved in between and a list of the fields
where the saved values and the typed ones differ.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django import forms
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from camket.search import refresh_search

T = TypeVar("T")


class VersionedQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """A bulk update is a write too: it raises the version of every row it touches."""
        kwargs.setdefault("version", models.F("version") + 1)
        return super().update(**kwargs)

    def bulk_create(self, objs, *args, **kwargs):
        """``bulk_create`` skips ``save``: fill the search columns here (``camket.search``)."""
        objs = list(objs)
        refresh_search(objs)
        return super().bulk_create(objs, *args, **kwargs)


class Versioned(models.Model):
    """Abstract base of every model that has an edit form."""

    version = models.PositiveIntegerField(gettext_lazy("version"), default=1, editable=False)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding:
            return super().save(*args, **kwargs)
        if not self.__dict__.pop("_version_claimed", False):
            # An unchecked write (importer, demo, status change): raise the version in the same
            # UPDATE, so it cannot be lost between two workers reading the same number.
            self.version = models.F("version") + 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "version" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "version"]
        super().save(*args, **kwargs)
        if isinstance(self.__dict__.get("version"), models.expressions.Combinable):
            del self.__dict__["version"]  # deferred: read back from the database when next used
        return None


class EditConflict(Exception):
    """The row was saved by someone else since the form was drawn; ``current`` is it now."""

    def __init__(self, current: Versioned | None):
        super().__init__("edit conflict")
        self.current = current


def claim_version(instance: Versioned, expected: int | None) -> None:
    """Move ``instance``'s row from version ``expected`` to the next, or raise EditConflict.

    Call it inside the action's transaction, before it writes. It is one
    ``UPDATE … SET version = version + 1 WHERE pk = … AND version = expected``: of two
    transactions claiming the same version only one matches a row (PostgreSQL re-reads the
    row after the first commits; SQLite runs one writer at a time); the other matches none and
    raises, and its transaction rolls back. ``expected=None`` (an importer, the demo) checks
    nothing; the save then raises the version like any other write.
    """
    if expected is None:
        return
    rows = type(instance)._base_manager.filter(pk=instance.pk)
    if not rows.filter(version=expected).update(version=models.F("version") + 1):
        raise EditConflict(rows.first())
    instance.version = expected + 1
    instance._version_claimed = True


@dataclass(frozen=True)
class Change:
    label: str
    saved: str
    typed: str


@dataclass(frozen=True)
class Conflict:
    message: str
    changes: list[Change]


def version_field() -> forms.IntegerField:
    """The hidden field carrying the version a form was drawn from."""
    return forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        min_value=1,
        error_messages={
            "required": gettext_lazy(
                "The form does not say which version of the record it edits: reload the page."
            )
        },
    )


class ConflictMixin:
    """What a form shows after a stale save; ``conflict`` is set by :func:`save_or_conflict`.

    A plain form edits a row field by field: it compares each of its fields with the row's
    attribute of the same name. ``_form_fields.html`` shows the conflict above the fields.
    """

    conflict: Conflict | None = None

    def show_conflict(self, current: Versioned | None) -> None:
        """Keep what was typed, carry ``current``'s version and list where the two differ."""
        if current is None:
            message = _(
                "This record was deleted while you were editing it; your changes were not saved."
            )
            self.conflict = Conflict(message, [])
            return
        data = self.data.copy()
        data[self.add_prefix("version")] = str(current.version)
        self.data = data
        self.conflict = Conflict(_conflict_message(current), self._changes(current))

    def _changes(self, current: Versioned) -> list[Change]:
        changes = []
        for name, field in self.fields.items():
            if name == "version" or not hasattr(current, name):
                continue
            saved, typed = (
                shown(field, getattr(current, name)),
                shown(field, self.cleaned_data.get(name)),
            )
            if saved != typed:
                changes.append(Change(str(field.label or name), saved, typed))
        return changes


class VersionedForm(ConflictMixin, forms.ModelForm):
    """A ModelForm that carries, hidden, the version of the row it edits.

    Forms that create a row have no version field.
    """

    version = version_field()

    def __new__(cls, *args, **kwargs):
        form = super().__new__(cls)
        # Kept to draw the same form over the row as saved now (subclasses take extra keywords).
        form._keywords = {k: v for k, v in kwargs.items() if k not in {"data", "files"}}
        return form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["version"]
        else:
            self.fields["version"].required = True
            self.initial.setdefault("version", self.instance.version)

    @property
    def expected_version(self) -> int | None:
        """The version the person edited (None on a form that creates)."""
        return self.cleaned_data.get("version")

    def _changes(self, current: Versioned) -> list[Change]:
        # The same form drawn over the row as saved now: its changed_data are the fields
        # where what was typed differs from what is saved, whatever the field's type.
        saved = type(self)(self.data, self.files, **{**self._keywords, "instance": current})
        changes = []
        for name in saved.changed_data:
            if name == "version":
                continue
            field = self.fields[name]
            before = shown(field, saved.get_initial_for_field(saved.fields[name], name))
            after = shown(field, self._typed(name))
            if before != after:  # e.g. only the browser's CRLF line ends differ
                changes.append(Change(str(field.label or name), before, after))
        return changes

    def _typed(self, name: str):
        """What was typed in ``name``: the text itself for a text field a clean_ method parses."""
        field = self.fields[name]
        if type(field) is forms.CharField:
            return self[name].value()
        return self.cleaned_data.get(name)


def _conflict_message(current: Versioned) -> str:
    from camket.audit.models import AuditEvent, subject_key

    last = (
        AuditEvent.objects.filter(object_key=subject_key(current)).select_related("actor").first()
    )
    who = last.actor_label if last is not None else _("another user")
    at = last.at if last is not None else getattr(current, "updated_at", None)
    when = formats.date_format(timezone.localtime(at), "H:i d/m/Y") if at else "–"
    return _(
        "This record was changed by %(who)s at %(when)s while you were editing it. Your "
        "changes were not saved: what you typed is still in the form below. Compare it with "
        "what is saved now, then save again to keep your version."
    ) % {"who": who, "when": when}


def shown(field: forms.Field, value) -> str:
    """``value`` of form ``field`` as a person reads it (labels, names, dd/mm/yyyy)."""
    if value is None or value == "" or (isinstance(value, list | tuple) and not value):
        return "–"
    if isinstance(field, forms.ModelMultipleChoiceField):
        keys = [getattr(v, "pk", v) for v in value]
        return ", ".join(str(o) for o in field.queryset.filter(pk__in=keys)) or "–"
    if isinstance(field, forms.ModelChoiceField):
        found = field.queryset.filter(pk=getattr(value, "pk", value)).first()
        return str(found) if found is not None else "–"
    if isinstance(field, forms.ChoiceField):
        labels = {str(k): str(v) for k, v in _flat(field.choices)}
        values = value if isinstance(value, list | tuple) else [value]
        return ", ".join(labels.get(str(v), str(v)) for v in values)
    if isinstance(field, forms.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return formats.date_format(value, "d/m/Y")
    if isinstance(value, list | tuple | models.QuerySet):
        return ", ".join(str(v) for v in value)
    if isinstance(value, str):
        return "\n".join(line.rstrip() for line in value.strip().splitlines())
    return str(formats.localize(value))


def _flat(choices):
    for key, label in choices:
        if isinstance(label, list | tuple):
            yield from _flat(label)
        else:
            yield key, label


def save_or_conflict(form: ConflictMixin, save: Callable[[], T]) -> T | None:
    """Run ``save`` (an action given the form's version); None after a conflict.

    ``form.conflict`` tells a conflict apart from an action that returns None.

    After a conflict ``form`` still holds what was typed, now carries the saved version and
    describes the conflict; the view redraws it with status 409, so a second save is a
    deliberate choice.
    """
    try:
        return save()
    except EditConflict as conflict:
        form.show_conflict(conflict.current)
        return None


def form_status(form, default: int = 200) -> int:
    """HTTP status of a page redrawing ``form``: 409 after a conflict, else ``default``."""
    return 409 if getattr(form, "conflict", None) else default
