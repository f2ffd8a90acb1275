from django.urls import path

from camket.coordination import views

app_name = "coordination"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("pairs/<int:pk>/", views.candidate_detail, name="candidate"),
    path("pairs/<int:pk>/decide/", views.candidate_decide, name="candidate-decide"),
    path("pairs/<int:pk>/merge/", views.candidate_merge, name="candidate-merge"),
    path("runs/", views.run_start, name="run-start"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("link-instead/<slug:code>/", views.link_instead, name="link-instead"),
    path("matrix/", views.matrix_page, name="matrix"),
    path("matrix/tasks/", views.matrix_tasks, name="matrix-tasks"),
]
