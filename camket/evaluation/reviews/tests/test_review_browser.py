"""Real Chromium (Debian's, through Playwright): a ministry reviews one commitment, turns a
remedy into a task, the leader approves, the coordinator accepts, the national synthesis lists
it."""

from camket.conftest import BROWSER_TEST, click_and_load, log_in, make_commitment, make_user
from camket.evaluation.reviews.tests.factories import open_campaign
from camket.monitoring.tests.factories import make_task

pytestmark = BROWSER_TEST


def test_ministry_review_to_national_synthesis(page, live_server, django_user_model):
    make_user(django_user_model, "officer_bct", "bct", "officer")
    make_user(django_user_model, "leader_bct", "bct", "leader")
    coordinator = make_user(django_user_model, "coordinator", "bng-vulpdu", "coordinator")
    vkfta = make_commitment()
    make_task(vkfta, due_on="2025-06-30")
    campaign = open_campaign(coordinator)
    review = campaign.reviews.get(commitment=vkfta)
    url = f"{live_server.url}/reviews/r/{review.pk}/"

    log_in(page, live_server, "officer_bct")
    page.goto(url)
    page.fill("#id_achievements", "Đã ban hành thông tư hướng dẫn quy tắc xuất xứ.")
    page.fill("#id_shortcomings", "Doanh nghiệp nhỏ còn ít tận dụng ưu đãi thuế quan.")
    page.check("input[name=causes][value=capacity]")
    page.select_option("#id_recommendation", "continue")
    click_and_load(page, "button[name=save]")
    page.fill("#id_text", "Tập huấn quy tắc xuất xứ cho doanh nghiệp nhỏ và vừa")
    click_and_load(page, "#remedies button[type=submit]")
    click_and_load(page, "[data-make-task]")
    task_link = page.locator("[data-remedy-task]")
    assert task_link.count() == 1
    click_and_load(page, task_link)
    assert "Tập huấn quy tắc xuất xứ" in page.locator("h1").inner_text()
    assert page.locator("[data-remedy-origin]").count() == 1  # the task points back
    page.goto(url)
    click_and_load(page, "button[name=submit]")
    page.wait_for_selector("[data-status=submitted]")

    log_in(page, live_server, "leader_bct")
    page.goto(url)
    click_and_load(page, "#decide button.primary")
    page.wait_for_selector("[data-status=approved]")

    log_in(page, live_server, "coordinator")
    page.goto(url)
    click_and_load(page, "#decide button.primary")
    page.wait_for_selector("[data-status=accepted]")
    page.goto(f"{live_server.url}/reviews/campaigns/{campaign.pk}/synthesis/")
    accepted = page.locator("#accepted tbody").inner_text()
    assert "VKFTA" in accepted and "Tiếp tục thực hiện" in accepted
