from django.urls import path

from camket.coordination.mechanisms import views

app_name = "mechanisms"

urlpatterns = [
    path("", views.mechanism_list, name="mechanism-list"),
    path("new/", views.mechanism_edit, name="mechanism-create"),
    path("<int:pk>/", views.mechanism_detail, name="mechanism-detail"),
    path("<int:pk>/edit/", views.mechanism_edit, name="mechanism-edit"),
    path("<int:pk>/meetings/new/", views.meeting_edit, name="meeting-create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:meeting_pk>/edit/", views.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/brief.docx", views.meeting_brief, name="meeting-brief"),
    path("issues/", views.issue_list, name="issue-list"),
    path("issues/new/", views.issue_create, name="issue-create"),
    path("issues/<int:pk>/", views.issue_detail, name="issue-detail"),
    path("issues/<int:pk>/step/", views.issue_step, name="issue-step"),
    path("issues/<int:pk>/link-task/", views.issue_link_task, name="issue-link-task"),
    path("early-warning/", views.early_warning, name="early-warning"),
    path("early-warning/<int:obligation_pk>/raise/", views.raise_warning, name="raise-warning"),
    path("rollup/", views.rollup, name="rollup"),
]
