from django.urls import path

from camket.compatibility import views

app_name = "compatibility"

urlpatterns = [
    path("laws/", views.document_list, name="document-list"),
    path("laws/upload/", views.document_upload, name="document-upload"),
    path("laws/d/<path:code>/", views.document_detail, name="document-detail"),
    path("check/", views.check_text, name="check"),
    path("gaps/", views.gap_list, name="gap-list"),
    path("review/", views.review_list, name="review-list"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification-read"),
    path("links/<int:pk>/action/", views.action_create, name="action-create"),
    path("actions/<int:pk>/", views.action_update, name="action-update"),
    path("obligations/<int:pk>/", views.assess, {"kind": "obligation"}, name="obligation-assess"),
    path(
        "obligations/<int:pk>/confirm/",
        views.confirm,
        {"kind": "obligation"},
        name="obligation-confirm",
    ),
    path(
        "obligations/<int:pk>/reject/",
        views.reject,
        {"kind": "obligation"},
        name="obligation-reject",
    ),
    path(
        "obligations/<int:pk>/propose/",
        views.propose,
        {"kind": "obligation"},
        name="obligation-propose",
    ),
    path("provisions/<int:pk>/", views.assess, {"kind": "provision"}, name="provision-assess"),
    path(
        "provisions/<int:pk>/confirm/",
        views.confirm,
        {"kind": "provision"},
        name="provision-confirm",
    ),
    path(
        "provisions/<int:pk>/reject/", views.reject, {"kind": "provision"}, name="provision-reject"
    ),
    path(
        "provisions/<int:pk>/propose/",
        views.propose,
        {"kind": "provision"},
        name="provision-propose",
    ),
    path("c/<path:code>/", views.commitment_matrix, name="commitment-matrix"),
]
