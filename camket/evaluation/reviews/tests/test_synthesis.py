"""The national synthesis: DOCX and PDF opened back, listing the accepted reviews."""

from __future__ import annotations

import io

import docx
import pypdfium2
from django.urls import reverse

from camket.evaluation.reviews import actions
from camket.evaluation.reviews.tests.factories import CONTENT, open_campaign


def _accepted(coordinator, officer_bct, leader_bct, vkfta):
    campaign = open_campaign(coordinator)
    review = campaign.reviews.get(commitment=vkfta)
    review = actions.save_review(
        review, CONTENT, acting_user=officer_bct, version=review.version, submit=True
    )
    actions.transition(review, "approve", acting_user=leader_bct)
    return campaign, review


def test_docx_lists_the_accepted_review_in_the_administrative_layout(
    client, coordinator, officer_bct, leader_bct, vkfta
):
    campaign, review = _accepted(coordinator, officer_bct, leader_bct, vkfta)
    client.force_login(coordinator)
    url = reverse("reviews:campaign-synthesis", args=[campaign.pk])
    before = docx.Document(io.BytesIO(client.get(url, {"format": "docx"}).content))
    cells = [c.text for t in before.tables for row in t.rows for c in row.cells]
    assert "VKFTA" not in cells  # approved by the leader, not yet accepted
    actions.transition(review, "accept", acting_user=coordinator)
    response = client.get(url, {"format": "docx"})
    assert response["Content-Disposition"].startswith("attachment")
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cell for cell in cells)
    assert "BÁO CÁO" in text and "Tiếp tục thực hiện" in cells and "VKFTA" in cells
    assert "Năng lực, Phối hợp" in cells
    section = document.sections[0]
    assert round(section.left_margin.mm) == 30 and round(section.page_width.mm) == 210


def test_pdf_opens_and_names_the_review(client, coordinator, officer_bct, leader_bct, vkfta):
    campaign, review = _accepted(coordinator, officer_bct, leader_bct, vkfta)
    actions.transition(review, "accept", acting_user=coordinator)
    client.force_login(coordinator)
    body = client.get(
        reverse("reviews:campaign-synthesis", args=[campaign.pk]), {"format": "pdf"}
    ).content
    pdf = pypdfium2.PdfDocument(body)
    text = " ".join(page.get_textpage().get_text_range() for page in pdf)
    assert "VKFTA" in text and "BÁO CÁO" in text


def test_agencies_do_not_read_the_synthesis(client, coordinator, officer_bct, vkfta):
    campaign = open_campaign(coordinator)
    client.force_login(officer_bct)
    assert client.get(reverse("reviews:campaign-synthesis", args=[campaign.pk])).status_code == 404
