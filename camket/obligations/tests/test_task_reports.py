"""A task's page leads to its progress reports: those the reader may see, through the same predicate."""

from django.urls import reverse

from camket.monitoring import actions
from camket.monitoring.tests.factories import make_cycle, make_task, open_reports


def test_the_agency_reaches_its_report_from_the_task(client, vkfta, officer_bct):
    task = make_task(vkfta)
    (report,) = open_reports(make_cycle("bct"))
    client.force_login(officer_bct)
    html = client.get(reverse("obligations:task-detail", args=[task.pk])).content.decode()
    assert f'href="{report.get_absolute_url()}" data-report="{report.pk}"' in html
    assert "Báo cáo tình hình thực hiện" in html and "6 tháng đầu năm 2026" in html


def test_an_observer_sees_the_report_only_once_approved(
    client, vkfta, officer_bct, leader_bct, observer
):
    task = make_task(vkfta)
    (report,) = open_reports(make_cycle("bct"))
    client.force_login(observer)
    url = reverse("obligations:task-detail", args=[task.pk])
    assert f'data-report="{report.pk}"' not in client.get(url).content.decode()
    actions.submit_report(report, acting_user=officer_bct)
    actions.approve_report(report, acting_user=leader_bct)
    assert f'data-report="{report.pk}"' in client.get(url).content.decode()
