"""Real Chromium: an officer accepts a suggested provision and sees the matrix change."""

from django.urls import reverse

from camket.compatibility.models import RelevanceJudgement
from camket.compatibility.tests.conftest import ART_170
from camket.conftest import BROWSER_TEST, click_and_load, log_in

pytestmark = BROWSER_TEST


def test_officer_accepts_a_suggestion_as_partly_compatible(
    page,
    live_server,
    officer_bct,
    corpus,
    association,
):
    log_in(page, live_server, "officer_bct")
    matrix_url = live_server.url + reverse(
        "compatibility:commitment-matrix", args=[association.commitment.code]
    )
    page.goto(matrix_url)
    assert page.locator(".coverage-percent").inner_text() == "0%"
    page.click(f"#matrix tr[data-obligation='{association.pk}'] a")
    page.wait_for_url(f"**/compatibility/obligations/{association.pk}/")

    suggestion = page.locator(f"li.suggestion[data-code='{ART_170}']")
    tags = suggestion.locator(".tag").all_inner_texts()
    assert "thành lập" in tags  # the shared keyword as words, never its stored form
    assert not any("_" in tag for tag in tags)
    suggestion.locator("details.confirm summary").click()
    form = suggestion.locator("form.confirm-form")
    form.locator("select[name=relation]").select_option("subset")
    form.locator("select[name=verdict]").select_option("partly")
    form.locator("textarea[name=rationale]").fill(
        "Điều 170 Bộ luật Lao động cho phép thành lập tổ chức của người lao động; cần nghị định."
    )
    click_and_load(page, form.locator("button[type=submit]"))
    row = page.locator("#links tr.link-row.confirmed")
    assert row.get_attribute("data-verdict") == "partly"
    assert "Điều 170" in row.inner_text()
    judgement = RelevanceJudgement.objects.get()  # the decision is kept as ground truth
    assert (judgement.provision_code, judgement.relevance, judgement.suggested) == (ART_170, 1, True)

    page.goto(matrix_url)
    assert page.locator(".coverage-percent").inner_text() == "100%"
    cells = page.locator(f"#matrix tr[data-obligation='{association.pk}'] td.cell")
    assert cells.nth(1).inner_text() == "1"
