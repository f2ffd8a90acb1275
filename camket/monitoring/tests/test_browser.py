"""Real Chromium (Debian's, through Playwright): return, fix, resubmit, and the dashboard moves."""

from camket.conftest import BROWSER_TEST, log_in, make_commitment, make_user
from camket.monitoring import actions
from camket.monitoring.tests.factories import make_cycle, make_task, open_reports

pytestmark = BROWSER_TEST


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
