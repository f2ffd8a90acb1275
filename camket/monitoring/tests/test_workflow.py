import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from camket.audit.models import AuditEvent
from camket.monitoring import actions
from camket.monitoring.models import Notification, ProgressReport

Status = ProgressReport.Status


def test_opening_a_cycle_creates_one_draft_per_task_of_each_agency(reports, bct_task, btc_task):
    assert {code: r.task for code, r in reports.items()} == {"bct": bct_task, "btc": btc_task}
    assert all(r.status == Status.DRAFT for r in reports.values())
    assert all(str(r.due_on) == "2026-07-15" for r in reports.values())


def test_commitment_without_task_gets_a_commitment_report(db, vkfta):
    from camket.monitoring.tests.factories import make_cycle, open_reports

    (report,) = open_reports(make_cycle("bct"))
    assert report.commitment == vkfta and report.task is None


def test_officer_submits_and_leader_approves(bct_report, officer_bct, leader_bct, on_commit):
    with on_commit(execute=True):
        actions.submit_report(bct_report, acting_user=officer_bct)
    bct_report.refresh_from_db()
    assert bct_report.status == Status.SUBMITTED
    assert bct_report.submitted_on is not None
    assert Notification.objects.filter(user=leader_bct).exists()
    actions.approve_report(bct_report, acting_user=leader_bct)
    bct_report.refresh_from_db()
    assert bct_report.status == Status.APPROVED
    assert list(
        AuditEvent.objects.about(bct_report).order_by("pk").values_list("action", flat=True)
    ) == ["report.submitted", "report.approved"]


def test_leader_returns_with_comment_then_officer_resubmits(
    bct_report, officer_bct, leader_bct, on_commit
):
    actions.submit_report(bct_report, acting_user=officer_bct)
    first = ProgressReport.objects.get(pk=bct_report.pk).submitted_on
    with on_commit(execute=True):
        actions.return_report(bct_report, acting_user=leader_bct, comment="Bổ sung số liệu.")
    bct_report.refresh_from_db()
    assert bct_report.status == Status.RETURNED
    assert bct_report.return_comment == "Bổ sung số liệu."
    assert Notification.objects.filter(user=officer_bct).exists()
    actions.submit_report(bct_report, acting_user=officer_bct)
    bct_report.refresh_from_db()
    assert bct_report.status == Status.SUBMITTED
    assert bct_report.submitted_on == first


def test_return_needs_a_comment(bct_report, officer_bct, leader_bct):
    actions.submit_report(bct_report, acting_user=officer_bct)
    with pytest.raises(ValidationError):
        actions.return_report(bct_report, acting_user=leader_bct, comment="  ")


@pytest.mark.parametrize("persona", ["officer_bct", "coordinator", "officer_btc", "observer"])
def test_only_the_agency_leader_approves(bct_report, officer_bct, persona, request):
    actions.submit_report(bct_report, acting_user=officer_bct)
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        actions.approve_report(bct_report, acting_user=user)
    with pytest.raises(PermissionDenied):
        actions.return_report(bct_report, acting_user=user, comment="Không đạt")


@pytest.mark.parametrize("persona", ["officer_btc", "coordinator", "observer", "officer_hanoi"])
def test_other_agencies_cannot_submit(bct_report, persona, request):
    with pytest.raises(PermissionDenied):
        actions.submit_report(bct_report, acting_user=request.getfixturevalue(persona))


def test_draft_cannot_be_approved_and_approved_cannot_be_resubmitted(
    bct_report, officer_bct, leader_bct
):
    with pytest.raises(PermissionDenied):
        actions.approve_report(bct_report, acting_user=leader_bct)
    actions.submit_report(bct_report, acting_user=officer_bct)
    with pytest.raises(PermissionDenied):
        actions.submit_report(bct_report, acting_user=officer_bct)
    actions.approve_report(bct_report, acting_user=leader_bct)
    with pytest.raises(PermissionDenied):
        actions.submit_report(bct_report, acting_user=officer_bct)
    with pytest.raises(PermissionDenied):
        actions.return_report(bct_report, acting_user=leader_bct, comment="Muộn")
    assert ProgressReport.objects.get(pk=bct_report.pk).status == Status.APPROVED


def test_coordinator_opens_cycles_and_sends_urging_but_officers_cannot(
    db, officer_bct, coordinator, mailoutbox, on_commit
):
    from camket.agencies.models import Agency
    from camket.monitoring.forms import UrgingForm

    bct = Agency.objects.get(code="bct")
    officer_bct.email = "officer@bct.gov.vn"
    officer_bct.save()
    data = {"subject": "Đôn đốc báo cáo 6 tháng", "body": "Đề nghị Bộ Công Thương gửi báo cáo."}
    with pytest.raises(PermissionDenied):
        actions.send_urging(UrgingForm(data), bct, acting_user=officer_bct)
    form = UrgingForm(data)
    assert form.is_valid()
    with on_commit(execute=True):
        notice = actions.send_urging(form, bct, acting_user=coordinator)
    assert notice.agency == bct
    assert AuditEvent.objects.filter(action="urging.sent").count() == 1
    assert Notification.objects.filter(user=officer_bct).exists()
    assert [m.to for m in mailoutbox] == [["officer@bct.gov.vn"]]
