"""Search folds Vietnamese diacritics (đ→d), covers English titles and respects scope."""

import pytest
from django.urls import reverse

from camket.conftest import make_commitment
from camket.registry.models import Provision
from camket.registry.search import highlight, reindex_commitment, search


@pytest.fixture
def corpus(db):
    fta = make_commitment(
        "vn/treaty/2019/evfta",
        title_vi="Hiệp định Thương mại tự do Việt Nam - EU",
        title_en="EU-Viet Nam Free Trade Agreement",
        short_name="EVFTA",
        partners=(),
    )
    Provision.objects.create(
        commitment=fta,
        level="article",
        number="1",
        heading="Mục tiêu",
        text="Các Bên thực hiện điều ước quốc tế này.",
    )
    reindex_commitment(fta)
    make_commitment(
        "vn/treaty/1982/unclos",
        title_vi="Công ước của Liên hợp quốc về Luật Biển",
        title_en="United Nations Convention on the Law of the Sea",
        short_name="UNCLOS",
        partners=(),
    )
    return fta


def titles(page):
    return [hit.title for hit in page.hits]


def test_unaccented_query_finds_accented_title(corpus, coordinator):
    page = search("hiep dinh thuong mai tu do", coordinator)
    assert page.total == 1
    assert "Hiệp định Thương mại tự do" in titles(page)[0]


def test_d_bar_folds_to_d(corpus, coordinator):
    page = search("dieu uoc", coordinator)
    assert page.total == 1 and page.hits[0].provision_id is not None
    assert "<mark>điều</mark> <mark>ước</mark>" in page.hits[0].snippet


def test_accented_query_and_english_title(corpus, coordinator):
    assert search("Công ước Luật Biển", coordinator).total == 1
    assert search("law of the sea", coordinator).total == 1


def test_commitment_ranks_before_its_provisions(corpus, coordinator):
    page = search("evfta", coordinator)
    assert page.hits and page.hits[0].provision_id is None


def test_restricted_hits_are_hidden_from_other_agencies(restricted_btc, officer_bct, officer_btc):
    assert search("hai quan", officer_bct).total == 0
    assert search("hai quan", officer_btc).total == 1


def test_empty_and_punctuation_queries_return_nothing(corpus, coordinator):
    assert search("", coordinator).total == 0
    assert search('"*) OR (', coordinator).total == 0


def test_highlight_escapes_html_and_marks_original_words():
    snippet = highlight("<b>Điều ước</b> quốc tế", ["dieu"])
    assert snippet.startswith("&lt;b&gt;<mark>Điều</mark>")


def test_search_page_shows_highlighted_results(client, corpus, officer_bct):
    client.force_login(officer_bct)
    body = client.get(reverse("registry:search"), {"q": "thuong mai"}).content.decode()
    assert "<mark>Thương</mark> <mark>mại</mark>" in body
