"""Plans and tasks: access by agency, roadmaps, UPR import."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from camket.agencies.models import Agency
from camket.obligations.models import ActionPlan, Obligation, Task
from camket.obligations.roadmap import build


@pytest.fixture
def plan_btc(db):
    plan = ActionPlan.objects.create(
        code="kh-btc-2026",
        title_vi="Kế hoạch của Bộ Tài chính",
        agency=Agency.objects.get(code="btc"),
    )
    task = Task.objects.create(
        plan=plan,
        title="Sửa đổi Nghị định về thuế quan",
        lead_agency=Agency.objects.get(code="btc"),
        starts_on="2026-01-01",
        due_on="2026-06-30",
    )
    task.supporting_agencies.add(Agency.objects.get(code="hanoi"))
    return plan


@pytest.mark.parametrize("name", ["plan-detail", "plan-edit", "plan-export"])
def test_other_agency_gets_404_on_plan_pages(client, officer_bct, plan_btc, name):
    client.force_login(officer_bct)
    assert client.get(reverse(f"obligations:{name}", args=[plan_btc.code])).status_code == 404


def test_other_agency_gets_404_on_task(client, officer_bct, plan_btc):
    client.force_login(officer_bct)
    task = plan_btc.tasks.get()
    assert client.get(reverse("obligations:task-detail", args=[task.pk])).status_code == 404
    assert client.post(reverse("obligations:task-detail", args=[task.pk]), {}).status_code == 404


@pytest.mark.parametrize(
    "name,args",
    [
        ("obligations:plan-list", []),
        ("obligations:task-list", []),
        ("obligations:plan-detail", ["kh-btc-2026"]),
    ],
)
def test_anonymous_goes_to_login(client, plan_btc, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_supporting_agency_sees_but_cannot_edit_the_task(client, officer_hanoi, plan_btc):
    client.force_login(officer_hanoi)
    task = plan_btc.tasks.get()
    page = client.get(reverse("obligations:task-detail", args=[task.pk]))
    assert page.status_code == 200 and page.context["form"] is None
    assert (
        client.post(reverse("obligations:task-detail", args=[task.pk]), {"title": "x"}).status_code
        == 404
    )


def test_obligation_of_restricted_commitment_is_hidden(client, officer_bct, restricted_btc):
    obligation = Obligation.objects.create(
        commitment=restricted_btc, text="Bí mật", modality="shall"
    )
    client.force_login(officer_bct)
    url = reverse("obligations:obligation-detail", args=[obligation.pk])
    assert client.get(url).status_code == 404


def test_task_list_shows_only_visible_tasks(client, officer_bct, officer_btc, plan_btc):
    client.force_login(officer_bct)
    assert "Sửa đổi Nghị định" not in client.get(reverse("obligations:task-list")).content.decode()
    client.force_login(officer_btc)
    assert "Sửa đổi Nghị định" in client.get(reverse("obligations:task-list")).content.decode()


def test_task_with_start_after_due_is_refused(client, officer_btc, plan_btc):
    client.force_login(officer_btc)
    response = client.post(
        reverse("obligations:task-create", args=[plan_btc.code]),
        {
            "title": "Nhiệm vụ mới",
            "lead_agency": Agency.objects.get(code="btc").pk,
            "starts_on": "01/07/2026",
            "due_on": "01/01/2026",
            "status": "not_started",
        },
    )
    assert response.status_code == 400 and plan_btc.tasks.count() == 1


def test_roadmap_positions_are_proportional(plan_btc):
    Task.objects.create(
        plan=plan_btc,
        title="Sau",
        lead_agency=plan_btc.agency,
        starts_on="2026-06-30",
        due_on="2026-12-31",
    )
    roadmap = build(Task.objects.all())
    first, second = roadmap.bars
    assert first.left == 0 and second.left == pytest.approx(49.6, abs=0.5)
    assert second.left + second.width == pytest.approx(100)


def test_agency_roadmap_page(client, officer_btc, plan_btc):
    client.force_login(officer_btc)
    body = client.get(reverse("obligations:agency-roadmap", args=["btc"])).content.decode()
    assert "Sửa đổi Nghị định về thuế quan" in body and "rm-bar" in body


def test_upr_import_is_idempotent():
    path = Path(__file__).parent / "data" / "upr_sample.jsonl"
    out = StringIO()
    call_command("import_upr", str(path), stdout=out, verbosity=0)
    assert "inserted 2" in out.getvalue()
    again = StringIO()
    call_command("import_upr", str(path), stdout=again, verbosity=0)
    assert "unchanged 2" in again.getvalue()
    item = Obligation.objects.get(number="99.2")
    assert item.response == Obligation.Response.ACCEPTED
    assert (
        item.text == "Consider ratifying the Convention on the Rights of Persons with Disabilities"
    )
    assert item.commitment.code == "vn/review/2009/upr-1"
    assert item.commitment.status == "accepted"
    assert "South Africa" in item.reasons[0]


pytestmark = pytest.mark.django_db


def test_statement_text_is_attached_once(tmp_path, statement):
    import json

    from camket.obligations.statements import load_statement_texts

    statement.provisions.all().delete()
    statement.source_links = [{"url": "https://example.gov/js/", "title": "x"}]
    statement.save()
    data = tmp_path / "statements.jsonl"
    data.write_text(
        json.dumps({"source_url": "https://example.gov/js", "text": "The Leaders will cooperate."})
        + "\n",
        encoding="utf-8",
    )
    assert load_statement_texts(data) == 1
    assert load_statement_texts(data) == 0
    assert statement.provisions.get().text == "The Leaders will cooperate."
