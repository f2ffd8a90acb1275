"""The first hour in real Chromium: no code to type, pickers that search without diacritics,
and pages that fit a 390 px phone."""

import re

from django.utils import timezone

from camket.conftest import BROWSER_TEST, click_and_load, log_in, make_commitment
from camket.registry.models import Commitment

pytestmark = BROWSER_TEST


FILTERED = """([id, typed]) => {
  const fold = (s) => s.normalize("NFD").replace(/[\\u0300-\\u036f]/g, "")
    .replace(/[\\u0111\\u0110]/g, "d").toLowerCase();
  const words = fold(typed).split(/\\s+/).filter(Boolean);
  const shown = Array.from(document.querySelectorAll(`#${id}-ts-dropdown .option`));
  return shown.map((o) => words.every((w) => fold(o.textContent).includes(w)));
}"""


def choose(page, select_id: str, typed: str, wanted: str) -> None:
    """Pick ``wanted`` in the search picker of ``select_id`` after typing ``typed``.

    The list must already be filtered when typing ends, read without waiting: a list redrawn
    a moment later moves the options under a click that is already on its way.
    """
    control = page.locator(f"#{select_id}-ts-control")
    control.click()
    control.fill(typed)
    matches = page.evaluate(FILTERED, [select_id, typed])
    assert matches and all(matches), f"{select_id}: the list shown is not the one filtered"
    page.locator(f"#{select_id}-ts-dropdown .option", has_text=wanted).first.click()
    page.keyboard.press("Escape")
    picked = page.locator(f"#{select_id}").evaluate(
        "s => Array.from(s.selectedOptions, o => o.text)"
    )
    assert wanted in picked, f"{select_id}: {picked} picked instead of {wanted}"


def test_coordinator_creates_a_treaty_without_a_code_and_finds_it_by_a_plain_search(
    page, live_server, coordinator
):
    log_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/register/new/")
    assert page.locator("#id_code").input_value() == ""
    assert page.locator("#id_title_vi").get_attribute("aria-required") == "true"
    page.select_option("#id_kind", "treaty")
    page.select_option("#id_level", "state")
    page.select_option("#id_scope", "bilateral")
    page.fill("#id_title_vi", "Hiệp định về dẫn độ giữa Việt Nam và Hàn Quốc")
    page.fill("#id_short_name", "Dẫn độ Hàn Quốc")
    choose(page, "id_lead_agency", "bo cong thuong", "Bộ Công Thương")
    choose(page, "id_partners", "han quoc", "Hàn Quốc")  # a picker, searched without diacritics
    click_and_load(page, "main form button.primary")

    year = timezone.localdate().year
    code = f"vn/treaty/{year}/dan-do-han-quoc"
    assert page.locator("main .code").first.inner_text() == code
    treaty = Commitment.objects.get(code=code)
    assert list(treaty.partners.values_list("code", flat=True)) == ["KOR"]

    page.goto(f"{live_server.url}/implementation/plans/new/")
    page.fill("#id_title_vi", "Kế hoạch thực hiện Hiệp định về dẫn độ")
    choose(page, "id_agency", "cong thuong", "Bộ Công Thương")
    page.fill("#id_commitments_search", "dan do han quoc")  # the commitment picker, no diacritics
    box = page.locator(f"#id_commitments_options input[value='{treaty.pk}']")
    box.check()
    assert page.locator("[data-picker-count]").inner_text() == "1"
    click_and_load(page, "main form button.primary")
    assert re.search(rf"/implementation/plans/kh-bct-dan-do-han-quoc-{year}/$", page.url)
    assert "Hiệp định về dẫn độ" in page.locator("main").inner_text()


WIDER_THAN_VIEWPORT = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
  const inScroller = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) if (scrolls(p)) return true;
    return false;
  };
  const wide = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || inScroller(el)) continue;
    if (box.right > width + 1) {
      wide.push(`${el.tagName}.${el.className}[name=${el.getAttribute("name")}] ${Math.round(box.left)}-${Math.round(box.right)}`);
    }
  }
  return {wide, page: document.documentElement.scrollWidth, width};
}"""


def test_pages_fit_a_390_pixel_phone(browser, live_server, coordinator):
    from camket.conftest import check_axe, watch_with_axe

    commitment = make_commitment(
        "vn/treaty/2019/cptpp-dai",
        title_vi="Hiệp định Đối tác Toàn diện và Tiến bộ xuyên Thái Bình Dương",
        short_name="CPTPP",
        partners=("AUS", "JPN", "CAN", "NZL", "SGP"),
        # A long address without spaces, as decisions cite their sources: it wraps in its card.
        summary_vi="Nguồn: https://datafiles.chinhphu.vn/cpp/files/vbpq/2022/03/328-qd-ttg.signed.pdf",
    )
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    watch_with_axe(page)
    try:
        log_in(page, live_server, "coordinator")
        page.goto(f"{live_server.url}{commitment.get_absolute_url()}")
        found = page.evaluate(WIDER_THAN_VIEWPORT)
        assert found["wide"] == [] and found["page"] <= found["width"], found
        buttons = page.locator(".pagehead .actions > *")
        assert buttons.count() >= 4
        assert all(
            b["x"] + b["width"] <= 391
            for b in buttons.evaluate_all("els => els.map(e => e.getBoundingClientRect().toJSON())")
        )

        page.goto(f"{live_server.url}/register/")
        found = page.evaluate(WIDER_THAN_VIEWPORT)
        assert found["wide"] == [] and found["page"] <= found["width"], found
        table = page.locator(".with-facets table.list").bounding_box()
        facets = page.locator(".with-facets .facets").bounding_box()
        assert table["y"] < facets["y"]  # the list first, its filters below
        assert page.locator(".facets details[open]").count() == 0  # folded, open on demand
        page.locator(".facets details summary").first.click()
        assert page.locator(".facets details[open]").count() == 1
        check_axe(page)
    finally:
        context.close()
