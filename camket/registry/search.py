"""Search over commitments and provisions, with and without Vietnamese diacritics (C16).

Each commitment and provision has a ``SearchEntry`` row holding a folded copy of its text
(``lawcore.text.fold``: lower case, marks removed, đ→d), so "dieu uoc" finds "điều ước" on both
engines. SQLite ranks with FTS5's bm25 (title weighted 10:1); PostgreSQL with ``ts_rank`` over the
``simple`` configuration, after the commitment a query names exactly ("cptpp": its short name
or code, as ``camket.search`` ranks every list). Results are filtered in SQL by what the user
may see. Snippets and highlights come from ``camket.search.highlight`` (cut on word edges).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils.safestring import SafeString

from camket.agencies.permissions import scope_of
from camket.registry.models import Commitment, Provision, SearchEntry
from camket.search import NAME_MARK, query_tokens
from camket.search import highlight as highlight_words
from camket.search import search as ranked_search
from lawcore.text import fold, folded_words

FTS_TABLE = "registry_search_fts"
SNIPPET_CHARS = 220


@dataclass(frozen=True)
class Hit:
    entry_id: int
    commitment_id: int
    provision_id: int | None
    title: str
    snippet: SafeString
    rank: float


@dataclass(frozen=True)
class Page:
    hits: list[Hit]
    total: int
    query: str


########## Indexing ##########


def _commitment_entry(commitment: Commitment, partner_names: list[str]) -> SearchEntry:
    title = " · ".join(
        t for t in [commitment.title_vi, commitment.title_en, commitment.short_name] if t
    )
    body = "\n".join(
        t
        for t in [
            commitment.summary_vi,
            commitment.summary_en,
            " ".join(partner_names),
            commitment.code,
        ]
        if t
    )
    return SearchEntry(
        commitment_id=commitment.pk,
        title=title,
        body=body,
        folded=fold(title) + "\n" + fold(body),
    )


def _provision_entry(provision: Provision) -> SearchEntry:
    title = provision.label
    return SearchEntry(
        commitment_id=provision.commitment_id,
        provision_id=provision.pk,
        title=title,
        body=provision.text,
        folded=fold(title) + "\n" + fold(provision.text),
    )


@transaction.atomic
def reindex_commitment(commitment: Commitment, *, provisions: bool = True) -> None:
    """Rebuild the search rows of one commitment (and of its provisions unless told not to)."""
    entries = SearchEntry.objects.filter(commitment=commitment)
    if not provisions:
        entries = entries.filter(provision__isnull=True)
    entries.delete()
    partner_names = [f"{p.name_vi} {p.name_en} {p.code}" for p in commitment.partners.all()]
    rows = [_commitment_entry(commitment, partner_names)]
    if provisions:
        rows += [_provision_entry(p) for p in commitment.provisions.exclude(text="", heading="")]
    SearchEntry.objects.bulk_create(rows, batch_size=500)


def index_commitments(commitments) -> int:
    """Rebuild the commitment rows (not the provisions) of many commitments at once.

    For bulk loads such as the generator, where one ``reindex_commitment`` per row would cost
    a delete and an insert each. Returns how many rows were written.
    """
    rows = [
        _commitment_entry(c, [f"{p.name_vi} {p.name_en} {p.code}" for p in c.partners.all()])
        for c in commitments.prefetch_related("partners").iterator(chunk_size=2000)
    ]
    SearchEntry.objects.filter(commitment__in=commitments, provision__isnull=True).delete()
    SearchEntry.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


########## Querying ##########


def _fts5_query(tokens: list[str]) -> str:
    return " AND ".join(f'"{t}"' for t in tokens)


def _visibility_sql(user) -> tuple[str, list]:
    if scope_of(user).is_national:
        return "", []
    visible = Commitment.objects.visible_to(user).values("pk")
    if visible.query.is_empty():  # no membership: .none() has no SQL (EmptyResultSet)
        return " AND 1 = 0", []
    sql, params = visible.query.sql_with_params()
    return f" AND e.commitment_id IN ({sql})", list(params)


def _exact_name_sql(tokens: list[str]) -> tuple[str, list]:
    """0 for the row of a commitment named exactly by the query ("cptpp"), else 1."""
    phrase = " ".join(tokens).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    sql = (
        "CASE WHEN e.provision_id IS NULL AND e.commitment_id IN (SELECT id FROM "
        "registry_commitment WHERE search_title LIKE %s ESCAPE '\\') THEN 0 ELSE 1 END"
    )
    return sql, [f"%{NAME_MARK}{phrase}{NAME_MARK}%"]


def _ranked_ids(tokens: list[str], user, limit: int, offset: int) -> tuple[list[tuple], int]:
    scope_sql, scope_params = _visibility_sql(user)
    exact_sql, exact_params = _exact_name_sql(tokens)
    if connection.vendor == "postgresql":
        base = (
            "FROM registry_searchentry e, plainto_tsquery('simple', %s) q "
            "WHERE to_tsvector('simple', e.folded) @@ q" + scope_sql
        )
        match_params = [" ".join(tokens), *scope_params]
        rank = "ts_rank(to_tsvector('simple', e.folded), q)"
        order = "DESC"
    else:
        base = (
            f"FROM {FTS_TABLE} f JOIN registry_searchentry e ON e.id = f.rowid "
            f"WHERE {FTS_TABLE} MATCH %s" + scope_sql
        )
        match_params = [_fts5_query(tokens), *scope_params]
        rank = f"bm25({FTS_TABLE}, 10.0, 1.0)"
        order = "ASC"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) {base}", match_params)
        total = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT e.id, {rank} AS r, {exact_sql} AS x {base} "
            f"ORDER BY x, r {order}, e.id LIMIT %s OFFSET %s",
            [*exact_params, *match_params, limit, offset],
        )
        return [row[:2] for row in cursor.fetchall()], total


def search(query: str, user, *, limit: int = 20, offset: int = 0) -> Page:
    """Rank entries matching every word of ``query`` that ``user`` may see."""
    tokens = folded_words(query)[:12]
    if not tokens:
        return Page([], 0, query)
    ranked, total = _ranked_ids(tokens, user, limit, offset)
    entries = SearchEntry.objects.in_bulk([row[0] for row in ranked])
    hits = []
    for entry_id, rank in ranked:
        entry = entries[entry_id]
        source = entry.body if entry.provision_id else entry.title + "\n" + entry.body
        hits.append(
            Hit(
                entry.pk,
                entry.commitment_id,
                entry.provision_id,
                entry.title,
                highlight(source, tokens),
                float(rank),
            )
        )
    return Page(hits, total, query)


def title_matches(query: str, commitments: QuerySet[Commitment] | None = None) -> QuerySet:
    """``commitments`` whose names or titles hold every word of ``query``, best first.

    Folded like every search box (``camket.search.search``): "hop tac" finds "hợp tác", "vkf"
    finds VKFTA, an exact short name ranks first. An empty query matches nothing (pickers).
    """
    commitments = Commitment.objects.all() if commitments is None else commitments
    if not query_tokens(query):
        return commitments.none()
    return ranked_search(commitments, query, title_only=True)


def highlight(text: str, tokens: list[str], width: int = SNIPPET_CHARS) -> SafeString:
    """An escaped window of ``text`` around the first match, cut on word edges, matches marked."""
    return highlight_words(text, tokens, width)
