import pytest
from django.urls import reverse

from camket.monitoring.models import ProgressReport

Status = ProgressReport.Status


def scoped_urls(report, cycle):
    return [
        reverse("monitoring:report-detail", args=[report.pk]),
        reverse("monitoring:cycle-detail", args=[cycle.pk]),
        reverse("monitoring:agency-detail", args=["bct"]),
    ]


def test_anonymous_users_are_sent_to_login(client, bct_report, cycle):
    urls = [
        *scoped_urls(bct_report, cycle),
        reverse("monitoring:dashboard"),
        reverse("monitoring:report-list"),
        reverse("monitoring:overdue-list"),
        reverse("monitoring:cycle-list"),
        reverse("monitoring:notification-list"),
        reverse("monitoring:official-report"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


def test_another_agency_gets_404(client, officer_btc, bct_report, cycle):
    client.force_login(officer_btc)
    for url in scoped_urls(bct_report, cycle)[::2]:  # the cycle covers both agencies
        assert client.get(url).status_code == 404, url
    post = reverse("monitoring:report-transition", args=[bct_report.pk, "submit"])
    assert client.post(post).status_code == 404


def test_other_cycle_is_404_for_an_agency_outside_it(client, officer_hanoi, cycle):
    client.force_login(officer_hanoi)
    assert client.get(reverse("monitoring:cycle-detail", args=[cycle.pk])).status_code == 404
    assert client.get(reverse("monitoring:dashboard") + f"?cycle={cycle.pk}").status_code == 404


def test_lists_show_only_the_users_agency(client, officer_bct, reports):
    client.force_login(officer_bct)
    response = client.get(reverse("monitoring:report-list"))
    assert list(response.context["page"].object_list) == [reports["bct"]]
    response = client.get(reverse("monitoring:task-list") + "?agency=btc")
    assert response.context["page"].paginator.count == 0


def test_officer_edits_and_submits_through_the_pages(client, officer_bct, bct_report):
    client.force_login(officer_bct)
    url = reverse("monitoring:report-detail", args=[bct_report.pk])
    data = {
        "progress": "on_track",
        "percent_done": "40",
        "narrative": "Đã hoàn thành dự thảo.",
        "difficulties": "",
        "proposals": "",
        "resources_amount": "",
        "resources_source": "",
        "version": bct_report.version,
    }
    assert client.post(url, data).status_code == 302
    bad = client.post(url, {**data, "percent_done": "140"})
    assert bad.status_code == 400
    submit = reverse("monitoring:report-transition", args=[bct_report.pk, "submit"])
    assert client.post(submit).status_code == 302
    bct_report.refresh_from_db()
    assert (bct_report.status, bct_report.percent_done) == (Status.SUBMITTED, 40)


def test_leader_returns_through_the_page_and_officer_cannot_approve(
    client, officer_bct, leader_bct, bct_report
):
    from camket.monitoring import actions

    actions.submit_report(bct_report, acting_user=officer_bct)
    client.force_login(officer_bct)
    approve = reverse("monitoring:report-transition", args=[bct_report.pk, "approve"])
    assert client.post(approve).status_code == 404
    client.force_login(leader_bct)
    back = reverse("monitoring:report-transition", args=[bct_report.pk, "return"])
    assert client.post(back, {"comment": ""}).status_code == 400
    assert client.post(back, {"comment": "Thiếu số liệu"}).status_code == 302
    bct_report.refresh_from_db()
    assert bct_report.status == Status.RETURNED


def test_coordinator_reads_only_approved_content(
    client, coordinator, officer_bct, leader_bct, bct_report
):
    from camket.monitoring import actions

    bct_report.narrative = "Nội dung nội bộ chưa duyệt"
    bct_report.save()
    client.force_login(coordinator)
    url = reverse("monitoring:report-detail", args=[bct_report.pk])
    assert "Nội dung nội bộ" not in client.get(url).content.decode()
    actions.submit_report(bct_report, acting_user=officer_bct)
    actions.approve_report(bct_report, acting_user=leader_bct)
    assert "Nội dung nội bộ" in client.get(url).content.decode()


def test_dashboard_renders_charts_and_links(client, coordinator, reports, cycle):
    client.force_login(coordinator)
    response = client.get(reverse("monitoring:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "echarts.min.js" in html and "langVI.js" in html
    assert 'data-kpi="reports"' in html
    assert response.context["board"].reports.expected == 2


def test_coordinator_opens_a_cycle_and_urges_an_agency(client, coordinator, bct_task):
    from camket.agencies.models import Agency

    client.force_login(coordinator)
    response = client.post(
        reverse("monitoring:cycle-create"),
        {
            "title": "Năm 2026",
            "frequency": "yearly",
            "starts_on": "01/01/2026",
            "ends_on": "31/12/2026",
            "due_on": "15/01/2027",
            "agencies": [Agency.objects.get(code="bct").pk],
        },
    )
    assert response.status_code == 302
    assert ProgressReport.objects.filter(task=bct_task).count() == 1
    url = reverse("monitoring:agency-detail", args=["bct"])
    response = client.post(
        url, {"subject": "Đôn đốc nộp báo cáo năm", "body": "Đề nghị gửi báo cáo."}
    )
    assert response.status_code == 302
    assert "Đôn đốc nộp báo cáo năm" in client.get(url).content.decode()


@pytest.mark.parametrize("persona", ["officer_bct", "leader_bct", "observer"])
def test_only_coordinators_open_cycles_or_urge(db, client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("monitoring:cycle-create")).status_code == 404
    url = reverse("monitoring:agency-detail", args=["bct"])
    assert client.post(url, {"subject": "x", "body": "y"}).status_code in {404}


def _facet(html: str, name: str) -> dict[str, int]:
    """{value: count} of one facet in a rendered list page."""
    import re

    pattern = rf'data-facet="{name}" data-value="([^"]+)">[^<]*</a> <span class="count">(\d+)'
    return {value: int(count) for value, count in re.findall(pattern, html)}


def test_overdue_list_counts_by_lead_agency_and_filters(client, coordinator, reports, vkfta):
    from camket.monitoring.tests.factories import make_task

    make_task(vkfta, due_on="2026-01-31")
    client.force_login(coordinator)
    url = reverse("monitoring:overdue-list")
    with _today("2026-07-20"):
        html = client.get(url).content.decode()
        assert _facet(html, "agency") == {"bct": 2, "btc": 1}
        assert "170 ngày" in html  # due 31/01/2026, overdue by 170 days on 20/07/2026
        narrowed = client.get(url, {"agency": "btc"}).content.decode()
    assert _facet(narrowed, "agency") == {"bct": 2, "btc": 1}  # still offers every agency
    assert 'data-count="1"' in narrowed


def test_report_list_counts_by_status_within_the_other_filters(
    client, officer_bct, leader_bct, coordinator, reports, cycle
):
    from camket.monitoring import actions

    actions.submit_report(reports["bct"], acting_user=officer_bct)
    client.force_login(coordinator)
    url = reverse("monitoring:report-list")
    html = client.get(url, {"cycle": cycle.pk, "status": "draft"}).content.decode()
    statuses = _facet(html, "status")
    assert (statuses["draft"], statuses["submitted"], statuses["approved"]) == (1, 1, 0)
    assert _facet(html, "agency") == {"btc": 1}  # drafts only
    client.force_login(officer_bct)  # another agency's reports are never counted
    html = client.get(url, {"cycle": cycle.pk}).content.decode()
    assert _facet(html, "agency") == {"bct": 1}
    assert _facet(html, "status")["draft"] == 0


def _today(iso: str):
    import datetime as dt
    from unittest import mock

    return mock.patch("django.utils.timezone.localdate", return_value=dt.date.fromisoformat(iso))


@pytest.mark.parametrize(("language", "shown"), [("vi", "300.000"), ("en", "300,000")])
def test_large_figures_are_grouped_in_each_language(language, shown):
    from django.template import Context, Template
    from django.utils import translation

    template = Template("{% load humanize %}{{ n|intcomma }} {{ n }}")
    with translation.override(language):
        assert template.render(Context({"n": 300000})) == f"{shown} 300000"
