"""An anonymous visitor on a 390 px phone, in Debian's Chromium; axe-core scans every page."""

from __future__ import annotations

import pytest

from camket.conftest import BROWSER_TEST, check_axe, click_and_load, watch_with_axe
from camket.registry.loader import load_file
from camket.registry.tests.test_pickers_browser import WIDER_THAN_VIEWPORT

pytestmark = BROWSER_TEST


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="en-US", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    watch_with_axe(page)
    yield page
    try:
        check_axe(page)
    finally:
        context.close()


def fits(page) -> None:
    found = page.evaluate(WIDER_THAN_VIEWPORT)
    assert found["wide"] == [] and found["page"] <= found["width"], found


def test_visitor_finds_evfta_without_diacritics_reads_it_and_switches_to_english(
    phone, live_server
):
    load_file()
    page = phone
    page.goto(f"{live_server.url}/")
    assert "Cam kết quốc tế của Việt Nam" in page.locator("h1").inner_text()
    assert page.locator("header a", has_text="Đăng nhập").count() == 1
    fits(page)

    page.fill("#public-q", "hiep dinh evfta thuy san")
    click_and_load(page, "form.bigsearch button")
    first = page.locator("#results li.pubcard a").first
    assert "Liên minh châu Âu" in first.inner_text()
    fits(page)

    click_and_load(page, first)
    assert page.url == f"{live_server.url}/public/commitments/vn/treaty/2019/evfta/"
    assert "thủy sản" in page.locator("#summary").inner_text()
    assert page.locator("#status").inner_text() == "Có hiệu lực"
    timeline = page.locator("#timeline").inner_text()
    assert "30/06/2019" in timeline and "01/08/2020" in timeline
    assert "Bộ Công Thương" in page.locator("#lead-agency").inner_text()
    fits(page)

    click_and_load(page, ".langswitch a")  # an English address of its own, to share
    assert page.url.endswith("/public/commitments/vn/treaty/2019/evfta/?lang=en")
    assert page.locator("h1").inner_text().startswith("Free Trade Agreement between the European")
    assert page.locator("#status").inner_text() == "In force"
    assert "seafood" in page.locator("#summary").inner_text()
    assert page.locator("html").get_attribute("lang") == "en"
    fits(page)

    page.click("header .navtoggle")  # on a phone the portal's menu is one button
    click_and_load(page, "header a[href='/public/business/']")
    fits(page)
    click_and_load(page, "main a[href='/public/business/agriculture/']")
    page.select_option("#b-partner", "EU")
    click_and_load(page, "form.pubfilters button")
    assert "EVFTA" in page.locator("main").inner_text()
    fits(page)
