"""Search snippets: a window on word edges around the first match, matched words whole."""

import random

from lawcore.text import folded_words, match_spans, snippet


def _joined(result) -> str:
    return "".join(text for text, _ in result.parts)


def test_marks_accented_words_found_by_folded_tokens():
    result = snippet("Bộ luật Lao động 2019", folded_words("lao dong"))
    assert [text for text, matched in result.parts if matched] == ["Lao", "động"]
    assert _joined(result) == "Bộ luật Lao động 2019"
    assert not result.cut_before and not result.cut_after


def test_a_word_holding_the_token_is_marked_whole():
    assert match_spans("Hiệp định EVFTA và EVIPA", ["evf"]) == [(10, 15)]
    assert match_spans("số 45/2019/QH14", ["2019"]) == [(6, 10)]


def test_adjacent_and_overlapping_matches_merge():
    assert match_spans("lao-dong laodong", ["lao", "dong"]) == [(0, 3), (4, 8), (9, 16)]


def test_window_surrounds_the_first_match_and_never_cuts_a_word():
    text = "mở đầu " * 60 + "Người lao động có quyền thành lập công đoàn " + "quy định khác " * 60
    result = snippet(text, ["cong", "doan"], width=80)
    shown = _joined(result)
    assert "công đoàn" in shown
    assert len(shown) <= 80
    assert result.cut_before and result.cut_after
    start = text.index(shown)
    end = start + len(shown)
    assert not text[start - 1].isalnum() and not text[end].isalnum()


def test_no_window_edge_falls_inside_a_word_on_random_texts():
    rng = random.Random(16)
    vocabulary = ["lao", "động", "Điều", "ước", "quốc", "tế", "CPTPP", "2019", "x" * 30]
    for _ in range(300):
        text = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 80)))
        width = rng.randint(31, 120)
        result = snippet(text, [rng.choice(["lao", "dong", "cptpp", "zzz"])], width=width)
        shown = _joined(result)
        start = text.index(shown) if shown else 0
        end = start + len(shown)
        assert len(shown) <= width
        assert start == 0 or not text[start - 1].isalnum() or not text[start].isalnum()
        assert end == len(text) or not text[end - 1].isalnum() or not text[end].isalnum()
        assert result.cut_before == (start > 0) and result.cut_after == (end < len(text))


def test_a_word_longer_than_the_window_is_cut_rather_than_dropped():
    result = snippet("a" * 50 + " lao", ["zzz"], width=20)
    assert _joined(result) == "a" * 20


def test_without_a_match_the_window_starts_at_the_beginning():
    result = snippet("Một hai ba bốn năm", ["zzz"], width=10)
    assert _joined(result) == "Một hai ba" and result.cut_after
