"""The browser test of issue 14: an anonymous visitor finds the EVFTA by "hiep dinh evfta thuy
san", reads its summary, subscribes (confirmation e-mail, Django's test outbox), files a
difficulty with a file; the coordinator screens it, the Ministry of Industry and Trade answers
it; the visitor reads the published answer by the private link. axe-core scans every page."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from camket.agencies.models import Membership
from camket.conftest import BROWSER_TEST, click_and_load, log_in, make_user
from camket.portal.consultation.models import Feedback
from camket.registry.loader import load_file

pytestmark = BROWSER_TEST

EVFTA = "vn/treaty/2019/evfta"
VISITOR = "xuatkhau@thuysan-mekong.vn"


@pytest.fixture
def people(django_user_model):
    return (
        make_user(django_user_model, "coordinator", "bng-vulpdu", Membership.Role.COORDINATOR),
        make_user(django_user_model, "officer_bct", "bct", Membership.Role.OFFICER),
    )


def test_visitor_finds_subscribes_reports_and_reads_the_answer(page, live_server, people, tmp_path):
    load_file()
    base = live_server.url

    # Finds the EVFTA without diacritics and reads its summary.
    page.goto(f"{base}/")
    page.fill("#public-q", "hiep dinh evfta thuy san")
    click_and_load(page, "form.bigsearch button")
    click_and_load(page, page.locator("#results li.pubcard a").first)
    assert page.url == f"{base}/public/commitments/{EVFTA}/"
    assert "thủy sản" in page.locator("#summary").inner_text()

    # Subscribes to the EVFTA from its page and confirms by the e-mailed link.
    click_and_load(page, "#follow a[href^='/public/subscriptions/']")
    page.fill("#id_email", VISITOR)
    click_and_load(page, "main form button[type=submit]")
    confirmation = next(m for m in mail.outbox if m.to == [VISITOR])
    link = re.search(r"https?://\S+/public/subscriptions/confirm/\S+/", confirmation.body).group(0)
    page.goto(base + "/" + link.split("/", 3)[3])
    click_and_load(page, "main form button[type=submit]")

    # Files a difficulty about the EVFTA, with a file, from the EVFTA's page (pre-filled).
    page.goto(f"{base}/public/commitments/{EVFTA}/")
    click_and_load(page, "#follow a[href^='/public/feedback/new/']")
    assert page.locator("#id_commitment_chosen input:checked").count() == 1
    page.select_option("#id_submitter_kind", "business")
    page.fill("#id_submitter_name", "Huỳnh Thị Thu")
    page.fill("#id_email", VISITOR)
    page.fill("#id_subject", "Lô cá ngừ bị từ chối ưu đãi EVFTA tại cảng Antwerp")
    page.fill(
        "#id_text",
        "Hải quan Bỉ từ chối thuế suất ưu đãi vì chứng từ tự chứng nhận xuất xứ thiếu mã số "
        "nhà xuất khẩu đã đăng ký. Xin hướng dẫn cách khắc phục; điện thoại 0912 345 678.",
    )
    evidence = tmp_path / "to-khai-hai-quan.txt"
    evidence.write_text("Tờ khai hải quan số 123/2026", encoding="utf-8")
    page.set_input_files("#id_attachments", str(evidence))
    click_and_load(page, "main form button[type=submit]:not([name])")
    private = page.url
    assert "/public/feedback/t/" in private
    assert "Đã tiếp nhận" in page.locator("main").inner_text()
    received = [m for m in mail.outbox if m.to == [VISITOR] and "/public/feedback/t/" in m.body]
    assert received and private.split(base, 1)[1] in received[-1].body

    # The coordinator screens it; the lead agency (suggested from the EVFTA) is chosen.
    log_in(page, live_server, "coordinator")
    click_and_load(page, "header a[href='/consultation/']")
    click_and_load(page, page.locator("main a", has_text="Lô cá ngừ bị từ chối").first)
    click_and_load(page, "form[action$='/screen/'] button[type=submit]")
    feedback = Feedback.objects.get()
    assert feedback.status == Feedback.Status.ASSIGNED and feedback.assigned_agency.code == "bct"

    # The Ministry of Industry and Trade's officer finds it from the home page and answers.
    log_in(page, live_server, "officer_bct")
    click_and_load(page, "main [data-home='public-input'] a")
    click_and_load(page, page.locator("main a", has_text="Lô cá ngừ bị từ chối").first)
    page.fill(
        "#id_answer",
        "Bộ Công Thương đã trao đổi với Hải quan Bỉ: doanh nghiệp bổ sung mã số REX của nhà "
        "xuất khẩu trên chứng từ và đề nghị hoàn thuế; liên hệ phòng xuất xứ 024 2220 5555.",
    )
    click_and_load(page, "form[action$='/answer/'] button[type=submit]")
    assert "Đã lưu câu trả lời" in page.locator(".messages").inner_text()

    # The visitor reads the answer by the private link, and finds it published, masked.
    page.context.clear_cookies()
    page.goto(private)
    answer = page.locator("#answer").inner_text()
    assert "mã số REX" in answer and "Đã trả lời" in page.locator("main").inner_text()
    page.goto(f"{base}/public/feedback/")
    published = page.locator("main").inner_text()
    assert "mã số REX" in published and "0912" not in published and "2220" not in published
    assert any("trả lời" in m.subject for m in mail.outbox if m.to == [VISITOR])
