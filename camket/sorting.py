"""Sortable list columns: ``?sort=due_on`` or ``?sort=-due_on``, whitelisted per list.

A list declares its columns once (name → the fields to order by); the view reads ``sort``
(declared with ``@reads_query``), orders the queryset by it (blanks last either way, then by pk
so pages never overlap) and gives the template one :class:`SortLink` per column: the link that
sorts by it (ascending first, then the other way), and the ``aria-sort`` of the column the list
is sorted by. Any other value of ``sort`` is ignored: the list keeps its own order.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Case, F, IntegerField, Value, When
from django.db.models.functions import Collate
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from camket.querystring import text_param
from lawcore.collation import compare

SQLITE_COLLATION = "camket_vi"
POSTGRES_COLLATION = "vi-x-icu"  # ICU's Vietnamese, in PostgreSQL builds with ICU

PARAM = "sort"
# Parameters a sort link drops: the page (a new order starts on page 1) and one-off actions.
DROPPED = (PARAM, "page", "export", "format")


@dataclass(frozen=True)
class Alpha:
    """A text field ordered as Vietnamese is (``lawcore.collation``), not by code point."""

    field: str


@dataclass(frozen=True)
class InOrder:
    """A choice field ordered as its choices are declared (a lifecycle: draft, submitted,
    approved), not by its stored codes, which are English words."""

    field: str
    choices: type

    def expression(self):
        values = enumerate(self.choices.values)
        whens = [When(**{self.field: value}, then=Value(index)) for index, value in values]
        return Case(*whens, default=Value(len(whens)), output_field=IntegerField())


def vietnamese_collation() -> str | None:
    """The name of a Vietnamese collation on the default database, registering ours on SQLite;
    None where the server has none (the list is then in the server's own order)."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SQLITE_COLLATION, compare)
        return SQLITE_COLLATION
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_collation WHERE collname = %s", [POSTGRES_COLLATION])
            return POSTGRES_COLLATION if cursor.fetchone() else None
    return None


def _expression(field: str | Alpha | InOrder):
    if isinstance(field, InOrder):
        return field.expression()
    if not isinstance(field, Alpha):
        return F(field)
    collation = vietnamese_collation()
    return Collate(F(field.field), collation) if collation else F(field.field)


@dataclass(frozen=True)
class SortLink:
    url: str
    state: str  # "ascending", "descending" or "" (not sorted by this column)

    @property
    def attrs(self) -> SafeString:
        """`` aria-sort="…"`` for the ``<th>`` of the sorted column, else nothing."""
        return format_html(' aria-sort="{}"', self.state) if self.state else mark_safe("")

    @property
    def arrow(self) -> SafeString:
        symbol = {"ascending": "▲", "descending": "▼"}.get(self.state, "")
        return format_html(' <span aria-hidden="true">{}</span>', symbol) if symbol else ""


class Sorting:
    def __init__(self, **columns: str | Alpha | InOrder | tuple[str | Alpha, ...]):
        self.columns = {
            name: fields if isinstance(fields, tuple) else (fields,)
            for name, fields in columns.items()
        }

    def read(self, params) -> tuple[str, bool] | None:
        """(column, descending) asked for by ``params``, or None (absent or not a column)."""
        raw = text_param(params, PARAM, max_length=60)
        name = raw.removeprefix("-")
        return (name, raw.startswith("-")) if name in self.columns else None

    def order(self, queryset, params):
        """``queryset`` ordered as ``params`` ask; unchanged when they ask for nothing valid."""
        chosen = self.read(params)
        if chosen is None:
            return queryset
        name, descending = chosen
        keys = [
            _expression(field).desc(nulls_last=True)
            if descending
            else _expression(field).asc(nulls_last=True)
            for field in self.columns[name]
        ]
        return queryset.order_by(*keys, "-pk" if descending else "pk")

    def query(self, params) -> dict[str, str]:
        """``{"sort": …}`` to keep in page links, or ``{}``."""
        chosen = self.read(params)
        return {PARAM: ("-" if chosen[1] else "") + chosen[0]} if chosen else {}

    def context(self, params, links: dict) -> dict:
        """Template context: the column links, and the list's ``query_base`` and ``export_url``
        (from ``links``) carrying the sort, so other pages and the export keep the order."""
        context = {"sort": self.links(params)}
        extra = urlencode(self.query(params))
        for key in ("query_base", "export_url"):
            if extra and key in links:
                context[key] = "&".join(part for part in (links[key], extra) if part)
        return context

    def links(self, params) -> dict[str, SortLink]:
        chosen = self.read(params)
        kept = params.copy()
        for name in DROPPED:
            kept.pop(name, None)
        links = {}
        for name in self.columns:
            state = ""
            if chosen and chosen[0] == name:
                state = "descending" if chosen[1] else "ascending"
            kept[PARAM] = f"-{name}" if state == "ascending" else name
            links[name] = SortLink("?" + kept.urlencode(), state)
        return links
