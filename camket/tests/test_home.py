"""The home page per role and the unread count in the header (issue 11, "the first hour")."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from camket.agencies.models import Membership
from camket.audit.models import AuditEvent
from camket.conftest import make_user
from camket.home import build_home, unread_count
from camket.monitoring import actions, notify
from camket.monitoring.models import Notification, ProgressReport
from camket.monitoring.tests.factories import make_cycle, make_task, open_reports
from camket.obligations.models import Task

pytestmark = pytest.mark.django_db
Role = Membership.Role


def _iso(day: dt.date) -> str:
    return day.isoformat()


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def world(vkfta, restricted_btc, today):
    """A cycle due in 3 days over a BCT task and a BTC task; an overdue BCT task."""
    bct_task = make_task(vkfta, due_on=_iso(today + dt.timedelta(days=5)))
    btc_task = make_task(
        restricted_btc, lead="btc", title="Xây dựng cơ chế trao đổi thông tin hải quan"
    )
    late = make_task(
        vkfta,
        title="Ban hành thông tư hướng dẫn quy tắc xuất xứ",
        due_on=_iso(today - dt.timedelta(days=10)),
        status=Task.Status.NOT_STARTED,
    )
    cycle = make_cycle(
        "bct",
        "btc",
        due_on=_iso(today + dt.timedelta(days=3)),
        starts_on=_iso(today - dt.timedelta(days=90)),
        ends_on=_iso(today - dt.timedelta(days=1)),
    )
    reports = {(r.agency.code, r.task_id): r for r in open_reports(cycle)}
    return {
        "bct_task": bct_task,
        "btc_task": btc_task,
        "late": late,
        "cycle": cycle,
        "bct_report": reports[("bct", bct_task.pk)],
        "late_report": reports[("bct", late.pk)],
        "btc_report": reports[("btc", btc_task.pk)],
    }


def _write(report, user, text="Đã rà soát 12 văn bản về quy tắc xuất xứ."):
    content = {n: getattr(report, n) for n in actions.CONTENT_FIELDS}
    content.update(narrative=text, percent_done=40)
    return actions.save_report(report, content, acting_user=user, submit=True)


def test_officer_home_lists_due_report_overdue_task_and_nothing_of_another_agency(
    client, officer_bct, world
):
    client.force_login(officer_bct)
    page = client.get(reverse("home"))
    assert page.status_code == 200
    html = page.content.decode()
    due = html.split('data-home="due"', 1)[1].split("</section>", 1)[0]
    assert world["bct_report"].get_absolute_url() in due
    assert "Trong tuần này" in due
    tasks = html.split('data-home="due-tasks"', 1)[1].split("</section>", 1)[0]
    assert world["bct_task"].get_absolute_url() in tasks
    overdue = html.split('data-home="overdue"', 1)[1].split("</section>", 1)[0]
    assert world["late"].get_absolute_url() in overdue
    assert "Quá hạn" in overdue
    assert world["btc_report"].get_absolute_url() not in html
    assert "trao đổi thông tin hải quan" not in html
    assert "data-home-empty" not in html


def test_leader_sees_what_awaits_approval_and_officer_sees_it_returned(
    client, officer_bct, leader_bct, world, django_capture_on_commit_callbacks
):
    report = world["bct_report"]
    with django_capture_on_commit_callbacks(execute=True):
        _write(report, officer_bct)
    client.force_login(leader_bct)
    html = client.get(reverse("home")).content.decode()
    waiting = html.split('data-home="to-approve"', 1)[1].split("</section>", 1)[0]
    assert report.get_absolute_url() in waiting
    # The submission notified the leader: the header counts it, the home page lists it.
    assert 'data-unread="1"' in html
    assert 'data-home="notifications"' in html

    with django_capture_on_commit_callbacks(execute=True):
        actions.return_report(
            ProgressReport.objects.get(pk=report.pk),
            acting_user=leader_bct,
            comment="Bổ sung số liệu.",
        )
    client.force_login(officer_bct)
    html = client.get(reverse("home")).content.decode()
    returned = html.split('data-home="returned"', 1)[1].split("</section>", 1)[0]
    assert report.get_absolute_url() in returned
    assert 'data-unread="1"' in html


def test_coordinator_sees_the_agencies_that_are_late(client, coordinator, world, today):
    client.force_login(coordinator)
    home = build_home(coordinator, today + dt.timedelta(days=4))  # the cycle's due date passed
    late = {a.code: a for a in home.late_agencies}
    assert late["bct"].overdue_reports == 2 and late["bct"].overdue_tasks == 1
    assert late["btc"].overdue_reports == 1
    html = client.get(reverse("home")).content.decode()
    table = html.split('data-home="late-agencies"', 1)[1].split("</section>", 1)[0]
    assert reverse("monitoring:agency-detail", args=["bct"]) in table


def test_an_officer_gets_no_late_agency_table(officer_bct, world, today):
    home = build_home(officer_bct, today + dt.timedelta(days=30))
    assert home.late_agencies == [] and home.open_cycles == []


def test_a_draft_due_next_month_is_listed_and_the_coordinator_sees_the_cycle(
    client, officer_bct, coordinator, vkfta, today
):
    make_task(vkfta, due_on=_iso(today + dt.timedelta(days=90)))
    cycle = make_cycle("bct", due_on=_iso(today + dt.timedelta(days=45)))
    (report,) = open_reports(cycle)
    client.force_login(officer_bct)
    html = client.get(reverse("home")).content.decode()
    due = html.split('data-home="due"', 1)[1].split("</section>", 1)[0]
    assert report.get_absolute_url() in due and "Trong tuần này" not in due
    client.force_login(coordinator)
    html = client.get(reverse("home")).content.decode()
    cycles = html.split('data-home="open-cycles"', 1)[1].split("</section>", 1)[0]
    assert cycle.get_absolute_url() in cycles and "0 / 1" in cycles


def test_home_query_count_does_not_grow_with_rows(
    client, officer_bct, vkfta, today, django_assert_max_num_queries
):
    for i in range(12):
        make_task(vkfta, title=f"Nhiệm vụ số {i}", due_on=_iso(today + dt.timedelta(days=2)))
    open_reports(make_cycle("bct", due_on=_iso(today + dt.timedelta(days=3))))
    for i in range(12):
        notify.send([officer_bct], f"Thông báo số {i}")
    client.force_login(officer_bct)
    with django_assert_max_num_queries(25):
        assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize(
    ("role", "agency", "hint"),
    [
        (Role.OFFICER, "bct", "Khi đầu mối quốc gia mở kỳ báo cáo"),
        (Role.LEADER, "bct", "Báo cáo do cán bộ gửi"),
        (Role.COORDINATOR, "bng-vulpdu", "Mở kỳ báo cáo"),
        (Role.OBSERVER, "vpcp", "Mở bảng điều khiển"),
    ],
)
def test_an_empty_home_tells_each_role_what_to_do_first(
    client, django_user_model, role, agency, hint
):
    client.force_login(make_user(django_user_model, f"new_{role}", agency, role))
    html = client.get(reverse("home")).content.decode()
    assert "data-home-empty" in html
    assert hint in html


def test_header_count_drops_when_the_notifications_are_read(client, officer_bct, vkfta):
    notify.send([officer_bct], "Kỳ báo cáo 6 tháng đầu năm đã mở.", "/monitoring/reports/")
    notify.send([officer_bct], "Báo cáo của bạn đã được phê duyệt.")
    client.force_login(officer_bct)
    assert unread_count(officer_bct) == 2
    assert 'data-unread="2"' in client.get(reverse("registry:commitment-list")).content.decode()
    client.get(reverse("monitoring:notification-list"))
    assert unread_count(officer_bct) == 0
    assert 'data-unread="0"' in client.get(reverse("registry:commitment-list")).content.decode()
    assert AuditEvent.objects.filter(action="notifications.read").count() == 1


def test_only_the_addressee_marks_notifications_read(officer_bct, officer_btc):
    notify.send([officer_bct], "Nhắc hạn báo cáo.")
    with pytest.raises(PermissionDenied):
        actions.mark_notifications_read(officer_bct, acting_user=officer_btc)
    assert Notification.objects.filter(user=officer_bct, read_at=None).count() == 1


def test_login_lands_on_the_home_page(client, officer_bct):
    response = client.post(
        reverse("login"), {"username": "officer_bct", "password": "pw-officer_bct"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_help_page_has_a_guide_for_each_role(client, officer_bct):
    client.force_login(officer_bct)
    html = client.get(reverse("help")).content.decode()
    for section in ("officer", "leader", "coordinator", "observer"):
        assert f'id="{section}"' in html
    assert reverse("help") in client.get(reverse("home")).content.decode()


def test_a_notice_to_my_agency_counts_and_one_to_another_agency_does_not(
    client, officer_bct, officer_btc
):
    from camket.agencies.models import Agency
    from camket.compatibility.models import Notification as AgencyNotification

    AgencyNotification.objects.create(
        agency=Agency.objects.get(code="bct"), text="Luật Quản lý ngoại thương đã được sửa đổi."
    )
    assert unread_count(officer_bct) == 1
    assert unread_count(officer_btc) == 0
    client.force_login(officer_bct)
    html = client.get(reverse("home")).content.decode()
    assert 'data-home="agency-notices"' in html
    assert reverse("compatibility:review-list") in html
