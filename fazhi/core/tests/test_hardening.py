"""Hardening (issue 10 item 19): Content-Security-Policy and Permissions-Policy on every
response, no Server header from gunicorn, a request-body cap enforced before the body is
read, the staff OpenAPI not public in production, a shorter staff session with an idle
timeout, and `fazhi demo` refusing production databases.

Rule: 《网络安全等级保护基本要求》(GB/T 22239-2019) 8.1.4.1 b): limit login sessions and log
out automatically after a connection timeout; 8.1.4.4 (入侵防范): disable unneeded services
and expose no more than needed.
"""

import io
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from fazhi.cases.models import Case
from fazhi.portal.tests.conftest import application_post

ROOT = Path(__file__).resolve().parents[3]
TEMPLATES = [p for p in (ROOT / "fazhi").rglob("templates/**/*.html")]


# -- headers ----------------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/disclosure/apply/", "/accounts/login/",
                                 "/api/public/v1/agencies"])
def test_every_response_carries_csp_and_permissions_policy(client, url):
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "object-src 'none'",
                      "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'"):
        assert directive in csp
    assert "unsafe-inline" not in re.search(r"script-src[^;]*", csp).group(0)
    policy = response["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_has_inline_script(template):
    """CSP script-src 'self' blocks inline scripts, event-handler attributes and javascript:
    links; a JSON data block (json_script) is not executed and is allowed."""
    html = template.read_text(encoding="utf-8")
    inline = [tag for tag in re.findall(r"<script\b[^>]*>", html)
              if "src=" not in tag and "application/json" not in tag]
    assert inline == []
    assert not re.search(r"\son[a-z]+\s*=", html)
    assert "javascript:" not in html
    assert "<style" not in html  # style-src-elem 'self': stylesheets come from /static/


def test_gunicorn_sends_no_server_header(tmp_path):
    """The Server header names the software to every scanner; `fazhi serve` runs gunicorn
    with fazhi.gunicorn_conf, which drops it."""
    from fazhi.core.management.commands.serve import gunicorn_argv

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    argv = gunicorn_argv("gunicorn", f"127.0.0.1:{port}", 1)
    assert "python:fazhi.gunicorn_conf" in argv
    env = {"PATH": str(Path(sys.executable).parent), "FAZHI_VAR_DIR": str(tmp_path),
           "DJANGO_SETTINGS_MODULE": "fazhi.settings"}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", *argv[1:]], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        headers = None
        for _ in range(100):  # at most ~20 s for the worker to boot
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/fazhi/site.css",
                                            timeout=2) as response:
                    headers = response.headers
                break
            except OSError:
                time.sleep(0.2)
        assert headers is not None, "gunicorn did not answer"
        assert "Server" not in headers
        assert headers["Content-Type"].startswith("text/css")
    finally:
        server.terminate()
        server.wait(timeout=20)


# -- request body cap ----------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_body_over_the_cap_is_refused_before_it_is_read(client, agency, settings):
    settings.FAZHI_REQUEST_MAX_BYTES = 50_000
    post = application_post(agency)
    response = client.post("/disclosure/apply/", post | {"description": "长" * 30_000})
    assert response.status_code == 413
    assert "请求内容过大" in response.content.decode()
    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_a_streamed_body_without_length_is_refused(client):
    response = client.generic("POST", "/track/", b"code=ABCD", HTTP_TRANSFER_ENCODING="chunked",
                              CONTENT_TYPE="application/x-www-form-urlencoded")
    assert response.status_code == 411


@pytest.mark.django_db
def test_signed_in_staff_have_a_larger_cap_for_imports(client, settings, handler):
    settings.FAZHI_REQUEST_MAX_BYTES = 1_000
    settings.FAZHI_STAFF_REQUEST_MAX_BYTES = 100_000
    assert client.post("/track/", {"code": "A" * 2_000}).status_code == 413
    client.force_login(User.objects.get(username="handler"))
    assert client.post("/track/", {"code": "A" * 2_000}).status_code == 404
    assert client.post("/track/", {"code": "A" * 200_000}).status_code == 413


@pytest.mark.django_db
def test_the_api_answers_an_oversized_body_in_json(client, settings):
    settings.FAZHI_REQUEST_MAX_BYTES = 100
    response = client.post("/api/public/v1/track", {"receipt_code": "A" * 500},
                           content_type="application/json")
    assert response.status_code == 413 and response.json()["code"] == "too_large"


# -- staff OpenAPI -------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_staff_openapi_needs_a_staff_login_in_production(client, settings, handler):
    settings.PRODUCTION = True
    assert client.get("/api/v1/openapi.json").status_code == 401
    assert client.get("/api/public/v1/openapi.json").status_code == 200  # public by design
    client.force_login(User.objects.get(username="handler"))
    assert client.get("/api/v1/openapi.json").status_code == 200
    settings.PRODUCTION = False
    assert Client().get("/api/v1/openapi.json").status_code == 200


# -- staff sessions ------------------------------------------------------------------------------

def _signed_in(handler) -> Client:
    client = Client()
    client.post("/accounts/login/", {"username": "handler", "password": "pw-handler-123456"})
    assert client.get("/workspace/").status_code == 200
    return client


def _age(client: Client, key: str, seconds: float) -> None:
    session = client.session
    session[key] = session[key] - seconds
    session.save()


@pytest.mark.django_db
def test_an_idle_staff_session_ends(handler, settings):
    settings.FAZHI_SESSION_IDLE_SECONDS = 1800
    client = _signed_in(handler)
    _age(client, "fazhi.seen_at", 1700)
    assert client.get("/workspace/").status_code == 200  # still within 30 minutes
    _age(client, "fazhi.seen_at", 1900)
    response = client.get("/workspace/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "长时间未操作" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_a_staff_session_ends_after_its_maximum_even_when_busy(handler, settings):
    settings.FAZHI_SESSION_MAX_SECONDS = 8 * 3600
    client = _signed_in(handler)
    _age(client, "fazhi.signed_in_at", 8 * 3600 + 1)
    response = client.get("/workspace/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600


# -- the demo command -------------------------------------------------------------------------------

@pytest.mark.django_db
def test_demo_refuses_a_production_database(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="生产环境"):
        call_command("demo", cases=1, stdout=io.StringIO())
    assert not User.objects.exists()


@pytest.mark.django_db
def test_demo_reset_refuses_a_database_with_real_data(city):
    from fazhi.org.models import Agency

    real = Agency.objects.create(code="TAX350200", name="国家税务总局厦门市税务局", region=city)
    with pytest.raises(CommandError, match="不是演示数据"):
        call_command("demo", cases=1, reset=True, stdout=io.StringIO())
    assert Agency.objects.filter(pk=real.pk).exists()
