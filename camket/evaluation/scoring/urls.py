from django.urls import path

from camket.evaluation.scoring import views

app_name = "scoring"

urlpatterns = [
    path("", views.scorecard_list, name="scorecard-list"),
    path("compute/", views.compute, name="compute"),
    path("<int:pk>/", views.scorecard_detail, name="scorecard-detail"),
    path("score/<int:pk>/", views.score_records, name="score-records"),
    path("criteria/", views.criteria_list, name="criteria-list"),
    path("criteria/<int:pk>/", views.criteria_detail, name="criteria-detail"),
    path("criteria/criterion/<int:pk>/edit/", views.criterion_edit, name="criterion-edit"),
    path("criteria/criterion/<int:pk>/remove/", views.criterion_remove, name="criterion-remove"),
    path("indicators/", views.indicator_list, name="indicator-list"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator-detail"),
]
