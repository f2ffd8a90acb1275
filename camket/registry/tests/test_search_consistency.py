"""The registry's search rows live in the database and change in the writer's transaction.

Unlike the retrieval index on disk, SearchEntry (and on SQLite its FTS5 copy, kept by triggers)
cannot fall out of step with the commitments when a write is interrupted: the rows go, or stay,
with the transaction that wrote them.
"""

import pytest
from django.db import connection, transaction

from camket.conftest import make_commitment
from camket.registry.models import SearchEntry
from camket.registry.search import FTS_TABLE, reindex_commitment, search


class Interrupted(Exception):
    pass


def fts_rows() -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid FROM {FTS_TABLE}")
        return {row[0] for row in cursor.fetchall()}


def test_an_interrupted_write_leaves_search_rows_as_they_were(vkfta, coordinator):
    entries = set(SearchEntry.objects.values_list("pk", flat=True))
    with pytest.raises(Interrupted), transaction.atomic():
        make_commitment("vn/treaty/2019/evfta", title_vi="Hiệp định EVFTA", short_name="EVFTA")
        vkfta.title_vi = "Tên đã đổi nhưng không lưu"
        vkfta.save()
        reindex_commitment(vkfta)
        raise Interrupted
    assert set(SearchEntry.objects.values_list("pk", flat=True)) == entries
    assert search("evfta", coordinator).total == 0
    assert search("khong luu", coordinator).total == 0
    assert search("han quoc", coordinator).total == 1
    if connection.vendor == "sqlite":
        assert fts_rows() == entries
