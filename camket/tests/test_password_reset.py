"""“Quên mật khẩu”: reset by e-mail, in Vietnamese, with django-axes and the second factor."""

from __future__ import annotations

import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from camket.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
NEW = "Mat-khau-moi-2026!"
LINK = re.compile(r"https?://[^/\s]+(/accounts/reset/[^\s]+/)")


@pytest.fixture
def officer(officer_bct):
    officer_bct.email = "canbo.bct@moit.gov.vn"
    officer_bct.save()
    return officer_bct


def log_in(client, password):
    return client.post(reverse("login"), {"username": "officer_bct", "password": password})


def ask_and_follow_the_link(client) -> str:
    """Ask for a reset on the form the login page links to; return the e-mailed link's path."""
    login_page = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}"' in login_page and "Quên mật khẩu?" in login_page
    form = client.get(reverse("password_reset")).content.decode()
    assert "Quên mật khẩu" in form and 'name="email"' in form
    sent = client.post(reverse("password_reset"), {"email": "canbo.bct@moit.gov.vn"})
    assert sent.status_code == 302
    assert "Hãy kiểm tra thư điện tử" in client.get(sent["Location"]).content.decode()
    [message] = mail.outbox
    assert message.to == ["canbo.bct@moit.gov.vn"]
    assert message.subject == "CamKet: đặt mật khẩu mới"
    assert "Mở đường liên kết sau để đặt mật khẩu mới" in message.body
    return LINK.search(message.body).group(1)


def set_new_password(client, link: str):
    form_url = client.get(link)["Location"]  # Django swaps the token for a session key
    page = client.get(form_url).content.decode()
    assert "Đặt mật khẩu mới" in page
    done = client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302
    assert "Đã đổi mật khẩu" in client.get(done["Location"]).content.decode()


def test_reset_by_email_then_log_in_with_the_new_password(client, officer):
    set_new_password(client, ask_and_follow_the_link(client))
    assert log_in(client, "pw-officer_bct").status_code == 200  # the old one no longer works
    response = log_in(client, NEW)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    event = AuditEvent.objects.get(action="user.password_changed")
    assert event.actor == officer and NEW not in str(event.after)


def test_the_link_works_once(client, officer):
    link = ask_and_follow_the_link(client)
    set_new_password(client, link)
    again = client.get(link, follow=True).content.decode()
    assert "Đường liên kết này không còn hiệu lực" in again


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, officer):
    response = client.post(reverse("password_reset"), {"email": "ai.do@example.org"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_a_reset_lifts_the_lockout_of_that_user_name(client, officer, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        log_in(client, "sai-mat-khau")
    assert log_in(client, "pw-officer_bct").status_code == 429
    set_new_password(client, ask_and_follow_the_link(client))
    assert not AccessAttempt.objects.filter(username="officer_bct").exists()
    assert log_in(client, NEW).status_code == 302


def test_a_reset_does_not_skip_the_second_factor(client, officer):
    TOTPDevice.objects.create(user=officer, name="điện thoại", confirmed=True)
    set_new_password(client, ask_and_follow_the_link(client))
    assert log_in(client, NEW).status_code == 302
    home = client.get(reverse("home"))  # signed in with the password only: the code comes next
    assert home.status_code == 302
    assert home["Location"].startswith(reverse("two-factor-verify"))
