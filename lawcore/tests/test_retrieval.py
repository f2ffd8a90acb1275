"""Behaviour of the legal retrieval engine (lawcore.retrieval) on a tiny real-text corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lawcore.glossary import GLOSSARY, english_tokens, translate
from lawcore.retrieval import Provision, RetrievalIndex, build_query
from lawcore.retrieval.__main__ import main as cli_main
from lawcore.retrieval.analysis import document_fields, is_english
from lawcore.retrieval.citations import own_features, query_features
from lawcore.retrieval.compounds import Segmenter, default_segmenter

DATA = Path(__file__).parent / "data"
CORPUS = DATA / "retrieval_corpus.jsonl"
QUERIES = DATA / "retrieval_queries.jsonl"


def corpus_rows() -> list[dict]:
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> RetrievalIndex:
    built = RetrievalIndex.create(tmp_path_factory.mktemp("ix"))
    built.add(corpus_rows())
    return built


def top_id(index: RetrievalIndex, text: str) -> str:
    hits = index.search(text, top_k=3)
    assert hits, f"no hit for {text!r}"
    return hits[0].id


def test_segmenter_joins_learned_compounds_and_keeps_unknown_syllables():
    assert default_segmenter().words("Người sử dụng lao động") == ["người", "sử_dụng", "lao_động"]
    assert Segmenter([("a", "b", "c"), ("a", "b")]).segment(["a", "b", "c", "d"]) == ["a_b_c", "d"]


def test_document_fields_keep_accents_and_add_folded_copy():
    fields = document_fields(Provision("x", "Thuế", "Người lao động"))
    assert "lao_động" in fields["words"].split()
    assert "lao_dong" in fields["folded"].split()
    assert "lao_dong" not in fields["words"].split()


def test_unaccented_query_matches_accented_provision(index):
    assert top_id(index, "thoi gio lam viec binh thuong") == "blld-105"
    assert top_id(index, "muc luong toi thieu") == "blld-91"


def test_accented_query_prefers_accented_field(index):
    hit = index.search("mức lương tối thiểu", top_k=1)[0]
    assert hit.id == "blld-91"
    assert "words" in hit.fields and "lương" in hit.matched_terms


def test_citation_features_of_query_and_provision_meet():
    query = set(query_features("theo điểm a khoản 2 Điều 170 Bộ luật Lao động số 45/2019/QH14"))
    assert {
        "doc:45/2019/qh14",
        "law:lao_dong",
        "art:170@lao_dong",
        "cl:170.2",
        "pt:170.2.a",
    } <= query
    own = set(own_features("45/2019/QH14", "Bộ luật Lao động", "Điều 170"))
    assert {"art:170@lao_dong", "art:170@45/2019/qh14", "doc:45/2019/qh14"} <= own


def test_decree_number_is_folded():
    assert "doc:15/2022/nd-cp" in query_features("Nghị định 15/2022/NĐ-CP")


def test_article_citation_finds_the_cited_article(index):
    hit = index.search("Điều 170 Bộ luật Lao động", top_k=1)[0]
    assert hit.id == "blld-170"
    assert "art:170@lao_dong" in hit.matched_terms and "cite" in hit.fields


def test_document_number_finds_its_provisions(index):
    ids = {h.id for h in index.search("Thông tư 03/2019/TT-BCT", top_k=2)}
    assert ids == {"tt03-14", "tt03-26"}


def test_glossary_translates_longest_english_terms():
    found = {
        m.english: m.vietnamese for m in translate("Rules of origin and customs valuation apply.")
    }
    assert found["rules of origin"][0] == "quy tắc xuất xứ"
    assert found["customs valuation"] == ("trị giá hải quan",)
    assert "origin" not in found  # swallowed by the longer term


def test_glossary_folds_plurals_and_us_spelling():
    assert english_tokens("Labor Parties") == ["labour", "party"]
    assert translate("forced labor")[0].vietnamese[0] == "lao động cưỡng bức"


def test_glossary_is_several_hundred_entries_with_vietnamese_values():
    assert len(GLOSSARY) >= 300
    assert all(values and all(v.strip() for v in values) for values in GLOSSARY.values())


def test_english_query_is_detected_and_expanded():
    query = build_query("Each Party shall eliminate forced or compulsory labour.")
    assert query.language == "en"
    assert "cưỡng_bức" in query.terms["words"]
    assert not is_english("người lao động có quyền")
    assert not is_english("nguoi lao dong co quyen thanh lap cong doan")


def test_english_clause_finds_vietnamese_provision(index):
    assert top_id(index, "the elimination of all forms of forced or compulsory labour") == "blld-8"
    assert top_id(index, "transitional safeguard measure against serious injury") == "lqlnt-91"


def test_definition_question_boosts_definitions_article(tmp_path):
    built = RetrievalIndex.create(tmp_path)
    built.add(
        [
            Provision(
                "def", "Giải thích từ ngữ", "Trong Luật này, an ninh mạng được hiểu như sau."
            ),
            Provision(
                "other", "Bảo vệ an ninh mạng", "Cơ quan bảo vệ an ninh mạng và an ninh mạng."
            ),
        ]
    )
    assert top_id(built, "An ninh mạng là gì?") == "def"
    assert top_id(built, "bảo vệ an ninh mạng") == "other"


def test_add_replaces_by_id_and_remove_deletes(tmp_path):
    built = RetrievalIndex.create(tmp_path)
    built.add(corpus_rows())
    assert len(built) == 10
    built.add(
        [{"id": "blld-91", "title": "Điều đã thay", "text": "Trọng tài thương mại giải quyết"}]
    )
    assert len(built) == 10
    assert top_id(built, "trọng tài thương mại") == "blld-91"
    assert all(h.id != "blld-91" for h in built.search("mức lương tối thiểu", top_k=10))
    built.remove(["blld-91", "no-such-id"])
    assert len(built) == 9
    reopened = RetrievalIndex.open(tmp_path)
    assert len(reopened) == 9
    assert reopened.search("trọng tài thương mại", top_k=5) == []


def test_search_is_deterministic_and_sorted(index):
    first = index.search("người lao động", top_k=10)
    assert first == index.search("người lao động", top_k=10)
    scores = [h.score for h in first]
    assert scores == sorted(scores, reverse=True) and len(first) >= 3


def test_open_rejects_a_directory_without_index(tmp_path):
    with pytest.raises(FileNotFoundError):
        RetrievalIndex.open(tmp_path)


def test_cli_build_and_search(tmp_path, capsys):
    index_dir, run = tmp_path / "ix", tmp_path / "run.jsonl"
    cli_main(["build", "--corpus", str(CORPUS), "--index", str(index_dir), "--workers", "1"])
    cli_main(
        [
            "search",
            "--index",
            str(index_dir),
            "--queries",
            str(QUERIES),
            "--top-k",
            "3",
            "--out",
            str(run),
        ]
    )
    rows = {r["query_id"]: r["hits"] for r in map(json.loads, run.read_text().splitlines())}
    assert set(rows) == {"q-vi", "q-unaccented", "q-cite", "q-en"}
    assert rows["q-vi"][0]["id"] == "blld-91"
    assert rows["q-unaccented"][0]["id"] == "blld-105"
    assert rows["q-cite"][0]["id"] == "blld-170"
    assert rows["q-en"][0]["id"] == "blld-8"
    assert all(set(h) == {"id", "score"} for hits in rows.values() for h in hits)


def test_question_phrases_left_in_pieces_by_the_dictionary_are_dropped():
    # "như thế nào" and "bao lâu" are not dictionary compounds: their syllables used to be
    # searched as content words ("như", "thế", "bao", "lâu").
    words = build_query("Thời gian thử việc tối đa là bao lâu?").terms["words"]
    assert "bao" not in words and "lâu" not in words and "tối_đa" in words
    words = build_query("Người lao động được nghỉ như thế nào?").terms["words"]
    assert {"như", "thế", "nào"}.isdisjoint(words) and "nghỉ" in words
    folded = build_query("nguoi lao dong duoc nghi bao lau").terms["folded"]
    assert "bao" not in folded and "lau" not in folded and "nghi" in folded


def test_unaccented_question_with_the_syllable_the_is_not_english(index):
    assert not is_english("nguoi lao dong duoc nghi nhu the nao")
    assert is_english("Workers have the right to strike")
    assert top_id(index, "thoi gio lam viec binh thuong the nao") == "blld-105"
