"""Reason codes of an overlap pair, with plain English and Vietnamese labels.

The engine returns codes only; a page shows ``label(code, "vi")``. The app wraps these strings in
its own gettext catalogue (the English text is the msgid, the Vietnamese the msgstr), so no code
reaches a Vietnamese page. Terms follow docs/glossary.md.
"""

from __future__ import annotations

SHARED_INSTRUMENT = "shared_instrument"
DIFFERENT_INSTRUMENT = "different_instrument"
SAME_ACTION = "same_action"
DIFFERENT_ACTION = "different_action"
DIFFERENT_STRENGTH = "different_strength"
SHARED_PARTNER = "shared_partner"
DIFFERENT_PARTNER = "different_partner"
SHARED_PERIOD = "shared_period"
NEAR_IDENTICAL = "near_identical_wording"
SIMILAR_WORDING = "similar_wording"
SAME_DELIVERABLE = "same_deliverable"

LABELS: dict[str, tuple[str, str]] = {
    SHARED_INSTRUMENT: ("Same named instrument", "Cùng một điều ước, văn kiện được nêu tên"),
    DIFFERENT_INSTRUMENT: (
        "Different named instruments",
        "Nêu tên các điều ước, văn kiện khác nhau",
    ),
    SAME_ACTION: ("Same action", "Cùng một hành động"),
    DIFFERENT_ACTION: ("Different actions", "Hành động khác nhau"),
    DIFFERENT_STRENGTH: (
        "One only asks to consider it",
        "Một bên chỉ yêu cầu xem xét",
    ),
    SHARED_PARTNER: ("Same partner", "Cùng đối tác"),
    DIFFERENT_PARTNER: ("Different partners", "Đối tác khác nhau"),
    SHARED_PERIOD: ("Overlapping period", "Thời hạn trùng nhau"),
    NEAR_IDENTICAL: ("Near-identical wording", "Câu chữ gần như trùng khớp"),
    SIMILAR_WORDING: ("Similar wording", "Câu chữ tương tự"),
    SAME_DELIVERABLE: ("Same deliverable", "Cùng một sản phẩm đầu ra"),
}


def label(code: str, lang: str = "vi") -> str:
    """The label of a reason code in ``lang`` ("vi" or "en"); a code never comes back as is."""
    english, vietnamese = LABELS[code]
    return vietnamese if lang == "vi" else english
