from lawcore.text import fold, folded_words, nfc, slugify


def test_fold_removes_marks_and_maps_d_bar():
    assert fold("Hiệp định Thương mại tự do") == "hiep dinh thuong mai tu do"
    assert fold("ĐIỀU ƯỚC QUỐC TẾ") == "dieu uoc quoc te"


def test_fold_keeps_length_of_nfc_text_so_offsets_align():
    decomposed = "Điều ước"  # NFD input: marks as separate code points
    assert len(fold(decomposed)) == len(nfc(decomposed))


def test_folded_words_split_on_punctuation():
    assert folded_words("Khoản 2, Điều 5.") == ["khoan", "2", "dieu", "5"]


def test_slugify_is_ascii_and_bounded():
    assert slugify("Hiệp định Đối tác Toàn diện và Tiến bộ xuyên Thái Bình Dương") == (
        "hiep-dinh-doi-tac-toan-dien-va-tien-bo-xuyen-thai-binh-duong"
    )
    assert len(slugify("a " * 100, max_length=10)) <= 10


def test_fast_and_slow_fold_paths_agree():
    text = "Ấn Độ ĐÀ NẴNG Ỹ ở ſ İstanbul"
    assert fold(text) == "".join(fold(c) for c in text)
    assert fold("İ") == "I"  # its lower case has two code points; the length is kept
