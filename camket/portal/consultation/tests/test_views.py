"""Pages: the public comments and reports a difficulty through the forms; staff answer."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from camket.portal.consultation.models import Comment, Consultation, Feedback
from camket.portal.consultation.tests.conftest import docx_upload, open_on

pytestmark = pytest.mark.django_db


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_an_anonymous_visitor_comments_on_a_provision(consultation, article):
    client = _client()
    listing = client.get(reverse("consultation:public-consultation-list")).content.decode()
    assert consultation.title in listing and "Đang nhận góp ý" in listing
    url = consultation.get_public_url()
    page = client.get(url).content.decode()
    assert "Quy tắc xuất xứ" in page and "Gửi góp ý" in page
    refused = client.post(url, {"about": f"p{article.pk}", "author_kind": "business", "email": "a@b.vn", "text": "Ý kiến"})  # fmt: skip
    assert refused.status_code == 400 and "Nhập họ và tên" in refused.content.decode()
    done = client.post(
        url,
        {
            "about": f"p{article.pk}",
            "author_kind": "business",
            "author_name": "Phạm Thị Lan",
            "email": "lan@example.vn",
            "text": "Đề nghị bổ sung hướng dẫn chứng nhận xuất xứ cho tôm.",
        },
        follow=True,
    )
    assert "góp ý đã được tiếp nhận" in done.content.decode()
    comment = Comment.objects.get()
    assert comment.provision == article and comment.author_name == "Phạm Thị Lan"
    # Published only once answered.
    assert "Đề nghị bổ sung hướng dẫn" not in client.get(url).content.decode()


def test_the_lead_agency_opens_answers_and_reports(vkfta, article, officer_bct, officer_btc):
    client = _client(officer_bct)
    start = client.get(reverse("consultation:consultation-start"), {"q": "han quoc"})
    assert vkfta.code in start.content.decode()
    url = reverse("consultation:consultation-create", args=[vkfta.code])
    today = timezone.localdate()
    form = {
        "subject": "commitment",
        "title": "Lấy ý kiến dự thảo kế hoạch ưu đãi thuế VKFTA",
        "summary": "Dự thảo biểu thuế ưu đãi đặc biệt giai đoạn 2027-2030.",
        "opens_on": today.isoformat(),
        "closes_on": (today + dt.timedelta(days=30)).isoformat(),
        "audiences": ["business", "association"],
        "questions": "Lộ trình có phù hợp?\nCần hỗ trợ gì?",
        "with_provisions": "on",
        "document_title": "Dự thảo biểu thuế",
        "document": docx_upload(),
    }
    short = client.post(url, form)
    assert short.status_code == 400 and "ít nhất 60 ngày" in short.content.decode()
    form["closes_on"] = (today + dt.timedelta(days=59)).isoformat()
    form["document"] = docx_upload()
    assert client.post(url, form).status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.questions.count() == 2 and consultation.documents.count() == 1
    assert list(consultation.provisions.all()) == [article]
    # Another ministry neither opens one on this commitment nor reads this one.
    other = _client(officer_btc)
    assert other.get(url).status_code == 404
    assert other.get(consultation.get_absolute_url()).status_code == 404
    # The public downloads the document.
    doc = consultation.documents.get()
    download = _client().get(
        reverse("consultation:public-document", args=[consultation.pk, doc.pk])
    )
    assert download.status_code == 200
    # A comment, answered from the staff page.
    _client().post(
        consultation.get_public_url(),
        {"about": "q1", "author_kind": "expert", "author_name": "TS. Đỗ Minh", "email": "minh@vn.vn",
         "text": "Lộ trình 4 năm là hợp lý với ngành chế biến."},
    )  # fmt: skip
    comment = Comment.objects.get()
    answer_url = reverse("consultation:comment-answer", args=[comment.pk])
    prefix = f"c{comment.pk}"
    missing = client.post(answer_url, {f"{prefix}-version": comment.version, f"{prefix}-outcome": "accepted"})  # fmt: skip
    assert missing.status_code == 400
    answered = client.post(
        answer_url,
        {f"{prefix}-version": comment.version, f"{prefix}-outcome": "accepted",
         f"{prefix}-reason": "Giữ lộ trình 4 năm."},
    )  # fmt: skip
    assert answered.status_code == 302
    stale = client.post(
        answer_url,
        {f"{prefix}-version": comment.version, f"{prefix}-outcome": "partly",
         f"{prefix}-reason": "Bản cũ của trang."},
    )  # fmt: skip
    assert stale.status_code == 400 and "Đã có người trả lời" in stale.content.decode()
    comment.refresh_from_db()
    assert comment.outcome == "accepted"
    public = _client().get(consultation.get_public_url()).content.decode()
    assert "Lộ trình 4 năm là hợp lý" in public and "Giữ lộ trình 4 năm." in public
    assert "minh@vn.vn" not in public
    # The staff report (a draft until published) opens as DOCX.
    body = client.get(reverse("consultation:report-download", args=[consultation.pk])).content
    cells = [
        c.text for t in docx.Document(io.BytesIO(body)).tables for r in t.rows for c in r.cells
    ]
    assert "Tiếp thu" in cells and "Câu hỏi 1" in cells
    # The public report exists only once published.
    public_report = reverse("consultation:public-report", args=[consultation.pk])
    assert _client().get(public_report).status_code == 404


def test_a_visitor_reports_a_difficulty_with_a_file_and_follows_it(
    vkfta, coordinator, django_capture_on_commit_callbacks
):
    client = _client()
    form_url = reverse("consultation:feedback-create")
    page = client.get(form_url, {"commitment": vkfta.code}).content.decode()
    assert "Gửi phản ánh, kiến nghị" in page and vkfta.title_vi in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            form_url,
            {
                "commitment": vkfta.pk,
                "submitter_kind": "business",
                "submitter_name": "Võ Văn Tâm",
                "email": "tam@example.vn",
                "subject": "Chưa được hưởng thuế suất ưu đãi",
                "text": "Hải quan Hàn Quốc chưa áp thuế suất VKFTA cho cá tra phi lê.",
                "attachments": [docx_upload("c-o.docx")],
            },
        )
    assert response.status_code == 302
    private = response["Location"]
    assert private.startswith("/public/feedback/t/")
    assert Feedback.objects.get().attachments.get().name == "c-o.docx"
    followed = client.get(private).content.decode()
    assert "Đã tiếp nhận" in followed and "Đầu mối quốc gia phân loại trước ngày" in followed
    assert mail.outbox and private in mail.outbox[0].body
    assert Feedback.objects.get().language == "vi"


def test_feedback_from_the_english_form_is_answered_in_english(
    vkfta, coordinator, django_capture_on_commit_callbacks
):
    client = _client()
    form_url = reverse("consultation:feedback-create") + "?lang=en"
    assert "Report a difficulty" in client.get(form_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            form_url,
            {
                "commitment": vkfta.pk,
                "submitter_kind": "business",
                "submitter_name": "Kim Min-jun",
                "email": "kim@example.kr",
                "subject": "Preferential tariff refused",
                "text": "Korean customs refused the VKFTA rate on frozen pangasius fillets.",
            },
        )
    assert response.status_code == 302
    assert Feedback.objects.get().language == "en"
    assert mail.outbox[0].subject.startswith("CamKet received your feedback")


def test_the_coordinator_screens_and_the_agency_answers_from_the_pages(
    vkfta, coordinator, officer_bct
):
    from camket.portal.consultation import actions
    from camket.portal.consultation.tests.conftest import feedback_data

    feedback = actions.submit_feedback(feedback_data(commitment=vkfta.code)).feedback
    queue = _client(coordinator).get(reverse("consultation:queue")).content.decode()
    assert feedback.subject in queue
    home = _client(coordinator).get(reverse("home")).content.decode()
    assert reverse("consultation:queue") in home and "Góp ý và phản ánh của người dân" in home
    screen = reverse("consultation:feedback-screen", args=[feedback.pk])
    assert _client(officer_bct).post(screen, {"agency": "bct", "version": 1}).status_code == 404
    assert _client(coordinator).post(screen, {"agency": "bct", "version": 1}).status_code == 302
    officer = _client(officer_bct)
    assert feedback.subject in officer.get(reverse("consultation:queue")).content.decode()
    answer = reverse("consultation:feedback-answer", args=[feedback.pk])
    feedback.refresh_from_db()
    sent = officer.post(answer, {"answer": "Đã làm việc với Hải quan Hàn Quốc.", "version": feedback.version})  # fmt: skip
    assert sent.status_code == 302
    close = reverse("consultation:feedback-close", args=[feedback.pk])
    assert officer.post(close).status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.CLOSED
    listing = _client().get(reverse("consultation:public-feedback-list")).content.decode()
    assert "Đã làm việc với Hải quan Hàn Quốc." in listing


def test_past_consultations_say_they_are_closed(vkfta, officer_bct):
    past = open_on(vkfta, officer_bct, opens_on=timezone.localdate() - dt.timedelta(days=80))
    page = _client().get(past.get_public_url()).content.decode()
    assert "Gửi góp ý" not in page
    listing = _client().get(reverse("consultation:public-consultation-list")).content.decode()
    assert "Đã kết thúc; đang chuẩn bị trả lời" in listing
