"""Sign-in is throttled per account and per address, with a lockout the person sees and an
administrator lifts; every failure is logged for the audit trail (issue 10 item 13).

Rule: 《网络安全等级保护基本要求》(GB/T 22239-2019) 8.1.4.1 b) requires login-failure handling —
ending the session, limiting unsuccessful attempts and logging out automatically.
"""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db

WRONG = "not-the-password"


def _password(username: str) -> str:
    return f"pw-{username}-123456"


def _post(client: Client, username: str, password: str, *, url: str = "/accounts/login/",
          ip: str = "192.0.2.10"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_an_account_is_locked_after_repeated_failures_and_the_page_says_until_when(
        client, handler, settings):
    settings.FAZHI_LOGIN_FAILURES_PER_ACCOUNT = 5
    for n in range(4):
        assert _post(client, "handler", WRONG, ip=f"192.0.2.{n}").status_code == 200
    locked = _post(client, "handler", WRONG, ip="192.0.2.99")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "登录失败次数过多" in page and "后再试" in page and "系统管理员" in page
    # even the right password, from yet another address, is refused while locked
    refused = _post(client, "handler", _password("handler"), ip="198.51.100.1")
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


def test_an_address_is_locked_after_failures_across_many_accounts(client, db, settings):
    settings.FAZHI_LOGIN_FAILURES_PER_ADDRESS = 6
    for n in range(5):
        assert _post(client, f"guess{n}", WRONG).status_code == 200
    assert _post(client, "guess5", WRONG).status_code == 429
    User.objects.create_user("real", password=_password("real"))
    assert _post(client, "real", _password("real")).status_code == 429  # same address
    assert _post(client, "real", _password("real"), ip="198.51.100.2").status_code == 302


def test_the_admin_login_is_throttled_too(client, db):
    User.objects.create_superuser("root", password=_password("root"))
    for _ in range(4):
        assert _post(client, "root", WRONG, url="/admin/login/").status_code == 200
    assert _post(client, "root", WRONG, url="/admin/login/").status_code == 429


def test_an_administrator_lifts_a_lockout(client, handler):
    for _ in range(5):
        _post(client, "handler", WRONG)
    assert _post(client, "handler", _password("handler")).status_code == 429
    call_command("axes_reset_username", "handler", verbosity=0)
    assert _post(client, "handler", _password("handler")).status_code == 302


def test_an_administrator_lifts_a_lockout_in_the_admin(client, handler):
    from axes.models import AccessAttempt

    for _ in range(5):
        _post(client, "handler", WRONG)
    User.objects.create_superuser("root", password=_password("root"))
    admin = Client()
    admin.force_login(User.objects.get(username="root"))
    attempt = AccessAttempt.objects.get(username="handler")
    page = admin.get("/admin/axes/accessattempt/")
    assert page.status_code == 200 and "handler" in page.content.decode()
    deleted = admin.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    assert _post(client, "handler", _password("handler")).status_code == 302


def test_failures_are_logged_without_the_password(client, handler):
    from axes.models import AccessAttempt, AccessFailureLog

    _post(client, "handler", "secret-guess-1")
    _post(client, "handler", "secret-guess-2", ip="192.0.2.77")
    logged = AccessFailureLog.objects.filter(username="handler")
    assert sorted(logged.values_list("ip_address", flat=True)) == ["192.0.2.10", "192.0.2.77"]
    stored = " ".join(a.post_data for a in AccessAttempt.objects.all())
    assert "secret-guess" not in stored


def test_successful_sign_ins_never_lock(client, handler):
    """Tests and people sign in many times; only failures count."""
    for _ in range(12):
        assert _post(client, "handler", _password("handler")).status_code == 302
        client.post("/accounts/logout/")
    assert Client().login(username="handler", password=_password("handler"))
