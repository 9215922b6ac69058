"""The 404, 403, 500 and CSRF-failure pages: Chinese, inside the site frame (header
navigation, footer), with a way on (home, site map, search), and the right status; JSON
under /api/. Tests run with DEBUG off, as production does."""

import json

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client, override_settings

from conftest import make_staff

pytestmark = pytest.mark.django_db


def in_frame(html: str) -> bool:
    return all(mark in html for mark in (
        '<html lang="zh-CN"', 'class="site-header"', 'aria-label="主导航"', "主办单位：",
        'href="/sitemap/"', 'href="/accessibility/"'))


def test_debug_is_off_in_these_tests():
    assert settings.DEBUG is False


def test_an_unknown_address_gets_the_chinese_404_page_in_the_frame(client):
    response = client.get("/no-such-page/")
    text = response.content.decode()
    assert response.status_code == 404 and in_frame(text)
    assert "<h1>页面不存在</h1>" in text and "请检查网址是否正确" in text
    assert 'href="/"' in text and 'action="/search/"' in text and 'name="q"' in text
    assert "no-such-page" not in text.split("<main", 1)[1].split("</main>")[0]
    assert "admin/" not in text  # never the list of routes the resolver tried


def test_a_view_404_shows_its_own_message(client, agency):
    response = client.get("/lottery/999999/")
    assert response.status_code == 404
    assert "摇号不存在" in response.content.decode() and in_frame(response.content.decode())


def test_api_404_is_json(client):
    response = client.get("/api/no-such-endpoint/")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert json.loads(response.content)["code"] == "not_found"


def test_permission_denied_gets_the_403_page_with_its_reason(client, agency):
    User.objects.create_user("citizen", password="pw-citizen-123456")  # signed in, not staff
    client.login(username="citizen", password="pw-citizen-123456")
    response = client.get("/workspace/")
    text = response.content.decode()
    assert response.status_code == 403 and "<h1>无权访问</h1>" in text
    assert "仅限工作人员访问" in text and 'class="site-header"' in text


def test_a_view_that_raises_gets_the_500_page_in_the_frame(client):
    client.raise_request_exception = False
    with override_settings(ROOT_URLCONF="fazhi.core.tests.raising_urls"):
        response = client.get("/boom/")
    text = response.content.decode()
    assert response.status_code == 500 and in_frame(text)
    assert "<h1>服务器内部错误</h1>" in text and "a bug in a view" not in text


def test_the_500_page_answers_in_chinese_even_when_the_frame_fails(client, monkeypatch):
    from fazhi.core import frame

    def broken(*args, **kwargs):
        raise RuntimeError("database unavailable")

    monkeypatch.setattr(frame, "render", broken)
    client.raise_request_exception = False
    with override_settings(ROOT_URLCONF="fazhi.core.tests.raising_urls"):
        response = client.get("/boom/")
    assert response.status_code == 500
    assert "服务器内部错误" in response.content.decode()
    assert response["Content-Type"] == "text/html; charset=utf-8"


def test_a_stale_form_gets_the_csrf_page_in_the_frame(db):
    response = Client(enforce_csrf_checks=True).post("/track/", {"code": "X"})
    text = response.content.decode()
    assert response.status_code == 403 and in_frame(text)
    assert "页面已过期或安全校验未通过" in text


def test_a_domain_refusal_is_shown_in_the_frame(client, db):
    with override_settings(ROOT_URLCONF="fazhi.core.tests.raising_urls"):
        response = client.get("/refuse/")
    text = response.content.decode()
    assert response.status_code == 409 and in_frame(text)
    assert "<h1>请求未被接受</h1>" in text and "该申请已办结，不能再补正" in text


def test_signed_in_staff_see_their_modules_on_an_error_page(client, agency):
    make_staff(agency, "clerk", ["handler"])
    client.login(username="clerk", password="pw-clerk-123456")
    text = client.get("/no-such-page/").content.decode()
    assert 'href="/workspace/"' in text and 'aria-label="业务模块"' in text
    assert 'aria-label="主导航"' not in text
