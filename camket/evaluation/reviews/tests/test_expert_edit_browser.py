"""Real Chromium: an officer of the registering ministry edits an expert, picking a commitment
worked on through the search picker; another ministry's officer finds no way to edit.
``CAMKET_SCREENSHOTS`` (a folder) keeps a screenshot of each page."""

from __future__ import annotations

import os
from pathlib import Path

from camket.conftest import BROWSER_TEST, click_and_load, log_in, make_commitment, make_user
from camket.evaluation.reviews import actions

pytestmark = BROWSER_TEST


def _shot(page, name: str) -> None:
    folder = os.environ.get("CAMKET_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_officer_edits_an_expert_and_another_ministry_cannot(page, live_server, django_user_model):
    officer = make_user(django_user_model, "officer_bct", "bct", "officer")
    make_user(django_user_model, "officer_btc", "btc", "officer")
    vkfta = make_commitment()
    expert = actions.save_expert(
        actions.ExpertData(
            name="Chuyên gia mẫu Nguyễn Văn A",
            kind="external",
            agency="bct",
            fields_of_expertise="Quy tắc xuất xứ",
            email="chuyengia.a@example.org",
            interest_partners=["KOR"],
        ),
        acting_user=officer,
    )
    log_in(page, live_server, "officer_bct")
    page.goto(f"{live_server.url}{expert.get_absolute_url()}")
    click_and_load(page, f"a[href$='/experts/{expert.pk}/edit/']")
    page.fill("#id_languages", "Tiếng Anh, tiếng Hàn")
    page.fill("#id_fields_of_expertise", "Quy tắc xuất xứ\nSở hữu trí tuệ")
    page.fill("#id_commitments_search", "VKFTA")
    page.wait_for_selector(f"#id_commitments_options input[value='{vkfta.pk}']")
    page.check(f"#id_commitments_options input[value='{vkfta.pk}']")
    _shot(page, "expert-edit")
    click_and_load(page, "main button.primary")
    _shot(page, "expert-saved")
    body = page.locator("main").inner_text()
    assert "Đã lưu thông tin chuyên gia." in page.locator("body").inner_text()
    assert "Sở hữu trí tuệ" in body and "Tiếng Anh, tiếng Hàn" in body
    expert.refresh_from_db()
    assert list(expert.commitments.all()) == [vkfta]

    log_in(page, live_server, "officer_btc")
    page.goto(f"{live_server.url}{expert.get_absolute_url()}")
    _shot(page, "expert-other-ministry")
    assert page.locator(f"a[href$='/experts/{expert.pk}/edit/']").count() == 0
    assert "Hàn Quốc" not in page.locator("main").inner_text()  # declared interests stay private
