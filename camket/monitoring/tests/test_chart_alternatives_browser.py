"""In Chromium, each chart is an image named by its title and described by its table of figures."""

import re

from playwright.sync_api import expect

from camket.conftest import BROWSER_TEST, log_in, make_commitment, make_user
from camket.monitoring import actions
from camket.monitoring.tests.factories import make_cycle, make_task, open_reports

pytestmark = BROWSER_TEST


def test_screen_readers_get_each_charts_figures(page, live_server, django_user_model):
    officer = make_user(django_user_model, "officer_bct", "bct", "officer")
    make_task(make_commitment())
    (report,) = open_reports(make_cycle("bct"))
    actions.submit_report(report, acting_user=officer)
    log_in(page, live_server, "officer_bct")
    page.goto(f"{live_server.url}/monitoring/")
    page.wait_for_selector(".chart svg")  # drawn: ECharts has not replaced the name or the role
    charts = page.locator("[data-chart]")
    assert charts.count() >= 8
    for chart in charts.all():
        table = page.locator(f"#{chart.get_attribute('aria-describedby')}")
        cells = [c.strip() for c in table.locator("th, td").all_text_contents()]
        assert all(cells), chart.get_attribute("data-chart")
        expect(chart).to_have_role("img")
        expect(chart).to_have_accessible_name(chart.locator("xpath=../h2").inner_text())
        in_order = r"\s*".join(re.escape(c) for c in cells)
        expect(chart).to_have_accessible_description(re.compile(rf"^\s*{in_order}\s*$"))
    status = page.locator("[data-chart=chart-report-status]")
    expect(status).to_have_accessible_name("Báo cáo theo trạng thái")
    expect(status).to_have_accessible_description(re.compile("Đã gửi 1"))
