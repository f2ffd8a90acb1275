from django.urls import path

from camket.registry import views

app_name = "registry"

urlpatterns = [
    path("", views.commitment_list, name="commitment-list"),
    path("search/", views.search, name="search"),
    path("new/", views.commitment_create, name="commitment-create"),
    path("relation-picker/", views.relation_picker, name="relation-picker"),
    # The code contains slashes: the longest suffixes come first.
    path("c/<path:code>/events/<int:pk>/delete/", views.event_delete, name="event-delete"),
    path("c/<path:code>/documents/<int:pk>/delete/", views.document_delete, name="document-delete"),
    path("c/<path:code>/relations/<int:pk>/delete/", views.relation_delete, name="relation-delete"),
    path("c/<path:code>/documents/<int:pk>/", views.document_download, name="document-download"),
    path("c/<path:code>/events/", views.event_create, name="event-create"),
    path("c/<path:code>/documents/", views.document_create, name="document-create"),
    path("c/<path:code>/relations/", views.relation_create, name="relation-create"),
    path("c/<path:code>/edit/", views.commitment_edit, name="commitment-edit"),
    path("c/<path:code>/delete/", views.commitment_delete, name="commitment-delete"),
    path("c/<path:code>/", views.commitment_detail, name="commitment-detail"),
]
