"""One search for every search box: folded, ranked, highlighted (issue 16, item 5; C16).

A searchable model (:class:`Searchable`) keeps two folded shadow columns, written with the row:

* ``search_title``: its names (code, short name, acronym), each between ``NAME_MARK``, then its
  folded title;
* ``search_body``: its folded longer text (description, summary).

:func:`search` keeps the rows holding every folded word of the query in either column and ranks
them: an exact name first ("cptpp" → CPTPP, "45/2019/qh14" → that law), then a name that starts
with the query, then rows with every word in the title, then the rest; ties keep the list's own
order. :func:`highlight` shows a text with the matched words marked, escaped, cut on word edges.

Why shadow columns: the folding (``lawcore.text.fold``) runs once per write in Python, so a
query is a plain ``LIKE`` on both engines, with no function called per row (a SQLite Python
function over 300,000 tasks would be), and PostgreSQL serves the ``LIKE '%…%'`` from trigram
indexes (migrations ``*_search_columns``). ``Searchable.save`` refreshes the columns; bulk
writers call :func:`refresh_search`; ``camket/tests/test_search_everywhere.py`` checks every
stored row against a fresh computation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import models
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from lawcore.text import fold, folded_words, snippet

NAME_MARK = "\x1f"  # never in folded text: separates and closes the names
MAX_TOKENS = 12
SNIPPET_CHARS = 220


@dataclass(frozen=True)
class SearchText:
    """What a row is found by: exact ``names`` rank first, then ``title``, then ``body``."""

    names: Sequence[str]
    title: str
    body: str = ""


def _key(text: str) -> str:
    return " ".join(folded_words(text))


def search_columns(text: SearchText) -> tuple[str, str]:
    """The (search_title, search_body) values of a row."""
    names = [key for key in (_key(n) for n in text.names if n) if key]
    head = NAME_MARK + NAME_MARK.join(names) + NAME_MARK if names else NAME_MARK
    return head + " " + fold(text.title).replace(NAME_MARK, " "), fold(text.body).replace(
        NAME_MARK, " "
    )


class Searchable(models.Model):
    """Abstract base of a model found by :func:`search`; subclasses define ``search_text``."""

    search_title = models.TextField(default="", editable=False)
    search_body = models.TextField(default="", editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.refresh_search()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = list({*update_fields, "search_title", "search_body"})
        return super().save(*args, **kwargs)

    def search_text(self) -> SearchText:
        raise NotImplementedError

    def refresh_search(self) -> None:
        self.search_title, self.search_body = search_columns(self.search_text())


def refresh_search(rows: Iterable[models.Model]) -> None:
    """Fill the search columns of rows about to be bulk-created (``bulk_create`` skips save)."""
    for row in rows:
        if isinstance(row, Searchable):
            row.refresh_search()


def query_tokens(query: str) -> list[str]:
    """The folded words of ``query`` that :func:`search` matches (at most ``MAX_TOKENS``)."""
    return folded_words(query or "")[:MAX_TOKENS]


class _Lookups:
    """The ``Q`` objects of one query over one or more relations' search columns."""

    def __init__(self, query: str, via: str | Sequence[str]):
        self.tokens = query_tokens(query)
        self.prefixes = [f"{v}__" if v else "" for v in ([via] if isinstance(via, str) else via)]

    def anywhere(self, lookup: str, value: str, columns=("search_title",)) -> Q:
        found = Q()
        for prefix in self.prefixes:
            for column in columns:
                found |= Q(**{f"{prefix}{column}__{lookup}": value})
        return found

    def every_token(self, columns) -> Q:
        found = Q()
        for token in self.tokens:
            found &= self.anywhere("contains", token, columns)
        return found


def matching(
    queryset: QuerySet, query: str, *, via: str | Sequence[str] = "", title_only: bool = False
) -> QuerySet:
    """Rows of ``queryset`` holding every folded word of ``query`` (unranked, for counts)."""
    lookups = _Lookups(query, via)
    if not lookups.tokens:
        return queryset
    columns = ("search_title",) if title_only else ("search_title", "search_body")
    return queryset.filter(lookups.every_token(columns))


