"""The project's URLs plus two views that fail, for the error page tests."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from camket.urls import urlpatterns as project_urlpatterns


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("a fault for the 500 page test")


urlpatterns = [
    *project_urlpatterns,
    path("test-forbidden/", forbidden),
    path("test-broken/", broken),
]
