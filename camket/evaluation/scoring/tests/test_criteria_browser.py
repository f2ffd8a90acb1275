"""Real Chromium: the coordinator edits a draft set's criterion, removes another after the
confirmation page, sees the weight totals, approves, and finds the approved set refusing
change in Vietnamese. ``CAMKET_SCREENSHOTS`` (a folder) keeps a screenshot of each page."""

from __future__ import annotations

import os
from pathlib import Path

from camket.conftest import BROWSER_TEST, click_and_load, log_in, make_user
from camket.evaluation.scoring import actions
from camket.evaluation.scoring.defaults import default_criteria
from camket.evaluation.scoring.models import Criterion

pytestmark = BROWSER_TEST


def _shot(page, name: str) -> None:
    folder = os.environ.get("CAMKET_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_coordinator_changes_a_draft_then_the_approved_set_refuses(
    page, live_server, django_user_model
):
    make_user(django_user_model, "coordinator", "bng-vulpdu", "coordinator")
    draft = actions.create_criteria_set(default_criteria(), acting_user=None)
    edited = draft.criteria.get(subject="commitment", code="tien-do-theo-nhom-kha-thi")
    removed = draft.criteria.get(subject="commitment", code="ke-hoach-dung-han")
    log_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}{draft.get_absolute_url()}")
    _shot(page, "criteria-draft")
    assert "Tổng trọng số theo đối tượng đánh giá" in page.locator("#weights").inner_text()

    click_and_load(page, f"a[href$='/criterion/{edited.pk}/edit/']")
    page.fill("#id_weight", "2")
    page.fill("#id_target", "80")
    _shot(page, "criterion-edit")
    click_and_load(page, "main button[type=submit]")
    assert "Đã lưu tiêu chí." in page.locator("body").inner_text()
    edited.refresh_from_db()
    assert (edited.weight, edited.target) == (2, 80)

    click_and_load(page, f"a[href$='/criterion/{removed.pk}/remove/']")
    _shot(page, "criterion-remove")
    assert "Gỡ bỏ tiêu chí này?" in page.locator("h1").inner_text()
    click_and_load(page, "button.danger")
    assert not Criterion.objects.filter(pk=removed.pk).exists()

    page.once("dialog", lambda dialog: dialog.accept())  # "Once approved ... Approve it?"
    click_and_load(page, "form:has(input[value=approve]) button")
    page.goto(f"{live_server.url}/scorecards/criteria/criterion/{edited.pk}/edit/")
    page.wait_for_selector(".messages")
    _shot(page, "criteria-frozen")
    body = page.locator("body").inner_text()
    assert "Bộ tiêu chí đã phê duyệt không thể thay đổi" in body
    assert page.locator(f"a[href$='/criterion/{edited.pk}/edit/']").count() == 0
