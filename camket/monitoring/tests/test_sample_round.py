"""The demo's sample reporting round: flagged, closed, kept apart from real reports."""

import datetime as dt

import pytest
from django.test import Client

from camket.monitoring import official, stats
from camket.monitoring.demo import SAMPLE_PREFIX, create_sample_round, open_demo_cycle
from camket.monitoring.models import ProgressReport
from camket.registry.loader import load_file

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def rounds(db, coordinator):
    load_file()
    sample = create_sample_round(acting_user=coordinator, today=TODAY)
    real = open_demo_cycle(acting_user=coordinator, today=TODAY)
    return sample, real


def test_the_sample_round_is_the_previous_half_year_flagged_and_closed(rounds, coordinator):
    sample, real = rounds
    cycle = sample.cycle
    assert (cycle.title, str(cycle.starts_on)) == (
        "6 tháng đầu năm 2026 (dữ liệu mẫu)",
        "2026-01-01",
    )
    assert cycle.is_sample and cycle.is_closed and sample.reports > 0
    assert not cycle.reports.exclude(status=ProgressReport.Status.APPROVED).exists()
    assert not cycle.reports.exclude(narrative__startswith=SAMPLE_PREFIX).exists()
    assert real.cycle.pk != cycle.pk and not real.cycle.is_sample
    assert not real.cycle.reports.filter(narrative__startswith=SAMPLE_PREFIX).exists()
    again = create_sample_round(acting_user=coordinator, today=TODAY)
    assert (again.created, again.reports, again.cycle.pk) == (False, 0, cycle.pk)


def test_dashboards_show_the_sample_figures_with_the_banner(rounds, coordinator):
    sample, _real = rounds
    board = stats.dashboard(coordinator, TODAY, sample.cycle)
    assert board.progress and sum(b.count for b in board.progress) == sample.reports
    client = Client()
    client.force_login(coordinator)
    page = client.get(f"/monitoring/?cycle={sample.cycle.pk}").content.decode()
    assert 'id="sample-banner"' in page
    assert 'id="sample-banner"' not in client.get("/register/").content.decode()


def test_a_year_report_never_mixes_sample_and_real_cycles(rounds, coordinator):
    sample, real = rounds
    periods = official.periods(coordinator)
    years = [p for p in periods if p.is_year]
    assert all(sample.cycle not in p.cycles for p in years)
    assert any(real.cycle in p.cycles for p in years)
    own = next(p for p in periods if p.key == f"cycle-{sample.cycle.pk}")
    report = official.build(coordinator, own, TODAY)
    assert "Dữ liệu mẫu" in report.subtitle


def test_a_dashboard_without_approved_reports_points_at_a_cycle_with_figures(rounds, coordinator):
    sample, real = rounds
    client = Client()
    client.force_login(coordinator)
    page = client.get(f"/monitoring/?cycle={real.cycle.pk}").content.decode()
    hint = page.split('id="figures-cycle">')[1].split("</p>")[0]
    assert f"?cycle={sample.cycle.pk}" in hint and "(dữ liệu mẫu)" in hint
    own = client.get(f"/monitoring/?cycle={sample.cycle.pk}").content.decode()
    assert 'id="figures-cycle"' not in own


def test_the_dashboard_opens_on_the_latest_cycle_with_figures_and_links_the_current(
    rounds, coordinator
):
    sample, real = rounds
    client = Client()
    client.force_login(coordinator)
    page = client.get("/monitoring/").content.decode()
    selected = page.split('id="id_cycle"')[1].split("</select>")[0]
    assert f'<option value="{sample.cycle.pk}" selected>' in selected
    assert 'id="sample-banner"' in page
    approved = ProgressReport.objects.filter(cycle=sample.cycle, status="approved").count()
    assert f'data-kpi="approved"><strong>{approved}</strong>' in page.replace(".", "")
    hint = page.split('id="current-cycle">')[1].split("</p>")[0]
    assert f"?cycle={real.cycle.pk}" in hint and real.cycle.title in hint
    chosen = client.get(f"/monitoring/?cycle={real.cycle.pk}").content.decode()
    assert 'id="current-cycle"' not in chosen
    assert f'<option value="{real.cycle.pk}" selected>' in chosen
