"""Shared fixtures: personas (STYLE.md §5) and factories with real Vietnamese text."""

from __future__ import annotations

import datetime as dt
import os
import shutil

import pytest
from django.core.cache import caches

from camket.agencies.models import Agency, Membership
from camket.registry.actions import CommitmentData, EventData, create_commitment
from camket.registry.models import Commitment

Role = Membership.Role
LOCMEM = "django.core.cache.backends.locmem.LocMemCache"


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.LANGUAGE_CODE = "vi"
    # Open data: each test writes its own bulk files and starts with no request counted.
    settings.CAMKET_OPENDATA_DIR = tmp_path / "opendata"
    # Request counts are shared through the database in production; a transactional test's
    # counts would outlive it there (flush leaves the cache table), so tests count in memory.
    # camket/portal/opendata/tests/test_shared_cache.py checks the configured cache itself.
    settings.CACHES = {**settings.CACHES, "shared": {"BACKEND": LOCMEM, "LOCATION": "tests"}}
    for alias in ("default", "shared", "public"):
        caches[alias].clear()


@pytest.fixture
def seeded(transactional_db):
    """Re-run the seed data migrations: transactional tests flush the tables they leave."""
    from importlib import import_module

    from django.apps import apps

    if not Agency.objects.exists():
        import_module("camket.agencies.migrations.0002_seed_agencies").seed_agencies(apps, None)
        import_module("camket.registry.migrations.0002_seed_sectors_partners").seed(apps, None)


def make_user(django_user_model, username: str, agency_code: str, role: str):
    user = django_user_model.objects.create_user(username=username, password="pw-" + username)
    Membership.objects.create(user=user, agency=Agency.objects.get(code=agency_code), role=role)
    return user


@pytest.fixture
def officer_bct(db, django_user_model):
    return make_user(django_user_model, "officer_bct", "bct", Role.OFFICER)


@pytest.fixture
def leader_bct(db, django_user_model):
    return make_user(django_user_model, "leader_bct", "bct", Role.LEADER)


@pytest.fixture
def officer_btc(db, django_user_model):
    return make_user(django_user_model, "officer_btc", "btc", Role.OFFICER)


@pytest.fixture
def officer_hanoi(db, django_user_model):
    return make_user(django_user_model, "officer_hanoi", "hanoi", Role.OFFICER)


@pytest.fixture
def coordinator(db, django_user_model):
    return make_user(django_user_model, "coordinator", "bng-vulpdu", Role.COORDINATOR)


@pytest.fixture
def observer(db, django_user_model):
    return make_user(django_user_model, "observer", "vpcp", Role.OBSERVER)


def make_commitment(
    code: str = "vn/treaty/2015/vkfta",
    *,
    title_vi: str = "Hiệp định Thương mại tự do Việt Nam - Hàn Quốc",
    title_en: str = "Viet Nam - Korea Free Trade Agreement",
    short_name: str = "VKFTA",
    kind: str = Commitment.Kind.TREATY,
    lead: str = "bct",
    supporting: tuple[str, ...] = (),
    confidentiality: str = Commitment.Confidentiality.PUBLIC,
    partners: tuple[str, ...] = ("KOR",),
    sectors: tuple[str, ...] = ("trade",),
    events: tuple[tuple[str, str], ...] = (
        ("signature", "2015-05-05"),
        ("entry_into_force", "2015-12-20"),
    ),
    summary_vi: str = "",
    scope: str = Commitment.Scope.BILATERAL,
) -> Commitment:
    """A commitment written through the one action every writer uses."""
    return create_commitment(
        CommitmentData(
            code=code,
            kind=kind,
            level=Commitment.Level.GOVERNMENT,
            scope=scope,
            title_vi=title_vi,
            title_en=title_en,
            short_name=short_name,
            lead_agency=lead,
            confidentiality=confidentiality,
            summary_vi=summary_vi,
            partners=list(partners),
            sectors=list(sectors),
            supporting_agencies=list(supporting),
            events=[EventData(k, dt.date.fromisoformat(on)) for k, on in events],
        ),
        acting_user=None,
    )


@pytest.fixture
def vkfta(db):
    return make_commitment()


@pytest.fixture
def restricted_btc(db):
    """A restricted agreement led by the Ministry of Finance, supported by Ha Noi."""
    return make_commitment(
        "vn/agreement/2024/btc-hop-tac-hai-quan",
        kind=Commitment.Kind.INTERNATIONAL_AGREEMENT,
        title_vi="Thỏa thuận hợp tác về hải quan giữa Bộ Tài chính và đối tác",
        title_en="Customs cooperation arrangement",
        short_name="HQ-2024",
        lead="btc",
        supporting=("hanoi",),
        partners=("LAO",),
        sectors=("customs",),
        confidentiality=Commitment.Confidentiality.RESTRICTED,
        events=(("signature", "2024-03-01"),),
    )


