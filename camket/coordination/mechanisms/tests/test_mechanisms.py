"""Mechanisms, meetings and implementation issues: actions, early warning, roll-up, brief."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from docx import Document as DocxDocument

from camket.audit.models import AuditEvent
from camket.coordination.mechanisms import actions, queries
from camket.coordination.mechanisms.actions import IssueData, MechanismData, MeetingData
from camket.coordination.mechanisms.models import ImplementationIssue
from camket.monitoring.models import ProgressReport
from camket.monitoring.tests.factories import make_cycle, make_task, open_reports

D = dt.date.fromisoformat
Issue = ImplementationIssue
TODAY = dt.date.today()


@pytest.fixture
def committee(coordinator, vkfta):
    return actions.save_mechanism(
        MechanismData(
            name_vi="Ủy ban Hỗn hợp VKFTA",
            kind="fta_committee",
            commitments=[vkfta.code],
            partners=["KOR"],
            focal_agency="bct",
        ),
        acting_user=coordinator,
    )


def _issue(commitment, user, **kw) -> ImplementationIssue:
    values = {
        "commitment": commitment.code,
        "title": "Hàn Quốc chậm công nhận chứng nhận xuất xứ điện tử",
        "facts": "Hải quan Hàn Quốc từ chối C/O mẫu AK cấp điện tử.",
        "origin": Issue.Origin.PARTNER,
        "side": Issue.Side.PARTNER,
        "raised_on": D("2026-03-02"),
    }
    values.update(kw)
    return actions.open_issue(IssueData(**values), acting_user=user)


def test_an_issue_is_opened_with_its_first_step_and_an_audit_row(officer_bct, vkfta, committee):
    issue = _issue(vkfta, officer_bct, mechanism=committee.pk, trade_value_usd=1_200_000)
    assert issue.lead_agency.code == "bct"  # the commitment's lead by default
    assert [s.status for s in issue.steps.all()] == [Issue.Status.RAISED]
    assert AuditEvent.objects.filter(action="issue.opened", object_key__endswith=str(issue.pk))
    again = _issue(vkfta, officer_bct, external_key="demo-1")
    assert _issue(vkfta, officer_bct, external_key="demo-1") == again


def test_bad_values_are_refused_by_field_and_nothing_is_written(officer_bct, vkfta):
    with pytest.raises(ValidationError) as caught:
        _issue(vkfta, officer_bct, title=" ", origin="nope", partner="XXX", trade_value_usd=-1)
    assert set(caught.value.message_dict) == {"title", "origin", "partner", "trade_value_usd"}
    assert not Issue.objects.exists()


def test_an_agency_outside_the_commitment_cannot_raise_or_move_its_issue(
    officer_btc, officer_bct, vkfta
):
    with pytest.raises(PermissionDenied):
        _issue(vkfta, officer_btc)
    issue = _issue(vkfta, officer_bct)
    with pytest.raises(PermissionDenied):
        actions.record_step(
            issue, status="resolved", on=TODAY, note="x", acting_user=officer_btc, version=None
        )


def test_steps_close_and_reopen_and_a_stale_version_is_refused(officer_bct, vkfta, committee):
    meeting = actions.save_meeting(
        committee,
        MeetingData(title="Phiên họp lần thứ 5", held_on=D("2026-04-10")),
        acting_user=None,
    )
    issue = _issue(vkfta, officer_bct)
    version = issue.version
    actions.record_step(
        issue,
        status=Issue.Status.RESOLVED,
        on=D("2026-04-10"),
        decision="Hàn Quốc chấp nhận C/O điện tử từ 01/07/2026.",
        meeting=meeting.pk,
        acting_user=officer_bct,
        version=version,
    )
    issue.refresh_from_db()
    assert (issue.status, issue.closed_on, issue.mechanism) == (
        "resolved",
        D("2026-04-10"),
        committee,
    )
    assert issue.days_open == 39
    from camket.versioning import EditConflict

    with pytest.raises(EditConflict):
        actions.record_step(
            issue, status="raised", on=TODAY, note="x", acting_user=officer_bct, version=version
        )
    actions.record_step(
        issue, status="under_discussion", on=D("2026-05-01"), note="Phát sinh lại",
        acting_user=officer_bct, version=issue.version,
    )  # fmt: skip
    issue.refresh_from_db()
    assert issue.closed_on is None and issue.is_open
    with pytest.raises(ValidationError) as caught:
        actions.record_step(issue, status="raised", on=D("2026-01-01"), acting_user=officer_bct)
    assert set(caught.value.message_dict) == {"on", "note"}


def test_a_restricted_commitments_issue_never_shows_through_lists_mechanisms_or_briefs(
    client, officer_bct, officer_hanoi, coordinator, restricted_btc, vkfta, committee
):
    actions.save_mechanism(
        MechanismData(
            name_vi="Ủy ban Hỗn hợp VKFTA",
            kind="fta_committee",
            commitments=[vkfta.code, restricted_btc.code],
        ),
        acting_user=coordinator,
        mechanism=committee,
    )
    secret = _issue(
        restricted_btc, coordinator, title="Vướng mắc hải quan mật", mechanism=committee.pk
    )
    meeting = actions.save_meeting(
        committee, MeetingData(title="Phiên họp thứ 6", held_on=TODAY), acting_user=coordinator
    )
    client.force_login(officer_bct)
    for url in (
        reverse("mechanisms:issue-list"),
        reverse("mechanisms:mechanism-detail", args=[committee.pk]),
        reverse("mechanisms:meeting-detail", args=[meeting.pk]),
        reverse("mechanisms:rollup"),
    ):
        page = client.get(url).content.decode()
        assert "Vướng mắc hải quan mật" not in page, url
        assert restricted_btc.title_vi not in page, url
    brief = client.get(reverse("mechanisms:meeting-brief", args=[meeting.pk]))
    text = "\n".join(p.text for p in DocxDocument(io.BytesIO(brief.content)).paragraphs)
    assert "Vướng mắc hải quan mật" not in text
    assert client.get(reverse("mechanisms:issue-detail", args=[secret.pk])).status_code == 404
    # Ha Noi supports the restricted agreement: it reads the issue.
    client.force_login(officer_hanoi)
    assert client.get(reverse("mechanisms:issue-detail", args=[secret.pk])).status_code == 200


def test_the_agenda_brief_lists_open_issues_of_the_mechanism_in_the_decree_layout(
    client, coordinator, officer_bct, vkfta, committee
):
    sub = actions.save_mechanism(
        MechanismData(
            name_vi="Tiểu ban Quy tắc xuất xứ", kind="fta_subcommittee", parent=committee.pk
        ),
        acting_user=coordinator,
    )
    _issue(vkfta, officer_bct, mechanism=sub.pk, impact="Khoảng 40 doanh nghiệp thủy sản.")
    closed = _issue(vkfta, officer_bct, title="Vướng mắc đã xong", mechanism=committee.pk)
    actions.record_step(
        closed, status="resolved", on=TODAY, note="Xong", acting_user=officer_bct, version=None
    )
    meeting = actions.save_meeting(
        committee,
        MeetingData(
            title="Phiên họp lần thứ 7",
            held_on=TODAY + dt.timedelta(days=20),
            agenda="1. Quy tắc xuất xứ\n2. Biện pháp SPS",
        ),
        acting_user=coordinator,
    )
    client.force_login(coordinator)
    response = client.get(reverse("mechanisms:meeting-brief", args=[meeting.pk]))
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    document = DocxDocument(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "TÀI LIỆU PHỤC VỤ ĐOÀN VIỆT NAM" in text
    assert "Hàn Quốc chậm công nhận chứng nhận xuất xứ điện tử" in text
    assert "Khoảng 40 doanh nghiệp thủy sản." in text
    assert "2. Biện pháp SPS" in text
    assert "Vướng mắc đã xong" not in text
    header_cells = [c.text for c in document.tables[0].rows[0].cells]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header_cells[1]
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_rollup_counts_open_days_and_share_resolved_per_partner_and_mechanism(
    coordinator, officer_bct, vkfta, committee
):
    today = TODAY
    _issue(vkfta, officer_bct, mechanism=committee.pk, raised_on=today - dt.timedelta(days=10))
    _issue(vkfta, officer_bct, mechanism=committee.pk, raised_on=today - dt.timedelta(days=30))
    for status in ("resolved", "partly_resolved", "not_resolved"):
        issue = _issue(vkfta, officer_bct, mechanism=committee.pk, raised_on=today)
        actions.record_step(
            issue, status=status, on=today, note="Kết thúc", acting_user=officer_bct, version=None
        )
    by_partner, by_mechanism = queries.rollup(coordinator, today)
    korea = next(r for r in by_partner if r.key and r.key.code == "KOR")
    row = next(r for r in by_mechanism if r.key == committee)
    for r in (korea, row):
        assert (r.open, r.closed, r.max_days_open, r.mean_days_open) == (2, 3, 30, 20)
        assert r.share_resolved == pytest.approx(0.5)


def _reporting(commitment, progress_by_cycle, *, due_in: int):
    """A task serving an obligation of ``commitment`` due in ``due_in`` days, with an approved
    report per cycle (oldest first) of the given progress."""
    task = make_task(commitment, due_on=None)
    obligation = task.obligations.get()
    obligation.due_on = TODAY + dt.timedelta(days=due_in)
    obligation.save()
    for number, progress in enumerate(progress_by_cycle):
        start = D("2025-01-01") + dt.timedelta(days=200 * number)
        cycle = make_cycle(
            "bct",
            title=f"Kỳ {number}",
            starts_on=start.isoformat(),
            ends_on=(start + dt.timedelta(days=180)).isoformat(),
            due_on=(start + dt.timedelta(days=190)).isoformat(),
        )
        for report in open_reports(cycle):
            if report.task_id != task.pk:
                continue
            report.progress = progress
            report.status = ProgressReport.Status.APPROVED
            report.save()
    return obligation


def test_early_warning_finds_at_risk_obligations_and_raises_them_once(
    client, officer_bct, coordinator, vkfta
):
    at_risk = _reporting(vkfta, ["late", "at_risk"], due_in=60)
    _reporting(vkfta, ["on_track"], due_in=30)
    _reporting(vkfta, ["at_risk"], due_in=200)
    warned = queries.early_warnings(officer_bct, TODAY)
    assert [w.obligation for w in warned] == [at_risk]
    assert warned[0].warning.proposal == "renegotiation"  # in trouble two cycles running
    client.force_login(officer_bct)
    page = client.get(reverse("mechanisms:early-warning")).content.decode()
    assert reverse("mechanisms:raise-warning", args=[at_risk.pk]) in page
    response = client.post(reverse("mechanisms:raise-warning", args=[at_risk.pk]))
    issue = Issue.objects.get()
    assert response.url == reverse("mechanisms:issue-detail", args=[issue.pk])
    assert (issue.origin, issue.obligation, issue.proposed_measure) == (
        "early_warning",
        at_risk,
        "renegotiation",
    )
    assert queries.early_warnings(officer_bct, TODAY) == []
    client.post(reverse("mechanisms:raise-warning", args=[at_risk.pk]))
    assert Issue.objects.count() == 1


def test_an_issue_from_a_report_and_a_linked_task_show_on_both_sides(client, officer_bct, vkfta):
    task = make_task(vkfta)
    cycle = make_cycle("bct")
    report = open_reports(cycle)[0]
    report.difficulties = "Doanh nghiệp phản ánh chậm hoàn thuế."
    report.save()
    client.force_login(officer_bct)
    form = client.get(reverse("mechanisms:issue-create") + f"?report={report.pk}")
    assert "Doanh nghiệp phản ánh chậm hoàn thuế." in form.content.decode()
    response = client.post(
        reverse("mechanisms:issue-create"),
        {
            "commitment": vkfta.code,
            "title": "Chậm hoàn thuế",
            "facts": "Doanh nghiệp phản ánh chậm hoàn thuế.",
            "origin": "progress_report",
            "side": "viet_nam",
            "raised_on": "02/03/2026",
            "origin_report": report.pk,
        },
    )
    issue = Issue.objects.get()
    assert response.status_code == 302 and issue.origin_report == report
    client.post(reverse("mechanisms:issue-link-task", args=[issue.pk]), {"task": task.pk})
    assert list(issue.tasks.all()) == [task]
    assert "Chậm hoàn thuế" in client.get(task.get_absolute_url()).content.decode()
    detail = client.get(reverse("mechanisms:issue-detail", args=[issue.pk])).content.decode()
    assert task.title in detail


def test_a_bad_issue_form_names_the_field_and_keeps_what_was_typed(client, officer_bct, vkfta):
    client.force_login(officer_bct)
    response = client.post(
        reverse("mechanisms:issue-create"),
        {
            "commitment": vkfta.code,
            "title": "Tiêu đề đã gõ",
            "facts": "",
            "origin": "partner",
            "side": "partner",
            "raised_on": "31/02/2026",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Tiêu đề đã gõ" in page
    assert page.count('class="error"') >= 2
    assert not Issue.objects.exists()


def test_the_demo_loads_cited_mechanisms_and_flagged_samples_once(coordinator):
    from io import StringIO

    from camket.coordination.mechanisms import demo
    from camket.coordination.mechanisms.models import Mechanism, Meeting
    from camket.registry.loader import DEMO_FILE, load_file

    load_file(DEMO_FILE)
    demo.load_demo(StringIO(), acting_user=coordinator)
    audit_rows = AuditEvent.objects.count()
    demo.load_demo(StringIO(), acting_user=coordinator)
    assert AuditEvent.objects.count() == audit_rows  # nothing rewritten
    assert Mechanism.objects.count() == len(demo.MECHANISMS)
    assert all(m.source_links and m.mandate for m in Mechanism.objects.all())
    evfta = Mechanism.objects.get(external_key="evfta-trade-committee")
    assert list(evfta.commitments.values_list("short_name", flat=True)) == ["EVFTA"]
    # Nothing invented passes for a record: every meeting and issue is flagged sample.
    assert Meeting.objects.filter(is_sample=False).count() == 0
    assert Issue.objects.count() == 2 and not Issue.objects.filter(is_sample=False).exists()


def test_the_commitment_page_lists_its_mechanisms_and_the_issues_its_reader_may_see(
    client, officer_bct, officer_hanoi, vkfta, committee
):
    issue = _issue(vkfta, officer_bct, mechanism=committee.pk)
    client.force_login(officer_bct)
    page = client.get(vkfta.get_absolute_url()).content.decode()
    assert committee.name_vi in page and issue.title in page
    assert reverse("mechanisms:issue-create") in page  # the lead agency may raise one
    client.force_login(officer_hanoi)  # reads the public VKFTA, takes no part in it
    page = client.get(vkfta.get_absolute_url()).content.decode()
    assert issue.title in page and reverse("mechanisms:issue-create") not in page


def test_the_demo_shows_flagged_sample_warnings_and_an_issue_raised_says_why(
    client, officer_bct, coordinator
):
    """The demo's early warning is not empty, each warned obligation says it is sample data, and
    the issue raised from one states the warning's own reason, not "reported at risk"."""
    from io import StringIO

    from camket.coordination.mechanisms import demo
    from camket.registry.loader import DEMO_FILE, load_file

    load_file(DEMO_FILE)
    demo.load_demo(StringIO(), acting_user=coordinator)
    warned = queries.early_warnings(officer_bct, TODAY)
    assert len(warned) == len(demo.SAMPLE_WARNED)
    assert all(w.obligation.text.startswith("[Dữ liệu mẫu]") for w in warned)
    client.force_login(officer_bct)
    page = client.get(reverse("mechanisms:early-warning")).content.decode()
    assert page.count("[Dữ liệu mẫu]") == len(warned)
    assert "Không có nghĩa vụ nào" not in page
    first = warned[0]
    client.post(reverse("mechanisms:raise-warning", args=[first.obligation.pk]))
    issue = Issue.objects.get(origin=Issue.Origin.EARLY_WARNING)
    assert first.warning.reasons == ("no_progress",)
    assert "chưa báo cáo tiến triển" in issue.facts
    assert "nguy cơ" not in issue.facts
