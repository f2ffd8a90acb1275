"""Plans and tasks need no typed code; plans link commitments through the search picker."""

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone

from camket.agencies.models import Agency
from camket.audit.models import AuditEvent
from camket.obligations.actions import PlanData, TaskData, create_plan, create_task
from camket.obligations.models import ActionPlan, Task


def plan_data(**changes) -> PlanData:
    values = {"code": "", "title_vi": "Kế hoạch thực hiện Hiệp định", "agency": "bct"}
    return PlanData(**{**values, **changes})


def test_plan_code_is_made_from_agency_first_commitment_and_year(db, vkfta):
    plan = create_plan(
        plan_data(commitments=[vkfta.pk], instrument_on=dt.date(2026, 3, 2)), acting_user=None
    )
    again = create_plan(
        plan_data(commitments=[vkfta.pk], instrument_on=dt.date(2026, 5, 1)), acting_user=None
    )
    assert plan.code == "kh-bct-vkfta-2026"
    assert again.code == "kh-bct-vkfta-2026-2"
    assert AuditEvent.objects.filter(action="plan.created", after__code=plan.code).exists()


def test_programme_without_commitment_is_named_after_its_title(db):
    plan = create_plan(
        plan_data(kind=ActionPlan.Kind.PROGRAMME, title_vi="Chương trình hành động APEC"),
        acting_user=None,
    )
    year = timezone.localdate().year
    assert plan.code == f"ct-bct-chuong-trinh-hanh-dong-apec-{year}"


def test_task_without_number_gets_the_next_number_of_its_plan(db):
    plan = create_plan(plan_data(), acting_user=None)
    first = create_task(
        TaskData(plan=plan.pk, title="Rà soát", lead_agency="bct"), acting_user=None
    )
    create_task(
        TaskData(plan=plan.pk, title="Ban hành", lead_agency="bct", number="7"), acting_user=None
    )
    create_task(
        TaskData(plan=plan.pk, title="Phụ lục", lead_agency="bct", number="7a"), acting_user=None
    )
    last = create_task(TaskData(plan=plan.pk, title="Báo cáo", lead_agency="bct"), acting_user=None)
    assert (first.number, last.number) == ("1", "8")


def test_plan_form_saves_without_a_code_and_with_picked_commitments(client, leader_bct, vkfta):
    client.force_login(leader_bct)
    response = client.post(
        reverse("obligations:plan-create"),
        {
            "kind": "plan",
            "title_vi": "Kế hoạch thực hiện VKFTA",
            "agency": Agency.objects.get(code="bct").pk,
            "commitments": [vkfta.pk],
        },
    )
    plan = ActionPlan.objects.get(title_vi="Kế hoạch thực hiện VKFTA")
    assert response.status_code == 302
    assert plan.code.startswith("kh-bct-vkfta-")
    assert list(plan.commitments.all()) == [vkfta]


def test_plan_form_offers_a_picker_not_a_code_box(client, leader_bct):
    client.force_login(leader_bct)
    page = client.get(reverse("obligations:plan-create")).content.decode()
    assert 'data-picker="commitments"' in page
    assert reverse("obligations:plan-commitment-picker") in page
    assert "commitment_codes" not in page


def test_picker_finds_without_diacritics_and_only_what_the_user_may_read(
    client, leader_bct, vkfta, restricted_btc
):
    client.force_login(leader_bct)
    url = reverse("obligations:plan-commitment-picker")
    found = client.get(url, {"q": "han quoc"}).content.decode()
    hidden = client.get(url, {"q": "hai quan"}).content.decode()
    assert f'value="{vkfta.pk}"' in found
    assert restricted_btc.title_vi not in hidden
    assert f'value="{restricted_btc.pk}"' not in hidden


def test_picker_search_without_script_redraws_the_form_and_saves_nothing(client, leader_bct, vkfta):
    client.force_login(leader_bct)
    response = client.post(
        reverse("obligations:plan-create"),
        {"title_vi": "Kế hoạch", "q": "vkfta", "commitments_search": "1"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f'value="{vkfta.pk}"' in page and 'value="Kế hoạch"' in page
    assert not ActionPlan.objects.exists()


def test_overdue_task_says_so_in_the_plan_table_and_the_task_list(client, coordinator):
    plan = create_plan(plan_data(), acting_user=None)
    late = timezone.localdate() - dt.timedelta(days=3)
    create_task(
        TaskData(plan=plan.pk, title="Việc đã quá hạn", lead_agency="bct", due_on=late),
        acting_user=None,
    )
    create_task(
        TaskData(
            plan=plan.pk,
            title="Việc đã xong",
            lead_agency="bct",
            due_on=late,
            status=Task.Status.COMPLETED,
        ),
        acting_user=None,
    )
    client.force_login(coordinator)
    for url in (plan.get_absolute_url(), reverse("monitoring:task-list")):
        page = client.get(url).content.decode()
        assert page.count('class="badge overdue">Quá hạn<') == 1, url


def test_roadmap_positions_are_written_with_a_decimal_point_in_vietnamese(client, coordinator):
    plan = create_plan(plan_data(starts_on=dt.date(2025, 3, 7)), acting_user=None)
    create_task(
        TaskData(
            plan=plan.pk,
            title="Việc kéo dài",
            lead_agency="bct",
            starts_on=dt.date(2025, 3, 7),
            due_on=dt.date(2027, 11, 19),
        ),
        acting_user=None,
    )
    client.force_login(coordinator)
    page = client.get(plan.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    positions = re.findall(r'data-(?:left|width)="([^"]*)"', page)
    assert positions and any("." in p for p in positions)
    assert all(re.fullmatch(r"\d+(\.\d+)?", p) for p in positions), positions


def test_picker_needs_a_login(client, db):
    response = client.get(reverse("obligations:plan-commitment-picker"), {"q": "a"})
    assert response.status_code == 302
