"""No template served to a browser holds what the Content Security Policy refuses.

The browser test (test_csp_browser.py) visits the main pages; this scan covers every template,
so a new page with an inline script, an on* handler or a style attribute fails here even before
anyone writes a browser test for it.
"""

from __future__ import annotations

from pathlib import Path

from camket.tests.test_csp_browser import blocked_markup

ROOT = Path(__file__).resolve().parents[1]
# Rendered to PDF by WeasyPrint, never sent to a browser: its print styles may stay inline.
NOT_SERVED = {"monitoring/templates/monitoring/official_report.html"}


def served_templates() -> list[Path]:
    return [
        path
        for path in sorted(ROOT.glob("**/templates/**/*.html"))
        if path.relative_to(ROOT).as_posix() not in NOT_SERVED
    ]


def test_templates_hold_no_inline_script_handler_or_style():
    templates = served_templates()
    assert len(templates) > 40
    found = {
        path.relative_to(ROOT).as_posix(): bad
        for path in templates
        if (bad := blocked_markup(path.read_text(encoding="utf-8")))
    }
    assert not found, found


def test_the_scan_finds_what_the_policy_refuses():
    for markup in (
        "<script>alert(1)</script>",
        '<form onsubmit="return confirm(1)">',
        '<div class="chart" style="height:280px">',
        "<style>.kpi{}</style>",
    ):
        assert blocked_markup(markup), markup
    for markup in (
        '<script src="/static/camket/app.js" defer></script>',
        '<script id="data" type="application/json">{}</script>',
        '<form method="post" action="/x" data-confirm="?">',
    ):
        assert not blocked_markup(markup), markup
