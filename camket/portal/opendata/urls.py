"""Open data: the API (``api/v1/``), files, feeds and subscriptions (``public/...``)."""

from django.urls import path, re_path

from camket.portal.opendata import feeds, views
from camket.portal.opendata.api import api, not_found

app_name = "opendata"

urlpatterns = [
    path("api/v1/", api.urls),
    # Whatever the API's routes do not match, line breaks included, is its JSON 404.
    re_path(r"^api/v1/[\s\S]*\Z", not_found, name="api-not-found"),
    path("public/data/", views.data_index, name="data-index"),
    path("public/data/dictionary.json", views.data_dictionary, name="dictionary"),
    path("public/data/catalog.jsonld", views.catalogue, name="catalogue"),
    path("public/data/<str:name>", views.bulk_download, name="bulk"),
    path("public/feeds/new.atom", feeds.NewCommitmentsFeed(), name="feed-new"),
    path("public/feeds/changed.atom", feeds.ChangedCommitmentsFeed(), name="feed-changed"),
    path("public/subscriptions/", views.subscribe, name="subscribe"),
    path("public/subscriptions/sent/", views.subscription_sent, name="subscription-sent"),
    path(
        "public/subscriptions/confirm/<str:token>/",
        views.confirm,
        name="subscription-confirm",
    ),
    path(
        "public/subscriptions/unsubscribe/<str:token>/",
        views.unsubscribe,
        name="subscription-unsubscribe",
    ),
]
