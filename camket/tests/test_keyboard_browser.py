"""Keyboard only (Tab, Shift+Tab, Enter, Space, typing): log in, find a commitment, report on it.

Every step says where the focus must be before the next key is pressed, so a control that cannot be
reached, a focus order that jumps about or a page that loses the focus fails here.
"""

from camket.conftest import BROWSER_TEST, make_commitment, make_user
from camket.monitoring.models import ProgressReport
from camket.monitoring.tests.factories import make_cycle, make_task, open_reports

pytestmark = BROWSER_TEST

MAX_TABS = 40
"""More Tab presses than this to reach a control counts as unreachable."""

DESCRIBE_FOCUS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return "(body)";
  const name = e.id ? "#" + e.id : e.getAttribute("name") ? `[name=${e.getAttribute("name")}]` : "";
  return `${e.tagName.toLowerCase()}${name} “${(e.innerText || e.value || "").trim().slice(0, 40)}”`;
}"""


IN_PAGE_LINK = """() => {
  const e = document.activeElement;
  return e.tagName === "A" && (e.getAttribute("href") || "").startsWith("#");
}"""


def focus(page) -> str:
    """The element that has the focus, described for a failure message."""
    return page.evaluate(DESCRIBE_FOCUS)


def has_focus(locator) -> bool:
    return locator.evaluate("e => e === document.activeElement")


def assert_focus(page, locator) -> None:
    assert has_focus(locator), f"focus is on {focus(page)}, not on {locator}"


def tab_to(page, locator, key: str = "Tab") -> int:
    """Press Tab (or ``key``) until ``locator`` has the focus; how many presses it took."""
    assert locator.count() == 1, f"{locator}: not one such element in the page"
    trail = []
    for presses in range(1, MAX_TABS + 1):
        page.keyboard.press(key)
        if has_focus(locator):
            return presses
        trail.append(focus(page))
    raise AssertionError(f"{locator} not reached with {MAX_TABS} × {key}; passed: {trail}")


def press_and_load(page, key: str) -> None:
    """Press ``key`` on what has the focus (a link, a button, a field of a form) and wait for the page."""
    with page.expect_navigation():
        page.keyboard.press(key)
    scans = getattr(page, "axe_scans", None)  # axe-core, where the browser tests run it
    if scans is not None:
        scans.scan(page)


def skip_to_main(page) -> None:
    """The first Tab stop of a page is the skip link; Enter on it puts the focus on the content."""
    page.keyboard.press("Tab")
    assert page.evaluate(IN_PAGE_LINK), f"the first Tab stop is {focus(page)}, not a skip link"
    target = page.evaluate("() => document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    assert_focus(page, page.locator(target))  # the content itself, so the next Tab starts there
    assert page.locator(f"main{target}").count() == 1, f"the skip link leads to {target}, not main"


def test_officer_reports_with_the_keyboard_only(page, live_server, django_user_model):
    make_user(django_user_model, "officer_bct", "bct", "officer")
    task = make_task(make_commitment())
    (report,) = open_reports(make_cycle("bct"))
    k = page.keyboard

    # Log in: the user name field has the focus when the page opens.
    page.goto(f"{live_server.url}/accounts/login/")
    assert_focus(page, page.locator("#id_username"))
    k.type("officer_bct")
    k.press("Tab")
    assert_focus(page, page.locator("#id_password"))
    k.type("pw-officer_bct")
    press_and_load(page, "Enter")
    assert page.url == f"{live_server.url}/"  # the home page ("what to do today")

    # Find the commitment with the header search: reached by Tab from the top of the page.
    k.press("Tab")
    assert page.evaluate(IN_PAGE_LINK), f"the first Tab stop is {focus(page)}, not a skip link"
    assert page.locator(":focus").inner_text() == "Bỏ qua đến nội dung chính"
    search_box = page.locator("header input[name=q]")
    tab_to(page, search_box)
    k.type("Hàn Quốc")
    press_and_load(page, "Enter")
    assert "/search/" in page.url
    # The search page puts the focus in its own search box; Tab leads on to the results.
    assert_focus(page, page.locator("main input[name=q]"))
    result = page.locator("main a.hit-title").first
    assert tab_to(page, result) == 2  # the search button, then the first result
    press_and_load(page, "Enter")
    assert page.locator("h1").inner_text() == "Hiệp định Thương mại tự do Việt Nam - Hàn Quốc"

    # From the commitment to its task, and from the task to the agency's report.
    skip_to_main(page)
    tab_to(page, page.locator("main a", has_text="Nghĩa vụ và nhiệm vụ"))
    press_and_load(page, "Enter")
    skip_to_main(page)
    tab_to(page, page.locator(f"main a[href='{task.get_absolute_url()}']").first)
    press_and_load(page, "Enter")
    skip_to_main(page)
    tab_to(page, page.locator(f"main a[data-report='{report.pk}']"))
    press_and_load(page, "Enter")
    assert page.url == f"{live_server.url}{report.get_absolute_url()}"

    # The report form: its fields are reached in the order they are shown.
    skip_to_main(page)
    tab_to(page, page.locator("#id_progress"))
    k.press("ArrowDown")  # a closed select changes its choice with the arrow keys
    assert page.locator("#id_progress").input_value() == ProgressReport.Progress.ON_TRACK
    for field, text in [
        ("#id_percent_done", "60"),
        ("#id_narrative", "Đã ban hành Thông tư hướng dẫn quy tắc xuất xứ."),
        ("#id_difficulties", "Thiếu cán bộ thẩm định chứng nhận xuất xứ."),
        ("#id_proposals", "Bổ sung biên chế cho Cục Xuất nhập khẩu."),
    ]:
        k.press("Tab")
        assert_focus(page, page.locator(field))
        k.press("Control+A")
        k.type(text)
    # Shift+Tab goes back the same way, Tab forward again.
    k.press("Shift+Tab")
    assert_focus(page, page.locator("#id_difficulties"))
    k.press("Tab")
    assert_focus(page, page.locator("#id_proposals"))

    # Submit to the leader with Space on the button: what was typed is saved and sent.
    tab_to(page, page.locator("button[name=submit]"))
    press_and_load(page, "Space")
    assert page.locator("[data-status]").get_attribute("data-status") == "submitted"
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.SUBMITTED
    assert report.progress == ProgressReport.Progress.ON_TRACK
    assert report.percent_done == 60
    assert report.narrative == "Đã ban hành Thông tư hướng dẫn quy tắc xuất xứ."
    assert report.difficulties == "Thiếu cán bộ thẩm định chứng nhận xuất xứ."
    assert report.proposals == "Bổ sung biên chế cho Cục Xuất nhập khẩu."
