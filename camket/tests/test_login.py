"""Login throttling (django-axes) and the optional TOTP second factor (django-otp)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import time
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
import segno
from axes.models import AccessAttempt
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from camket.audit.models import AuditEvent

LOGIN = "/accounts/login/"


def log_in(client, username: str, password: str | None = None):
    return client.post(
        LOGIN, {"username": username, "password": password or f"pw-{username}"}, follow=False
    )


def totp(secret_b32: str, at: float) -> str:
    """RFC 6238 code (SHA-1, 30 s, 6 digits) for the base32 key an app would be given."""
    key = base64.b32decode(secret_b32.replace(" ", ""))
    counter = struct.pack(">Q", int(at // 30))
    digest = hmac.new(key, counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


########## Throttling ##########


def test_login_is_locked_after_the_failure_limit_even_with_the_right_password(
    client, officer_bct, settings
):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        response = log_in(client, "officer_bct", "wrong")
    assert response.status_code in {200, 429}

    locked = log_in(client, "officer_bct")
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "Đăng nhập sai quá nhiều lần" in text
    assert "bị tạm khóa trong 30 phút" in text
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_user_name_and_lifts_after_the_cool_off(
    client, officer_bct, officer_btc, settings
):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        log_in(client, "officer_bct", "wrong")
    assert log_in(client, "officer_bct").status_code == 429

    other = log_in(client, "officer_btc")
    assert other.status_code == 302  # another user from the same address is not locked out
    client.logout()

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert log_in(client, "officer_bct").status_code == 302


def test_a_successful_login_resets_the_failure_count(client, officer_bct, settings):
    settings.AXES_FAILURE_LIMIT = 3
    log_in(client, "officer_bct", "wrong")
    log_in(client, "officer_bct", "wrong")
    assert log_in(client, "officer_bct").status_code == 302
    client.logout()
    log_in(client, "officer_bct", "wrong")
    log_in(client, "officer_bct", "wrong")
    assert log_in(client, "officer_bct").status_code == 302


########## Second factor ##########


def enrol(client, next_url: str = "") -> str:
    """Open the enrolment page, read the key it shows, confirm with a code; return the key."""
    page = client.get("/accounts/two-factor/", {"next": next_url} if next_url else {})
    assert page.status_code == 200
    html = page.content.decode()
    secret = re.search(r"<code data-secret>([A-Z2-7 ]+)</code>", html).group(1)
    uri = re.search(r"data-config-url>(otpauth://[^<]+)<", html).group(1)
    qr = re.search(r'<img src="(data:image/svg\+xml[^"]+)"[^>]*data-qr>', html).group(1)
    assert qr.replace("&amp;", "&") == segno.make(
        uri.replace("&amp;", "&"), error="m"
    ).svg_data_uri(scale=4, border=2)  # the QR code carries the same link
    assert parse_qs(urlparse(uri.replace("&amp;", "&")).query)["secret"] == [
        secret.replace(" ", "")
    ]
    done = client.post(
        "/accounts/two-factor/", {"token": totp(secret, time.time()), "next": next_url}
    )
    assert done.status_code == 302
    return secret


def test_enrolled_user_must_enter_a_code_after_the_password(client, coordinator):
    client.force_login(coordinator)
    secret = enrol(client)
    assert TOTPDevice.objects.get(user=coordinator).confirmed
    assert AuditEvent.objects.filter(action="second_factor_enrolled").count() == 1
    client.logout()

    assert log_in(client, "coordinator").status_code == 302
    blocked = client.get("/register/")
    assert blocked.status_code == 302
    assert blocked["Location"].startswith("/accounts/two-factor/verify/?next=%2Fregister%2F")

    wrong = client.post("/accounts/two-factor/verify/", {"token": "000000", "next": "/register/"})
    assert "Mã này không đúng hoặc đã hết hạn." in wrong.content.decode()
    assert client.get("/register/").status_code == 302

    # The code of the enrolment step is spent; the next step's code is accepted.
    TOTPDevice.objects.filter(user=coordinator).update(throttling_failure_count=0)
    ok = client.post(
        "/accounts/two-factor/verify/",
        {"token": totp(secret, time.time() + 30), "next": "/register/"},
    )
    assert ok.status_code == 302
    assert ok["Location"] == "/register/"
    assert client.get("/register/").status_code == 200


def test_code_of_another_key_is_refused_at_enrolment(client, coordinator):
    client.force_login(coordinator)
    client.get("/accounts/two-factor/")
    assert not TOTPDevice.objects.exists()  # opening the page writes nothing
    other = base64.b32encode(b"0123456789abcdefghij").decode()
    refused = client.post("/accounts/two-factor/", {"token": totp(other, time.time())})
    assert refused.status_code == 200
    assert "Mã này không đúng hoặc đã hết hạn." in refused.content.decode()
    assert not TOTPDevice.objects.exists()


def test_users_without_a_device_are_not_asked_unless_required(
    client, coordinator, officer_bct, settings
):
    assert log_in(client, "coordinator").status_code == 302
    assert client.get("/register/").status_code == 200
    client.logout()

    settings.CAMKET_OTP_REQUIRED = True
    assert log_in(client, "coordinator").status_code == 302
    sent = client.get("/register/")
    assert sent.status_code == 302
    assert sent["Location"].startswith("/accounts/two-factor/?next=")
    page = client.get(sent["Location"])
    assert "Vai trò của bạn bắt buộc dùng xác thực hai bước" in page.content.decode()
    enrol(client, "/register/")
    assert client.get("/register/").status_code == 200
    client.logout()

    # An officer is not a national role: the switch does not apply.
    assert log_in(client, "officer_bct").status_code == 302
    assert client.get("/register/").status_code == 200


@pytest.mark.parametrize("path", ["/accounts/two-factor/verify/", "/accounts/two-factor/"])
def test_second_factor_pages_need_a_password_login_first(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_turning_off_needs_a_verified_session(client, coordinator):
    client.force_login(coordinator)
    secret = enrol(client)
    client.logout()
    log_in(client, "coordinator")
    refused = client.post("/accounts/two-factor/remove/")
    assert refused["Location"].startswith("/accounts/two-factor/verify/")
    assert TOTPDevice.objects.filter(user=coordinator).exists()
    client.post("/accounts/two-factor/verify/", {"token": totp(secret, time.time() + 30)})
    client.post("/accounts/two-factor/remove/")
    assert not TOTPDevice.objects.filter(user=coordinator).exists()
    assert AuditEvent.objects.filter(action="second_factor_removed").count() == 1


def test_behind_the_proxy_each_client_address_is_counted_apart(client, officer_bct, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    def attempt(address: str, password: str | None = None, spoof: str = "203.0.113.9"):
        return client.post(
            LOGIN,
            {"username": "officer_bct", "password": password or "pw-officer_bct"},
            HTTP_X_FORWARDED_FOR=f"{spoof}, {address}",
            HTTP_X_FORWARDED_PROTO="https",
        )

    attempt("198.51.100.1", "wrong", spoof="1.1.1.1")
    attempt("198.51.100.1", "wrong", spoof="2.2.2.2")  # a forged first entry changes nothing
    assert attempt("198.51.100.1").status_code == 429
    assert attempt("198.51.100.2").status_code == 302  # a colleague behind the same proxy


@pytest.mark.parametrize("target", ["1e3", "registry:search", "//evil.example/", "https://x.y/"])
def test_next_is_followed_only_to_a_path_of_this_site(client, coordinator, target):
    client.force_login(coordinator)
    response = client.get("/accounts/two-factor/verify/", {"next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"
