"""Real Chromium: a joint statement becomes two tasks for two ministries, on their roadmaps."""

from camket.agencies.models import Agency
from camket.conftest import BROWSER_TEST, click_and_load, log_in, make_user

pytestmark = BROWSER_TEST


def test_statement_to_two_ministry_tasks_on_their_roadmaps(
    page,
    live_server,
    django_user_model,
    statement,
):
    make_user(django_user_model, "officer_bct", "bct", "officer")
    make_user(django_user_model, "officer_bkhcn", "bkhcn", "officer")
    make_user(django_user_model, "officer_bgddt", "bgddt", "officer")
    log_in(page, live_server, "officer_bct")
    page.goto(f"{live_server.url}/implementation/c/{statement.code}/assistant/")
    proposals = page.locator("section.proposal")
    assert proposals.count() == 2
    for ministry in ("bkhcn", "bgddt"):
        first = page.locator("section.proposal").first
        first.locator("select[name$='-lead_agency']").select_option(
            str(Agency.objects.get(code=ministry).pk)
        )
        click_and_load(page, first.locator("button", has_text="Chấp nhận"))
    assert page.locator("section.proposal").count() == 0
    page.goto(f"{live_server.url}/implementation/c/{statement.code}/")
    for box in page.locator("#programme input[type=checkbox]").all():
        box.check()
    click_and_load(page, "#programme button.primary")
    page.wait_for_url("**/implementation/plans/**")
    assert page.locator("#tasks tbody tr").count() == 2
    for username, ministry, words in (
        ("officer_bkhcn", "bkhcn", "semiconductors"),
        ("officer_bgddt", "bgddt", "educational exchanges"),
    ):
        page.context.clear_cookies()
        log_in(page, live_server, username)
        page.goto(f"{live_server.url}/implementation/roadmap/{ministry}/")
        rows = page.locator("#roadmap .rm-row")
        assert rows.count() == 1
        assert words in rows.first.locator(".rm-label").get_attribute("title")
