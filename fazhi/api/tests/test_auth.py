"""Staff API authentication: bearer tokens (hash only stored), session with CSRF."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from fazhi.api.models import ApiToken, hash_token
from fazhi.api.tests.conftest import bearer, token_for

pytestmark = pytest.mark.django_db


def test_missing_credentials_are_401_with_a_json_error(client):
    response = client.get("/api/v1/cases")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_valid_token_authenticates_and_records_its_use(client, handler):
    token = token_for(handler)
    response = client.get("/api/v1/cases", **bearer(token))
    assert response.status_code == 200
    stored = ApiToken.objects.get()
    assert stored.last_used_at is not None
    assert stored.token_hash == hash_token(token) and token not in stored.token_hash


def test_a_revoked_or_unknown_token_is_401(client, handler):
    token = token_for(handler)
    ApiToken.objects.get().revoke()
    assert client.get("/api/v1/cases", **bearer(token)).status_code == 401
    assert client.get("/api/v1/cases", **bearer("fz_not-a-token")).status_code == 401


def test_a_token_of_a_user_who_is_not_staff_is_403(client):
    user = User.objects.create_user("citizen", password="pw-citizen-123456")
    _, token = ApiToken.issue(user, "x")
    response = client.get("/api/v1/cases", **bearer(token))
    assert response.status_code == 403
    assert "工作人员" in response.json()["message"]


def test_session_auth_reads_and_needs_csrf_to_write(handler, cases):
    browser = Client(enforce_csrf_checks=True)
    browser.login(username="handler", password="pw-handler-123456")
    assert browser.get("/api/v1/cases").status_code == 200
    url = f"/api/v1/cases/{cases['received'].pk}/actions/withdraw"
    refused = browser.post(url, {}, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["code"] == "csrf_failed"
    secret = "k" * 32  # Django accepts the unmasked cookie secret in the header
    browser.cookies["csrftoken"] = secret
    accepted = browser.post(url, {}, content_type="application/json",
                            headers={"X-CSRFToken": secret})
    assert accepted.status_code == 200 and accepted.json()["state"] == "withdrawn"


def test_bearer_writes_need_no_csrf(handler, cases):
    client = Client(enforce_csrf_checks=True)
    url = f"/api/v1/cases/{cases['received'].pk}/actions/withdraw"
    response = client.post(url, {}, content_type="application/json", **bearer(token_for(handler)))
    assert response.status_code == 200


def test_the_create_command_prints_the_token_once_and_stores_its_hash(handler):
    out, err = StringIO(), StringIO()
    call_command("api_token", "create", "handler", "--name", "报表脚本", stdout=out, stderr=err)
    token = out.getvalue().strip()
    stored = ApiToken.objects.get()
    assert stored.name == "报表脚本" and stored.token_hash == hash_token(token)
    assert "只显示这一次" in err.getvalue()
    assert Client().get("/api/v1/limits", **bearer(token)).status_code == 200


def test_the_create_command_refuses_a_user_who_is_not_staff(db):
    from django.core.management.base import CommandError

    User.objects.create_user("citizen")
    with pytest.raises(CommandError, match="不是在职的工作人员"):
        call_command("api_token", "create", "citizen", "--name", "x")
