"""Experts for ``camket/tests/test_search_everywhere.py``: found by field with and without
diacritics; one names CPTPP in its fields (title), one only in its languages (body) and comes
first in the roster's own order (by name)."""

from __future__ import annotations

from camket.evaluation.reviews import actions

CASES = {
    "reviews:expert-list": ("lao dong", "e_labour", "cptpp", "e_title", "e_body"),
    "reviews:resources": ("lao dong", "c_labour", "cptpp", "c_cptpp", "c_mention"),
}


def expert_records() -> dict[str, str]:
    rows = {
        "e_labour": ("Chuyên gia mẫu C", "Luật lao động\nLao động cưỡng bức", ""),
        "e_title": ("Chuyên gia mẫu B", "Quy tắc xuất xứ trong CPTPP", ""),
        "e_body": ("Chuyên gia mẫu A", "Hải quan", "Tiếng Anh (đàm phán CPTPP)"),
    }
    urls = {}
    for key, (name, fields, languages) in rows.items():
        expert = actions.save_expert(
            actions.ExpertData(
                name=name, kind="external", agency="bct", fields_of_expertise=fields,
                languages=languages, is_sample=True,
            ),
            acting_user=None,
        )  # fmt: skip
        urls[key] = expert.get_absolute_url()
    return urls
