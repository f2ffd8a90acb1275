"""The header's menus in Debian's Chromium: one line at 1366 px, one folded button at 390 px, both
used with the keyboard alone; axe-core scans every page shown."""

from __future__ import annotations

from camket.conftest import BROWSER_TEST, log_in, make_user
from camket.navigation import MENU
from camket.registry.tests.test_pickers_browser import WIDER_THAN_VIEWPORT
from camket.tests.test_keyboard_browser import assert_focus, press_and_load, tab_to

pytestmark = BROWSER_TEST

LINES = """(list) => {
  const items = [...document.querySelectorAll(list + " > li")];
  const tops = new Set(items.map((li) => Math.round(li.getBoundingClientRect().top)));
  const tallest = Math.max(...items.map((li) => li.getBoundingClientRect().height));
  return {items: items.length, lines: tops.size, height: document.querySelector(list).getBoundingClientRect().height, tallest};
}"""


def fits(page) -> None:
    found = page.evaluate(WIDER_THAN_VIEWPORT)
    assert found["wide"] == [] and found["page"] <= found["width"], found


def test_staff_menu_is_one_line_wide_and_one_keyboard_button_on_a_phone(
    page, live_server, django_user_model
):
    make_user(django_user_model, "officer_bct", "bct", "officer")
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server, "officer_bct")
    line = page.evaluate(LINES, "#mainnav-items")
    assert line["items"] == len(MENU) and line["lines"] == 1, line
    assert line["height"] < 1.5 * line["tallest"], line
    assert not page.locator("header .staffnav .navtoggle").is_visible()

    # A group opens with Enter on its summary and closes with Escape, focus back on the summary.
    evaluation = page.locator("#mainnav-items summary", has_text="Đánh giá")
    scorecards = page.locator("#mainnav-items a", has_text="Thẻ điểm")
    assert not scorecards.is_visible()
    evaluation.focus()
    page.keyboard.press("Enter")
    assert scorecards.is_visible()
    page.keyboard.press("Escape")
    assert not scorecards.is_visible()
    assert_focus(page, evaluation)
    page.keyboard.press("Enter")
    tab_to(page, scorecards)
    press_and_load(page, "Enter")
    assert page.url == f"{live_server.url}/scorecards/"
    # The current section: its link is the page, its group says it holds the current page.
    assert scorecards.get_attribute("aria-current") == "page"
    assert evaluation.get_attribute("aria-current") == "true"
    assert page.locator("#mainnav-items [aria-current]").count() == 2

    # On a phone the menu is one button; it opens by keyboard and leads to the same pages.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/")
    fits(page)
    toggle = page.locator("header .staffnav .navtoggle")
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert not page.locator("#mainnav-items").is_visible()
    tab_to(page, toggle)
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    tab_to(page, evaluation)
    page.keyboard.press("Enter")
    fits(page)
    tab_to(page, scorecards)
    press_and_load(page, "Enter")
    assert page.url == f"{live_server.url}/scorecards/"
    fits(page)


def test_public_menu_is_one_line_wide_and_folds_on_a_phone(page, live_server):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/")
    line = page.evaluate(LINES, "#publicnav-items")
    assert line["items"] == 6 and line["lines"] == 1, line
    brand, login = page.locator("header .brand"), page.locator("header a.loginlink")
    assert abs(brand.bounding_box()["y"] - login.bounding_box()["y"]) < 20  # one top row

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/")
    fits(page)
    assert login.is_visible()  # logging in never hides behind the menu
    toggle = page.locator("header .publicnav .navtoggle")
    business = page.locator("#publicnav-items a", has_text="Dành cho doanh nghiệp")
    assert not business.is_visible()
    tab_to(page, toggle)
    page.keyboard.press("Space")
    assert business.is_visible()
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false" and not business.is_visible()
