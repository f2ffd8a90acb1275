"""Real Chromium (Debian's, through Playwright): return, fix, resubmit, and the dashboard moves."""

import os
import shutil
from pathlib import Path

import pytest

from camket.conftest import make_commitment, make_user
from camket.monitoring import actions
from camket.monitoring.tests.factories import make_cycle, make_task, open_reports

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded"),
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason="Debian's chromium is not installed (make test installs it)",
    ),
]


@pytest.fixture
def page():
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        browser.close()


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", f"pw-{username}")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/register/")


def submitted_count(page, live_server) -> str:
    page.goto(f"{live_server.url}/monitoring/")
    return page.locator("[data-kpi=submitted] strong").inner_text()


def test_leader_returns_officer_resubmits_and_dashboard_changes(
    page, live_server, django_user_model
):
    officer = make_user(django_user_model, "officer_bct", "bct", "officer")
    make_user(django_user_model, "leader_bct", "bct", "leader")
    make_task(make_commitment())
    (report,) = open_reports(make_cycle("bct"))
    actions.submit_report(report, acting_user=officer)
    url = f"{live_server.url}/monitoring/reports/{report.pk}/"

    log_in(page, live_server, "leader_bct")
    assert submitted_count(page, live_server) == "1"
    page.goto(url)
    page.fill("#id_comment", "Bổ sung số liệu giải ngân quý II.")
    page.click("button[name=return]")
    page.wait_for_selector("[data-status=returned]")

    log_in(page, live_server, "officer_bct")
    assert submitted_count(page, live_server) == "0"
    page.goto(url)
    assert "Bổ sung số liệu" in page.locator("[data-return-comment]").inner_text()
    page.fill("#id_narrative", "Đã giải ngân 2,5 tỷ đồng trong quý II.")
    page.fill("#id_percent_done", "60")
    page.click("button[name=save]")
    page.wait_for_url(url)
    page.click("button[name=submit]")
    page.wait_for_selector("[data-status=submitted]")
    assert submitted_count(page, live_server) == "1"
    assert page.locator(".chart svg").count() > 0  # ECharts drew the charts
