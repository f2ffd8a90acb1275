from lawcore.codes import commitment_code, plan_code, slug, unique


def test_slug_folds_vietnamese_and_drops_punctuation():
    assert slug("Hiệp định Đối tác – CPTPP (2018)") == "hiep-dinh-doi-tac-cptpp-2018"


def test_slug_is_cut_at_a_word_end():
    text = "Hiệp định Thương mại tự do giữa Việt Nam và Liên minh châu Âu"
    cut = slug(text, 30)
    assert len(cut) <= 30
    assert cut == "hiep-dinh-thuong-mai-tu-do"


def test_slug_keeps_a_long_single_word_shortened():
    assert slug("a" * 50, 10) == "a" * 10


def test_slug_of_nothing_usable_is_empty():
    assert slug("– () –") == ""


def test_unique_appends_the_first_free_number():
    taken = {"vn/treaty/2018/cptpp", "vn/treaty/2018/cptpp-2"}
    assert unique("vn/treaty/2018/cptpp", taken.__contains__) == "vn/treaty/2018/cptpp-3"
    assert unique("free", taken.__contains__) == "free"


def test_unique_shortens_the_base_to_fit_the_limit():
    taken = {"abcdef"}
    assert unique("abcdef", taken.__contains__, max_length=6) == "abcd-2"


def test_commitment_code_has_the_checked_form():
    assert commitment_code("treaty", 2024, "Hàn Quốc") == "vn/treaty/2024/han-quoc"
    assert commitment_code("statement", 2024, "") == "vn/statement/2024/cam-ket"


def test_plan_code_names_agency_subject_and_year():
    assert plan_code("kh", "bct", "Kế hoạch thực hiện CPTPP", 2026) == (
        "kh-bct-ke-hoach-thuc-hien-cptpp-2026"
    )
