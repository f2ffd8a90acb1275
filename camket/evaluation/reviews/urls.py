from django.urls import path

from camket.evaluation.reviews import views

app_name = "reviews"

urlpatterns = [
    path("", views.home, name="home"),
    path("campaigns/new/", views.campaign_create, name="campaign-create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign-detail"),
    path("campaigns/<int:pk>/synthesis/", views.campaign_synthesis, name="campaign-synthesis"),
    path("dormant/", views.dormant, name="dormant"),
    path("r/<int:pk>/", views.review_detail, name="review-detail"),
    path("r/<int:pk>/remedies/", views.remedy_create, name="remedy-create"),
    path("r/<int:pk>/engage/", views.review_engage, name="review-engage"),
    path("r/<int:pk>/<str:verb>/", views.review_transition, name="review-transition"),
    path("remedies/<int:pk>/task/", views.remedy_task, name="remedy-task"),
    path("remedies/<int:pk>/legislative/", views.remedy_legislative, name="remedy-legislative"),
    path("resources/", views.resources, name="resources"),
    path("resources/template.xlsx", views.funding_template, name="funding-template"),
    path("resources/import/", views.funding_import, name="funding-import"),
    path("resources/lines/<int:pk>/", views.funding_edit, name="funding-edit"),
    path("resources/c/<path:code>/", views.commitment_resources, name="commitment-resources"),
    path("experts/", views.expert_list, name="expert-list"),
    path("experts/new/", views.expert_create, name="expert-create"),
    path("experts/<int:pk>/", views.expert_detail, name="expert-detail"),
    path("experts/<int:pk>/edit/", views.expert_edit, name="expert-edit"),
    path("experts/<int:pk>/engage/", views.expert_engage, name="expert-engage"),
]
