"""Overlap engine (issue 15): hard pairs, candidate generation, reasons, CLI and the labelled set."""

from __future__ import annotations

import json
import random
import zlib

import numpy as np
import pytest
from datasketch import MinHash
from rapidfuzz import fuzz

from lawcore.overlap import DEFAULT_THRESHOLD, LABELS, Item, MinHashLSH, compare, find_pairs
from lawcore.overlap import reasons as R
from lawcore.overlap.__main__ import main as cli
from lawcore.overlap.evaluation import FIXTURE, engine_scores, load, precision_recall
from lawcore.overlap.features import action, features, instruments, tentative
from lawcore.text import fold


def pair(a: str, b: str, meta_a=None, meta_b=None):
    return compare(Item("a", a, meta=meta_a or {}), Item("b", b, meta=meta_b or {}))


# --- hard pairs -------------------------------------------------------------------------------


def test_same_instrument_type_different_instrument_is_not_a_duplicate():
    # The case: a lexical score alone pairs these two UPR recommendations.
    a = "Consider ratifying CAT"
    b = "Consider ratifying CPED"
    assert fuzz.token_set_ratio(fold(a), fold(b)) >= 85
    found = pair(a, b)
    assert found.score < DEFAULT_THRESHOLD
    assert R.DIFFERENT_INSTRUMENT in found.reasons


def test_rome_statute_and_enforced_disappearance_do_not_pair_on_ratify_the():
    found = pair(
        "Ratify the Rome Statute of the International Criminal Court",
        "Ratify the International Convention for the Protection of All Persons from Enforced "
        "Disappearance",
    )
    assert found.score < DEFAULT_THRESHOLD
    assert R.DIFFERENT_INSTRUMENT in found.reasons


def test_optional_protocol_is_its_own_instrument():
    assert instruments("Ratify the Optional Protocol to CAT") == {"optional protocol torture"}
    assert instruments("Ratify CAT and its Optional Protocol") == {
        "torture",
        "optional protocol torture",
    }
    found = pair("Ratify CAT", "Ratify the Optional Protocol to CAT")
    assert found.score < DEFAULT_THRESHOLD


def test_same_topic_different_action_is_not_a_duplicate():
    found = pair(
        "Establish a moratorium on executions with a view to abolishing the death penalty",
        "Reduce the number of offences punishable by the death penalty",
    )
    assert found.score < DEFAULT_THRESHOLD
    assert R.DIFFERENT_ACTION in found.reasons


def test_considering_is_weaker_than_doing():
    assert tentative("Continue to consider ratifying CAT")
    assert not tentative("Ratify CAT as soon as possible")
    found = pair("Consider ratifying the Rome Statute", "Ratify the Rome Statute")
    assert found.score < DEFAULT_THRESHOLD
    assert R.DIFFERENT_STRENGTH in found.reasons


def test_same_treaty_step_on_same_instrument_is_a_duplicate_however_worded():
    found = pair("Accede to CAT in a timely manner", "Ratify CAT as soon as possible")
    assert found.score >= DEFAULT_THRESHOLD
    assert {R.SHARED_INSTRUMENT, R.SAME_ACTION} <= set(found.reasons)


def test_repeated_promise_across_years_is_a_duplicate():
    # G7 Leaders' statements: the same promise made again in a later year.
    found = pair(
        "We will also continue efforts to reduce Russia’s revenue from metals.",
        "We will continue efforts to reduce Russia’s revenues from metals.",
        {"year": 2023},
        {"year": 2024},
    )
    assert found.score >= DEFAULT_THRESHOLD
    assert R.NEAR_IDENTICAL in found.reasons
    items = [
        Item(
            "2009",
            "99.3 Accede to CAT in a timely manner (Australia, Sweden);",
            meta={"year": 2009},
        ),
        Item("2014", "143.60 Ratify CAT (Denmark);", meta={"year": 2014}),
        Item("other", "143.70 Ratify the Rome Statute (Estonia);", meta={"year": 2014}),
    ]
    assert [(p.a, p.b) for p in find_pairs(items)] == [("2009", "2014")]


def test_vietnamese_with_and_without_diacritics():
    accented = "Tăng cường hợp tác thương mại với Nhật Bản theo Hiệp định CPTPP"
    plain = "tang cuong hop tac thuong mai voi Nhat Ban theo Hiep dinh CPTPP"
    found = pair(accented, plain)
    assert found.score >= DEFAULT_THRESHOLD
    assert R.SHARED_INSTRUMENT in found.reasons
    assert features(accented).folded == features(plain).folded
    assert "tăng" in features(accented).words  # diacritics are kept beside the folded form
    assert action(accented) == action(plain) == "strengthen"


def test_vietnamese_instrument_meets_its_english_acronym():
    assert instruments("Phê chuẩn Công ước chống tra tấn") & instruments("Ratify CAT") == {
        "torture"
    }


def test_partner_and_period_count():
    text = "Rà soát quy tắc xuất xứ hàng dệt may theo Hiệp định EVFTA"
    same = pair(
        text,
        text,
        {"partners": ["Liên minh châu Âu"], "period": [2024, 2026]},
        {"partners": ["Liên minh châu Âu"], "period": [2025, 2027]},
    )
    other = pair(text, text, {"partners": ["Liên minh châu Âu"]}, {"partners": ["Nhật Bản"]})
    assert {R.SHARED_PARTNER, R.SHARED_PERIOD} <= set(same.reasons)
    assert R.DIFFERENT_PARTNER in other.reasons
    assert other.score < same.score


