"""In the browser: a visitor names a commitment in the feedback form by searching for it (no
list of every commitment); an agency officer puts a proposal to public consultation from its
page. axe-core scans every page. ``CAMKET_F1_SCREENSHOTS=<folder>`` keeps screenshots."""

from __future__ import annotations

import os
from pathlib import Path

from camket.agencies.models import Membership
from camket.conftest import BROWSER_TEST, click_and_load, log_in, make_commitment, make_user
from camket.evaluation.tests.factories import negotiating_commitment, open_proposal
from camket.portal.consultation.models import Consultation, Feedback

pytestmark = BROWSER_TEST


def _shot(page, name: str) -> None:
    folder = os.environ.get("CAMKET_F1_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_a_visitor_searches_the_commitment_of_a_difficulty(page, live_server):
    vkfta = make_commitment()
    make_commitment(
        "vn/treaty/2019/evfta", title_vi="Hiệp định Thương mại tự do Việt Nam - Liên minh châu Âu",
        title_en="EU - Viet Nam Free Trade Agreement", short_name="EVFTA", partners=("BEL",),
    )  # fmt: skip
    page.goto(f"{live_server.url}/public/commitments/{vkfta.code}/")
    _shot(page, "commitment-page")
    page.goto(f"{live_server.url}/public/feedback/new/")
    page.fill("#id_commitment_search", "han quoc")
    match = page.locator(f"#id_commitment_options input[value='{vkfta.pk}']")
    match.wait_for()
    assert page.locator("#id_commitment_options input").count() == 1  # EVFTA does not match
    match.check()
    assert page.locator(f"#id_commitment_chosen input[value='{vkfta.pk}']").is_checked()
    page.select_option("#id_submitter_kind", "business")
    page.fill("#id_submitter_name", "Võ Văn Tâm")
    page.fill("#id_email", "tam@example.vn")
    page.fill("#id_subject", "Chưa được hưởng thuế suất ưu đãi")
    page.fill("#id_text", "Hải quan Hàn Quốc chưa áp thuế suất VKFTA cho cá tra phi lê.")
    _shot(page, "feedback-form-picked")
    click_and_load(page, "main form button[type=submit]:not([name])")
    assert "/public/feedback/t/" in page.url
    assert Feedback.objects.get().commitment == vkfta


def test_an_officer_puts_a_proposal_to_public_consultation_from_its_page(
    page, live_server, django_user_model
):
    make_user(django_user_model, "officer_bct", "bct", Membership.Role.OFFICER)
    commitment = negotiating_commitment()
    proposal = open_proposal(commitment)
    log_in(page, live_server, "officer_bct")
    page.goto(f"{live_server.url}{proposal.get_absolute_url()}")
    _shot(page, "proposal-page")
    click_and_load(page, "#consult-link")
    assert page.locator("#id_subject").input_value() == "proposal"
    assert page.locator("#id_proposal").input_value() == str(proposal.pk)
    page.fill("#id_title", "Lấy ý kiến về đề xuất ký Hiệp định VN-EFTA")
    page.fill("#id_summary", "Đề xuất ký Hiệp định; đề nghị doanh nghiệp góp ý về tác động.")
    page.check("input[name=audiences][value=business]")
    _shot(page, "consultation-form")
    click_and_load(page, "main form button[type=submit]")
    assert Consultation.objects.get().proposal_id == proposal.pk
    page.goto(f"{live_server.url}{proposal.get_absolute_url()}")
    assert "Lấy ý kiến về đề xuất ký" in page.locator("#public-consultation").inner_text()


def test_enter_in_a_field_sends_the_feedback_and_in_the_picker_searches(page, live_server):
    """The picker's search button comes first in the form: Enter in another field must not
    press it (the form would be redrawn instead of sent)."""
    vkfta = make_commitment()
    page.goto(f"{live_server.url}/public/feedback/new/")
    page.fill("#id_commitment_search", "han quoc")
    page.press("#id_commitment_search", "Enter")  # in the search box Enter searches
    match = page.locator(f"#id_commitment_options input[value='{vkfta.pk}']")
    match.wait_for()
    assert "/public/feedback/new/" in page.url and not Feedback.objects.exists()
    match.check()
    page.select_option("#id_submitter_kind", "business")
    page.fill("#id_submitter_name", "Võ Văn Tâm")
    page.fill("#id_email", "tam@example.vn")
    page.fill("#id_text", "Hải quan Hàn Quốc chưa áp thuế suất VKFTA cho cá tra phi lê.")
    page.fill("#id_subject", "Chưa được hưởng thuế suất ưu đãi")
    with page.expect_navigation():
        page.press("#id_subject", "Enter")
    page.wait_for_load_state()
    assert "/public/feedback/t/" in page.url, page.locator("main").inner_text()
    sent = Feedback.objects.get()
    assert (sent.subject, sent.commitment) == ("Chưa được hưởng thuế suất ưu đãi", vkfta)
