"""Home, ledger checkpoints, navigation and CSRF."""

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from fazhi.core.ledger import record_checkpoint
from fazhi.disclosure.tests import factories
from fazhi.portal.tests.conftest import application_post

pytestmark = pytest.mark.django_db


@override_settings(FAZHI_CITY_NAME="泉州市")
def test_home_names_the_city_and_links_every_part(client):
    text = client.get("/").content.decode()
    assert '<span lang="zh-Hans">法治</span> Fazhi · 泉州市' in text
    for href in ("/disclosure/apply/", "/track/", "/disclosure/replies/", "/ledger/",
                 "/accounts/login/"):
        assert f'href="{href}"' in text


def test_home_links_every_public_section_and_page_the_apps_declare(client):
    """Issue 12 part 2: the home page links every section (from the registrations)."""
    from fazhi.core import modules

    text = client.get("/").content.decode()
    hrefs = {s["href"] for s in modules.site_map()} | {
        p["href"] for s in modules.site_map() for p in s["pages"]}
    assert {"/inspections/results/", "/lottery/verifier/", "/normative/consultations/",
            "/reporting/public/", "/disclosure/guide/", "/contacts/"} <= hrefs
    for href in hrefs - {"/"}:
        assert f'href="{href}"' in text, href


def test_ledger_lists_checkpoints_and_explains_verification(client, agency):
    assert "尚未记录检查点" in client.get("/ledger/").content.decode()
    factories.received(agency, on=timezone.localdate())
    checkpoint = record_checkpoint()
    text = client.get("/ledger/").content.decode()
    assert checkpoint.root in text and "fazhi verify-ledger" in text
    assert client.get("/ledger/", {"page": "zz"}).status_code == 200


def test_csrf_is_enforced_on_every_post(agency):
    client = Client(enforce_csrf_checks=True)
    case = factories.received(agency, on=timezone.localdate())
    assert client.post("/disclosure/apply/", application_post(agency)).status_code == 403
    assert client.post("/track/", {"code": case.receipt_code}).status_code == 403
    for url in ("/track/correction/", "/track/withdraw/", "/track/exit/"):
        assert client.post(url, {}).status_code == 403
    assert case.events.count() == 1


def test_forms_carry_the_csrf_token(agency):
    client = Client(enforce_csrf_checks=True)
    page = client.get("/disclosure/apply/")
    token = page.cookies["csrftoken"].value
    post = application_post(agency) | {"csrfmiddlewaretoken": token}
    assert client.post("/disclosure/apply/", post).status_code == 302
