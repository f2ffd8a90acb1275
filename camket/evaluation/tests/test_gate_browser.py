"""Before signing, in real Chromium (issue 12): an officer prepares a proposal, MOJ and MOFA give
their opinions, the leader approves, the coordinator records the signature; the same signature
on a commitment without a proposal is refused with the gate's Vietnamese message."""

from __future__ import annotations

import datetime as dt

from camket.conftest import BROWSER_TEST, click_and_load, log_in, make_user
from camket.evaluation import actions
from camket.evaluation.models import ChecklistItem, Proposal
from camket.evaluation.tests.factories import negotiating_commitment, text_file

pytestmark = BROWSER_TEST


def test_proposal_opinions_decision_then_signature_and_refusal(
    page, live_server, django_user_model
):
    for name, agency, role in (
        ("canbo.bct", "bct", "officer"),
        ("lanhdao.bct", "bct", "leader"),
        ("canbo.btp", "btp", "officer"),
        ("canbo.bng", "bng", "officer"),
        ("dieuphoi", "bng-vulpdu", "coordinator"),
    ):
        make_user(django_user_model, name, agency, role)
    efta = negotiating_commitment()
    other = negotiating_commitment(
        "vn/treaty/2026/khac", short_name="KHAC", title_vi="Hiệp định khác"
    )
    url = live_server.url

    # The officer opens the proposal from the commitment's gate page.
    log_in(page, live_server, "canbo.bct")
    page.goto(f"{url}/evaluation/c/{efta.code}/")
    click_and_load(page, "text=Lập đề xuất")
    page.select_option("#id_stage", "signature")
    page.fill("#id_necessity", "Mở rộng thị trường xuất khẩu sang các nước EFTA.")
    click_and_load(page, "main form button[type=submit]")
    proposal = Proposal.objects.get(commitment=efta)
    assert page.locator("#proposal-status").inner_text().startswith("Đang chuẩn bị")

    # Impact assessment: every dimension scored and argued.
    click_and_load(page, "#impact-link")
    for dimension in ("economy", "legal", "institutions", "society", "environment", "security"):
        page.select_option(f"#id_{dimension}_score", "1")
        page.fill(f"#id_{dimension}_argument", "Tác động tích cực có điều kiện.")
    click_and_load(page, "main form button[type=submit]")
    assert page.locator("[data-item='treaty.signature.impact']").inner_text().endswith("có")

    # Feasibility of each obligation: B with a date.
    click_and_load(page, "#feasibility-link")
    for obligation in actions.obligations_assessed(proposal):
        section = page.locator(f"#obligation-{obligation.pk}")
        section.locator("select[name$=category]").select_option("b")
        section.locator("input[name$=ready_on]").fill("2028-01-01")
        click_and_load(page, section.locator("button[type=submit]"))
    assert "nhóm B 100%" in page.locator("#feasibility-summary").inner_text()

    # One document through the page; the rest of the dossier through the same action.
    page.goto(f"{url}{proposal.get_absolute_url()}")
    click_and_load(page, "[data-item='treaty.signature.text'] a")
    page.set_input_files(
        "#id_file",
        files=[
            {
                "name": "van-ban-hiep-dinh.txt",
                "mimeType": "text/plain",
                "buffer": "Văn bản Hiệp định.".encode(),
            }
        ],
    )
    click_and_load(page, "main form button[type=submit]")
    officer = django_user_model.objects.get(username="canbo.bct")
    for item in proposal.items.exclude(kind=ChecklistItem.Kind.OPINION).filter(
        satisfied_at__isnull=True
    ):
        actions.satisfy_item(item, note="Đã lập.", upload=text_file(), acting_user=officer)
    page.reload()
    click_and_load(page, "#submit-proposal")
    assert "Đang lấy ý kiến" in page.locator("#proposal-status").inner_text()
    page.select_option("#opinions select[name=agency]", "btc")
    click_and_load(page, "#opinions button[type=submit]")
    actions.give_opinion(
        proposal.opinions.get(agency__code="btc"),
        stance="agree",
        text="Nhất trí.",
        acting_user=make_user(django_user_model, "canbo.btc", "btc", "officer"),
    )

    # MOJ, then MOFA, give their opinions on the page.
    for reviewer, agency in (("canbo.btp", "btp"), ("canbo.bng", "bng")):
        log_in(page, live_server, reviewer)
        page.goto(f"{url}{proposal.get_absolute_url()}")
        click_and_load(page, f"[data-opinion='{agency}'] >> text=Cho ý kiến")
        page.select_option("#id_stance", "agree")
        page.fill("#id_text", "Đồng ý với đề xuất.")
        click_and_load(page, "main form button[type=submit]")
        assert "Đồng ý" in page.locator(f"[data-opinion='{agency}']").inner_text()

    # The leader of the proposing agency approves, with the Government's decision.
    log_in(page, live_server, "lanhdao.bct")
    page.goto(f"{url}{proposal.get_absolute_url()}")
    page.select_option("#decide select[name=decision]", "approved")
    page.fill("#decide input[name=instrument]", "Quyết định số 15/QĐ-TTg ngày 25/11/2026")
    click_and_load(page, "#decide-button")
    assert page.locator("#proposal-status").inner_text() == "Đã quyết định · Đã phê duyệt"

    # The coordinator records the signature in the register: it passes, the plan is drafted.
    log_in(page, live_server, "dieuphoi")
    _record_signature(page, url, efta)
    assert efta.events.filter(kind="signature").exists()
    proposal.refresh_from_db()
    assert proposal.draft_plan.tasks.count() == 2

    # The same signature on a commitment without a proposal is refused, naming what is missing.
    _record_signature(page, url, other)
    error = page.locator("#timeline .error").inner_text()
    assert "không có đề xuất được phê duyệt cho bước “Ký”" in error
    assert not other.events.filter(kind="signature").exists()


def _record_signature(page, url, commitment, on=dt.date(2026, 12, 1)):
    page.goto(f"{url}{commitment.get_absolute_url()}")
    page.click("#timeline summary")
    page.select_option("#timeline select[name=kind]", "signature")
    page.fill("#timeline input[name=on]", on.isoformat())
    click_and_load(page, "#timeline button.primary")
