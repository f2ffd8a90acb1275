"""Styled, translated error pages with a way back, as served with DEBUG off (issue 11, item 5)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.urls("camket.tests.error_urls")]

WAY_BACK = "Về trang chủ"


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


def _page(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize("signed_in", [False, True])
def test_404_is_styled_translated_and_leads_home(client, officer_bct, signed_in):
    if signed_in:
        client.force_login(officer_bct)
    response = client.get("/khong-co-trang-nay/")
    html = _page(response)
    assert response.status_code == 404
    assert 'data-error="404"' in html and "Không tìm thấy trang" in html
    assert f'href="{reverse("home")}"' in html and WAY_BACK in html
    assert "app.css" in html
    # Someone not signed in is also offered the login page.
    assert (f'href="{reverse("login")}"' in html) is not signed_in


def test_a_missing_record_shows_the_same_404_page(client, officer_bct):
    client.force_login(officer_bct)
    html = _page(client.get(reverse("monitoring:report-detail", args=[999999])))
    assert 'data-error="404"' in html and WAY_BACK in html


def test_403_is_styled_and_translated(client, officer_bct):
    client.force_login(officer_bct)
    response = client.get("/test-forbidden/")
    assert response.status_code == 403
    html = _page(response)
    assert 'data-error="403"' in html and "Không có quyền truy cập" in html and WAY_BACK in html


def test_500_is_styled_and_translated_without_a_request_context(officer_bct):
    client = Client(raise_request_exception=False)
    client.force_login(officer_bct)
    response = client.get("/test-broken/")
    assert response.status_code == 500
    html = _page(response)
    assert 'data-error="500"' in html and "Lỗi máy chủ" in html and WAY_BACK in html
    assert "RuntimeError" not in html and "Traceback" not in html


def test_500_in_english_for_an_english_reader(officer_bct, settings):
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = _page(client.get("/test-broken/"))
    assert "Server error" in html and "Back to the home page" in html


def test_a_form_posted_without_its_csrf_token_gets_a_translated_403():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = _page(response)
    assert "Biểu mẫu đã hết hạn" in html and WAY_BACK in html
    assert "CSRF verification failed" not in html


def test_400_is_styled_and_translated(client):
    response = client.get("/", HTTP_HOST="not-an-allowed-host.example")
    assert response.status_code == 400
    html = _page(response)
    assert 'data-error="400"' in html and "Yêu cầu không hợp lệ" in html and WAY_BACK in html
