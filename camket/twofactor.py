"""Optional second factor: a TOTP app (django-otp) asked for after the password.

Anyone may enrol; a user with a confirmed device must enter a code after each password login
before any other page opens. With ``CAMKET_OTP_REQUIRED`` on, national coordinators and
administrators (who see and edit every agency's records) must enrol first.

What the session still owes is decided once, at login, and kept in the session: the middleware
then adds no query to the pages (list pages assert their query counts).
"""

from __future__ import annotations

from base64 import b32encode
from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from camket.agencies.permissions import scope_of
from camket.audit.actions import record_audit
from camket.querystring import reads_query

PENDING_KEY = "camket_second_factor"
KEY_SESSION_KEY = "camket_totp_key"
VERIFY, ENROL = "verify", "enrol"


def owed_second_factor(user) -> str | None:
    """``"verify"`` when ``user`` has a confirmed device, ``"enrol"`` when one is required of
    them and they have none, else None."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return VERIFY
    if settings.CAMKET_OTP_REQUIRED and scope_of(user).is_national:
        return ENROL
    return None


@receiver(user_logged_in)
def _remember_what_is_owed(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    owed = owed_second_factor(user)
    if owed:
        request.session[PENDING_KEY] = owed
    else:
        request.session.pop(PENDING_KEY, None)


class SecondFactorMiddleware:
    """Send a signed-in user who still owes a code (or an enrolment) to that page first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        owed = request.session.get(PENDING_KEY) if hasattr(request, "session") else None
        if owed and request.user.is_authenticated and not self._exempt(request.path):
            target = reverse("two-factor-verify" if owed == VERIFY else "two-factor")
            return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        open_paths = (
            reverse("two-factor"),
            reverse("two-factor-verify"),
            reverse("logout"),
            reverse("set_language"),
            "/" + settings.STATIC_URL.lstrip("/"),
        )
        return path.startswith(open_paths)


class CodeForm(forms.Form):
    token = forms.CharField(
        label=_("Code from the authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError(gettext("Enter the digits shown by the app."))
        return token


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    # A path on this site only (never a view name for redirect() to reverse, nor another host).
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def _verified(request, device) -> None:
    otp_login(request, device)
    request.session.pop(PENDING_KEY, None)


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
@require_http_methods(["GET", "POST"])
@reads_query("next")
def enrol(request):
    """Show a new TOTP key and save it as the user's device once a first code matches.

    The key waits in the session until then, so that opening the page writes nothing.
    """
    user = request.user
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if confirmed is not None:
        return render(request, "registration/two_factor.html", {"device": confirmed})
    key = request.session.get(KEY_SESSION_KEY)
    if not key:
        key = request.session[KEY_SESSION_KEY] = random_hex(20)
    device = TOTPDevice(user=user, key=key, name="CamKet", confirmed=True)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
        if totp.verify(int(form.cleaned_data["token"]), device.tolerance):
            device.last_t = totp.t()
            with transaction.atomic():
                device.save()
                record_audit(
                    device, "second_factor_enrolled", user, after={"kind": "totp"}, subject=user
                )
            del request.session[KEY_SESSION_KEY]
            _verified(request, device)
            messages.success(request, gettext("Two-step verification is on."))
            return HttpResponseRedirect(_next_url(request))
        form.add_error("token", gettext("This code is not correct or has expired."))
    context = {
        "form": form,
        "secret": _grouped(b32encode(device.bin_key).decode()),
        "config_url": device.config_url,
        # An <img> with a data: URI: the policy allows data: images, and no inline style is needed.
        "qr_code": segno.make(device.config_url, error="m").svg_data_uri(scale=4, border=2),
        "next": request.POST.get("next") or request.GET.get("next", ""),
        "required": request.session.get(PENDING_KEY) == ENROL,
    }
    return render(request, "registration/two_factor.html", context)


@login_required
@require_http_methods(["POST"])
def remove(request):
    """Turn two-step verification off: only from a session that passed it."""
    if not request.user.is_verified():
        return redirect("two-factor-verify")
    if settings.CAMKET_OTP_REQUIRED and scope_of(request.user).is_national:
        messages.error(request, gettext("Two-step verification is required for your role."))
        return redirect("two-factor")
    with transaction.atomic():
        for device in TOTPDevice.objects.filter(user=request.user):
            record_audit(
                device,
                "second_factor_removed",
                request.user,
                before={"kind": "totp"},
                subject=request.user,
            )
            device.delete()
    messages.success(request, gettext("Two-step verification is off."))
    return redirect("two-factor")


@login_required
@require_http_methods(["GET", "POST"])
@reads_query("next")
def verify(request):
    """Ask for a code from the user's confirmed device after the password."""
    devices = list(TOTPDevice.objects.filter(user=request.user, confirmed=True))
    if not devices:
        request.session.pop(PENDING_KEY, None)
        return HttpResponseRedirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in devices:
            allowed, _detail = device.verify_is_allowed()
            if not allowed:
                form.add_error(
                    "token", gettext("Too many wrong codes: wait a little, then try again.")
                )
                break
            if device.verify_token(form.cleaned_data["token"]):
                _verified(request, device)
                return HttpResponseRedirect(_next_url(request))
        else:
            form.add_error("token", gettext("This code is not correct or has expired."))
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
    )
