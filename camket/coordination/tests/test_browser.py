"""Real Chromium: an officer starting a task another ministry already leads sees that task before
saving and links the plan to it instead of adding a duplicate (issue 15, item 3)."""

from camket.agencies.models import Agency
from camket.conftest import BROWSER_TEST, click_and_load, log_in, make_commitment, make_user
from camket.coordination.models import OverlapCandidate
from camket.coordination.tests.conftest import plan_of, task_of
from camket.obligations.models import Task

pytestmark = BROWSER_TEST


def test_an_officer_starting_a_duplicate_task_links_to_the_other_ministrys_task(
    page, live_server, django_user_model
):
    make_user(django_user_model, "officer_bct", "bct", "officer")
    vkfta = make_commitment()
    existing = task_of("btc", vkfta)  # the Ministry of Finance already leads this work
    plan = plan_of("bct", [vkfta])
    log_in(page, live_server, "officer_bct")
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    page.click("summary:has-text('Thêm nhiệm vụ')")
    page.fill("#id_title", existing.title.replace("Rà soát, sửa đổi", "Sửa đổi"))
    page.select_option("#id_lead_agency", str(Agency.objects.get(code="bct").pk))
    click_and_load(page, "form[action$='/tasks/'] button.primary")

    panel = page.locator("#similar")
    panel.wait_for()
    text = panel.inner_text()
    assert "Nhiệm vụ do Bộ Tài chính chủ trì" in text
    assert existing.title not in text  # the officer may not open Finance's task: no title
    assert page.locator("#id_title").input_value().startswith("Sửa đổi quy định")  # kept
    assert not Task.objects.filter(plan=plan).exists()

    click_and_load(page, panel.locator("button.link-instead").first)
    assert "Không thêm nhiệm vụ mới" in page.locator("ul.messages").inner_text()
    assert not Task.objects.filter(plan=plan).exists()
    link = OverlapCandidate.objects.get()
    assert link.state == OverlapCandidate.State.RELATED
    assert {link.a_key, link.b_key} == {f"plan:{plan.pk}", f"task:{existing.pk}"}
