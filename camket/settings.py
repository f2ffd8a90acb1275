"""Settings for CamKet. Deployment-specific values come from the environment (.env.example)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def env_secret(name: str, default: str = "") -> str:
    """Read ``NAME`` or the file named by ``NAME_FILE`` (for container secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("CAMKET_DEBUG", False)
# Development and tests run on this key; camket/security.py refuses to serve with it (or any other
# weak key) when DEBUG is off, and `check --deploy` reports it as an error.
DEVELOPMENT_SECRET_KEY = "insecure-development-key-change-me"
SECRET_KEY = env_secret("CAMKET_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = env_list("CAMKET_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CAMKET_CSRF_TRUSTED_ORIGINS")

# HTTPS (production sets every one of these; see .env.example and `manage.py check --deploy`).
SECURE_SSL_REDIRECT = env_bool("CAMKET_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("CAMKET_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("CAMKET_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("CAMKET_HSTS_PRELOAD", False)
# Behind a TLS-terminating proxy: "HTTP_X_FORWARDED_PROTO,https" (the header the proxy sets and
# the value that means HTTPS). Set it only when the proxy always overwrites that header.
_proxy_ssl_header = env_list("CAMKET_PROXY_SSL_HEADER")
SECURE_PROXY_SSL_HEADER = tuple(_proxy_ssl_header) if len(_proxy_ssl_header) == 2 else None
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("CAMKET_SECURE_COOKIES", False)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
VAR_DIR = Path(env_str("CAMKET_VAR_DIR", str(BASE_DIR / "var")))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "camket.agencies",
    "camket.audit",
    "camket.registry",
    "camket.obligations",
    "camket.monitoring",
    "camket.compatibility",
    "camket.backup",
    "camket.evaluation",
    "camket.evaluation.scoring",
    "camket.evaluation.reviews",
    "camket.portal",
    "camket.portal.opendata",
    "camket.portal.consultation",
    "camket.coordination",
    "camket.coordination.mechanisms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above everything that writes the body; compresses only responses without secrets.
    "camket.middleware.PublicGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "camket.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "camket.twofactor.SecondFactorMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "camket.urls"
WSGI_APPLICATION = "camket.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "camket" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "camket.agencies.context_processors.membership",
                "camket.home.header",
                "camket.languages.alternates",
            ],
        },
    },
]


def _database() -> dict:
    """SQLite (WAL) by default; PostgreSQL when CAMKET_DB_ENGINE=postgresql."""
    if env_str("CAMKET_DB_ENGINE", "sqlite") == "postgresql":
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": env_str("CAMKET_DB_NAME", "camket"),
            "USER": env_str("CAMKET_DB_USER", "camket"),
            "PASSWORD": env_secret("CAMKET_DB_PASSWORD"),
            "HOST": env_str("CAMKET_DB_HOST", "127.0.0.1"),
            "PORT": env_str("CAMKET_DB_PORT", "5432"),
            "TEST": {"NAME": env_str("CAMKET_DB_TEST_NAME", "test_camket")},
            # No just-in-time compilation: CamKet's queries take milliseconds, and compiling one
            # whose estimated cost passes jit_above_cost took 30 to 60 ms more than running it
            # (the public search at national scale, decision 0018).
            "OPTIONS": {"options": "-c jit=off"},
        }
    path = Path(env_str("CAMKET_DB_PATH", str(VAR_DIR / "camket.sqlite3")))
    path.parent.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out user is refused before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes): after CAMKET_LOGIN_FAILURE_LIMIT failed logins for one user name
# from one address, that pair is locked out for CAMKET_LOGIN_COOLOFF_MINUTES.
AXES_ENABLED = env_bool("CAMKET_LOGIN_THROTTLING", True)
AXES_FAILURE_LIMIT = env_int("CAMKET_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("CAMKET_LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# The address counted: behind the TLS proxy (CAMKET_PROXY_SSL_HEADER set), the one the proxy
# appended to X-Forwarded-For; else the peer's.
AXES_CLIENT_IP_CALLABLE = "camket.security.client_ip"

# Second factor (django-otp, TOTP): anyone may enrol at /accounts/two-factor/; a user with a
# confirmed device is asked for a code after the password. With CAMKET_OTP_REQUIRED on, national
# coordinators and administrators must enrol before they can open any other page.
CAMKET_OTP_REQUIRED = env_bool("CAMKET_OTP_REQUIRED", False)
OTP_TOTP_ISSUER = "CamKet"

# Content Security Policy (django-csp 4): scripts and styles only from our own static files, no
# inline scripts, event-handler attributes or inline style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
FORMAT_MODULE_PATH = ["camket.formats"]
FORM_RENDERER = "camket.formrender.Renderer"  # required fields also marked aria-required
USE_TZ = True
LANGUAGE_COOKIE_NAME = "camket_language"

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "camket" / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG

# Background jobs (daily reminders): django-tasks with its database backend; run
# `camket db_worker` beside the web server, and `camket remind --enqueue` once to start the chain.
TASKS = {
    "default": {
        "BACKEND": env_str("CAMKET_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

EMAIL_BACKEND = env_str("CAMKET_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("CAMKET_FROM_EMAIL", "camket@localhost")

# Open data and subscriptions (camket.portal.opendata, decision 0018): the site's public address
# for links in e-mails, requests per minute per client address on the API and bulk files, and
# subscribe requests per hour per address.
CAMKET_PUBLIC_URL = env_str("CAMKET_PUBLIC_URL", "http://127.0.0.1:8000")
CAMKET_API_RATE_LIMIT = env_int("CAMKET_API_RATE_LIMIT", 600)
CAMKET_SUBSCRIBE_RATE_LIMIT = env_int("CAMKET_SUBSCRIBE_RATE_LIMIT", 10)
CAMKET_OPENDATA_DIR = Path(env_str("CAMKET_OPENDATA_DIR", str(VAR_DIR / "opendata")))

# Caches (decision 0018). "shared": one store for every server process and machine, in the
# database (table camket_cache, made by the opendata migration 0002): the per-address request
# counts. "public": each process's own copy of the public records it has built, keyed by the
# version of the public data (opendata.PublicVersion), so a write reaches every process at once.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "camket_cache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
    "public": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "camket-public-records",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": env_int("CAMKET_PUBLIC_CACHE_ENTRIES", 40_000)},
    },
}

# Uploads: documents of a commitment (treaty texts, scans) up to this many bytes.
CAMKET_MAX_UPLOAD_BYTES = env_int("CAMKET_MAX_UPLOAD_BYTES", 50 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("CAMKET_LOG_LEVEL", "WARNING")},
}
