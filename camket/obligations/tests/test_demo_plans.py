"""The demo's real plans: Decision 328/QĐ-TTg (RCEP focal points) and the other plans."""

import re

import pytest
from django.core.exceptions import ValidationError

from camket.agencies.models import Agency
from camket.audit.models import AuditEvent
from camket.obligations import actions
from camket.obligations.demo_plans import PLAN_328, load_implementation_plans
from camket.obligations.models import ActionPlan, Task
from camket.registry.loader import load_file
from lawcore.assignment_table import split_lead_cell, split_supporting_cell
from lawcore.shared_data import shared_data_path, skip_reason

PLANS = shared_data_path("vn-implementation-plans")
needs_plans = pytest.mark.skipif(PLANS is None, reason=skip_reason("vn-implementation-plans"))


def test_a_lead_cell_split_by_subject_gives_one_entry_per_agency():
    cell = (
        "- Bộ Công Thương (đối với các vấn đề chung)\n"
        "- Bộ Thông tin và Truyền thông (đối với các nội dung về dữ liệu cá nhân)"
    )
    entries = split_lead_cell(cell)
    assert [e.agency for e in entries] == ["Bộ Công Thương", "Bộ Thông tin và Truyền thông"]
    assert entries[1].subject == "đối với các nội dung về dữ liệu cá nhân"
    assert split_lead_cell("Bộ Tài chính (Tổng cục Hải quan)")[0].unit == "Tổng cục Hải quan"


def test_a_supporting_cell_keeps_names_with_and_inside():
    named, others = split_supporting_cell(
        "- Bộ Kế hoạch và Đầu tư (đối với cơ chế rà soát);\n- Các Bộ, ngành liên quan"
    )
    assert [e.agency for e in named] == ["Bộ Kế hoạch và Đầu tư"] and others
    named, others = split_supporting_cell("Bộ Tài chính và các Bộ, ngành liên quan")
    assert [e.agency for e in named] == ["Bộ Tài chính"] and others


@pytest.fixture
def loaded(db):
    load_file()
    return load_implementation_plans(PLANS)


@needs_plans
def test_decision_328_becomes_the_rcep_plan_with_one_task_per_lead_agency(loaded):
    plan = ActionPlan.objects.get(code=PLAN_328)
    assert plan.instrument_number == "328/QĐ-TTg"
    assert list(plan.commitments.values_list("code", flat=True)) == ["vn/treaty/2020/rcep"]
    assert plan.source_links[0]["url"].startswith("https://datafiles.chinhphu.vn/")
    # 30 rows; 9 of them split the work between 2 or 3 agencies: 43 tasks.
    assert plan.tasks.count() == 43
    chapter_2 = plan.tasks.filter(number__startswith="2.").order_by("number")
    assert [t.lead_agency.code for t in chapter_2] == ["bct", "btc", "bnnmt"]
    assert "thuế nhập khẩu của Việt Nam" in chapter_2[1].title
    assert not plan.tasks.exclude(due_on=None).exists()  # the source has no deadline


@needs_plans
def test_merged_ministries_hand_their_328_tasks_to_successors_and_stay_named(loaded):
    task = Task.objects.get(plan__code=PLAN_328, number="7")  # Bộ Kế hoạch và Đầu tư
    assert task.lead_agency.code == "btc"
    assert task.lead_agency_as_named.code == "bkhdt"
    assert task.lead_agency_as_named.name == "Bộ Kế hoạch và Đầu tư (nay là Bộ Tài chính)"
    named = set(
        Task.objects.filter(plan__code=PLAN_328)
        .exclude(lead_agency_as_named=None)
        .values_list("lead_agency_as_named__code", "lead_agency__code")
    )
    assert named == {
        ("bkhdt", "btc"),
        ("bnnptnt", "bnnmt"),
        ("btnmt", "bnnmt"),
        ("btttt", "bkhcn"),
        ("bldtbxh", "bnv"),
    }
    assert not Task.objects.filter(lead_agency__successor__isnull=False).exists()


@needs_plans
def test_other_plans_are_registered_with_number_date_commitment_and_source(loaded):
    codes = set(ActionPlan.objects.values_list("code", flat=True))
    assert len(codes) == 12  # 13 instruments less Directive 56-CT/TW (not a plan of work)
    assert "party-ct-56-2025" not in codes
    evfta = ActionPlan.objects.get(code="evfta-plan-1201-2020")
    assert (evfta.instrument_number, str(evfta.instrument_on)) == ("1201/QĐ-TTg", "2020-08-06")
    assert evfta.commitments.get().code == "vn/treaty/2019/evfta"
    assert evfta.source_links and evfta.source_note
    # The data set's notes are English; what the page shows is Vietnamese.
    notes = " ".join(ActionPlan.objects.values_list("source_note", flat=True))
    assert "Độ tin cậy của ngày ban hành: cao" in evfta.source_note
    assert not re.search(r"\b(confidence|metadata|secondary|source|only)\b", notes)
    province = ActionPlan.objects.get(code="vinhphuc-evfta-2212-2020")
    assert province.agency.code == "phutho"  # Vĩnh Phúc merged into Phú Thọ (2025)


@needs_plans
def test_loading_the_plans_again_changes_nothing(loaded):
    audit_rows = AuditEvent.objects.count()
    again = load_implementation_plans(PLANS)
    assert again.plans == {"inserted": 0, "updated": 0, "unchanged": 12}
    assert again.tasks == {"inserted": 0, "updated": 0, "unchanged": 43}
    assert AuditEvent.objects.count() == audit_rows


@pytest.mark.django_db
def test_a_former_agency_cannot_lead_new_work():
    plan = actions.create_plan(
        actions.PlanData(code="kh-thu", title_vi="Kế hoạch thử", agency="bct"), acting_user=None
    )
    with pytest.raises(ValidationError) as error:
        actions.create_task(
            actions.TaskData(plan=plan.pk, title="Nhiệm vụ", lead_agency="bkhdt"),
            acting_user=None,
        )
    assert "Bộ Tài chính" in str(error.value)
    former = Agency.objects.get(code="bgtvt")
    assert not former.is_active and former.successor.code == "bxd"


@needs_plans
def test_the_task_page_names_the_agency_of_the_decision_and_its_successor(loaded, coordinator):
    from django.test import Client

    client = Client()
    client.force_login(coordinator)
    task = Task.objects.get(plan__code=PLAN_328, number="9.2")  # Bộ Thông tin và Truyền thông
    page = client.get(task.get_absolute_url()).content.decode()
    named = page.split('id="named-lead">')[1].split("</dd>")[0]
    assert named == "Bộ Thông tin và Truyền thông (nay là Bộ Khoa học và Công nghệ)"
    assert "Chương 12 – Thương mại điện tử" in page and "dữ liệu cá nhân" in page
    plan_page = client.get(task.plan.get_absolute_url()).content.decode()
    assert "328/QĐ-TTg" in plan_page and "datafiles.chinhphu.vn" in plan_page
