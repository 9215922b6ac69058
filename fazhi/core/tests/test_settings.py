"""Production settings pass Django's deployment checks; a missing secret is refused."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # A clean environment: no FAZHI_* values and no test-only Django switches (the browser
    # tests allow async-unsafe ORM calls in their own process only).
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith("FAZHI_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True,
                          text=True, env=clean | env, timeout=120)


def test_production_settings_pass_check_deploy():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING",
                        FAZHI_ENV="production", FAZHI_SECRET_KEY=secrets.token_urlsafe(50),
                        FAZHI_LOTTERY_PERSON_KEY_SECRET=secrets.token_urlsafe(50),
                        FAZHI_ALLOWED_HOSTS="fazhi.example.gov.cn")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_a_secret_key_refuses_to_start():
    result = run_manage("check", FAZHI_ENV="production")
    assert result.returncode != 0
    assert "FAZHI_SECRET_KEY" in result.stderr


def test_client_ip_trusts_the_proxy_header_only_when_configured(rf, settings):
    from fazhi.core.web import client_ip

    request = rf.get("/", HTTP_X_REAL_IP="203.0.113.9", REMOTE_ADDR="10.0.0.1")
    settings.FAZHI_TRUSTED_PROXY_HEADER = ""
    assert client_ip(request) == "10.0.0.1"
    settings.FAZHI_TRUSTED_PROXY_HEADER = "HTTP_X_REAL_IP"
    assert client_ip(request) == "203.0.113.9"
