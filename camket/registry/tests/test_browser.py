"""Real Chromium (Debian's, through Playwright) against the live server."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from camket.conftest import BROWSER_TEST, click_and_load, log_in, make_commitment

DATA = Path(__file__).parent / "data"

pytestmark = BROWSER_TEST


@pytest.fixture
def cptpp(db):
    commitment = make_commitment(
        "vn/treaty/2018/cptpp",
        title_vi="Hiệp định Đối tác Toàn diện và Tiến bộ xuyên Thái Bình Dương",
        title_en="Comprehensive and Progressive Agreement for Trans-Pacific Partnership",
        short_name="CPTPP",
        partners=("AUS", "JPN", "CAN"),
        events=(
            ("signature", "2018-03-08"),
            ("ratification", "2018-11-12"),
            ("entry_into_force", "2019-01-14"),
        ),
    )
    commitment.tota_id = "9449"
    commitment.save()
    call_command("import_tota", str(DATA / "tpp_excerpt.xml"), verbosity=0)
    return commitment


def test_officer_searches_opens_cptpp_and_switches_to_english(
    page, live_server, officer_bct, cptpp
):
    log_in(page, live_server, "officer_bct")
    page.goto(f"{live_server.url}/register/")
    assert page.locator("h1").inner_text() == "Cơ sở dữ liệu cam kết quốc tế"
    page.fill("header input[name=q]", "hiep dinh cptpp")
    page.press("header input[name=q]", "Enter")
    first = page.locator("ol.results li.result").first
    assert first.locator("mark").all_inner_texts()[:2] == ["Hiệp", "định"]
    first.locator("a.hit-title").click()
    page.wait_for_url("**/c/vn/treaty/2018/cptpp/")
    timeline = page.locator("#timeline")
    assert "08/03/2018" in timeline.inner_text() and "Có hiệu lực" in timeline.inner_text()
    assert page.locator("#status").inner_text() == "Có hiệu lực"
    page.locator("#provisions summary", has_text=re.compile(r"^Chương.*Labour$")).click()
    page.locator("#provisions summary", has_text="Điều 19.3: Labour Rights").click()
    article = page.locator("#provisions .provtext", has_text="freedom of association")
    assert article.is_visible()
    click_and_load(page, "form.langswitch button")
    assert page.locator("#status").inner_text() == "In force"
    assert "Timeline" in page.locator("#timeline h2").inner_text()
    assert page.locator("h1").inner_text() == cptpp.title_en


def test_officer_of_another_agency_cannot_open_restricted_record(
    page, live_server, officer_bct, restricted_btc
):
    log_in(page, live_server, "officer_bct")
    response = page.goto(f"{live_server.url}{restricted_btc.get_absolute_url()}")
    assert response.status == 404
    assert restricted_btc.title_vi not in page.content()
    page.goto(f"{live_server.url}/register/search/?q=hai+quan")
    assert restricted_btc.title_vi not in page.content()


def test_lead_agency_records_an_event_and_sees_the_refusal_message(
    page, live_server, officer_btc, restricted_btc
):
    log_in(page, live_server, "officer_btc")
    page.goto(f"{live_server.url}{restricted_btc.get_absolute_url()}")
    page.click("#timeline summary")
    page.select_option("#timeline select[name=kind]", "termination")
    page.fill("#timeline input[name=on]", "2020-01-01")
    page.click("#timeline button.primary")
    assert "không" in page.locator("#timeline .error").inner_text().lower()
    page.select_option("#timeline select[name=kind]", "entry_into_force")
    page.fill("#timeline input[name=on]", "2024-04-15")
    click_and_load(page, "#timeline button.primary")
    assert page.locator("#status").inner_text() == "Có hiệu lực"
    audit = page.locator("#audit").inner_text()
    assert "Ghi nhận sự kiện" in audit
    assert "event.recorded" not in audit


def test_officer_relates_two_commitments_by_searching_not_typing_a_code(
    page, live_server, officer_bct, vkfta, cptpp
):
    upgrade = make_commitment(
        "vn/treaty/2024/vkfta-protocol", short_name="VKFTA-P", title_vi="Nghị định thư sửa đổi VKFTA"
    )
    log_in(page, live_server, "officer_bct")
    page.goto(f"{live_server.url}{upgrade.get_absolute_url()}")
    form = page.locator("form[action$='/relations/']")
    form.locator("xpath=ancestor::details/summary").click()
    form.locator("input[type=search]").fill("han quoc")
    match = form.locator(f".picker-options input[value='{vkfta.pk}']")
    match.check()  # the match moves into the chosen list
    form.locator("input[type=search]").fill("xuyen thai binh duong")
    other = form.locator(f".picker-options input[value='{cptpp.pk}']")
    other.check()  # one pick: the earlier one leaves the chosen list
    chosen = form.locator(".picker-chosen input")
    assert chosen.count() == 1 and chosen.first.get_attribute("value") == str(cptpp.pk)
    assert form.locator("[data-picker-count]").inner_text() == "1"
    form.locator("select[name=kind]").select_option("amends")
    click_and_load(page, form.locator("button.primary"))
    assert "Hiệp định Đối tác Toàn diện" in page.locator("#relations").inner_text()
