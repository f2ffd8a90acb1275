from django.urls import path

from camket.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("", views.queue, name="proposal-list"),
    path("propose/<path:code>/", views.proposal_create, name="proposal-create"),
    path("p/<int:pk>/", views.proposal_detail, name="proposal-detail"),
    path("p/<int:pk>/edit/", views.proposal_edit, name="proposal-edit"),
    path("p/<int:pk>/submit/", views.proposal_submit, name="proposal-submit"),
    path("p/<int:pk>/request/", views.opinion_request, name="opinion-request"),
    path("p/<int:pk>/impact/", views.impact, name="impact"),
    path("p/<int:pk>/feasibility/", views.feasibility, name="feasibility"),
    path("p/<int:pk>/decide/", views.decide, name="decide"),
    path("p/<int:pk>/docx/", views.proposal_docx, name="proposal-docx"),
    path("opinion/<int:pk>/", views.opinion_answer, name="opinion-answer"),
    path("opinion/<int:pk>/handling/", views.opinion_handling, name="opinion-handling"),
    path("item/<int:pk>/", views.item_satisfy, name="item"),
    path("item/<int:pk>/file/", views.item_download, name="item-download"),
    path("overrides/", views.override_list, name="override-list"),
    path("overrides/<path:code>/", views.override_create, name="override-create"),
    path("c/<path:code>/", views.commitment_gate, name="commitment-gate"),
]
