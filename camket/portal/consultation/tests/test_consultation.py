"""Consultation: window, comments, answers, explanation report (DOCX opened back)."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from camket.audit.models import AuditEvent
from camket.conftest import make_commitment
from camket.portal.consultation import actions
from camket.portal.consultation.models import Audience, Comment, Consultation
from camket.portal.consultation.report import consultation_report_for, render_docx
from camket.portal.consultation.tests.conftest import comment_data, open_on

pytestmark = pytest.mark.django_db


def test_a_window_shorter_than_the_legal_minimum_is_refused_naming_the_date(vkfta, officer_bct):
    with pytest.raises(ValidationError) as refused:
        open_on(vkfta, officer_bct, opens_on=dt.date(2026, 1, 1), days=59)
    message = refused.value.message_dict["closes_on"][0]
    assert "60" in message and "01/03/2026" in message
    assert not Consultation.objects.exists()


def test_a_restricted_commitment_is_never_put_to_consultation(restricted_btc, coordinator):
    with pytest.raises(ValidationError) as refused:
        open_on(restricted_btc, coordinator)
    assert "commitment" in refused.value.message_dict


def test_only_the_lead_agency_or_the_coordinator_opens_one(vkfta, officer_btc, coordinator):
    with pytest.raises(PermissionDenied):
        open_on(vkfta, officer_btc)
    assert open_on(vkfta, coordinator).lead_agency.code == "bct"


def test_comment_on_a_provision_answer_and_report(
    consultation, article, officer_bct, django_capture_on_commit_callbacks
):
    now = timezone.now()
    named = actions.submit_comment(consultation, comment_data(provision=article.pk), now=now)
    anonymous = actions.submit_comment(
        consultation,
        comment_data(
            author_kind=Audience.ASSOCIATION,
            author_name="",
            organisation="Hiệp hội Chế biến và Xuất khẩu Thủy sản Việt Nam (VASEP)",
            is_anonymous=True,
            email="vasep@example.vn",
            language="en",
            question=2,
            text="Hội viên cần lộ trình ít nhất 3 năm; liên hệ thư ký 0903 123 456.",
        ),
        now=now,
    )
    assert anonymous.public_author.startswith("Hiệp hội") and anonymous.author_name == ""
    today = consultation.closes_on + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="trả lời từng góp ý"):
        actions.publish_report(consultation, "Tiếp thu.", acting_user=officer_bct, today=today)
    actions.answer_comment(
        named, Comment.Outcome.PARTLY, "Giữ tiêu chí cũ 1 năm.", acting_user=officer_bct
    )
    actions.answer_comment(
        anonymous, Comment.Outcome.NOT_ACCEPTED, "Lộ trình do Hiệp định quy định.",
        acting_user=officer_bct,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="kéo dài đến"):
        actions.publish_report(consultation, "Tiếp thu.", acting_user=officer_bct)
    with django_capture_on_commit_callbacks(execute=True):
        actions.publish_report(
            consultation, "Cơ quan tiếp thu một phần.", acting_user=officer_bct, today=today
        )
    consultation.refresh_from_db()
    assert consultation.report_is_published
    # Commenters hear of it by e-mail, each in the language of the pages they wrote from.
    assert sorted(m.to[0] for m in mail.outbox) == ["phapche@thuysan-camau.vn", "vasep@example.vn"]
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects["vasep@example.vn"].startswith("Answers to the comments on")
    assert "góp ý" in subjects["phapche@thuysan-camau.vn"]
    # Answers are final once published.
    with pytest.raises(ValidationError):
        actions.answer_comment(named, Comment.Outcome.ACCEPTED, "x", acting_user=officer_bct)
    actions_done = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"consultation.opened", "comment.submitted", "comment.answered"} <= actions_done
    assert "consultation.report_published" in actions_done


def test_the_explanation_report_opens_back_with_every_answer_masked(consultation, officer_bct):
    comment = actions.submit_comment(
        consultation, comment_data(text="Gọi tôi: 0912 345 678, mail hai@ts.vn. Nên giữ Điều 3.")
    )
    actions.answer_comment(comment, Comment.Outcome.ACCEPTED, "Đồng ý.", acting_user=officer_bct)
    body = render_docx(consultation)
    document = docx.Document(io.BytesIO(body))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "BÁO CÁO" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in " ".join(cells)
    assert "Tiếp thu" in text and consultation.title in text
    assert "Tiếp thu" in " ".join(cells) or "Đồng ý." in cells
    assert "Đồng ý." in cells and "Nên giữ Điều 3." in " ".join(cells)
    assert "0912" not in " ".join(cells) and "hai@ts.vn" not in " ".join(cells)
    assert "Nơi nhận:" in " ".join(cells)
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.left_margin.mm) == 30


def test_a_closed_consultation_takes_no_comment(vkfta, officer_bct):
    past = open_on(vkfta, officer_bct, opens_on=timezone.localdate() - dt.timedelta(days=90))
    with pytest.raises(ValidationError, match="không còn nhận góp ý"):
        actions.submit_comment(past, comment_data())
    assert not Comment.objects.exists()


def test_a_provision_not_put_to_consultation_is_refused(vkfta, officer_bct, article):
    consultation = open_on(vkfta, officer_bct, with_provisions=False)
    with pytest.raises(ValidationError) as refused:
        actions.submit_comment(consultation, comment_data(provision=article.pk))
    assert "provision" in refused.value.message_dict


def test_the_proposal_dossier_finds_the_published_report(coordinator):
    from camket.evaluation.tests.factories import negotiating_commitment, open_proposal

    commitment = negotiating_commitment()
    proposal = open_proposal(commitment)
    consultation = open_on(
        commitment, coordinator, subject=Consultation.Subject.PROPOSAL, proposal_id=proposal.pk
    )
    assert consultation_report_for(proposal) is None
    actions.publish_report(
        consultation, "Không có ý kiến.", acting_user=coordinator,
        today=consultation.closes_on + dt.timedelta(days=1),
    )  # fmt: skip
    assert consultation_report_for(proposal) == consultation


def test_a_draft_commitment_is_consulted_without_publishing_its_record(officer_bct, client):
    draft = make_commitment(
        "vn/treaty/2026/du-thao-hop-tac-thuy-san",
        title_vi="Dự thảo Hiệp định hợp tác nghề cá bí mật",
        title_en="Draft fisheries cooperation",
        short_name="DRAFT-FISH",
        confidentiality="internal",
        events=(),
    )
    consultation = open_on(draft, officer_bct, title="Lấy ý kiến về hợp tác nghề cá")
    page = client.get(consultation.get_public_url()).content.decode()
    assert "Lấy ý kiến về hợp tác nghề cá" in page
    assert "bí mật" not in page and "DRAFT-FISH" not in page