@pytest.fixture
def internal_btc(db):
    return make_commitment(
        "vn/agreement/2023/btc-noi-bo",
        kind=Commitment.Kind.INTERNATIONAL_AGREEMENT,
        title_vi="Thỏa thuận quốc tế nội bộ của Bộ Tài chính",
        title_en="Internal MOF agreement",
        short_name="MOF-INT",
        lead="btc",
        partners=("KHM",),
        sectors=("finance",),
        confidentiality=Commitment.Confidentiality.INTERNAL,
        events=(("signature", "2023-06-01"),),
    )


########## Browser (Debian's Chromium through Playwright) ##########

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    watch_with_axe(page)
    yield page
    try:
        check_axe(page)
    finally:
        context.close()


BROWSER_TEST = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded"),
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM),
        reason="Debian's chromium is not installed (make test installs it)",
    ),
]
"""``pytestmark = BROWSER_TEST`` in a module of browser tests."""


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", f"pw-{username}")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    if getattr(page, "axe_scans", None) is not None:
        page.axe_scans.scan(page)


def click_and_load(page, target) -> None:
    """Click what loads a new page (a form's button, a link) and wait for that new page.

    ``wait_for_load_state`` after a click returns at once while the old page is still shown, and
    ``wait_for_url`` does too when the form posts back to the same address: what follows would
    then read, or click in, the page being left.
    """
    locator = page.locator(target) if isinstance(target, str) else target
    with page.expect_navigation():  # the page is scanned with axe-core (watch_with_axe)
        locator.click()


########## axe-core on every page the browser tests visit ##########

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_ALWAYS = [
    "duplicate-id",
    "duplicate-id-active",
    "duplicate-id-aria",
    "label",
    "select-name",
    "aria-valid-attr-value",
]
"""Rules that fail the suite whatever their impact, also when axe only asks for a review."""

AXE_RUN = """async ([tags, always]) => {
  const ids = axe.getRules(tags).map((r) => r.ruleId).concat(always);
  const result = await axe.run(document, {runOnly: {type: "rule", values: [...new Set(ids)]}});
  const found = [];
  const lists = [["violation", result.violations], ["needs review", result.incomplete]];
  for (const [kind, list] of lists) {
    for (const rule of list) {
      const serious = kind === "violation" && ["serious", "critical"].includes(rule.impact);
      if (!serious && !always.includes(rule.id)) continue;
      for (const node of rule.nodes) {
        found.push(`${rule.id} (${rule.impact}, ${kind}) ${node.target.join(" ")}`);
      }
    }
  }
  return found;
}"""


PERSONA = "() => document.querySelector('.usermenu .who')?.textContent.trim() || 'anonymous'"


def _axe_source() -> str:
    from pathlib import Path

    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()


class AxeScans:
    """Runs axe-core in each page the test shows, as whoever is logged in, and keeps what it found.

    axe is evaluated through the DevTools protocol (``page.evaluate``), which the Content Security
    Policy does not govern: the page keeps its real policy and no context bypasses it.
    """

    source: str | None = None

    def __init__(self):
        self.pages: list[str] = []
        self.found: dict[str, list[str]] = {}

    def scan(self, page) -> None:
        if AxeScans.source is None:
            AxeScans.source = _axe_source()
        page.wait_for_load_state("load")
        if not page.evaluate("() => typeof axe !== 'undefined'"):
            page.evaluate(AxeScans.source)
        persona = page.evaluate(PERSONA)
        where = f"{page.url.split('//', 1)[-1].split('/', 1)[-1] or '/'} as {persona}"
        where = "/" + where.lstrip("/")
        self.pages.append(where)
        for item in page.evaluate(AXE_RUN, [AXE_TAGS, AXE_ALWAYS]):
            self.found.setdefault(where, [])
            if item not in self.found[where]:
                self.found[where].append(item)

    def report(self) -> str:
        return "\n".join(
            f"{where}: {item}" for where, items in self.found.items() for item in items
        )


def watch_with_axe(page):
    """Scan each page that ``page.goto``, ``page.expect_navigation`` (so ``click_and_load``) and
    ``log_in`` wait for, and the page shown when the test ends."""
    import contextlib

    scans = AxeScans()
    page.axe_scans = scans
    goto, expect_navigation = page.goto, page.expect_navigation

    def goto_and_scan(*args, **kwargs):
        response = goto(*args, **kwargs)
        scans.scan(page)
        return response

    @contextlib.contextmanager
    def expect_navigation_and_scan(*args, **kwargs):
        with expect_navigation(*args, **kwargs) as navigation:
            yield navigation
        scans.scan(page)

    page.goto = goto_and_scan
    page.expect_navigation = expect_navigation_and_scan
    return scans


def check_axe(page) -> None:
    scans = getattr(page, "axe_scans", None)
    if scans is None or page.is_closed():
        return
    if page.url.startswith("http"):
        scans.scan(page)
    if os.environ.get("AXE_LOG"):
        with open(os.environ["AXE_LOG"], "a") as log:
            log.writelines(f"page {where}\n" for where in scans.pages)
            log.writelines(f"{line}\n" for line in scans.report().splitlines())
    assert not scans.found, "axe-core (WCAG 2.1 A/AA):\n" + scans.report()
