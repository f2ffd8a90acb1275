from django.urls import path

from camket.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.public_home, name="home"),
    path("commitments/", views.commitment_list, name="commitment-list"),
    # The code is the stable, shareable address: vn/treaty/2019/evfta.
    # Before the commitment's page, whose code would swallow "provisions/<pk>".
    path(
        "commitments/<path:code>/provisions/<int:pk>/",
        views.provision_detail,
        name="provision-detail",
    ),
    path("commitments/<path:code>/", views.commitment_detail, name="commitment-detail"),
    path("documents/<int:pk>/", views.document_download, name="document-download"),
    path("business/", views.business_index, name="business-index"),
    path("business/<slug:sector>/", views.business_sector, name="business-sector"),
]
