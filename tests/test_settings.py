"""The settings module reads every deploy-specific value from the environment."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_settings(**overrides: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DEBUG"}}
    env.update(overrides)
    return subprocess.run(
        [sys.executable, "-c", "import qportal.settings as s; print(s.DEBUG, s.EMAIL_BACKEND)"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_missing_secret_key_with_debug_off_fails_loudly_naming_the_variable():
    result = load_settings(DEBUG="0")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is required" in result.stderr


def test_debug_is_off_unless_asked_for():
    result = load_settings(SECRET_KEY="x" * 50)

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("False")


def test_debug_without_an_email_host_shows_each_email_on_the_terminal():
    result = load_settings(DEBUG="1", EMAIL_HOST="")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "qportal.dev_email.LoggingEmailBackend"]


def test_an_email_host_means_smtp():
    result = load_settings(DEBUG="1", EMAIL_HOST="smtp.example.org")

    assert result.stdout.split()[1] == "django.core.mail.backends.smtp.EmailBackend"


def test_a_nonsense_boolean_is_refused_with_its_name():
    result = load_settings(DEBUG="maybe")

    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


def test_a_negative_trusted_proxy_count_is_refused_with_its_name():
    result = load_settings(DEBUG="1", TRUSTED_PROXY_COUNT="-1")

    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT must be 0 or more" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        SECRET_KEY="a-long-random-production-like-secret-key-0123456789-abcdefghijkl",
        SITE_URL="https://portal.example.org",
        ALLOWED_HOSTS="portal.example.org",
        EMAIL_HOST="smtp.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
