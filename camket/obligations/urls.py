from django.urls import path

from camket.obligations import decision_views, views

app_name = "obligations"

urlpatterns = [
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/new/", views.plan_create, name="plan-create"),
    path(
        "plans/new/commitments/",
        views.plan_commitment_picker,
        name="plan-commitment-picker",
    ),
    path("carried-picker/", views.carried_picker, name="carried-picker"),
    path("plans/template.xlsx", views.xlsx_template, name="xlsx-template"),
    path(
        "plans/import-decision/",
        decision_views.plan_import_decision,
        name="plan-import-decision",
    ),
    path("plans/<slug:code>/", views.plan_detail, name="plan-detail"),
    path("plans/<slug:code>/edit/", views.plan_edit, name="plan-edit"),
    path("plans/<slug:code>/tasks/", views.task_create, name="task-create"),
    path("plans/<slug:code>/export.xlsx", views.plan_export, name="plan-export"),
    path("plans/<slug:code>/import/", views.plan_import, name="plan-import"),
    path("plans/<slug:code>/<str:verb>/", views.plan_transition, name="plan-transition"),
    path("tasks/", views.task_list, name="task-list"),
    path("tasks/export.xlsx", views.task_export, name="task-export"),
    path("tasks/<int:pk>/", views.task_detail, name="task-detail"),
    path("tasks/<int:pk>/milestones/", views.milestone_create, name="milestone-create"),
    path("roadmap/", views.my_roadmap, name="my-roadmap"),
    path("roadmap/<slug:code>/", views.agency_roadmap, name="agency-roadmap"),
    path("obligations/<int:pk>/", views.obligation_detail, name="obligation-detail"),
    path("obligations/<int:pk>/delete/", views.obligation_delete, name="obligation-delete"),
    path("obligations/<int:pk>/carried/", views.obligation_carried, name="obligation-carried"),
    # Commitment codes contain slashes: the longest suffixes come first.
    path("c/<path:code>/assistant/accept/", views.assistant_accept, name="assistant-accept"),
    path("c/<path:code>/assistant/reject/", views.assistant_reject, name="assistant-reject"),
    path("c/<path:code>/assistant/text/", views.assistant_text, name="assistant-text"),
    path("c/<path:code>/assistant/", views.assistant_page, name="assistant"),
    path("c/<path:code>/obligations/new/", views.obligation_create, name="obligation-create"),
    path("c/<path:code>/programme/", views.programme_create, name="programme-create"),
    path("c/<path:code>/", views.commitment_work, name="commitment-work"),
]
