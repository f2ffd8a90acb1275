"""The counts behind the dashboards stay equal to the rows they count, whatever the write."""

import datetime as dt

import pytest
from django.core.management import call_command

from camket.agencies.models import Agency
from camket.monitoring import actions, counts, stats
from camket.monitoring.models import ProgressReport, ReportCount, ReportingCycle, TaskCount
from camket.monitoring.tests.factories import make_cycle, make_task, open_reports
from camket.obligations.models import Task

TODAY = dt.date(2026, 7, 20)


def counted(cycle) -> dict:
    return stats.report_rows(ReportCount.objects.filter(cycle=cycle), TODAY)


def live(cycle) -> dict:
    return stats.report_rows(ProgressReport.objects.filter(cycle=cycle), TODAY)


def assert_in_step(*cycles):
    for cycle in cycles:
        assert counted(cycle) == live(cycle)
    assert counts.task_figures(TODAY) == stats.task_rows(Task.objects.all(), TODAY)


@pytest.fixture
def three_reports(vkfta, bct_task, btc_task):
    make_task(vkfta, title="Ban hành thông tư hướng dẫn", due_on="2026-03-31")
    cycle = make_cycle("bct", "btc")
    return cycle, {r.pk: r for r in open_reports(cycle)}


def test_opening_a_cycle_counts_its_drafts(three_reports):
    cycle, _ = three_reports
    assert counted(cycle) and sum(r["expected"] for r in counted(cycle).values()) == 3
    assert_in_step(cycle)


def test_workflow_steps_move_the_counts(three_reports, bct_report, officer_bct, leader_bct):
    cycle, _ = three_reports
    report = ProgressReport.objects.get(cycle=cycle, task=bct_report.task)
    report.percent_done, report.progress = 40, ProgressReport.Progress.ON_TRACK
    report.save()
    actions.submit_report(report, acting_user=officer_bct)
    assert_in_step(cycle)
    actions.return_report(report, acting_user=leader_bct, comment="Bổ sung số liệu.")
    assert_in_step(cycle)
    actions.submit_report(report, acting_user=officer_bct)
    actions.approve_report(report, acting_user=leader_bct)
    assert_in_step(cycle)
    bct = counted(cycle)[Agency.objects.get(code="bct").pk]
    assert (bct["approved"], bct["percent_sum"]) == (1, 40)


def test_deletes_that_cascade_are_counted(three_reports, vkfta, restricted_btc):
    cycle, _ = three_reports
    other = make_cycle("bct", "btc", title="6 tháng cuối năm 2026")
    open_reports(other)
    bct = Agency.objects.get(code="bct").pk
    before = counted(cycle)[bct]["expected"]
    Task.objects.filter(lead_agency_id=bct).first().delete()  # its reports go with it
    assert counted(cycle)[bct]["expected"] == before - 1
    assert_in_step(cycle, other)
    restricted_btc.delete()  # its obligations, links and commitment reports go with it
    assert_in_step(cycle, other)
    other.delete()
    assert not ReportCount.objects.filter(cycle_id=other.pk).exists()
    assert_in_step(cycle)


def test_a_task_moved_to_another_lead_agency_is_counted_once(three_reports, bct_task):
    before = counts.task_figures(TODAY)
    bct, btc = (Agency.objects.get(code=c).pk for c in ("bct", "btc"))
    bct_task.lead_agency_id = btc
    bct_task.save()
    after = counts.task_figures(TODAY)
    assert after[bct]["tasks"] == before[bct]["tasks"] - 1
    assert after[btc]["tasks"] == before[btc]["tasks"] + 1
    assert_in_step()


def test_overdue_tasks_across_the_month_boundary(db, vkfta):
    # TODAY is 20/07: a task due 19/07 is overdue (read live), one due 30/06 is overdue
    # (from the counts), one due 20/07 is not yet, a completed one never is.
    for due in ("2026-06-30", "2026-07-19", "2026-07-20"):
        make_task(vkfta, due_on=due)
    make_task(vkfta, due_on="2026-07-01", status=Task.Status.COMPLETED)
    make_task(vkfta, due_on=None)
    bct = Agency.objects.get(code="bct").pk
    assert counts.task_figures(TODAY)[bct] == {
        "lead_agency_id": bct,
        "tasks": 5,
        "completed": 1,
        "overdue": 2,
    }
    assert_in_step()


def test_recount_rebuilds_the_same_rows(three_reports, capsys):
    cycle, _ = three_reports
    ProgressReport.objects.filter(cycle=cycle).update(status=ProgressReport.Status.APPROVED)
    assert counted(cycle) != live(cycle)  # a bulk update sends no signal...
    call_command("recount")
    assert_in_step(cycle)  # ...and ``camket recount`` repairs it
    assert "report count rows" in capsys.readouterr().out
    assert ReportCount.objects.exists() and TaskCount.objects.exists()


def test_closing_a_cycle_freezes_the_counted_figures(three_reports, coordinator):
    cycle, _ = three_reports
    actions.close_cycle(cycle, acting_user=coordinator, today=TODAY)
    cycle = ReportingCycle.objects.get(pk=cycle.pk)
    frozen = {t.agency_id: t.expected for t in cycle.tallies.all()}
    assert frozen == {agency: row["expected"] for agency, row in live(cycle).items()}
