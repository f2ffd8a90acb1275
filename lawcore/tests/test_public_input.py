import datetime as dt

from lawcore.public_input import (
    MIN_CONSULTATION_DAYS,
    best_duplicate,
    earliest_close,
    folded_key,
    mask_personal_data,
    similarity,
    window_problem,
)

D = dt.date.fromisoformat


def test_window_of_sixty_days_both_ends_counted_is_enough():
    assert MIN_CONSULTATION_DAYS == 60
    assert window_problem(D("2026-01-01"), D("2026-03-01")) is None
    assert window_problem(D("2026-01-01"), D("2026-02-28")) == 1
    assert earliest_close(D("2026-01-01")) == D("2026-03-01")


def test_masking_hides_emails_phones_and_identity_numbers():
    text = (
        "Liên hệ ông An, email an.nguyen@congty.com.vn, ĐT 0912 345 678 hoặc +84 24.3825.1234; "
        "CCCD 001203004567, CMND 123456789, hộ chiếu C1234567."
    )
    masked = mask_personal_data(text, "[ẩn]")
    assert "an.nguyen" not in masked.text and "congty" not in masked.text
    assert "0912" not in masked.text and "3825" not in masked.text
    assert "001203004567" not in masked.text and "123456789" not in masked.text
    assert "C1234567" not in masked.text
    assert (masked.emails, masked.phones, masked.ids) == (1, 2, 3)
    assert masked.text.startswith("Liên hệ ông An, email [ẩn], ĐT [ẩn] hoặc [ẩn]")


def test_masking_keeps_document_numbers_dates_and_amounts():
    text = (
        "Theo Nghị định 15/2022/NĐ-CP và Luật 45/2019/QH14, từ ngày 01/01/2026 thuế giảm "
        "100.000.000 đồng cho 2.500 doanh nghiệp, mã HS 0303.89."
    )
    masked = mask_personal_data(text)
    assert masked.text == text and masked.count == 0


def test_same_words_in_another_order_and_without_accents_are_duplicates():
    a = folded_key("Thủ tục chứng nhận xuất xứ hàng thủy sản sang EU bị chậm 20 ngày")
    b = folded_key("thu tuc chung nhan xuat xu hang thuy san sang EU bi cham 20 ngay!")
    c = folded_key("Hàng thủy sản sang EU: thủ tục chứng nhận xuất xứ bị chậm 20 ngày")
    assert similarity(a, b) == 100
    assert similarity(a, c) >= 90
    assert best_duplicate(a, [(1, folded_key("Thuế nhập khẩu ô tô từ Hàn Quốc")), (2, c)])[0] == 2


def test_short_or_different_texts_are_not_duplicates():
    assert similarity(folded_key("Xin cảm ơn"), folded_key("Xin cảm ơn")) == 0
    a = folded_key("Thủ tục chứng nhận xuất xứ hàng thủy sản sang EU bị chậm")
    b = folded_key("Thuế nhập khẩu linh kiện ô tô từ Hàn Quốc chưa được giảm theo lộ trình")
    assert best_duplicate(a, [(1, b)]) is None
