"""The retrieval index and the database agree after any interruption, in every process."""

import json
import shutil
from io import StringIO

import pytest
import tantivy
from django.core.management import call_command

from camket.compatibility import phapdien, retrieval
from camket.compatibility.models import LegalDocument, LegalProvision
from camket.compatibility.tests.conftest import ART_170, PHAPDIEN
from lawcore.retrieval import Provision as IndexEntry
from lawcore.retrieval import RetrievalIndex
from lawcore.retrieval.index import entry_key, version_number


class Killed(Exception):
    """Stands for the process being killed between two documents."""


def kill_after(count: int):
    """A progress hook that stops the import after ``count`` documents."""
    done = []

    def hook(step: int) -> None:
        done.append(step)
        if len(done) >= count:
            raise Killed

    return hook


def indexed_ids() -> set[str]:
    """The ids in the index, read back from its stored documents."""
    try:
        searcher = RetrievalIndex.open(retrieval.index_dir())._index.searcher()
    except FileNotFoundError:
        return set()
    hits = searcher.search(tantivy.Query.all_query(), max(searcher.num_docs, 1)).hits
    return {searcher.doc(address)["id"][0] for _score, address in hits}


def current_articles() -> dict[int, int]:
    """What the index must hold: every current article's key and its document's version."""
    rows = LegalProvision.objects.filter(level="article", withdrawn=False).values_list(
        "code", "document__checksum"
    )
    return {entry_key(code): version_number(checksum) for code, checksum in rows}


def run_import(**options):
    out = StringIO()
    call_command("import_phapdien", path=PHAPDIEN, subset=True, workers=1, stdout=out, **options)
    return out.getvalue()


@pytest.mark.parametrize("batch", [1, 200])
def test_an_import_killed_midway_is_repaired_by_the_next_run(db, monkeypatch, batch):
    monkeypatch.setattr(phapdien, "INDEX_BATCH", batch, raising=False)
    articles = LegalProvision.objects.filter(level="article")
    with pytest.raises(Killed):
        phapdien.import_phapdien(PHAPDIEN, subset=True, progress=kill_after(2))
    assert LegalDocument.objects.count() == 2  # two documents committed, then "killed"
    # Indexed document by document, the index is whole at once; in batches, the next run mends it.
    assert (indexed_ids() == set(articles.values_list("code", flat=True))) == (batch == 1)

    out = run_import(verbosity=0)
    assert out.splitlines()[0] == "inserted 1, updated 0, unchanged 2, failed 0"
    assert indexed_ids() == set(articles.values_list("code", flat=True))
    index = retrieval.get_index()
    assert index.versions() == current_articles()
    assert len(index) == LegalProvision.objects.filter(level="article").count() == 7
    assert retrieval.suggest("quyền thành lập công đoàn")[0].provision.code == ART_170


def test_unchanged_run_repairs_missing_stale_and_extra_entries(corpus):
    index = retrieval.get_index()
    assert index.versions() == current_articles()
    index.remove([ART_170])
    others = LegalProvision.objects.filter(level="article").exclude(document__code="45/2019/QH14")
    stale_code = others[0].code
    index.add(
        [
            IndexEntry(stale_code, "Nội dung cũ", "Quy định đã bị thay thế từ lâu.", version="x"),
            IndexEntry("gone", "Điều đã bãi bỏ", "Không còn trong cơ sở dữ liệu.", version="x"),
        ]
    )

    out = run_import(verbosity=0)
    assert out.splitlines() == [
        "inserted 0, updated 0, unchanged 3, failed 0",
        "index checked 7 articles: 1 missing, 1 stale, 1 extra repaired (2 documents re-indexed)",
    ]
    assert index.versions() == current_articles()
    hits = retrieval.get_index().search("quy định đã bị thay thế", top_k=20)
    assert "gone" not in [hit.id for hit in hits]
    # The stale entry was replaced from the database: versions() equal above, real text here.
    heading = LegalProvision.objects.get(code=stale_code).heading
    assert retrieval.get_index().search(heading)[0].id == stale_code


