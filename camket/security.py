"""Deployment safety: CamKet refuses to serve with a weak secret key unless DEBUG is on.

The key signs sessions, CSRF tokens and password-reset links: a server started with the
development key (or any other short or guessable key) lets anyone forge them. Development and
tests run with ``CAMKET_DEBUG=true`` or never start a server from ``camket.wsgi``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

# Django's own rule for a key that is too weak (security.W009), plus the values documented as
# placeholders.
MIN_LENGTH = 50
MIN_UNIQUE_CHARACTERS = 5
PLACEHOLDERS = {"change-me", "changeme", "secret"}

MESSAGE = (
    "CamKet will not start with DEBUG off and a default or weak secret key. Set CAMKET_SECRET_KEY "
    "(or CAMKET_SECRET_KEY_FILE, a file holding it) to a random value of at least "
    f"{MIN_LENGTH} characters, e.g. the output of "
    "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`, or set CAMKET_DEBUG=true "
    "for development."
)


def is_weak_secret_key(key: str) -> bool:
    """True for the development key, a documented placeholder, or a key Django deems weak."""
    return (
        not key
        or key == settings.DEVELOPMENT_SECRET_KEY
        or key.strip().lower() in PLACEHOLDERS
        or key.startswith("django-insecure")
        or len(key) < MIN_LENGTH
        or len(set(key)) < MIN_UNIQUE_CHARACTERS
    )


def refuse_weak_secret_key() -> None:
    """Raise ``ImproperlyConfigured`` (naming CAMKET_SECRET_KEY) before a server starts."""
    if not settings.DEBUG and is_weak_secret_key(settings.SECRET_KEY):
        raise ImproperlyConfigured(MESSAGE)


def client_ip(request) -> str:
    """The client's address for login throttling.

    Behind the TLS proxy (``CAMKET_PROXY_SSL_HEADER`` set) every request comes from the proxy,
    which appends the address it was connected from to X-Forwarded-For: that last entry is the
    client (anything before it, the client could have written itself).
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.SECURE_PROXY_SSL_HEADER and forwarded:
        return forwarded.rsplit(",", 1)[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


@register(Tags.security, deploy=True)
def check_secret_key(app_configs, **kwargs):
    if is_weak_secret_key(settings.SECRET_KEY):
        return [Error(MESSAGE, id="camket.E001")]
    return []