def test_same_deliverable_adds_a_reason():
    found = pair(
        "Xây dựng báo cáo đánh giá tác động",
        "Chuẩn bị tài liệu phục vụ đàm phán",
        {"deliverable": "Báo cáo đánh giá tác động của Hiệp định"},
        {"deliverable": "Bao cao danh gia tac dong cua Hiep dinh"},
    )
    assert R.SAME_DELIVERABLE in found.reasons


# --- candidate generation ---------------------------------------------------------------------


def test_signatures_equal_datasketch_minhash():
    tokens = ["quy", "tac", "xuat", "xu", "@cptpp"]
    lsh = MinHashLSH(num_perm=64, rows=4)
    ours = lsh.signatures([np.array([zlib.crc32(t.encode()) for t in tokens], dtype=np.uint32)])
    theirs = MinHash(num_perm=64, seed=1, hashfunc=lambda b: zlib.crc32(b), scheme="affine32")
    for token in tokens:
        theirs.update(token.encode())
    assert ours[0].tolist() == theirs.hashvalues.tolist()


def test_lsh_finds_the_near_copy_without_comparing_all_pairs():
    rng = random.Random(15)
    vocabulary = [f"{o}{r}" for o in "bcdghklmnpqstvx" for r in ("a", "an", "ong", "uoi", "ien")]
    items = [Item(f"t{n}", " ".join(rng.sample(vocabulary, 8))) for n in range(300)]
    words = items[0].text.split()
    items.append(Item("copy", " ".join(words[4:] + words[:3])))  # reordered, one word dropped
    lsh = MinHashLSH(num_perm=64, rows=4)
    found = {frozenset((p.a, p.b)) for p in find_pairs(items, threshold=0.5, lsh=lsh)}
    assert frozenset(("t0", "copy")) in found
    hashed = [
        np.array([zlib.crc32(w.encode()) for w in set(i.text.split())], dtype=np.uint32)
        for i in items
    ]
    candidates = lsh.candidate_pairs(lsh.signatures(hashed))
    assert len(candidates) < len(items) * (len(items) - 1) // 2 // 100


def test_items_without_words_meet_nothing():
    items = [Item("a", "..."), Item("b", "—"), Item("c", "Ratify CAT")]
    assert find_pairs(items, threshold=0.0) == []


def test_keep_vetoes_pairs_of_the_same_agency():
    items = [
        Item("x", "Ratify CAT", meta={"agency": "BNG"}),
        Item("y", "Ratify CAT as soon as possible", meta={"agency": "BNG"}),
    ]
    assert find_pairs(items, keep=lambda a, b: a.meta["agency"] != b.meta["agency"]) == []
    assert len(find_pairs(items)) == 1


# --- reasons ------------------------------------------------------------------------------------


def test_every_reason_has_english_and_vietnamese_labels():
    codes = {v for k, v in vars(R).items() if k.isupper() and isinstance(v, str)}
    assert codes == set(LABELS)
    for code in codes:
        english, vietnamese = R.label(code, "en"), R.label(code, "vi")
        assert english and vietnamese and code not in (english, vietnamese)
        assert "_" not in vietnamese


# --- CLI ----------------------------------------------------------------------------------------


def test_cli_writes_pairs_and_progress(tmp_path, capsys):
    items = tmp_path / "items.jsonl"
    rows = [
        {"id": "1", "text": "Accede to CAT in a timely manner", "lang": "en", "meta": {}},
        {"id": "2", "text": "Ratify CAT as soon as possible", "lang": "en", "meta": {}},
        {"id": "3", "text": "Ratify the Rome Statute", "lang": "en", "meta": {}},
    ]
    items.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "pairs.jsonl"
    assert cli(["--items", str(items), "--out", str(out), "--threshold", "0.7"]) == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(p["a"], p["b"]) for p in lines] == [("1", "2")]
    assert set(lines[0]) == {"a", "b", "score", "reasons"}
    assert R.SHARED_INSTRUMENT in lines[0]["reasons"]
    err = capsys.readouterr().err
    assert "read 3 items" in err and "candidates:" in err and "wrote 1 pairs" in err


def test_cli_names_the_bad_line(tmp_path):
    items = tmp_path / "items.jsonl"
    items.write_text('{"id": "1", "text": "Ratify CAT"}\n{"text": "no id"}\n', encoding="utf-8")
    with pytest.raises(SystemExit, match=r"items.jsonl:2: not an item"):
        cli(["--items", str(items), "--out", str(tmp_path / "out.jsonl")])


# --- labelled set -------------------------------------------------------------------------------


def test_labelled_set_is_large_and_well_formed():
    pairs = load(FIXTURE)
    assert len(pairs) >= 300
    assert {p["label"] for p in pairs} == {"duplicate", "related", "distinct"}
    assert {p["source"] for p in pairs} == {"upr", "joint-statements"}
    assert len({frozenset((p["a"], p["b"])) for p in pairs}) == len(pairs)


def test_engine_beats_the_lexical_score_on_the_labelled_set():
    pairs = load(FIXTURE)
    truth = [p["label"] == "duplicate" for p in pairs]
    precision, recall = precision_recall(engine_scores(pairs), truth, DEFAULT_THRESHOLD)
    lexical = [fuzz.token_set_ratio(fold(p["text_a"]), fold(p["text_b"])) / 100 for p in pairs]
    lexical_precision, _ = precision_recall(lexical, truth, 0.85)
    assert precision >= 0.65 and recall >= 0.65
    assert precision > lexical_precision
