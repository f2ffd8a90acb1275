"""The official report for a period (a cycle or a whole year) and a scope (everything or one
agency): figures added up over the year's cycles, and never beyond what the user may see."""

import datetime as dt
import io

import pytest
from django.urls import reverse

from camket.monitoring import actions, official
from camket.monitoring.tests.factories import make_cycle, open_reports

TODAY = dt.date(2026, 12, 20)


@pytest.fixture
def year(cycle, reports, officer_bct, leader_bct, coordinator):
    """2026 in two cycles: the first closed with one approved report of bct (and btc's still
    due), the second open with two drafts. Returns the second cycle."""
    bct = reports["bct"]
    bct.difficulties = "Thiếu kinh phí và nhân lực chuyên trách."
    bct.percent_done = 60
    bct.save()
    actions.submit_report(bct, acting_user=officer_bct)
    actions.approve_report(bct, acting_user=leader_bct)
    bct.refresh_from_db()
    bct.submitted_on = dt.date(2026, 7, 10)  # as if sent before the cycle's due date
    bct.save()
    actions.close_cycle(cycle, acting_user=coordinator, today=TODAY)
    second = make_cycle(
        "bct",
        "btc",
        title="6 tháng cuối năm 2026",
        starts_on="2026-07-01",
        ends_on="2026-12-31",
        due_on="2027-01-15",
    )
    open_reports(second)
    return second


def test_year_adds_up_the_reports_of_its_cycles(year, coordinator):
    period = official.period_of(coordinator, "year-2026")
    assert len(period.cycles) == 2
    report = official.build(coordinator, period, TODAY)
    figures = report.board.reports
    # 2 reports in each cycle; bct's first one approved, on time (submitted before 15/07/2026)
    assert (figures.expected, figures.submitted, figures.approved) == (4, 1, 1)
    assert (figures.due, figures.on_time, figures.overdue) == (2, 1, 1)
    assert figures.average_percent == 60
    assert "năm 2026" in report.subtitle
    assert report.difficulties == [("Bộ Công Thương", "Thiếu kinh phí và nhân lực chuyên trách.")]


def test_one_cycle_counts_only_its_own_reports(year, coordinator):
    report = official.build(coordinator, official.period_of(coordinator, f"cycle-{year.pk}"), TODAY)
    assert (report.board.reports.expected, report.board.reports.approved) == (2, 0)
    assert report.difficulties == []


def test_narrowed_to_one_agency_counts_only_that_agency(year, coordinator):
    from camket.agencies.models import Agency

    btc = Agency.objects.get(code="btc")
    report = official.build(coordinator, official.period_of(coordinator, "year-2026"), TODAY, btc)
    assert [a.code for a in report.board.agencies] == ["btc"]
    assert (report.board.reports.expected, report.board.reports.approved) == (2, 0)
    assert report.board.tasks == 1
    assert {row[1] for row in report.overdue} == {"Bộ Tài chính"}
    assert report.difficulties == []
    assert "Bộ Tài chính" in report.subtitle


def test_year_docx_through_the_page(client, year, coordinator):
    from docx import Document

    client.force_login(coordinator)
    url = reverse("monitoring:official-report") + "?period=year-2026&agency=bct&format=docx"
    response = client.get(url)
    name = "bao-cao-tinh-hinh-thuc-hien-nam-2026-bo-cong-thuong.docx"
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"{name}\"; filename*=UTF-8''{name}"
    )
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "năm 2026" in text and "Bộ Công Thương" in text
    assert "Số báo cáo phải nộp: 2;" in text


def test_form_offers_years_then_cycles_and_the_users_agencies(client, year, officer_bct):
    client.force_login(officer_bct)
    page = client.get(reverse("monitoring:official-report")).content.decode()
    assert 'value="year-2026"' in page and f'value="cycle-{year.pk}"' in page
    assert 'value="bct"' in page and 'value="btc"' not in page


@pytest.mark.parametrize(
    "query",
    ["?period=year-2026&agency=btc&format=pdf", "?period=year-1990&format=pdf", "?period=x"],
)
def test_another_agency_or_an_unknown_period_is_404(client, year, officer_bct, query):
    client.force_login(officer_bct)
    assert client.get(reverse("monitoring:official-report") + query).status_code == 404


def test_figures_are_written_as_each_language_writes_them():
    from django.utils import translation

    with translation.override("vi"):
        assert (official.figure(300_000), official.figure(47.66, 1)) == ("300.000", "47,7")
    with translation.override("en"):
        assert (official.figure(300_000), official.figure(47.66, 1)) == ("300,000", "47.7")
    assert official.figure(None) == "–"


def test_a_period_with_no_report_due_says_so_instead_of_a_dash_percent(year, coordinator):
    from django.utils import translation

    period = official.period_of(coordinator, f"cycle-{year.pk}")
    report = official.build(coordinator, period, TODAY)
    assert report.board.reports.on_time_rate is None
    with translation.override("vi"):
        lines = official.summary_lines(report)
    assert lines[-1] == "Tỷ lệ báo cáo đúng hạn: chưa có số liệu."
    assert not any("–%" in line for line in lines)
