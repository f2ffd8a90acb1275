from django.urls import path

from camket.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("reports/", views.report_list, name="report-list"),
    path("reports/<int:pk>/", views.report_detail, name="report-detail"),
    path("reports/<int:pk>/evidence/", views.evidence_upload, name="evidence-upload"),
    path(
        "reports/<int:pk>/evidence/<int:evidence_pk>/",
        views.evidence_download,
        name="evidence-download",
    ),
    path("reports/<int:pk>/<str:verb>/", views.report_transition, name="report-transition"),
    path("tasks/", views.task_list, name="task-list"),
    path("overdue/", views.overdue_list, name="overdue-list"),
    path("cycles/", views.cycle_list, name="cycle-list"),
    path("cycles/new/", views.cycle_create, name="cycle-create"),
    path("cycles/commitment-picker/", views.commitment_picker, name="commitment-picker"),
    path("cycles/<int:pk>/", views.cycle_detail, name="cycle-detail"),
    path("cycles/<int:pk>/close/", views.cycle_close, name="cycle-close"),
    path("cycles/<int:pk>/add-reports/", views.cycle_add_reports, name="cycle-add-reports"),
    path("agencies/mine/", views.my_agency, name="my-agency"),
    path("agencies/<slug:code>/", views.agency_detail, name="agency-detail"),
    path("notifications/", views.notification_list, name="notification-list"),
    path("official-report/", views.official_report, name="official-report"),
]
