"""The demo's reporting cycle: the current half-year, draft reports only, opened once."""

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from camket.conftest import make_commitment
from camket.monitoring.demo import half_year, open_demo_cycle
from camket.monitoring.models import ProgressReport, ReportingCycle
from camket.obligations.models import Task
from camket.registry.models import Commitment

D = dt.date.fromisoformat


@pytest.mark.parametrize(
    ("today", "title", "period", "due"),
    [
        ("2026-11-23", "6 tháng cuối năm 2026", ("2026-07-01", "2026-12-31"), "2027-01-15"),
        ("2026-07-01", "6 tháng cuối năm 2026", ("2026-07-01", "2026-12-31"), "2027-01-15"),
        ("2027-06-30", "6 tháng đầu năm 2027", ("2027-01-01", "2027-06-30"), "2027-07-15"),
    ],
)
def test_half_year_is_the_one_containing_today(today, title, period, due):
    expected = half_year(D(today))
    assert (expected.title, expected.starts_on, expected.ends_on) == (title, *map(D, period))
    assert expected.due_on == D(due)


@pytest.mark.django_db
def test_createdemo_opens_one_cycle_of_draft_reports_and_is_idempotent():
    out = StringIO()
    call_command("createdemo", "--no-texts", stdout=out)
    period = half_year(timezone.localdate())
    assert f"Reporting cycle “{period.title}” (opened)" in out.getvalue()

    cycle = ReportingCycle.objects.get(is_sample=False)
    party = Commitment.objects.filter(is_reference=False)
    # One report per commitment, and one per task (the tasks of Decision 328/QĐ-TTg, loaded
    # when ../shared/data is there) led by an agency of the cycle.
    tasks = Task.objects.filter(lead_agency__in=cycle.agencies.all())
    assert (cycle.title, cycle.starts_on, cycle.due_on) == (
        period.title,
        period.starts_on,
        period.due_on,
    )
    assert not cycle.commitments.exists()  # every commitment
    assert set(cycle.agencies.values_list("pk", flat=True)) == set(
        party.values_list("lead_agency_id", flat=True)
    )
    assert cycle.reports.count() == party.count() + tasks.count() > 0
    assert set(cycle.reports.filter(task=None).values_list("commitment", "agency")) == set(
        party.values_list("pk", "lead_agency_id")
    )
    assert cycle.reports.exclude(status=ProgressReport.Status.DRAFT).count() == 0
    assert cycle.reports.exclude(narrative="", percent_done=0).count() == 0
    officer = get_user_model().objects.get(username="canbo.bct")
    mine = ProgressReport.objects.visible_to(officer)
    mine = mine.filter(cycle=cycle)
    bct = party.filter(lead_agency__code="bct").count() + tasks.filter(lead_agency__code="bct").count()
    assert mine.count() == bct > 0

    again = StringIO()
    call_command("createdemo", "--no-texts", stdout=again)
    assert "(already open): draft reports created 0" in again.getvalue()
    assert ReportingCycle.objects.filter(is_sample=False).count() == 1
    assert cycle.reports.count() == party.count() + tasks.count()


@pytest.mark.django_db
def test_demo_cycle_gains_the_reports_of_commitments_loaded_later(vkfta):
    today = D("2026-11-23")
    first = open_demo_cycle(today=today)
    assert (first.created, first.reports, first.cycle.title) == (True, 1, "6 tháng cuối năm 2026")
    make_commitment(
        "vn/agreement/2023/btc-noi-bo",
        title_vi="Thỏa thuận quốc tế nội bộ của Bộ Tài chính",
        lead="btc",
    )
    second = open_demo_cycle(today=today)
    assert (second.cycle, second.created, second.reports) == (first.cycle, False, 1)
    assert set(second.cycle.agencies.values_list("code", flat=True)) == {"bct", "btc"}
    assert open_demo_cycle(today=today).reports == 0
    second.cycle.is_closed = True
    second.cycle.save()
    make_commitment(
        "vn/treaty/2008/vjepa", title_vi="Hiệp định Đối tác kinh tế Việt Nam - Nhật Bản"
    )
    assert open_demo_cycle(today=today).reports == 0  # a closed cycle is left alone
    assert ReportingCycle.objects.count() == 1
