"""Every main page passes the Content Security Policy in a real Chromium.

Two nets: the browser's own ``securitypolicyviolation`` events and console errors (what the
policy blocked), and a scan of the HTML the server sent for what the policy would block if a
browser met it (inline scripts, on* attributes, style attributes, <style> elements), so a handler
that only fires on a click is caught too.
"""

from __future__ import annotations

import datetime as dt
import re

from camket.conftest import BROWSER_TEST, log_in, make_commitment, make_user
from camket.monitoring import actions
from camket.monitoring.tests.factories import make_cycle, make_task, open_reports

pytestmark = BROWSER_TEST

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
HANDLER_ATTRIBUTE = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)


def blocked_markup(html: str) -> list[str]:
    found = []
    for name, pattern in (
        ("inline script", INLINE_SCRIPT),
        ("on* attribute", HANDLER_ATTRIBUTE),
        ("style attribute", STYLE_ATTRIBUTE),
        ("<style> element", STYLE_ELEMENT),
    ):
        found += [f"{name}: {m.group(0)[:120]}" for m in pattern.finditer(html)]
    return found


def data_for_every_page(django_user_model):
    make_user(django_user_model, "coordinator", "bng-vulpdu", "coordinator")
    officer = make_user(django_user_model, "officer_bct", "bct", "officer")
    vkfta = make_commitment()
    task = make_task(vkfta, plan_code="kh-bct-vkfta")
    task.starts_on = dt.date(2025, 1, 1)
    task.save()
    make_task(vkfta, title="Tập huấn cho doanh nghiệp về quy tắc xuất xứ", status="completed")
    (report, *_) = open_reports(make_cycle("bct"))
    make_cycle(
        "bct",
        title="6 tháng cuối năm 2025",
        starts_on="2025-07-01",
        ends_on="2025-12-31",
        due_on="2026-01-15",
    )
    actions.submit_report(report, acting_user=officer)
    return vkfta, task, report


def test_main_pages_raise_no_policy_violation(page, live_server, django_user_model):
    vkfta, task, report = data_for_every_page(django_user_model)
    errors: list[str] = []
    page.on(
        "console",
        lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.add_init_script(RECORD_VIOLATIONS)

    def visit(path: str, ready: str = "main") -> None:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert "default-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_selector(ready)
        bad = blocked_markup(response.text())
        assert not bad, (path, bad)
        violations = page.evaluate("window.__csp")
        assert not violations, (path, violations)

    visit("/accounts/login/", "#id_username")
    log_in(page, live_server, "coordinator")
    visit("/register/", "table")
    visit(f"/register/c/{vkfta.code}/")
    visit("/register/search/?q=xuat+xu")
    visit("/monitoring/", ".chart svg")  # ECharts drew (svg renderer)
    with page.expect_navigation():  # data-autosubmit (app.js) sends the form on change
        page.select_option("#id_cycle", label="6 tháng cuối năm 2025")
    assert "cycle=" in page.url
    page.wait_for_selector(".chart svg")
    visit(f"/monitoring/reports/{report.pk}/")
    visit("/monitoring/reports/")
    visit("/implementation/plans/kh-bct-vkfta/", "#roadmap .rm-bar[data-left]")
    bar = page.locator("#roadmap .rm-row .rm-bar").first
    assert bar.evaluate("el => el.style.width").endswith("%")  # positioned by app.js
    visit(f"/implementation/tasks/{task.pk}/")
    visit(f"/implementation/c/{vkfta.code}/")
    visit("/compatibility/laws/")
    visit("/compatibility/gaps/")
    visit(f"/compatibility/obligations/{task.obligations.get().pk}/")
    visit("/accounts/two-factor/", "[data-secret]")
    visit("/monitoring/cycles/new/", "#id_commitments_search")
    page.fill("#id_commitments_search", "VKFTA")  # htmx asks the server for matches
    page.wait_for_selector("#id_commitments_options .picker-results[data-query='VKFTA']")
    assert not page.evaluate("window.__csp")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.goto(f"{live_server.url}/register/c/{vkfta.code}/")
    page.click("form[data-confirm] button.danger")  # the confirm() comes from app.js
    assert page.url.endswith(f"/register/c/{vkfta.code}/")
    assert not page.evaluate("window.__csp")
    assert not errors, errors
