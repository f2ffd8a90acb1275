"""The consultation app's records in the access sweep's world (``camket/tests/test_access_sweep``).

Two consultations of the owner agency (on the public commitment and on the internal one), a
document, an answered and an unanswered comment, and three feedback items (answered and
published, received and not screened, answered in confidence). Who may see each token:

- what the public pages publish (consultations, their documents, answered comments with their
  authors, published answers to feedback): everyone, anonymous included;
- an unanswered comment: whoever reads the consultation on the staff side (national roles,
  observers, the lead agency);
- e-mail addresses of commenters: national roles and the lead agency's officers and leaders;
- feedback: national roles, and once assigned, the staff of the agency it is assigned to.

The private link of feedback is walked with a token that matches nothing (404 for everyone);
``camket/portal/consultation/tests/test_feedback.py`` reads the real one.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from camket.portal.consultation import actions
from camket.portal.consultation.models import Audience, Comment, Consultation

CONSULTATION_FILLS = {
    "consultation:public-consultation": "consultation",
    "consultation:public-report": "consultation",
    "consultation:public-document": "consultation document",
    "consultation:feedback-private": "feedback token",
    "consultation:consultation-create": "commitment",
    "consultation:consultation-detail": "consultation",
    "consultation:document-add": "consultation",
    "consultation:report-publish": "consultation",
    "consultation:report-download": "consultation",
    "consultation:comment-answer": "comment",
    "consultation:feedback-detail": "feedback",
    "consultation:feedback-screen": "feedback",
    "consultation:feedback-answer": "feedback",
    "consultation:feedback-close": "feedback",
    "consultation:feedback-raise": "feedback",
    "consultation:feedback-attachment": "feedback attachment",
}
"""Which fills of :func:`consultation_records` each URL name of the app takes."""


def _everyone(p) -> bool:
    return True


def consultation_records(w, users, owner: str) -> dict[str, list[dict]]:
    coordinator = users["coordinator"]
    national_or_owner = lambda p: p.national or owner in p.agencies  # noqa: E731
    owner_staff = lambda p: p.national or p.observer or owner in p.agencies  # noqa: E731

    def owner_editor(p) -> bool:
        return p.national or (owner in p.agencies and p.role in ("officer", "leader"))

    opens = timezone.localdate() - dt.timedelta(days=5)
    consultations = []
    for key in ("public owner", "internal owner"):
        c = w.commitments[key]
        consultations.append(
            actions.open_consultation(
                actions.ConsultationData(
                    subject=Consultation.Subject.COMMITMENT,
                    commitment=c.code,
                    title=f"Lấy ý kiến {w.token(key + ' consultation title', _everyone)}",
                    summary=f"Nội dung {w.token(key + ' consultation summary', _everyone)}",
                    opens_on=opens,
                    closes_on=opens + dt.timedelta(days=59),
                    audiences=[Audience.BUSINESS],
                    questions=[f"Câu hỏi {w.token(key + ' consultation question', _everyone)}"],
                ),
                acting_user=coordinator,
                documents=[
                    actions.DocumentData(
                        f"Dự thảo {w.token(key + ' consultation document', _everyone)}",
                        SimpleUploadedFile("du-thao.txt", "Dự thảo".encode()),
                    )
                ],
            )
        )
    first = consultations[0]

    def comment(answered: bool):
        label = "answered comment" if answered else "open comment"
        shown = _everyone if answered else owner_staff
        row = actions.submit_comment(
            first,
            actions.CommentData(
                author_kind=Audience.BUSINESS,
                author_name=f"Nguyễn {w.token(label + ' author', shown)}",
                organisation="Công ty CP Thủy sản",
                email=f"{w.token(label + ' email', owner_editor)}@example.vn",
                text=f"Góp ý {w.token(label + ' text', shown)} về quy tắc xuất xứ",
            ),
        )
        if answered:
            reason = f"Lý do {w.token(label + ' reason', _everyone)}"
            actions.answer_comment(row, Comment.Outcome.PARTLY, reason, acting_user=coordinator)
        return row

    comments = [comment(True), comment(False)]

    def feedback(label: str, shown, published: bool | None, *, upload=False):
        """``published``: None = not screened, True = answered in public, False = in confidence."""
        assigned = published is not None
        staff = national_or_owner if assigned else (lambda p: p.national)
        submitted = actions.submit_feedback(
            actions.FeedbackData(
                submitter_kind=Audience.BUSINESS,
                submitter_name=f"Trần {w.token(label + ' submitter', staff)}",
                email=f"{w.token(label + ' email', staff)}@example.vn",
                subject=f"Vướng mắc {w.token(label + ' subject', shown)}",
                text=f"Khó khăn {w.token(label + ' text', shown)} khi xuất khẩu sang EU {label}",
                uploads=[SimpleUploadedFile(f"{w.token(label + ' file', staff)}.txt", b"ok")]
                if upload
                else [],
            ),
            address=f"feedback-{label}",
        )
        if assigned:
            actions.screen_feedback(submitted.feedback, acting_user=coordinator, agency=owner)
            actions.answer_feedback(
                submitted.feedback,
                f"Trả lời {w.token(label + ' answer', shown)}",
                acting_user=users["officer_owner"],
                is_confidential=not published,
            )
        return submitted.feedback

    items = [
        feedback("published feedback", _everyone, True, upload=True),
        feedback("received feedback", lambda p: p.national, None),
        feedback("confidential feedback", national_or_owner, False),
    ]
    return {
        "consultation": [{"pk": c.pk} for c in consultations],
        "consultation document": [
            {"pk": c.pk, "document": c.documents.first().pk} for c in consultations
        ],
        "comment": [{"pk": c.pk} for c in comments],
        "feedback": [{"pk": f.pk} for f in items],
        "feedback attachment": [{"pk": items[0].pk, "attachment": items[0].attachments.first().pk}],
        "feedback token": [{"token": "x" * 43}],
    }
