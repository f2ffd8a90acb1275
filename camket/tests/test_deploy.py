"""Production settings pass `manage.py check --deploy`; a weak secret key never serves."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "CAMKET_DEBUG": "false",
    "CAMKET_ALLOWED_HOSTS": "camket.mofa.gov.vn",
    "CAMKET_CSRF_TRUSTED_ORIGINS": "https://camket.mofa.gov.vn",
    "CAMKET_SECURE_COOKIES": "true",
    "CAMKET_SSL_REDIRECT": "true",
    "CAMKET_HSTS_SECONDS": "31536000",
    "CAMKET_HSTS_INCLUDE_SUBDOMAINS": "true",
    "CAMKET_HSTS_PRELOAD": "true",
    "CAMKET_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
}


def run(code_or_args: list[str], tmp_path, **env) -> subprocess.CompletedProcess:
    # Nothing of this process's settings leaks in (browser tests set DJANGO_ALLOW_ASYNC_UNSAFE,
    # which `check --deploy` reports).
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CAMKET_", "DJANGO_"))}
    clean.update(DJANGO_SETTINGS_MODULE="camket.settings", CAMKET_VAR_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, *code_or_args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_reports_nothing_with_production_settings(tmp_path):
    key = secrets.token_urlsafe(50)
    done = run(["manage.py", "check", "--deploy"], tmp_path, CAMKET_SECRET_KEY=key, **PRODUCTION)
    assert done.returncode == 0, done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout
    assert "WARNING" not in done.stderr + done.stdout


def test_check_deploy_flags_the_development_defaults(tmp_path):
    done = run(["manage.py", "check", "--deploy"], tmp_path)
    report = done.stdout + done.stderr
    assert done.returncode != 0  # camket.E001 is an error, not a warning
    for check_id in ("camket.E001", "security.W004", "security.W008", "security.W012"):
        assert check_id in report
    assert "CAMKET_SECRET_KEY" in report


@pytest.mark.parametrize(
    "key",
    [None, "insecure-development-key-change-me", "change-me", "short-key", "ab" * 40],
    ids=["unset", "development", "placeholder", "short", "few-characters"],
)
def test_server_refuses_to_start_with_a_weak_key_when_debug_is_off(tmp_path, key):
    env = {"CAMKET_SECRET_KEY": key} if key else {}
    done = run(["-c", "import camket.wsgi"], tmp_path, **env)
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr
    assert "CAMKET_SECRET_KEY" in done.stderr


def test_server_starts_with_a_strong_key_or_in_debug(tmp_path):
    strong = run(
        ["-c", "import camket.wsgi"], tmp_path, CAMKET_SECRET_KEY=secrets.token_urlsafe(50)
    )
    assert strong.returncode == 0, strong.stderr
    debug = run(["-c", "import camket.wsgi"], tmp_path, CAMKET_DEBUG="true")
    assert debug.returncode == 0, debug.stderr


def test_secret_key_is_read_from_a_file(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text(secrets.token_urlsafe(50) + "\n")
    done = run(["-c", "import camket.wsgi"], tmp_path, CAMKET_SECRET_KEY_FILE=str(key_file))
    assert done.returncode == 0, done.stderr
