"""On a 390 px phone: an English address opened cold, a long text as an outline, a provision's
own page, and the subscription form's named groups; axe-core scans every page."""

from __future__ import annotations

from camket.conftest import BROWSER_TEST, click_and_load
from camket.portal.tests.test_portal_browser import fits, phone  # noqa: F401 (fixture)
from camket.registry.loader import load_file
from camket.registry.models import Commitment, Provision

pytestmark = BROWSER_TEST
EVFTA = "vn/treaty/2019/evfta"


def test_a_shared_english_link_and_a_long_text_on_a_phone(phone, live_server):  # noqa: F811
    load_file()
    evfta = Commitment.objects.get(code=EVFTA)
    chapter = Provision.objects.create(
        commitment=evfta, level=Provision.Level.CHAPTER, number="99", heading="Trade", order=900
    )
    for n in range(1, 101):
        Provision.objects.create(
            commitment=evfta, parent=chapter, level=Provision.Level.ARTICLE, number=f"99.{n}",
            heading=f"Rule {n}", order=900 + n, text=f"Each Party shall apply rule {n}.",
        )  # fmt: skip
    page = phone
    page.goto(f"{live_server.url}/public/commitments/{EVFTA}/?lang=en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#share-link").inner_text().endswith(f"/{EVFTA}/?lang=en")
    assert page.locator("#texts details").count() == 0
    fits(page)
    click_and_load(page, "#texts a:text-is('Article 99.57: Rule 57')")
    assert page.locator("h1").inner_text() == "Article 99.57: Rule 57"
    assert "Each Party shall apply rule 57." in page.locator("#provision").inner_text()
    fits(page)
    click_and_load(page, ".langswitch a")
    assert page.locator("h1").inner_text() == "Điều 99.57: Rule 57"
    page.goto(f"{live_server.url}/public/subscriptions/")
    assert page.locator("fieldset.field > legend").count() >= 2
    fits(page)
