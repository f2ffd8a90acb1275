import datetime as dt

import pytest

from camket.monitoring import formulas, stats
from camket.monitoring.models import ProgressReport
from camket.monitoring.tests.factories import make_task
from camket.obligations.models import Task

TODAY = dt.date(2026, 7, 20)
Status = ProgressReport.Status


@pytest.fixture
def figures(vkfta, bct_task, btc_task):
    """Three tasks, three reports; hand-computed figures in each test."""
    from camket.monitoring.tests.factories import make_cycle, open_reports

    done = make_task(
        vkfta,
        title="Ban hành thông tư hướng dẫn",
        status=Task.Status.COMPLETED,
        due_on="2026-03-31",
    )
    cycle = make_cycle("bct", "btc")
    by_task = {r.task_id: r for r in open_reports(cycle)}
    _set(by_task[bct_task.pk], status=Status.APPROVED, submitted_on="2026-07-10", percent_done=60)
    _set(by_task[done.pk], status=Status.SUBMITTED, submitted_on="2026-07-18", percent_done=100)
    return cycle


def _set(report, **fields):
    """Save through the model, as the app does, so the dashboard counts follow."""
    for name, value in fields.items():
        setattr(report, name, value)
    report.save()


def test_on_time_rate_formula():
    assert formulas.on_time_rate(2, 3) == 66.7
    assert formulas.on_time_rate(0, 0) is None
    assert formulas.completion_rate(1, 3) == 33.3


def test_coordinator_sees_every_agency(figures, coordinator):
    board = stats.dashboard(coordinator, TODAY, figures)
    assert (board.commitments, board.tasks, board.tasks_completed, board.tasks_overdue) == (
        2,
        3,
        1,
        2,
    )
    assert (board.reports.expected, board.reports.submitted, board.reports.approved) == (3, 2, 1)
    assert (board.reports.due, board.reports.on_time, board.reports.overdue) == (3, 1, 1)
    assert board.reports.on_time_rate == 33.3
    assert board.reports.average_percent == 60.0
    assert {a.code: (a.tasks, a.overdue, a.reports.on_time_rate) for a in board.agencies} == {
        "bct": (2, 1, 50.0),
        "btc": (1, 1, 0.0),
    }


def test_officer_dashboard_never_counts_another_agency(figures, officer_bct):
    board = stats.dashboard(officer_bct, TODAY, figures)
    assert (board.commitments, board.tasks, board.tasks_overdue) == (1, 2, 1)
    assert board.reports.expected == 2
    assert board.reports.on_time_rate == 50.0
    assert [a.code for a in board.agencies] == ["bct"]
    assert [b.key for b in board.by_lead] == ["bct"]


def test_buckets_link_to_the_lists_they_count(figures, coordinator):
    board = stats.dashboard(coordinator, TODAY, figures)
    kinds = {b.key: b for b in board.by_kind}
    assert kinds["treaty"].count == 1
    assert kinds["treaty"].url == "/register/?kind=treaty"
    statuses = {b.key: b.count for b in board.report_status}
    assert statuses == {"draft": 1, "submitted": 1, "approved": 1}
    assert [(b.key, b.count) for b in board.progress] == [("not_started", 1)]


def test_closed_cycles_read_frozen_tallies(figures, coordinator):
    from camket.monitoring import actions

    live = stats.cycle_series(coordinator, TODAY)[0].figures
    actions.close_cycle(figures, acting_user=coordinator, today=TODAY)
    ProgressReport.objects.update(status=Status.APPROVED)  # after closing: figures stay frozen
    frozen = stats.cycle_series(coordinator, TODAY)[0].figures
    assert frozen == live


def test_agency_staff_count_the_tasks_they_lead_plan_or_support(vkfta, officer_bct):
    """Led by bct, in a bct plan but led by btc, supported by bct: counted once each, under
    their lead agency; a btc task in a btc plan is not counted."""
    from camket.agencies.models import Agency

    make_task(vkfta, title="Rà soát biểu thuế", due_on="2026-05-31")  # bct, overdue
    make_task(vkfta, title="Không có hạn", due_on=None)  # bct, no due date: never overdue
    in_bct_plan = make_task(vkfta, title="Phối hợp kiểm tra xuất xứ", due_on="2026-06-30")
    in_bct_plan.lead_agency = Agency.objects.get(code="btc")
    in_bct_plan.save()
    supported = make_task(vkfta, lead="btc", title="Hải quan điện tử", status="completed")
    supported.supporting_agencies.add(Agency.objects.get(code="bct"))
    make_task(vkfta, lead="btc", title="Quản lý thuế", due_on="2026-01-31")  # not bct's

    btc = Agency.objects.get(code="btc").pk
    bct = Agency.objects.get(code="bct").pk
    figures = stats.agency_task_figures({bct}, TODAY)
    assert figures == stats.task_rows(Task.objects.visible_to(officer_bct), TODAY)
    assert {k: (v["tasks"], v["completed"], v["overdue"]) for k, v in figures.items()} == {
        bct: (2, 0, 1),
        btc: (2, 1, 1),
    }