def test_a_lost_index_is_rebuilt_by_the_next_run(corpus, settings):
    shutil.rmtree(settings.CAMKET_RETRIEVAL_DIR)
    run_import(verbosity=0)
    assert retrieval.get_index().versions() == current_articles()


def test_an_index_of_the_previous_format_is_replaced_and_filled(corpus, settings):
    meta = settings.CAMKET_RETRIEVAL_DIR / "camket_retrieval.json"
    meta.write_text(json.dumps({**json.loads(meta.read_text()), "format": 1}))
    assert retrieval.get_index(create=False) is None
    run_import(verbosity=0)
    assert retrieval.get_index().versions() == current_articles()


def test_a_changed_document_whose_index_update_was_lost_is_reindexed(corpus, tmp_path):
    data = tmp_path / "phapdien"
    shutil.copytree(PHAPDIEN, data)
    articles = data / "subset_treaty_trade_labour.jsonl"
    rows = [json.loads(line) for line in articles.read_text(encoding="utf-8").splitlines()]
    changed = next(row for row in rows if row["id"] == ART_170)
    changed["text"] = "Người lao động có quyền thành lập nghiệp đoàn độc lập tại doanh nghiệp."
    articles.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    with pytest.raises(Killed):
        phapdien.import_phapdien(data, subset=True, progress=kill_after(3))
    assert retrieval.get_index().versions() != current_articles()

    summary = phapdien.import_phapdien(data, subset=True)
    assert (summary.updated, summary.unchanged) == (0, 3)
    assert (summary.index_check.stale, summary.index_check.documents) == (2, 1)  # its 2 articles
    assert retrieval.suggest("nghiệp đoàn độc lập")[0].provision.code == ART_170


def test_repair_command_reports_and_fixes(corpus):
    retrieval.get_index().remove([ART_170])
    out = StringIO()
    call_command("build_retrieval_index", repair=True, workers=1, stdout=out)
    assert out.getvalue().startswith("index checked 7 articles: 1 missing, 0 stale, 0 extra")
    assert retrieval.get_index().versions() == current_articles()


def test_an_index_written_by_another_worker_is_seen_here(corpus, settings):
    assert [s.provision.code for s in retrieval.suggest("nghiệp đoàn độc lập")] != [ART_170]
    # Another gunicorn worker (its own Index object) recreates the index and writes to it.
    other = RetrievalIndex.create(settings.CAMKET_RETRIEVAL_DIR)
    article = LegalProvision.objects.get(code=ART_170)
    other.add(
        [
            IndexEntry(
                ART_170,
                article.heading,
                "Người lao động có quyền thành lập nghiệp đoàn độc lập.",
                version=article.document.checksum,
            )
        ]
    )
    assert [s.provision.code for s in retrieval.suggest("nghiệp đoàn độc lập")] == [ART_170]


def test_an_upload_while_the_index_is_busy_is_saved_and_indexed_by_the_repair(
    corpus, monkeypatch, django_capture_on_commit_callbacks
):
    from camket.compatibility.actions import import_document
    from camket.compatibility.lawtext_import import document_from_file
    from camket.compatibility.tests.conftest import LABOUR_TEXT
    from lawcore.retrieval import index as lawcore_index

    monkeypatch.setattr(lawcore_index, "WRITER_WAIT_S", 0)
    busy = RetrievalIndex.open(retrieval.index_dir())._index.writer(50_000_000, 1)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = import_document(document_from_file(LABOUR_TEXT))
    assert outcome.result == "updated"
    assert retrieval.get_index().versions() != current_articles()
    busy.rollback()
    busy.wait_merging_threads()
    report = retrieval.sync_index()
    assert report.documents == 1
    assert retrieval.get_index().versions() == current_articles()
