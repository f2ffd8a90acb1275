"""Suggestions on a tiny corpus, and the index following imports."""

from django.core.management import call_command

from camket.compatibility import retrieval
from camket.compatibility.tests.conftest import ART_170, LABOUR_TEXT, art


def test_suggestions_rank_the_freedom_of_association_article_first(corpus):
    hits = retrieval.suggest("người lao động có quyền thành lập, gia nhập công đoàn")
    assert hits[0].provision.code == ART_170
    assert "thành_lập" in hits[0].matched_terms and "words" in hits[0].fields
    assert hits[0].score > hits[-1].score


def test_unaccented_and_english_queries_find_it_too(corpus):
    assert retrieval.suggest("quyen thanh lap cong doan")[0].provision.code == ART_170
    english = retrieval.suggest("workers shall have the right to form and join trade unions")
    assert ART_170 in [s.provision.code for s in english[:3]]


def test_excluded_provisions_are_not_suggested_again(corpus):
    hits = retrieval.suggest("thành lập công đoàn", exclude=[art("170").pk])
    assert ART_170 not in [s.provision.code for s in hits]


def test_empty_index_gives_no_suggestion(db):
    assert retrieval.suggest("công đoàn") == []


def test_text_import_replaces_the_indexed_articles(corpus, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_law_text", str(LABOUR_TEXT), verbosity=0)
    codes = [s.provision.code for s in retrieval.suggest("tổ chức đại diện người lao động")]
    assert codes[0] == "45/2019/QH14:d170"
    assert ART_170 not in codes
    article = art("170")
    assert (
        "1. Người lao động có quyền thành lập"
        in retrieval.document_entries(article.document)[3].text
    )


def test_rebuild_command_indexes_every_current_article(corpus, capsys):
    call_command("build_retrieval_index", workers=1, verbosity=0)
    assert "indexed 7 provisions" in capsys.readouterr().out
    assert len(retrieval.get_index()) == 7
