"""The axe-core net of the browser tests (camket/conftest.py) catches what it is meant to catch,
and leaves the Content Security Policy in force on the pages it scans."""

from __future__ import annotations

import contextlib

from playwright.sync_api import Error

from camket.conftest import BROWSER_TEST, AxeScans

pytestmark = BROWSER_TEST

FAULTY = """<!doctype html><html lang="vi"><head><title>t</title></head><body><main>
<h1>Trang thử</h1>
<form><select name="type"><option>A</option></select>
<label for="id_text">Nội dung</label><input id="id_text" name="a" aria-describedby="id_text_helptext">
<label for="id_text">Nội dung</label><input id="id_text" name="b">
</form></main></body></html>"""


def test_the_net_reports_unlabelled_controls_duplicate_ids_and_dangling_references(browser):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content(FAULTY)
        scans = AxeScans()
        scans.scan(page)
        rules = {item.split(" ", 1)[0] for items in scans.found.values() for item in items}
        assert {"select-name", "duplicate-id-aria", "aria-valid-attr-value"} <= rules, rules
    finally:
        context.close()


def test_pages_scanned_with_axe_keep_their_content_security_policy(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")  # scanned by the page fixture's net
    assert page.evaluate("() => typeof axe") == "object"
    with contextlib.suppress(Error):  # Playwright may report the script the policy refused
        page.add_script_tag(content="window.inlineRan = true;")
    assert page.evaluate("() => window.inlineRan === undefined")
