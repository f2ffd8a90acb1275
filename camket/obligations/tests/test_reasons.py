"""The assistant's reasons read in Vietnamese on the obligation page (issue 11)."""

from camket.obligations.reasons import readable_reasons


def test_notes_become_words_with_the_found_words_quoted(settings):
    from django.utils import translation

    notes = [
        "marker 'shall' (binding)",
        "addressee: each Party ('Each Party')",
        "date: 'within three years' → relative P3Y after entry_into_force (within)",
        "schedule: staging category A ('category A')",
        "sector:trade (given)",
    ]
    with translation.override("vi"):
        reasons = readable_reasons(notes)
    assert [(r.label, r.quote, r.lang) for r in reasons] == [
        ("Từ chỉ nghĩa vụ (bắt buộc)", "shall", "en"),
        ("Chủ thể thực hiện", "Each Party", "en"),
        ("Thời hạn", "within three years", "en"),
        ("Lộ trình", "category A", "en"),
    ]
    text = " ".join(r.label + r.quote for r in reasons)
    assert "P3Y" not in text and "entry_into_force" not in text
