"""Real Chromium (Debian's, through Playwright): return, fix, resubmit, and the dashboard moves."""

from camket.conftest import BROWSER_TEST, click_and_load, log_in, make_commitment, make_user
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
    click_and_load(page, "button[name=save]")
    page.click("button[name=submit]")
    page.wait_for_selector("[data-status=submitted]")
    assert submitted_count(page, live_server) == "1"
    assert page.locator(".chart svg").count() > 0  # ECharts drew the charts


def search(page, query: str, press: str | None = None) -> None:
    """Type a search into the commitment picker and wait for the answer to that search."""
    page.fill("#id_commitments_search", query)
    if press:
        page.press("#id_commitments_search", press)
    page.wait_for_selector(f"#id_commitments_options .picker-results[data-query='{query}']")


def chosen_codes(page) -> list[str]:
    return sorted(page.locator("#id_commitments_chosen li .code").all_inner_texts())


def test_coordinator_picks_commitments_by_searching(page, live_server, django_user_model):
    from camket.agencies.models import Agency
    from camket.monitoring.models import ReportingCycle

    make_user(django_user_model, "coordinator", "bng-vulpdu", "coordinator")
    vkfta = make_commitment()
    customs = make_commitment(
        "vn/agreement/2024/btc-hop-tac-hai-quan",
        title_vi="Thỏa thuận hợp tác về hải quan giữa Bộ Tài chính và đối tác",
        title_en="Customs cooperation arrangement",
        short_name="HQ-2024",
        lead="btc",
        events=(("signature", "2024-03-01"),),
    )
    make_commitment(
        "vn/treaty/2008/vjepa", title_vi="Hiệp định Đối tác kinh tế Việt Nam - Nhật Bản"
    )
    make_task(vkfta)
    log_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/monitoring/cycles/new/")
    assert page.locator("input[name=commitments]").count() == 0
    page.fill("#id_title", "6 tháng cuối năm 2026")
    page.fill("#id_starts_on", "2026-07-01")  # a date input takes ISO; it shows dd/mm/yyyy
    page.fill("#id_ends_on", "2026-12-31")
    page.fill("#id_due_on", "2027-01-15")
    agencies = Agency.objects.filter(code__in=["bct", "btc"]).values_list("pk", flat=True)
    page.select_option("#id_agencies", [str(pk) for pk in agencies])

    search(page, "han quoc")  # no diacritics
    page.check(f"input[name=commitments][value='{vkfta.pk}']")
    search(page, "hai quan", press="Enter")  # searches, does not open the cycle
    page.check(f"input[name=commitments][value='{customs.pk}']")
    assert chosen_codes(page) == sorted([vkfta.code, customs.code])
    assert page.locator("[data-picker-count]").inner_text() == "2"
    assert page.is_checked(f"input[name=commitments][value='{vkfta.pk}']")  # kept
    assert page.locator("input[name=commitments]").count() == 2
    assert not ReportingCycle.objects.exists()

    page.click("button[name=open]")
    page.wait_for_url(f"{live_server.url}/monitoring/cycles/*/")
    cycle = ReportingCycle.objects.get()
    assert set(cycle.commitments.all()) == {vkfta, customs}
    assert cycle.reports.count() == 2  # VKFTA's task, and the customs agreement itself


def test_picker_keeps_a_tick_made_while_a_search_answer_is_on_its_way(
    page, live_server, django_user_model
):
    """A slow answer to a search sent before the tick must not drop the tick when it lands."""
    make_user(django_user_model, "coordinator", "bng-vulpdu", "coordinator")
    vkfta = make_commitment()
    make_commitment(
        "vn/agreement/2024/btc-hop-tac-hai-quan",
        title_vi="Thỏa thuận hợp tác về hải quan Hàn Quốc",
        lead="btc",
    )
    log_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/monitoring/cycles/new/")
    search(page, "han quoc")

    held = []

    def hold(route):
        held.append(route)

    page.route("**/monitoring/cycles/commitment-picker/**", hold)
    with page.expect_request("**/commitment-picker/**q=hai*"):
        page.fill("#id_commitments_search", "hai quan")
    page.check(f"input[name=commitments][value='{vkfta.pk}']")  # ticked before the answer
    assert held, "the search answer was not held back"
    for route in held:
        route.continue_()
    page.wait_for_selector("#id_commitments_options .picker-results[data-query='hai quan']")

    assert page.is_checked(f"input[name=commitments][value='{vkfta.pk}']")
    assert chosen_codes(page) == [vkfta.code]
    assert page.locator(f"input[name=commitments][value='{vkfta.pk}']").count() == 1
