"""Coordinator tools on cycles: the commitment picker and creating the reports added since."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from camket.agencies.models import Agency
from camket.audit.models import AuditEvent
from camket.conftest import make_commitment
from camket.monitoring import actions
from camket.monitoring.actions import materialize_reports
from camket.monitoring.forms import CommitmentPicker
from camket.monitoring.models import ProgressReport, ReportingCycle
from camket.monitoring.tests.factories import make_cycle, make_task
from camket.registry.models import Commitment

PICKER = reverse("monitoring:commitment-picker")


def add_reports_url(cycle) -> str:
    return reverse("monitoring:cycle-add-reports", args=[cycle.pk])


def agency_pk(code: str) -> int:
    return Agency.objects.get(code=code).pk


########## Creating the reports added since the cycle opened ##########


def test_task_added_after_opening_gets_a_report_once(client, coordinator, reports, cycle, vkfta):
    late = make_task(vkfta, title="Tập huấn quy tắc xuất xứ cho doanh nghiệp", due_on="2026-09-30")
    client.force_login(coordinator)
    page = client.get(reverse("monitoring:cycle-detail", args=[cycle.pk])).content.decode()
    assert add_reports_url(cycle) in page

    response = client.post(add_reports_url(cycle), follow=True)
    assert "Đã tạo 1 báo cáo còn thiếu." in response.content.decode()
    assert ProgressReport.objects.filter(cycle=cycle, task=late).count() == 1
    assert cycle.reports.count() == 3

    again = client.post(add_reports_url(cycle), follow=True)
    assert "Không có báo cáo nào còn thiếu" in again.content.decode()
    assert cycle.reports.count() == 3
    audit = AuditEvent.objects.filter(action="cycle.reports_added").order_by("pk")
    assert [a.after for a in audit] == [{"reports": 1}, {"reports": 0}]


def test_materialize_reports_is_idempotent_for_commitment_reports(db, vkfta):
    cycle = make_cycle("bct", "btc")
    assert materialize_reports(cycle) == 1  # VKFTA has no task: one commitment report
    assert materialize_reports(cycle) == 0
    later = make_commitment(
        "vn/treaty/2008/vjepa",
        title_vi="Hiệp định Đối tác kinh tế Việt Nam - Nhật Bản",
        title_en="Viet Nam - Japan Economic Partnership Agreement",
        short_name="VJEPA",
        partners=("JPN",),
    )
    assert materialize_reports(cycle) == 1
    assert set(cycle.reports.values_list("commitment__short_name", "task")) == {
        ("VKFTA", None),
        ("VJEPA", None),
    }
    assert later.progress_reports.get().status == ProgressReport.Status.DRAFT


def test_cancelled_task_does_not_bring_a_commitment_report(reports, cycle, bct_task):
    bct_task.status = bct_task.Status.CANCELLED
    bct_task.save()
    assert materialize_reports(cycle) == 0


@pytest.mark.parametrize("persona", ["officer_bct", "leader_bct", "observer", "officer_hanoi"])
def test_only_the_coordinator_creates_missing_reports(client, persona, request, cycle, vkfta):
    make_task(vkfta, title="Tập huấn quy tắc xuất xứ cho doanh nghiệp")
    before = cycle.reports.count()
    client.force_login(request.getfixturevalue(persona))
    assert client.post(add_reports_url(cycle)).status_code == 404
    assert cycle.reports.count() == before
    if persona != "officer_hanoi":  # the others see the cycle, but not the button
        page = client.get(reverse("monitoring:cycle-detail", args=[cycle.pk])).content.decode()
        assert add_reports_url(cycle) not in page


def test_closed_cycle_is_refused_with_a_message(client, coordinator, reports, cycle, vkfta):
    actions.close_cycle(cycle, acting_user=coordinator, today=cycle.due_on)
    make_task(vkfta, title="Tập huấn quy tắc xuất xứ cho doanh nghiệp")
    client.force_login(coordinator)
    page = client.get(reverse("monitoring:cycle-detail", args=[cycle.pk])).content.decode()
    assert add_reports_url(cycle) not in page
    response = client.post(add_reports_url(cycle), follow=True)
    assert "Kỳ báo cáo đã đóng, không thể bổ sung báo cáo." in response.content.decode()
    assert cycle.reports.count() == 2
    with pytest.raises(ValidationError):
        actions.add_missing_reports(cycle, acting_user=coordinator)
    assert not AuditEvent.objects.filter(action="cycle.reports_added").exists()


########## The commitment picker ##########


@pytest.fixture
def commitments(vkfta, restricted_btc, internal_btc):
    reference = make_commitment(
        "ref/tota/pta_999",
        title_vi="Hiệp định hợp tác hải quan giữa hai nước khác",
        title_en="Customs cooperation agreement between two other countries",
        short_name="REF-HQ",
        lead="btc",
    )
    Commitment.objects.filter(pk=reference.pk).update(is_reference=True)
    return {"vkfta": vkfta, "restricted": restricted_btc, "internal": internal_btc}


def test_picker_finds_by_title_without_diacritics_and_by_code(client, coordinator, commitments):
    client.force_login(coordinator)
    html = client.get(PICKER, {"q": "hai quan"}).content.decode()
    restricted = commitments["restricted"]
    assert f'name="commitments" value="{restricted.pk}"' in html
    assert restricted.code in html and restricted.title_vi in html
    assert "checked" not in html
    assert "REF-HQ" not in html and "ref/tota" not in html  # reference texts are not covered
    assert commitments["vkfta"].code not in html

    by_code = client.get(PICKER, {"q": "vn/treaty/2015"}).content.decode()
    assert f'value="{commitments["vkfta"].pk}"' in by_code
    assert commitments["restricted"].code not in by_code
    english = client.get(PICKER, {"q": "korea free"}).content.decode()
    assert commitments["vkfta"].code in english


def test_picker_answer_leaves_out_the_ticked_ones(client, coordinator, commitments):
    """The chosen list is outside the answer, so the answer must not repeat what it holds."""
    client.force_login(coordinator)
    vkfta, restricted = commitments["vkfta"], commitments["restricted"]
    html = client.get(PICKER, {"q": "hải quan", "commitments": [vkfta.pk]}).content.decode()
    assert vkfta.code not in html and restricted.code in html
    assert "checked" not in html
    assert f'value="{restricted.pk}" id="id_commitments_{restricted.pk}"' in html


def test_picker_shows_at_most_twenty_and_says_so(client, coordinator, db):
    lead = Agency.objects.get(code="bct")
    Commitment.objects.bulk_create(
        Commitment(
            code=f"vn/agreement/2020/hop-tac-{n:02}",
            kind=Commitment.Kind.INTERNATIONAL_AGREEMENT,
            level=Commitment.Level.MINISTRY,
            scope=Commitment.Scope.BILATERAL,
            title_vi=f"Thỏa thuận hợp tác thương mại số {n}",
            lead_agency=lead,
        )
        for n in range(25)
    )
    client.force_login(coordinator)
    html = client.get(PICKER, {"q": "Thỏa thuận hợp tác"}).content.decode()
    assert html.count('type="checkbox"') == CommitmentPicker.LIMIT == 20
    assert "Chỉ hiển thị 20 kết quả đầu tiên" in html
    nothing = client.get(PICKER, {"q": "không có cam kết này"}).content.decode()
    assert 'type="checkbox"' not in nothing and "Không tìm thấy cam kết nào" in nothing


@pytest.mark.parametrize("persona", ["officer_bct", "leader_bct", "observer"])
def test_picker_is_404_for_those_who_cannot_open_cycles(client, persona, request, commitments):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(PICKER, {"q": "hai quan"}).status_code == 404


def test_picker_needs_a_login(client, db):
    response = client.get(PICKER, {"q": "hai quan"})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def cycle_data(**extra) -> dict:
    return {
        "title": "6 tháng cuối năm 2026",
        "frequency": "half_yearly",
        "starts_on": "01/07/2026",
        "ends_on": "31/12/2026",
        "due_on": "15/01/2027",
        "agencies": [agency_pk("bct"), agency_pk("btc")],
        **extra,
    }


def test_form_lists_no_commitment_until_picked(client, coordinator, commitments):
    client.force_login(coordinator)
    html = client.get(reverse("monitoring:cycle-create")).content.decode()
    assert "htmx.min.js" in html and PICKER in html
    assert 'name="commitments"' not in html  # no box at all, only the search field
    for commitment in commitments.values():
        assert commitment.code not in html


def test_form_redraws_only_the_selected_commitments(client, coordinator, commitments):
    client.force_login(coordinator)
    vkfta = commitments["vkfta"]
    response = client.post(
        reverse("monitoring:cycle-create"),
        cycle_data(ends_on="30/06/2026", commitments=[vkfta.pk]),
    )
    assert not ReportingCycle.objects.exists()
    html = response.content.decode()
    assert f'value="{vkfta.pk}" id="id_commitments_{vkfta.pk}" checked' in html
    assert html.count('name="commitments"') == 1
    assert commitments["restricted"].code not in html and commitments["internal"].code not in html


def test_search_button_without_javascript_redraws_and_opens_nothing(
    client, coordinator, commitments
):
    client.force_login(coordinator)
    vkfta, restricted = commitments["vkfta"], commitments["restricted"]
    response = client.post(
        reverse("monitoring:cycle-create"),
        cycle_data(commitments=[vkfta.pk], q="hai quan", commitments_search="1"),
    )
    assert response.status_code == 200 and not ReportingCycle.objects.exists()
    html = response.content.decode()
    chosen, matches = html.split('id="id_commitments_options"')
    assert f'value="{vkfta.pk}" id="id_commitments_{vkfta.pk}" checked' in chosen
    assert f'value="{restricted.pk}" id="id_commitments_{restricted.pk}">' in matches
    assert vkfta.code not in matches  # chosen once, not again among the matches
    assert 'value="6 tháng cuối năm 2026"' in html  # what was typed is kept
    assert commitments["internal"].code not in html


def test_cycle_opened_with_two_picked_commitments_covers_exactly_those(
    client, coordinator, commitments, bct_task
):
    client.force_login(coordinator)
    vkfta, restricted = commitments["vkfta"], commitments["restricted"]
    response = client.post(
        reverse("monitoring:cycle-create"),
        cycle_data(commitments=[vkfta.pk, restricted.pk]),
    )
    cycle = ReportingCycle.objects.get()
    assert response.status_code == 302 and response.url == cycle.get_absolute_url()
    assert set(cycle.commitments.all()) == {vkfta, restricted}
    assert set(cycle.reports.values_list("agency__code", "task", "commitment")) == {
        ("bct", bct_task.pk, None),  # VKFTA through its task
        ("btc", None, restricted.pk),  # no task: one commitment report
    }


def test_cycle_opened_with_none_picked_covers_every_commitment(client, coordinator, commitments):
    client.force_login(coordinator)
    response = client.post(reverse("monitoring:cycle-create"), cycle_data())
    assert response.status_code == 302
    cycle = ReportingCycle.objects.get()
    assert not cycle.commitments.exists()
    covered = set(cycle.reports.values_list("commitment__short_name", flat=True))
    assert covered == {"VKFTA", "HQ-2024", "MOF-INT"}  # not the reference text


def test_picker_survives_odd_input(client, coordinator, commitments):
    client.force_login(coordinator)
    response = client.get(PICKER, {"q": "hải " * 500, "commitments": ["9" * 30, "abc", ""]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "checked" not in html and commitments["restricted"].code in html
    assert client.post(PICKER, {"q": "hai quan"}).status_code == 405
