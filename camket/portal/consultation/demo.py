"""The demo's consultation and feedback: sample data, flagged (``is_sample``), written through
the app's actions; idempotent (a second ``createdemo`` finds them and changes nothing).

Public comments and feedback cannot come from a public source, so every row here is written by
CamKet to show the feature, and every page showing one carries the sample-data note
(``sample.SAMPLE_NOTICE``). The commitments are real: the EVFTA (``vn/treaty/2019/evfta``) and
the VKFTA (``vn/treaty/2015/vkfta``) of the demo register. Nothing is e-mailed for sample rows.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from camket.portal.consultation import actions
from camket.portal.consultation.models import Audience, Comment, Consultation, Feedback
from camket.registry.models import Commitment

TITLE = "Lấy ý kiến dự thảo kế hoạch hỗ trợ doanh nghiệp thủy sản tận dụng EVFTA (dữ liệu mẫu)"
COMMENTS = [
    {
        "author_kind": Audience.ASSOCIATION,
        "organisation": "Hiệp hội doanh nghiệp thủy sản (mẫu)",
        "is_anonymous": True,
        "email": "hiephoi.mau@example.invalid",
        "question": 1,
        "text": "Đề nghị tổ chức tập huấn về quy tắc xuất xứ cho doanh nghiệp nhỏ ở Đồng bằng "
        "sông Cửu Long trước khi áp dụng kế hoạch.",
        "answer": (
            Comment.Outcome.ACCEPTED,
            "Kế hoạch bổ sung hoạt động tập huấn tại các tỉnh Đồng bằng sông Cửu Long.",
        ),
    },
    {
        "author_kind": Audience.EXPERT,
        "author_name": "Chuyên gia mẫu",
        "email": "chuyengia.mau@example.invalid",
        "text": "Nên có chỉ tiêu cụ thể về tỷ lệ lô hàng được hưởng ưu đãi thuế quan.",
    },
]
FEEDBACK = [
    {
        "subject": "Chứng nhận xuất xứ cho tôm chế biến (dữ liệu mẫu)",
        "text": "Doanh nghiệp chưa rõ cách tự chứng nhận xuất xứ theo EVFTA cho lô tôm chế biến "
        "có nguyên liệu nhập khẩu.",
        "commitment": "vn/treaty/2019/evfta",
        "answer": "Doanh nghiệp tham khảo Nghị định thư 1 về quy tắc xuất xứ của Hiệp định và "
        "hướng dẫn của Bộ Công Thương (trả lời mẫu).",
    },
    {
        "subject": "Thuế suất ưu đãi VKFTA cho cá tra (dữ liệu mẫu)",
        "text": "Lô cá tra phi lê xuất sang Hàn Quốc chưa được áp thuế suất ưu đãi.",
        "commitment": "vn/treaty/2015/vkfta",
        "assign": True,
    },
    {
        "subject": "Hướng dẫn tra cứu cam kết mở cửa thị trường (dữ liệu mẫu)",
        "text": "Đề nghị có trang tra cứu cam kết theo mã HS cho doanh nghiệp nhỏ.",
        "commitment": "",
    },
]


def load_demo(stdout, *, acting_user=None) -> None:
    coordinator = acting_user or get_user_model().objects.filter(username="dieuphoi").first()
    created = _consultation(coordinator) + _feedback(coordinator)
    stdout.write(f"Consultation and feedback (sample data): created {created}")


def _consultation(coordinator) -> int:
    evfta = Commitment.objects.filter(code="vn/treaty/2019/evfta").first()
    if evfta is None or Consultation.objects.filter(title=TITLE, is_sample=True).exists():
        return 0
    opens = timezone.localdate() - dt.timedelta(days=10)
    consultation = actions.open_consultation(
        actions.ConsultationData(
            subject=Consultation.Subject.COMMITMENT,
            commitment=evfta.code,
            title=TITLE,
            summary="Dữ liệu mẫu: dự thảo kế hoạch hỗ trợ doanh nghiệp thủy sản tận dụng ưu đãi "
            "thuế quan của Hiệp định EVFTA; cơ quan chủ trì đề nghị doanh nghiệp, hiệp hội và "
            "chuyên gia góp ý.",
            opens_on=opens,
            closes_on=opens + dt.timedelta(days=59),
            audiences=[Audience.BUSINESS, Audience.ASSOCIATION, Audience.EXPERT],
            questions=[
                "Doanh nghiệp cần hỗ trợ gì để đáp ứng quy tắc xuất xứ?",
                "Các chỉ tiêu của kế hoạch có phù hợp không?",
            ],
            is_sample=True,
        ),
        acting_user=coordinator,
    )
    for item in COMMENTS:
        item = dict(item)
        answer = item.pop("answer", None)
        comment = actions.submit_comment(
            consultation, actions.CommentData(**item, is_sample=True), address="demo"
        )
        if answer:
            actions.answer_comment(comment, *answer, acting_user=coordinator)
    return 1 + len(COMMENTS)


def _feedback(coordinator) -> int:
    created = 0
    for n, item in enumerate(FEEDBACK):
        if Feedback.objects.filter(subject=item["subject"], is_sample=True).exists():
            continue
        if item["commitment"] and not Commitment.objects.filter(code=item["commitment"]).exists():
            continue
        feedback = actions.submit_feedback(
            actions.FeedbackData(
                submitter_kind=Audience.BUSINESS,
                submitter_name="Người gửi mẫu",
                email=f"phananh{n}.mau@example.invalid",
                subject=item["subject"],
                text=item["text"],
                commitment=item["commitment"],
                is_sample=True,
            ),
            address="demo-feedback",
        ).feedback
        created += 1
        if item.get("answer") or item.get("assign"):
            commitment = feedback.commitment
            agency = commitment.lead_agency.current().code if commitment else "bct"
            actions.screen_feedback(feedback, acting_user=coordinator, agency=agency)
        if item.get("answer"):
            actions.answer_feedback(feedback, item["answer"], acting_user=coordinator)
    return created
