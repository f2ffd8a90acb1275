"""Feedback: workflow, private link, e-mails, masking, rate limit, duplicates, uploads."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from camket.monitoring.models import Notification, Reminder
from camket.portal.consultation import actions, queues
from camket.portal.consultation.models import Audience, Feedback, FeedbackAttachment
from camket.portal.consultation.tests.conftest import docx_upload, feedback_data

pytestmark = pytest.mark.django_db


def _private_link(message) -> str:
    return re.search(r"http\S+/public/feedback/t/\S+/", message.body).group(0)


@pytest.fixture
def received(vkfta, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return actions.submit_feedback(
            feedback_data(commitment=vkfta.code, uploads=[docx_upload("to-khai.docx")]),
            address="203.0.113.7",
        )


def test_the_whole_way_from_received_to_closed(
    received, coordinator, officer_bct, officer_btc, django_capture_on_commit_callbacks
):
    feedback = received.feedback
    assert feedback.status == Feedback.Status.RECEIVED
    assert feedback.screening_due_on == timezone.localdate() + dt.timedelta(days=10)
    assert FeedbackAttachment.objects.get(feedback=feedback).name == "to-khai.docx"
    # The submitter has the private link by e-mail; the coordinator a notification.
    assert mail.outbox[0].to == ["xnk@thuysan-camau.vn"]
    link = _private_link(mail.outbox[0])
    assert link.endswith(received.private_path)
    assert Notification.objects.filter(user=coordinator).exists()

    with pytest.raises(PermissionDenied):
        actions.screen_feedback(feedback, acting_user=officer_bct, agency="bct")
    with django_capture_on_commit_callbacks(execute=True):
        actions.screen_feedback(feedback, acting_user=coordinator, agency="bct")
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.ASSIGNED
    assert feedback.answer_due_on == timezone.localdate() + dt.timedelta(days=30)
    assert Notification.objects.filter(user=officer_bct).exists()
    assert not Notification.objects.filter(user=officer_btc).exists()

    with pytest.raises(PermissionDenied):
        actions.answer_feedback(
            feedback, "Không phải việc của Bộ Tài chính.", acting_user=officer_btc
        )
    with django_capture_on_commit_callbacks(execute=True):
        actions.answer_feedback(
            feedback,
            "Bộ Công Thương đã đề nghị phía EU chấp nhận C/O sửa mã HS; gọi 0243 826 2538.",
            acting_user=officer_bct,
        )
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.ANSWERED and feedback.answered_on_time
    assert {m.to[0] for m in mail.outbox} == {"xnk@thuysan-camau.vn"}
    assert len(mail.outbox) == 3  # received, sent to the agency, answered

    # The visitor reads the answer by the private link; the public list masks the phone.
    page = Client().get(received.private_path)
    assert page.status_code == 200 and "Bộ Công Thương đã đề nghị" in page.content.decode()
    assert page["Cache-Control"] == "private, no-store" and page["Referrer-Policy"] == "no-referrer"
    public = Client().get(reverse("consultation:public-feedback-list")).content.decode()
    assert "Bộ Công Thương đã đề nghị" in public
    assert "0243" not in public and "0912" not in public and "[đã ẩn]" in public
    assert "xnk@thuysan-camau.vn" not in public and "Lê Thị Mai" not in public

    actions.close_feedback(feedback, acting_user=officer_bct)
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.CLOSED


def test_a_confidential_answer_is_never_published(received, coordinator, officer_bct):
    actions.screen_feedback(received.feedback, acting_user=coordinator, agency="bct")
    actions.answer_feedback(
        received.feedback, "Trả lời riêng về hồ sơ của công ty.", acting_user=officer_bct,
        is_confidential=True,
    )  # fmt: skip
    public = Client().get(reverse("consultation:public-feedback-list")).content.decode()
    assert "Trả lời riêng" not in public
    assert "Trả lời riêng" in Client().get(received.private_path).content.decode()


def test_a_wrong_or_guessed_token_is_the_same_404(received):
    client = Client()
    token = received.private_path.rstrip("/").rsplit("/", 1)[-1]
    assert len(token) >= 40
    for guess in (token[:-1] + ("A" if token[-1] != "A" else "B"), "1", str(received.feedback.pk)):
        assert client.get(reverse("consultation:feedback-private", args=[guess])).status_code == 404
    # The token is nowhere in the database: only its hash.
    row = Feedback.objects.filter(pk=received.feedback.pk).values().get()
    assert token not in {str(v) for v in row.values()}
    # Staff addresses of feedback are not public: anonymous users go to the login page.
    staff = client.get(reverse("consultation:feedback-detail", args=[received.feedback.pk]))
    assert staff.status_code == 302 and "/accounts/login/" in staff["Location"]


def test_another_agency_reads_assigned_feedback_as_missing(received, coordinator, officer_btc):
    actions.screen_feedback(received.feedback, acting_user=coordinator, agency="bct")
    client = Client()
    client.force_login(officer_btc)
    url = reverse("consultation:feedback-detail", args=[received.feedback.pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("consultation:feedback-detail", args=[999999])).status_code == 404


def test_refused_feedback_tells_the_submitter_why(
    received, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.screen_feedback(
            received.feedback, acting_user=coordinator, refusal=Feedback.Refusal.OUT_OF_SCOPE
        )
    assert received.feedback.__class__.objects.get().status == Feedback.Status.REJECTED
    assert "Không liên quan đến cam kết quốc tế" in mail.outbox[-1].body


def test_rate_limit_per_client_address_and_per_email(settings, db):
    settings.CAMKET_PUBLIC_SUBMISSIONS_PER_HOUR = 3
    for n in range(3):
        actions.submit_feedback(
            feedback_data(
                email=f"a{n}@example.vn", subject=f"Vướng mắc số {n}", text=f"Nội dung {n} khác hẳn"
            ),
            address="198.51.100.1",
        )
    with pytest.raises(ValidationError, match="tối đa 3"):
        actions.submit_feedback(feedback_data(email="moi@example.vn"), address="198.51.100.1")
    # Another client address is not limited; the same e-mail from elsewhere is, per e-mail.
    texts = [
        "Thủ tục hoàn thuế xuất khẩu kéo dài quá hạn",
        "Cảng Cát Lái thiếu hướng dẫn về quy tắc xuất xứ cộng gộp",
        "Chứng thư kiểm dịch thực vật cho trái cây sang Úc chưa thống nhất mẫu",
    ]
    for n, text in enumerate(texts):
        actions.submit_feedback(
            feedback_data(email="mot@example.vn", subject=f"Đề nghị {n}", text=text),
            address=f"198.51.100.{10 + n}",
        )
    with pytest.raises(ValidationError, match="tối đa 3"):
        actions.submit_feedback(
            feedback_data(email="MOT@example.vn", subject="Khác", text="Nội dung mới"),
            address="198.51.100.99",
        )
    assert Feedback.objects.count() == 6
    # An hour later the address may write again.
    later = timezone.now() + dt.timedelta(hours=1, minutes=1)
    actions.submit_feedback(
        feedback_data(email="moi@example.vn"), address="198.51.100.1", now=later
    )


def test_the_same_text_from_the_same_address_is_refused_and_from_another_flagged(db):
    first = actions.submit_feedback(feedback_data(), address="192.0.2.1").feedback
    with pytest.raises(ValidationError) as refused:
        actions.submit_feedback(
            feedback_data(
                text=feedback_data().text.upper().replace("Đ", "D"), email="XNK@thuysan-camau.vn"
            ),
            address="192.0.2.2",
        )
    assert "text" in refused.value.message_dict
    other = actions.submit_feedback(
        feedback_data(email="khac@example.vn", submitter_name="Trần Văn B"), address="192.0.2.3"
    ).feedback
    assert other.possible_duplicate_of_id == first.pk
    different = actions.submit_feedback(
        feedback_data(email="c@example.vn", subject="Thuế ô tô", text="Thuế nhập khẩu linh kiện "
                      "ô tô từ Hàn Quốc chưa giảm theo lộ trình VKFTA"),
        address="192.0.2.4",
    ).feedback  # fmt: skip
    assert different.possible_duplicate_of_id is None


def test_anonymous_feedback_needs_the_association_that_sends_it(db):
    with pytest.raises(ValidationError) as refused:
        actions.submit_feedback(
            feedback_data(is_anonymous=True, organisation="", submitter_name="Ai đó")
        )
    assert "organisation" in refused.value.message_dict
    done = actions.submit_feedback(
        feedback_data(is_anonymous=True, organisation="VASEP", submitter_kind=Audience.ASSOCIATION)
    ).feedback
    assert done.submitter_name == "" and done.organisation == "VASEP"


def test_an_unsafe_attachment_is_refused_and_nothing_is_kept(db):
    fake = SimpleUploadedFile("bang-ke.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ValidationError) as refused:
        actions.submit_feedback(feedback_data(uploads=[docx_upload(), fake]))
    assert "bang-ke.pdf" in refused.value.message_dict["attachments"][0]
    assert not Feedback.objects.exists() and not FeedbackAttachment.objects.exists()


def test_a_commitment_that_is_not_public_cannot_be_named(restricted_btc):
    with pytest.raises(ValidationError) as refused:
        actions.submit_feedback(feedback_data(commitment=restricted_btc.code))
    assert "commitment" in refused.value.message_dict


def test_feedback_rows_count_on_time_and_late_answers(vkfta, coordinator, officer_bct):
    a = actions.submit_feedback(feedback_data()).feedback
    b = actions.submit_feedback(feedback_data(email="b@example.vn", subject="Khác hẳn",
                                              text="Hạn ngạch gạo sang EU năm nay chưa được phân bổ")).feedback  # fmt: skip
    today = timezone.localdate()
    for feedback in (a, b):
        actions.screen_feedback(feedback, acting_user=coordinator, agency="bct", today=today)
    actions.answer_feedback(a, "Đã trả lời.", acting_user=officer_bct)
    rows = queues.feedback_rows((today, today + dt.timedelta(days=40)))
    assert [(r.id, r.agency, r.on_time) for r in rows] == [
        (a.pk, "bct", True),
        (b.pk, "bct", False),
    ]
    assert rows[0].due_on == today + dt.timedelta(days=30)
    assert queues.feedback_rows((today, today + dt.timedelta(days=10))) == []
    # The rows feed the criterion as they are: b is late once its deadline has passed.
    from lawcore.scoring import feedback_answered_on_time

    result = feedback_answered_on_time(rows, today=today + dt.timedelta(days=31))
    assert (result.met, result.counted) == ((a.pk,), (a.pk, b.pk))


def test_reminders_are_sent_once_before_and_after_the_deadline(vkfta, coordinator, officer_bct):
    feedback = actions.submit_feedback(feedback_data()).feedback
    actions.screen_feedback(feedback, acting_user=coordinator, agency="bct")
    due = timezone.localdate() + dt.timedelta(days=30)
    assert queues.run_reminders(due - dt.timedelta(days=10)) == 0
    assert queues.run_reminders(due - dt.timedelta(days=6)) == 1
    assert queues.run_reminders(due - dt.timedelta(days=5)) == 0
    assert queues.run_reminders(due + dt.timedelta(days=1)) == 1
    assert queues.run_reminders(due + dt.timedelta(days=2)) == 0
    kinds = set(
        Reminder.objects.filter(subject_key=f"feedback:{feedback.pk}").values_list(
            "kind", flat=True
        )
    )
    assert kinds == {Reminder.Kind.DAYS_7, Reminder.Kind.OVERDUE}
    assert Notification.objects.filter(user=officer_bct, text__contains="quá hạn").exists()


def test_a_difficulty_needing_the_partner_becomes_one_implementation_issue(
    received, coordinator, officer_bct
):
    from camket.coordination.mechanisms.models import ImplementationIssue

    feedback = received.feedback
    actions.screen_feedback(feedback, acting_user=coordinator, agency="bct")
    client = Client()
    client.force_login(officer_bct)
    url = reverse("consultation:feedback-raise", args=[feedback.pk])
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302  # a second click opens nothing more
    issue = ImplementationIssue.objects.get()
    assert issue.origin == ImplementationIssue.Origin.PUBLIC_FEEDBACK
    assert issue.commitment == feedback.commitment and "0912" not in issue.facts
    feedback.refresh_from_db()
    assert feedback.issue_url == reverse("mechanisms:issue-detail", args=[issue.pk])


def test_the_submitter_hears_in_the_language_they_wrote_in_whoever_acts(
    vkfta, coordinator, officer_bct, django_capture_on_commit_callbacks
):
    """Feedback sent from the English pages: every e-mail to its submitter is in English,
    though the officers act in Vietnamese; Vietnamese feedback stays Vietnamese."""
    from django.utils import translation

    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        english = actions.submit_feedback(
            feedback_data(commitment=vkfta.code, language="en", email="buyer@example.com")
        ).feedback
        vietnamese = actions.submit_feedback(
            feedback_data(commitment=vkfta.code, subject="Thủ tục C/O", text="Chậm cấp C/O.")
        ).feedback
    assert (english.language, vietnamese.language) == ("en", "vi")
    with django_capture_on_commit_callbacks(execute=True), translation.override("vi"):
        for feedback in (english, vietnamese):
            actions.screen_feedback(feedback, acting_user=coordinator, agency="bct")
            feedback.refresh_from_db()
            actions.answer_feedback(feedback, "Đã làm việc với EU.", acting_user=officer_bct)
    to_english = [m for m in mail.outbox if m.to == ["buyer@example.com"]]
    to_vietnamese = [m for m in mail.outbox if m.to == ["xnk@thuysan-camau.vn"]]
    assert len(to_english) == len(to_vietnamese) == 3  # received, sent to the agency, answered
    assert to_english[0].subject.startswith("CamKet received your feedback")
    assert to_english[1].subject.startswith("Your feedback was sent to")
    assert "Ministry of Industry and Trade" in to_english[1].subject
    assert "Follow your feedback by the private link" in to_english[2].body
    assert all("phản ánh" in m.subject.lower() for m in to_vietnamese)


def test_an_unknown_language_falls_back_to_vietnamese(db):
    feedback = actions.submit_feedback(feedback_data(language="fr-ca")).feedback
    assert feedback.language == "vi"
    assert (
        actions.submit_feedback(
            feedback_data(language="en-us", email="b@example.com", text="Khác.")
        ).feedback.language
        == "en"
    )
