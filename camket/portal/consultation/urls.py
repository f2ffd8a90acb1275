from django.urls import path

from camket.portal.consultation import views

app_name = "consultation"

urlpatterns = [
    # Public (no login): consultations, feedback and the submitter's private link.
    path("public/consultations/", views.public_consultation_list, name="public-consultation-list"),
    path("public/consultations/<int:pk>/", views.public_consultation, name="public-consultation"),
    path(
        "public/consultations/<int:pk>/documents/<int:document>/",
        views.public_document,
        name="public-document",
    ),
    path("public/consultations/<int:pk>/report.docx", views.public_report, name="public-report"),
    path("public/feedback/", views.public_feedback_list, name="public-feedback-list"),
    path("public/feedback/new/", views.feedback_create, name="feedback-create"),
    path(
        "public/feedback/commitments/",
        views.feedback_commitment_picker,
        name="feedback-commitment-picker",
    ),
    path("public/feedback/t/<str:token>/", views.feedback_private, name="feedback-private"),
    # Staff.
    path("consultation/", views.queue, name="queue"),
    path("consultation/consultations/", views.consultation_list, name="consultation-list"),
    path("consultation/new/", views.consultation_start, name="consultation-start"),
    path("consultation/new/<path:code>/", views.consultation_create, name="consultation-create"),
    path("consultation/<int:pk>/", views.consultation_detail, name="consultation-detail"),
    path("consultation/<int:pk>/documents/", views.document_add, name="document-add"),
    path("consultation/<int:pk>/report/", views.report_publish, name="report-publish"),
    path("consultation/<int:pk>/report.docx", views.report_download, name="report-download"),
    path("consultation/comments/<int:pk>/answer/", views.comment_answer, name="comment-answer"),
    path("consultation/feedback/", views.feedback_list, name="feedback-list"),
    path("consultation/feedback/<int:pk>/", views.feedback_detail, name="feedback-detail"),
    path("consultation/feedback/<int:pk>/screen/", views.feedback_screen, name="feedback-screen"),
    path("consultation/feedback/<int:pk>/answer/", views.feedback_answer, name="feedback-answer"),
    path("consultation/feedback/<int:pk>/close/", views.feedback_close, name="feedback-close"),
    path("consultation/feedback/<int:pk>/issue/", views.feedback_raise, name="feedback-raise"),
    path(
        "consultation/feedback/<int:pk>/attachments/<int:attachment>/",
        views.feedback_attachment,
        name="feedback-attachment",
    ),
]