def ranked(queryset: QuerySet, query: str, *, via: str | Sequence[str] = "") -> QuerySet:
    """``queryset`` annotated with ``search_rank`` and ordered by it, then by its own order.

    0: a name equals the query ("cptpp" → CPTPP); 1: a name starts with it; 2: every word is
    in the title; 3: the rest.
    """
    lookups = _Lookups(query, via)
    if not lookups.tokens:
        return queryset
    phrase = " ".join(lookups.tokens)
    rank = Case(
        When(lookups.anywhere("contains", NAME_MARK + phrase + NAME_MARK), then=Value(0)),
        When(lookups.anywhere("contains", NAME_MARK + phrase), then=Value(1)),
        When(lookups.every_token(("search_title",)), then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    ordering = list(queryset.query.order_by) or list(queryset.model._meta.ordering) or ["pk"]
    return queryset.annotate(search_rank=rank).order_by("search_rank", *ordering)


def search(
    queryset: QuerySet, query: str, *, via: str | Sequence[str] = "", title_only: bool = False
) -> QuerySet:
    """Rows of ``queryset`` holding every folded word of ``query``, best first.

    ``via`` names the relation (or relations, any of which may match) whose searchable row
    stands for this one: ``("task", "commitment")`` for reports. ``title_only`` leaves the
    longer text out (pickers). The result is annotated with ``search_rank`` (0 best) and
    ordered by it, then by the queryset's own ordering; an empty query returns ``queryset``
    unchanged. :func:`matching` and :func:`ranked` are its two halves, for a list that counts
    facets between them.
    """
    matched = matching(queryset, query, via=via, title_only=title_only)
    return ranked(matched, query, via=via)


def _rank_of(head: str, tail: str, tokens: list[str]) -> int | None:
    """:func:`ranked`'s tiers for one row's search columns; ``None`` when it does not match."""
    if not all(t in head or t in tail for t in tokens):
        return None
    phrase = " ".join(tokens)
    if NAME_MARK + phrase + NAME_MARK in head:
        return 0
    if NAME_MARK + phrase in head:
        return 1
    return 2 if all(t in head for t in tokens) else 3


def search_small(
    queryset: QuerySet, query: str, *, names: Sequence[str], title: Sequence[str]
) -> QuerySet:
    """:func:`search` for a small reference table (agencies, partners, sectors: hundreds of rows).

    The same tokens, matching and ranks, computed in Python over the table's ``names`` and
    ``title`` fields at query time instead of from stored columns, so rows that data
    migrations write (seeds, merged ministries) are found without a column to keep up to date.
    """
    tokens = query_tokens(query)
    if not tokens:
        return queryset
    ranks: dict[int, int] = {}
    for row in queryset.order_by().values("pk", *names, *title):
        text = SearchText(
            [str(row[n] or "") for n in names], "\n".join(str(row[f] or "") for f in title)
        )
        rank = _rank_of(*search_columns(text), tokens)
        if rank is not None:
            ranks[row["pk"]] = rank
    whens = [
        When(pk__in=[pk for pk, r in ranks.items() if r == tier], then=Value(tier))
        for tier in sorted(set(ranks.values()))
    ]
    ordering = list(queryset.query.order_by) or list(queryset.model._meta.ordering) or ["pk"]
    rank = Case(*whens, default=Value(3), output_field=IntegerField()) if whens else Value(3)
    return (
        queryset.filter(pk__in=list(ranks))
        .annotate(search_rank=rank)
        .order_by("search_rank", *ordering)
    )


class FoldedAdminSearch:
    """Django admin mixin: the admin's search box is the same folded, ranked search.

    A :class:`Searchable` model uses its columns; another one folds ``search_fields`` at
    query time (:func:`search_small`, for small tables), the first field being its name.
    """

    def get_search_results(self, request, queryset, search_term):
        if issubclass(self.model, Searchable):
            return search(queryset, search_term), False
        fields = [f.lstrip("^=@") for f in self.search_fields]
        return search_small(queryset, search_term, names=fields[:1], title=fields[1:]), False


def highlight(text: str, query: str | Sequence[str], width: int = SNIPPET_CHARS) -> SafeString:
    """``text`` escaped, cut to ``width`` on word edges around the first match, matches marked.

    ``query`` is the typed query or its tokens. Only this function adds markup (``<mark>``); the
    text itself is always escaped, so a template never needs ``|safe`` on user text.
    """
    tokens = query_tokens(query) if isinstance(query, str) else list(query)
    result = snippet(text or "", tokens, width)
    pieces = [
        f"<mark>{escape(part)}</mark>" if matched else str(escape(part))
        for part, matched in result.parts
    ]
    joined = "".join(pieces).replace("\r\n", " ").replace("\n", " ")
    before = "… " if result.cut_before else ""
    after = " …" if result.cut_after else ""
    return mark_safe(before + joined + after)
