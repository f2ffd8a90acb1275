"""Real Chromium (Debian's, through Playwright): nothing a person typed is lost (issue 10).

Two editors of the owner agency save the same commitment: the second gets the conflict, the
list of differences and their own text back. An officer types a report, attaches a file and
submits: the leader receives the typed text and the file.
"""

from __future__ import annotations

from camket.conftest import (
    BROWSER_TEST,
    check_axe,
    click_and_load,
    log_in,
    make_commitment,
    make_user,
    watch_with_axe,
)
from camket.monitoring.models import ProgressReport
from camket.monitoring.tests.factories import make_cycle, make_task, open_reports
from camket.registry.models import Commitment

pytestmark = BROWSER_TEST

SAVE_COMMITMENT = "form.twocol button.primary"


def vietnamese_page(browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    watch_with_axe(page)
    return page


def test_second_of_two_editors_sees_the_conflict_and_keeps_what_they_typed(
    browser, live_server, django_user_model
):
    officer = make_user(django_user_model, "officer_bct", "bct", "officer")
    officer.first_name = "Nguyễn Thị Lan"
    officer.save()
    make_user(django_user_model, "leader_bct", "bct", "leader")
    commitment = make_commitment()
    url = f"{live_server.url}/register/c/{commitment.code}/edit/"
    first, second = vietnamese_page(browser), vietnamese_page(browser)
    try:
        log_in(first, live_server, "officer_bct")
        log_in(second, live_server, "leader_bct")
        first.goto(url)
        second.goto(url)

        first.fill("#id_title_vi", "Hiệp định VKFTA (bản của cán bộ)")
        second.fill("#id_title_vi", "Hiệp định VKFTA (bản của lãnh đạo)")
        second.fill("#id_summary_vi", "Tóm tắt lãnh đạo viết trong lúc cán bộ cũng đang sửa.")
        click_and_load(first, SAVE_COMMITMENT)
        click_and_load(second, SAVE_COMMITMENT)

        conflict = second.locator("[data-conflict]")
        message = conflict.locator("p").first.inner_text()
        assert "Bản ghi đã được Nguyễn Thị Lan sửa lúc" in message
        assert "trong khi bạn đang sửa" in message
        changes = conflict.locator("tr[data-change]").all_inner_texts()
        assert any(
            "Hiệp định VKFTA (bản của cán bộ)" in row
            and "Hiệp định VKFTA (bản của lãnh đạo)" in row
            for row in changes
        ), changes
        assert second.input_value("#id_title_vi") == "Hiệp định VKFTA (bản của lãnh đạo)"
        assert second.input_value("#id_summary_vi").startswith("Tóm tắt lãnh đạo viết")
        saved = Commitment.objects.get(pk=commitment.pk)
        assert saved.title_vi == "Hiệp định VKFTA (bản của cán bộ)"  # not silently overwritten
        assert second.locator("input[name=version]").input_value() == str(saved.version)

        click_and_load(second, SAVE_COMMITMENT)  # saving again is a deliberate choice
        saved.refresh_from_db()
        assert saved.title_vi == "Hiệp định VKFTA (bản của lãnh đạo)"
        assert saved.summary_vi.startswith("Tóm tắt lãnh đạo viết")
        check_axe(first)
        check_axe(second)
    finally:
        first.context.close()
        second.context.close()


def test_officer_types_attaches_then_submits_and_nothing_is_lost(
    page, live_server, django_user_model, tmp_path
):
    make_user(django_user_model, "officer_bct", "bct", "officer")
    make_task(make_commitment())
    (report,) = open_reports(make_cycle("bct"))
    evidence = tmp_path / "bien-ban-hop.txt"
    evidence.write_text("Biên bản họp rà soát quy tắc xuất xứ, quý II/2026.\n", encoding="utf-8")

    log_in(page, live_server, "officer_bct")
    page.goto(f"{live_server.url}/monitoring/reports/{report.pk}/")
    page.fill("#id_narrative", "Đã ban hành thông tư hướng dẫn quy tắc xuất xứ.")
    page.fill("#id_percent_done", "70")
    page.set_input_files("#id_file", str(evidence))
    click_and_load(page, page.get_by_role("button", name="Đính kèm"))

    assert page.locator("li a", has_text="bien-ban-hop.txt").count() == 1
    assert page.input_value("#id_narrative") == "Đã ban hành thông tư hướng dẫn quy tắc xuất xứ."
    assert page.input_value("#id_percent_done") == "70"
    page.fill("#id_difficulties", "Thiếu cán bộ chuyên trách.")  # typed, never saved by hand
    click_and_load(page, page.get_by_role("button", name="Gửi lãnh đạo"))
    page.wait_for_selector("[data-status=submitted]")

    report = ProgressReport.objects.get(pk=report.pk)
    assert report.status == ProgressReport.Status.SUBMITTED
    assert report.narrative == "Đã ban hành thông tư hướng dẫn quy tắc xuất xứ."
    assert report.percent_done == 70
    assert report.difficulties == "Thiếu cán bộ chuyên trách."
    assert [e.name for e in report.evidence.all()] == ["bien-ban-hop.txt"]
    assert report.evidence.get().file.read().decode().startswith("Biên bản họp")
