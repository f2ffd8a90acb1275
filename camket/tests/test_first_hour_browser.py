"""The first hour in real Chromium (issue 11, "Done when"): a new officer logs in, finds the due
report on the home page, opens it, fills it and submits it with evidence.

Counting user actions: every ``fill``, ``click`` and file choice the user makes goes through
``Actions`` and counts one; opening the site's address does not. Typing the user name and the
password and pressing "Đăng nhập" count three. The issue counts "log in" as one step of its
six (log in, then open, fill and submit with evidence): the test asserts both counts.

With ``CAMKET_GUIDE_SCREENSHOTS=1`` the tests also save the screenshots of ``docs/guide``
(``docs/guide/img/*.png``, reduced to a small palette so that the committed files stay small).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone

from camket.conftest import BROWSER_TEST, click_and_load, log_in, make_commitment, make_user
from camket.monitoring import actions
from camket.monitoring.models import ProgressReport
from camket.monitoring.tests.factories import make_cycle, make_task, open_reports

pytestmark = BROWSER_TEST
GUIDE_IMG = Path(__file__).resolve().parents[2] / "docs" / "guide" / "img"
SHOOT = bool(os.environ.get("CAMKET_GUIDE_SCREENSHOTS"))


def shoot(page, name: str) -> None:
    """Save the visible page as docs/guide/img/<name>.png when screenshots are asked for."""
    if not SHOOT:
        return
    from PIL import Image

    GUIDE_IMG.mkdir(parents=True, exist_ok=True)
    path = GUIDE_IMG / f"{name}.png"
    page.screenshot(path=str(path))
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=64)
    small.save(path, optimize=True)


class Actions:
    """The user's clicks, fills and file choices, counted."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def fill(self, selector: str, text: str) -> None:
        self.count += 1
        self.page.fill(selector, text)

    def choose_file(self, selector: str, path: Path) -> None:
        self.count += 1
        self.page.set_input_files(selector, str(path))

    def click_and_load(self, target) -> None:
        self.count += 1
        click_and_load(self.page, target)


def _days(n: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=n)).isoformat()


@pytest.fixture
def new_officer_world(django_user_model):
    """As the demo: an officer of the Ministry of Industry and Trade (canbo.bct), a task on
    VKFTA, and a reporting cycle due in three days that opened one draft report for it."""
    officer = make_user(django_user_model, "canbo.bct", "bct", "officer")
    officer.first_name, officer.last_name = "An", "Nguyễn Văn"
    officer.save()
    task = make_task(make_commitment(), due_on=_days(40))
    cycle = make_cycle(
        "bct", due_on=_days(3), starts_on=_days(-120), ends_on=_days(-1), title="Quý III/2026"
    )
    (report,) = open_reports(cycle)
    return officer, task, report


def test_new_officer_submits_the_due_report_with_evidence_from_the_home_page(
    page, live_server, new_officer_world, tmp_path
):
    _, task, report = new_officer_world
    evidence = tmp_path / "bien-ban-ra-soat-quy-tac-xuat-xu.txt"
    evidence.write_text("Biên bản họp rà soát quy tắc xuất xứ, quý III/2026.\n", encoding="utf-8")
    user = Actions(page)

    page.goto(f"{live_server.url}/")  # the address: the public portal, with its login link
    user.click_and_load("header a[href^='/accounts/login/']")
    shoot(page, "dang-nhap")
    user.fill("#id_username", "canbo.bct")
    user.fill("#id_password", "pw-canbo.bct")
    user.click_and_load("main button[type=submit]")
    assert page.url == f"{live_server.url}/"
    logged_in = user.count

    due = page.locator("[data-home=due]")
    assert due.locator(f"[data-report='{report.pk}'] a").inner_text() == task.title
    shoot(page, "trang-chu-can-bo")
    user.click_and_load(due.locator(f"[data-report='{report.pk}'] a"))
    assert page.url == f"{live_server.url}{report.get_absolute_url()}"

    user.fill("#id_narrative", "Đã rà soát 12 văn bản về quy tắc xuất xứ; dự thảo thông tư.")
    user.choose_file("#id_file", evidence)
    shoot(page, "bao-cao-dien")
    user.click_and_load(page.get_by_role("button", name="Gửi lãnh đạo"))
    page.wait_for_selector("[data-status=submitted]")
    shoot(page, "bao-cao-da-gui")

    report = ProgressReport.objects.get(pk=report.pk)
    assert report.status == ProgressReport.Status.SUBMITTED
    assert report.narrative.startswith("Đã rà soát 12 văn bản")
    assert [e.name for e in report.evidence.all()] == [evidence.name]
    # 4 to log in (the portal's login link, name, password, submit), then open the report,
    # write, choose the file and submit: 4.
    assert (logged_in, user.count - logged_in) == (4, 4)
    # With the login form as one step, as the issue lists it: at most 6.
    assert 1 + (user.count - logged_in) <= 6


@pytest.mark.skipif(not SHOOT, reason="set CAMKET_GUIDE_SCREENSHOTS=1 to remake docs/guide/img")
def test_guide_screenshots_of_leader_coordinator_and_help(
    page, live_server, django_user_model, new_officer_world
):
    officer, _, report = new_officer_world
    make_user(django_user_model, "lanhdao.bct", "bct", "leader")
    make_user(django_user_model, "dieuphoi", "bng-vulpdu", "coordinator")
    late = make_task(
        make_commitment("vn/treaty/2019/cptpp", short_name="CPTPP", partners=("AUS",)),
        lead="btc",
        title="Sửa đổi quy định về thủ tục hải quan theo CPTPP",
        due_on=_days(-20),
    )
    late_cycle = make_cycle("btc", due_on=_days(-5), title="6 tháng đầu năm 2026")
    open_reports(late_cycle)
    assert late.pk
    content = {n: getattr(report, n) for n in actions.CONTENT_FIELDS}
    content.update(narrative="Đã rà soát 12 văn bản về quy tắc xuất xứ.", percent_done=40)
    actions.save_report(report, content, acting_user=officer, submit=True)

    log_in(page, live_server, "lanhdao.bct")
    shoot(page, "trang-chu-lanh-dao")
    page.goto(f"{live_server.url}{report.get_absolute_url()}")
    shoot(page, "bao-cao-phe-duyet")
    log_in(page, live_server, "dieuphoi")
    shoot(page, "trang-chu-dau-moi")
    page.goto(f"{live_server.url}/help/")
    shoot(page, "huong-dan")
    assert (GUIDE_IMG / "trang-chu-dau-moi.png").stat().st_size < 150_000
